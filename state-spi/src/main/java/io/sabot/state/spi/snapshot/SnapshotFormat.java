package io.sabot.state.spi.snapshot;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Constants and pure functions of the canonical snapshot format described in {@link io.sabot.state.spi.snapshot}:
 * file names, column names, metadata keys and the schema of every data file. Writers and readers use these rather
 * than spelling names themselves, so that all backends and tools agree byte for byte.
 */
public final class SnapshotFormat {

    /** The current format version, written as {@code formatVersion} in every manifest and in every file's metadata. */
    public static final int FORMAT_VERSION = 1;

    /** The name of the operator manifest, in the operator's directory. */
    public static final String MANIFEST_FILE = "manifest.json";

    /** The directory, under the operator's, holding one directory of data files per state. */
    public static final String STATE_DIRECTORY = "state";

    /** The directory, under the operator's, holding one directory of data files per timer service. */
    public static final String TIMER_DIRECTORY = "timers";

    /**
     * The path prefix of native files shared between checkpoints: {@code shared/<name>} in a manifest names the file
     * {@code <name>} of the operator's shared directory, which the runtime keeps next to the checkpoints (for the
     * file system layout: {@code <job>/shared/<operator id>/<name>}) as long as a retained checkpoint refers to it.
     *
     * @since 1.1
     */
    public static final String SHARED_PREFIX = "shared/";

    /** The extension of every data file (Arrow IPC file format). */
    public static final String FILE_EXTENSION = ".arrow";

    /** The first column of every data file: the row's key group, int32, not null. */
    public static final String KEY_GROUP_COLUMN = "key_group";

    /** The second column of a timer file and of fired-timer batches: the timer's time, int64 epoch ms, not null. */
    public static final String TIMESTAMP_COLUMN = "timestamp";

    /** Schema metadata key: the format version, e.g. {@code "1"}. */
    public static final String FORMAT_VERSION_METADATA = "sabot.format.version";

    /** Schema metadata key: {@value #KIND_STATE} or {@value #KIND_TIMERS}. */
    public static final String KIND_METADATA = "sabot.kind";

    /** Schema metadata key: the state's or timer service's name. */
    public static final String NAME_METADATA = "sabot.name";

    /** Schema metadata key: the {@link io.sabot.state.spi.StateType} or {@link io.sabot.state.spi.TimeDomain} name. */
    public static final String TYPE_METADATA = "sabot.type";

    /** Value of {@link #KIND_METADATA} for a state's data file. */
    public static final String KIND_STATE = "state";

    /** Value of {@link #KIND_METADATA} for a timer service's data file. */
    public static final String KIND_TIMERS = "timers";

    /** Field metadata key: the column's role, one of the {@code ROLE_…} values. */
    public static final String ROLE_METADATA = "sabot.role";

    /** Role of the {@value #KEY_GROUP_COLUMN} column. */
    public static final String ROLE_KEY_GROUP = "key_group";

    /** Role of the {@value #TIMESTAMP_COLUMN} column of timer files. */
    public static final String ROLE_TIMESTAMP = "timestamp";

    /** Role of a key column. */
    public static final String ROLE_KEY = "key";

    /** Role of a user-key column of a map state. */
    public static final String ROLE_USER_KEY = "user_key";

    /** Role of a value, element or accumulator column. */
    public static final String ROLE_VALUE = "value";

    private SnapshotFormat() {}

    /**
     * The path of a state's data file for a key-group range, relative to the operator directory: {@code
     * state/<name>/kg-<first>-<last>.arrow}, with both bounds as five-digit, zero-padded decimals, e.g. {@code
     * state/counts/kg-00000-00063.arrow}.
     *
     * @throws IllegalArgumentException if the range is empty
     */
    public static String stateFilePath(String stateName, KeyGroupRange keyGroups) {
        return STATE_DIRECTORY + "/" + Objects.requireNonNull(stateName) + "/" + fileName(keyGroups);
    }

    /**
     * The path of a timer service's data file for a key-group range: {@code timers/<name>/kg-<first>-<last>.arrow}.
     *
     * @throws IllegalArgumentException if the range is empty
     */
    public static String timerFilePath(String timerName, KeyGroupRange keyGroups) {
        return TIMER_DIRECTORY + "/" + Objects.requireNonNull(timerName) + "/" + fileName(keyGroups);
    }

