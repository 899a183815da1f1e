package io.sabot.state.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

public class StateDescriptorTest {

    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final Schema KEY = schema(Field.nullable("user_id", INT64));
    static final Schema VALUE = schema(Field.notNullable("count", INT64));

    static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }

    @Test
    public void factoriesSetTypeAndUserKey() {
        assertEquals(
                StateType.VALUE, StateDescriptor.value("counts", KEY, VALUE).type());
        assertEquals(StateType.LIST, StateDescriptor.list("rows", KEY, VALUE).type());
        assertEquals(
                StateType.REDUCING, StateDescriptor.reducing("max", KEY, VALUE).type());
        assertEquals(
                StateType.AGGREGATING,
                StateDescriptor.aggregating("avg", KEY, VALUE).type());
        StateDescriptor map = StateDescriptor.map("by-id", KEY, schema(Field.notNullable("row_id", INT64)), VALUE);
        assertEquals(StateType.MAP, map.type());
        assertEquals("row_id", map.userKeySchema().getFields().get(0).getName());
    }

    @Test
    public void namesMustBePathSafe() {
        expectIllegal(() -> StateDescriptor.value("", KEY, VALUE), "invalid state name");
        expectIllegal(() -> StateDescriptor.value("a/b", KEY, VALUE), "invalid state name");
        expectIllegal(() -> StateDescriptor.value("..", KEY, VALUE), "invalid state name");
        expectIllegal(() -> StateDescriptor.value("-x", KEY, VALUE), "invalid state name");
        expectIllegal(() -> StateDescriptor.value("x".repeat(129), KEY, VALUE), "invalid state name");
        StateDescriptor.value("window_acc-2", KEY, VALUE);
    }

    @Test
    public void userKeyOnlyForMaps() {
        expectIllegal(() -> new StateDescriptor("m", StateType.MAP, KEY, null, VALUE), "needs a user-key schema");
        expectIllegal(() -> new StateDescriptor("v", StateType.VALUE, KEY, KEY, VALUE), "cannot have a user-key");
    }

    @Test
    public void columnNamesAreUniqueAndNotReserved() {
        expectIllegal(() -> StateDescriptor.value("s", KEY, schema(Field.nullable("user_id", INT64))), "used twice");
        expectIllegal(() -> StateDescriptor.value("s", schema(Field.nullable("key_group", INT64)), VALUE), "reserved");
        expectIllegal(() -> StateDescriptor.value("s", schema(), VALUE), "at least one key column");
        expectIllegal(() -> StateDescriptor.value("s", KEY, schema()), "at least one value column");
    }

    @Test
    public void keysMustBeFlatValuesMayNest() {
        Field struct =
                new Field("pair", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(Field.nullable("a", INT64)));
        expectIllegal(() -> StateDescriptor.value("s", schema(struct), VALUE), "must be flat");
        expectIllegal(
                () -> StateDescriptor.value("s", schema(Field.nullable("n", ArrowType.Null.INSTANCE)), VALUE),
                "must be flat");
        StateDescriptor.value("s", KEY, schema(struct));
    }

    @Test
    public void restoreCompatibilityIgnoresMetadataOnly() {
        StateDescriptor declared = StateDescriptor.value("counts", KEY, VALUE);
        Field withMetadata = new Field("count", new FieldType(false, INT64, null, Map.of("a", "b")), null);
        declared.checkRestorableAs(StateDescriptor.value("counts", KEY, schema(withMetadata)));

        expectIncompatible(declared, StateDescriptor.list("counts", KEY, VALUE));
        expectIncompatible(declared, StateDescriptor.value("counts", KEY, schema(Field.nullable("count", INT64))));
        expectIncompatible(declared, StateDescriptor.value("counts", KEY, schema(Field.notNullable("total", INT64))));
        expectIncompatible(
                declared,
                StateDescriptor.value("counts", KEY, schema(Field.notNullable("count", new ArrowType.Int(32, true)))));
    }

    @Test
    public void timerDescriptorsReserveTheirLeadingColumns() {
        TimerDescriptor timers = TimerDescriptor.eventTime("window-end", KEY);
        assertEquals(TimeDomain.EVENT_TIME, timers.domain());
        expectIllegal(() -> TimerDescriptor.eventTime("t", schema(Field.notNullable("timestamp", INT64))), "reserved");
        expectIllegal(() -> TimerDescriptor.processingTime("a b", KEY), "invalid timer name");
        try {
            timers.checkRestorableAs(TimerDescriptor.processingTime("window-end", KEY));
            fail("domain change must be incompatible");
        } catch (IncompatibleStateException expected) {
            assertTrue(expected.getMessage().contains("window-end"));
        }
    }

    private static void expectIncompatible(StateDescriptor declared, StateDescriptor stored) {
        try {
            declared.checkRestorableAs(stored);
            fail("expected IncompatibleStateException for " + stored);
        } catch (IncompatibleStateException expected) {
            assertTrue(expected.getMessage().contains("counts"));
            assertTrue(!expected.isRetriable());
        }
    }

    static void expectIllegal(Runnable call, String messagePart) {
        try {
            call.run();
            fail("expected IllegalArgumentException containing '" + messagePart + "'");
        } catch (IllegalArgumentException expected) {
            assertTrue(
                    expected.getMessage() + " should contain " + messagePart,
                    expected.getMessage().contains(messagePart));
        }
    }
}
