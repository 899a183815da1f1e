package io.sabot.state.memory.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A key's list is its elements' encodings one after the other in one array (the encoding is self-delimiting). */
final class MemListState extends MemState implements ListState {

    MemListState(MemoryKeyedStateBackend backend, StateDescriptor descriptor) {
        super(backend, descriptor);
    }

    @Override
    public int get(KeyBatch keys, IntVector keyRows, VectorSchemaRoot elements) {
        encodeKeys(keys);
        int[] groups = keys.keyGroups();
        List<FieldVector> columns = elements.getFieldVectors();
        int m = 0;
        for (int r = 0; r < keys.rowCount(); r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            if (e < 0) {
                continue;
            }
            byte[] list = t.values[e];
            int p = 0;
            for (int j = t.counts[e]; j > 0; j--) {
                keyRows.setSafe(m, r);
                p = valueCodec.decode(list, p, columns, 0, m);
                m++;
            }
        }
        keyRows.setValueCount(m);
        MemoryKeyedStateBackend.finish(elements, m);
        return m;
    }

    @Override
    public void add(KeyBatch keys, VectorSchemaRoot elements) {
        encodeKeys(keys);
        int n = keys.rowCount();
        checkValues(elements, valueCodec, n, "element");
        valueBuf.encode(valueCodec, elements.getFieldVectors(), 0, n);
        int[] groups = keys.keyGroups();
        for (int r = 0; r < n; r++) {
            BytesTable t = table(groups[r], true);
            t.append(findOrInsert(groups[r], r), valueBuf.buf, valueBuf.starts[r], valueBuf.ends[r]);
        }
    }

    @Override
    public void replace(KeyBatch keys, VectorSchemaRoot elements) {
        checkValues(elements, valueCodec, keys.rowCount(), "element");
        clear(keys);
        add(keys, elements);
    }
}
