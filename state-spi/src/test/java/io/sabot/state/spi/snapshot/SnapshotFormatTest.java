package io.sabot.state.spi.snapshot;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

public class SnapshotFormatTest {

    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final Schema KEY = new Schema(List.of(Field.nullable("user_id", INT64)));
    static final Schema VALUE = new Schema(List.of(Field.notNullable("count", INT64)));

    @Test
    public void filePathsArePaddedAndStable() {
        assertEquals(
                "state/counts/kg-00000-00063.arrow", SnapshotFormat.stateFilePath("counts", KeyGroupRange.of(0, 63)));
        assertEquals(
                "timers/window-end/kg-00064-32767.arrow",
                SnapshotFormat.timerFilePath("window-end", KeyGroupRange.of(64, 32767)));
        try {
            SnapshotFormat.stateFilePath("counts", KeyGroupRange.EMPTY);
            fail("no file for an empty range");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    public void mapStateFileHasKeyGroupKeyUserKeyValueColumnsWithRoles() {
        Field rowId = new Field("row_id", new FieldType(false, INT64, null, Map.of("comment", "kept")), null);
        StateDescriptor map = StateDescriptor.map("by-id", KEY, new Schema(List.of(rowId)), VALUE);
        Schema schema = SnapshotFormat.stateFileSchema(map);

        List<Field> fields = schema.getFields();
        assertEquals(
                List.of("key_group", "user_id", "row_id", "count"),
                fields.stream().map(Field::getName).toList());
        assertEquals(new ArrowType.Int(32, true), fields.get(0).getType());
        assertFalse(fields.get(0).isNullable());
        assertEquals(
                List.of("key_group", "key", "user_key", "value"),
                fields.stream()
                        .map(f -> f.getMetadata().get(SnapshotFormat.ROLE_METADATA))
                        .toList());
        assertEquals("kept", fields.get(2).getMetadata().get("comment"));
        assertEquals(
                Map.of("sabot.format.version", "1", "sabot.kind", "state", "sabot.name", "by-id", "sabot.type", "MAP"),
                schema.getCustomMetadata());
    }

    @Test
    public void timerFileHasKeyGroupTimestampAndKeyColumns() {
        Schema schema = SnapshotFormat.timerFileSchema(TimerDescriptor.eventTime("window-end", KEY));
        assertEquals(
                List.of("key_group", "timestamp", "user_id"),
                schema.getFields().stream().map(Field::getName).toList());
        assertEquals(INT64, schema.getFields().get(1).getType());
        assertEquals("EVENT_TIME", schema.getCustomMetadata().get(SnapshotFormat.TYPE_METADATA));
        assertEquals("timers", schema.getCustomMetadata().get(SnapshotFormat.KIND_METADATA));
    }

    @Test
    public void manifestPathsCannotEscapeTheOperatorDirectory() {
        SnapshotFormat.checkRelativePath("state/counts/kg-00000-00063.arrow");
        for (String bad : new String[] {"", "/etc/passwd", "state/../../x", "./x", "a//b", "a\\b", "c:/x", "x/"}) {
            try {
                SnapshotFormat.checkRelativePath(bad);
                fail("accepted '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                // expected
            }
        }
    }
}
