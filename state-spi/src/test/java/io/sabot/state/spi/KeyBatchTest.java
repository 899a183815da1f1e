package io.sabot.state.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class KeyBatchTest {

    private BufferAllocator allocator;
    private BigIntVector ids;
    private VarCharVector names;

    @Before
    public void setUp() {
        allocator = new RootAllocator();
        ids = new BigIntVector("id", allocator);
        names = new VarCharVector("name", allocator);
        for (int i = 0; i < 3; i++) {
            ids.setSafe(i, i);
            names.setSafe(i, ("n" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ids.setValueCount(3);
        names.setValueCount(3);
    }

    @After
    public void tearDown() {
        ids.close();
        names.close();
        allocator.close();
    }

    @Test
    public void viewsTheCallersVectorsAndArray() {
        int[] keyGroups = {5, 6, 7, 0};
        KeyBatch batch = KeyBatch.of(List.of(ids, names), keyGroups, 3);
        assertEquals(3, batch.rowCount());
        assertEquals(2, batch.columnCount());
        assertSame(names, batch.column(1));
        assertSame(keyGroups, batch.keyGroups());
        assertEquals(7, batch.keyGroup(2));
        try {
            batch.keyGroup(3);
            fail("row 3 is beyond the row count");
        } catch (IndexOutOfBoundsException expected) {
            // expected
        }
    }

    @Test
    public void fromRootUsesItsRowCount() {
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(ids));
        root.setRowCount(2);
        KeyBatch batch = KeyBatch.of(root, new int[] {1, 2});
        assertEquals(2, batch.rowCount());
    }

    @Test
    public void rejectsInconsistentInput() {
        StateDescriptorTest.expectIllegal(() -> KeyBatch.of(List.of(), new int[3], 3), "at least one key column");
        StateDescriptorTest.expectIllegal(() -> KeyBatch.of(List.of(ids), new int[2], 3), "key groups for 2 rows");
        StateDescriptorTest.expectIllegal(() -> KeyBatch.of(List.of(ids), new int[5], 5), "holds 3 values");
        StateDescriptorTest.expectIllegal(() -> KeyBatch.of(List.of(ids), new int[5], -1), "negative row count");
    }

    @Test
    public void checksKeyGroupsAgainstARange() {
        KeyBatch batch = KeyBatch.of(List.of(ids), new int[] {10, 63, 64}, 3);
        KeyBatch.of(List.of(ids), new int[] {10, 63, 64}, 2).checkKeyGroupsIn(KeyGroupRange.of(0, 63));
        try {
            batch.checkKeyGroupsIn(KeyGroupRange.of(0, 63));
            fail("key group 64 is outside [0, 63]");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("row 2 has key group 64"));
        }
    }
}