    private static String fileName(KeyGroupRange keyGroups) {
        if (keyGroups.isEmpty()) {
            throw new IllegalArgumentException("a data file covers a non-empty key-group range");
        }
        return String.format("kg-%05d-%05d%s", keyGroups.first(), keyGroups.last(), FILE_EXTENSION);
    }

    /**
     * The schema of a state's data file (and of the batches {@link io.sabot.state.spi.KeyedState#scan} produces):
     * {@value #KEY_GROUP_COLUMN} (int32, not null), then the descriptor's key, user-key (map state only) and value
     * fields, each with its {@value #ROLE_METADATA} metadata added to its own, and the schema metadata {@value
     * #FORMAT_VERSION_METADATA}, {@value #KIND_METADATA} = {@value #KIND_STATE}, {@value #NAME_METADATA} and {@value
     * #TYPE_METADATA}.
     */
    public static Schema stateFileSchema(StateDescriptor descriptor) {
        List<Field> fields = new ArrayList<>();
        fields.add(withRole(Field.notNullable(KEY_GROUP_COLUMN, new ArrowType.Int(32, true)), ROLE_KEY_GROUP));
        addAll(fields, descriptor.keySchema(), ROLE_KEY);
        if (descriptor.userKeySchema() != null) {
            addAll(fields, descriptor.userKeySchema(), ROLE_USER_KEY);
        }
        addAll(fields, descriptor.valueSchema(), ROLE_VALUE);
        return new Schema(
                fields,
                metadata(KIND_STATE, descriptor.name(), descriptor.type().name()));
    }

    /**
     * The schema of a timer service's data file and of the batches {@link
     * io.sabot.state.spi.TimerService#pollExpired} writes: {@value #KEY_GROUP_COLUMN} (int32, not null), {@value
     * #TIMESTAMP_COLUMN} (int64, not null, epoch milliseconds), then the descriptor's key fields, with roles and
     * schema metadata as for {@link #stateFileSchema}, {@value #KIND_METADATA} being {@value #KIND_TIMERS}.
     */
    public static Schema timerFileSchema(TimerDescriptor descriptor) {
        List<Field> fields = new ArrayList<>();
        fields.add(withRole(Field.notNullable(KEY_GROUP_COLUMN, new ArrowType.Int(32, true)), ROLE_KEY_GROUP));
        fields.add(withRole(Field.notNullable(TIMESTAMP_COLUMN, new ArrowType.Int(64, true)), ROLE_TIMESTAMP));
        addAll(fields, descriptor.keySchema(), ROLE_KEY);
        return new Schema(
                fields,
                metadata(KIND_TIMERS, descriptor.name(), descriptor.domain().name()));
    }

    /**
     * Checks a path from a manifest: relative, {@code /}-separated, without empty, {@code .} or {@code ..} segments
     * and without {@code \}, so that it can never point outside the operator directory.
     *
     * @return the path
     * @throws IllegalArgumentException naming the path otherwise
     */
    public static String checkRelativePath(String path) {
        Objects.requireNonNull(path, "path");
        boolean valid = !path.isEmpty() && path.indexOf('\\') < 0 && path.indexOf(':') < 0;
        if (valid) {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    valid = false;
                    break;
                }
            }
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + path + "' is not a relative path inside the operator directory");
        }
        return path;
    }

    private static void addAll(List<Field> fields, Schema schema, String role) {
        for (Field field : schema.getFields()) {
            fields.add(withRole(field, role));
        }
    }

    private static Field withRole(Field field, String role) {
        Map<String, String> metadata = new HashMap<>();
        if (field.getMetadata() != null) {
            metadata.putAll(field.getMetadata());
        }
        metadata.put(ROLE_METADATA, role);
        FieldType type = new FieldType(field.isNullable(), field.getType(), field.getDictionary(), metadata);
        return new Field(field.getName(), type, field.getChildren());
    }

    private static Map<String, String> metadata(String kind, String name, String type) {
        return Map.of(
                FORMAT_VERSION_METADATA,
                Integer.toString(FORMAT_VERSION),
                KIND_METADATA,
                kind,
                NAME_METADATA,
                name,
                TYPE_METADATA,
                type);
    }
}
