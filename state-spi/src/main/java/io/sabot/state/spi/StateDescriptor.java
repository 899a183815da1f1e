package io.sabot.state.spi;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declares one keyed state of an operator: its name, its {@link StateType}, and the Arrow columns of its keys, of its
 * map keys (map state only) and of its values. Pure metadata: it holds no function, so the same record describes the
 * state in the API, in a backend and in a snapshot manifest ({@link
 * io.sabot.state.spi.snapshot.OperatorStateManifest#states()}).
 *
 * <p>Create descriptors with the factory methods, typically as constants of the operator:
 *
 * <pre>{@code
 * static final Schema KEY = new Schema(List.of(Field.nullable("user_id", new ArrowType.Int(64, true))));
 * static final StateDescriptor COUNTS = StateDescriptor.value("counts", KEY,
 *         new Schema(List.of(Field.notNullable("count", new ArrowType.Int(64, true)))));
 * }</pre>
 *
 * <h2>Rules, checked on construction</h2>
 * <ul>
 *   <li>The name is 1 to 128 characters from {@code [A-Za-z0-9_-]}, not starting with {@code -}: it names a directory
 *       in snapshots, and is unique among the operator's states.
 *   <li>The key schema and the value schema have at least one field; the user-key schema is present (with at least
 *       one field) exactly for {@link StateType#MAP}, and null otherwise.
 *   <li>Field names are unique across key, user-key and value fields, and none is {@value
 *       io.sabot.state.spi.snapshot.SnapshotFormat#KEY_GROUP_COLUMN}: they become the column names of the snapshot
 *       file, which starts with the {@code key_group} column.
 *   <li>Key and user-key fields are flat (no struct, list, map or union; no null type), since keys are compared and
 *       encoded by value. No field is dictionary-encoded.
 * </ul>
 *
 * <p>Immutable and thread-safe. Two descriptors are equal when all five components are equal (Arrow's {@link
 * Schema#equals}, which includes field metadata). Whether restored state fits a new descriptor is decided by {@link
 * #checkRestorableAs(StateDescriptor)}, which ignores metadata.
 *
 * @param name the state's name within its operator
 * @param type the kind of state
 * @param keySchema the key columns, in order
 * @param userKeySchema the map-key columns for {@link StateType#MAP}; null for every other type
 * @param valueSchema the value columns: the value, list element, map value, reduced value or accumulator
 */
public record StateDescriptor(String name, StateType type, Schema keySchema, Schema userKeySchema, Schema valueSchema) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

    /**
     * Checks the rules above.
     *
     * @throws NullPointerException if a required component is null
     * @throws IllegalArgumentException naming the broken rule and the offending name or field
     */
    public StateDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keySchema, "keySchema");
        Objects.requireNonNull(valueSchema, "valueSchema");
        checkName("state", name);
        if (type == StateType.MAP && userKeySchema == null) {
            throw new IllegalArgumentException("map state '" + name + "' needs a user-key schema");
        }
        if (type != StateType.MAP && userKeySchema != null) {
            throw new IllegalArgumentException(type + " state '" + name + "' cannot have a user-key schema");
        }
        Set<String> names = new HashSet<>();
        names.add(io.sabot.state.spi.snapshot.SnapshotFormat.KEY_GROUP_COLUMN);
        checkFields(name, "key", keySchema, true, names);
        if (userKeySchema != null) {
            checkFields(name, "user-key", userKeySchema, true, names);
        }
        checkFields(name, "value", valueSchema, false, names);
    }

    /** A {@link StateType#VALUE} state: one {@code value} row per key. */
    public static StateDescriptor value(String name, Schema keySchema, Schema valueSchema) {
        return new StateDescriptor(name, StateType.VALUE, keySchema, null, valueSchema);
    }

    /** A {@link StateType#LIST} state: a list of {@code element} rows per key. */
    public static StateDescriptor list(String name, Schema keySchema, Schema elementSchema) {
        return new StateDescriptor(name, StateType.LIST, keySchema, null, elementSchema);
    }

    /** A {@link StateType#MAP} state: per key, a map from {@code userKey} rows to {@code value} rows. */
    public static StateDescriptor map(String name, Schema keySchema, Schema userKeySchema, Schema valueSchema) {
        return new StateDescriptor(name, StateType.MAP, keySchema, userKeySchema, valueSchema);
    }

    /** A {@link StateType#REDUCING} state: one reduced {@code value} row per key; inputs have the same columns. */
    public static StateDescriptor reducing(String name, Schema keySchema, Schema valueSchema) {
        return new StateDescriptor(name, StateType.REDUCING, keySchema, null, valueSchema);
    }

    /**
     * A {@link StateType#AGGREGATING} state: one accumulator row per key. The input and result columns are the
     * function's business and are not part of the descriptor, since only accumulators are stored.
     */
    public static StateDescriptor aggregating(String name, Schema keySchema, Schema accumulatorSchema) {
        return new StateDescriptor(name, StateType.AGGREGATING, keySchema, null, accumulatorSchema);
    }

    /**
     * Checks that state stored under descriptor {@code stored} (read from a snapshot manifest) can be restored as this
     * descriptor: same name, same type, and the same fields in the same order (name, Arrow type, nullability and
     * children), field metadata ignored. Format 1 has no schema evolution: any other difference is incompatible.
     *
     * @throws IncompatibleStateException naming the state and the first difference
     */
    public void checkRestorableAs(StateDescriptor stored) {
        Objects.requireNonNull(stored, "stored");
        if (!name.equals(stored.name) || type != stored.type) {
            throw new IncompatibleStateException("state '" + stored.name + "' was stored as " + stored.type + " state '"
                    + stored.name + "' and cannot be restored as " + type + " state '" + name + "'");
        }
        compareSchemas("key", stored.keySchema, keySchema);
        if (userKeySchema != null) {
            compareSchemas("user-key", stored.userKeySchema, userKeySchema);
        }
        compareSchemas("value", stored.valueSchema, valueSchema);
    }

    private void compareSchemas(String role, Schema stored, Schema wanted) {
        if (!sameShape(stored.getFields(), wanted.getFields())) {
            throw new IncompatibleStateException("state '" + name + "': the stored " + role + " columns " + stored
                    + " differ from the declared " + role + " columns " + wanted
                    + " (format 1 has no schema evolution)");
        }
    }

    /** Whether two field lists have the same names, types, nullability and children, metadata ignored. */
    static boolean sameShape(List<Field> a, List<Field> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Field x = a.get(i);
            Field y = b.get(i);
            if (!x.getName().equals(y.getName())
                    || x.isNullable() != y.isNullable()
                    || !x.getType().equals(y.getType())
                    || !Objects.equals(x.getDictionary(), y.getDictionary())
                    || !sameShape(x.getChildren(), y.getChildren())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a state or timer name against the naming rule (1 to 128 characters from {@code [A-Za-z0-9_-]}, not
     * starting with {@code -}).
     *
     * @param what {@code "state"} or {@code "timer"}, for the message
     * @throws IllegalArgumentException otherwise
     */
    static void checkName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name '" + name
                    + "': use 1 to 128 characters from [A-Za-z0-9_-], not starting with '-'");
        }
    }

    /** Checks one schema's fields, adding their names to {@code names}, which holds the names already used. */
    static void checkFields(String owner, String role, Schema schema, boolean flat, Set<String> names) {
        if (schema.getFields().isEmpty()) {
            throw new IllegalArgumentException("'" + owner + "' needs at least one " + role + " column");
        }
        for (Field field : schema.getFields()) {
            if (!names.add(field.getName())) {
                throw new IllegalArgumentException("'" + owner + "': column name '" + field.getName()
                        + "' is reserved or used twice (key, user-key and value columns share one namespace)");
            }
            if (field.getDictionary() != null) {
                throw new IllegalArgumentException(
                        "'" + owner + "': " + role + " column '" + field.getName() + "' is dictionary-encoded");
            }
            if (flat && !isFlat(field)) {
                throw new IllegalArgumentException("'" + owner + "': " + role + " column '" + field.getName()
                        + "' has type " + field.getType() + "; key columns must be flat (no nested or null type)");
            }
        }
    }

    private static boolean isFlat(Field field) {
        ArrowTypeID id = field.getType().getTypeID();
        switch (id) {
            case Null:
            case Struct:
            case List:
            case LargeList:
            case FixedSizeList:
            case ListView:
            case LargeListView:
            case Union:
            case Map:
            case RunEndEncoded:
            case NONE:
                return false;
            default:
                return field.getChildren().isEmpty();
        }
    }
}
