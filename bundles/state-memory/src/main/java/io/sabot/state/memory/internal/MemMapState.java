package io.sabot.state.memory.internal;

import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.MapState;
import io.sabot.state.spi.StateDescriptor;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A key's map is a nested {@link BytesTable} of encoded user keys and values. */
final class MemMapState extends MemState implements MapState {

    private final RowBuffer userKeyBuf = new RowBuffer();

    MemMapState(MemoryKeyedStateBackend backend, StateDescriptor descriptor) {
        super(backend, descriptor);
    }

    private void encodeUserKeys(VectorSchemaRoot userKeys, int n) {
        checkValues(userKeys, userKeyCodec, n, "user-key");
        userKeyBuf.encode(userKeyCodec, userKeys.getFieldVectors(), 0, n);
    }

    private int findUser(BytesTable map, int r) {
        return map.find(userKeyBuf.buf, userKeyBuf.starts[r], userKeyBuf.ends[r], userKeyBuf.hashes[r]);
    }

    @Override
    public int get(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values, boolean[] present) {
        encodeKeys(keys);
        int n = keys.rowCount();
        encodeUserKeys(userKeys, n);
        int[] groups = keys.keyGroups();
        List<FieldVector> columns = values.getFieldVectors();
        int found = 0;
        for (int r = 0; r < n; r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            int u = e < 0 ? -1 : findUser(t.maps[e], r);
            if (u >= 0) {
                valueCodec.decode(t.maps[e].values[u], 0, columns, 0, r);
                found++;
            } else {
                valueCodec.setNulls(columns, 0, r);
            }
            if (present != null) {
                present[r] = u >= 0;
            }
        }
        MemoryKeyedStateBackend.finish(values, n);
        return found;
    }

    @Override
    public void put(KeyBatch keys, VectorSchemaRoot userKeys, VectorSchemaRoot values) {
        encodeKeys(keys);
        int n = keys.rowCount();
        encodeUserKeys(userKeys, n);
        checkValues(values, valueCodec, n, "value");
        valueBuf.encode(valueCodec, values.getFieldVectors(), 0, n);
        int[] groups = keys.keyGroups();
        for (int r = 0; r < n; r++) {
            int e = findOrInsert(groups[r], r); // first: inserting may grow (replace) the maps array
            BytesTable map = table(groups[r], false).maps[e];
            int u = map.findOrInsert(userKeyBuf.buf, userKeyBuf.starts[r], userKeyBuf.ends[r], userKeyBuf.hashes[r]);
            map.set(u, valueBuf.buf, valueBuf.starts[r], valueBuf.ends[r]);
        }
    }

    @Override
    public void remove(KeyBatch keys, VectorSchemaRoot userKeys) {
        encodeKeys(keys);
        int n = keys.rowCount();
        encodeUserKeys(userKeys, n);
        int[] groups = keys.keyGroups();
        for (int r = 0; r < n; r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            if (e < 0) {
                continue;
            }
            BytesTable map = t.maps[e];
            int u = findUser(map, r);
            if (u >= 0) {
                map.remove(u);
                if (map.size == 0) {
                    t.remove(e); // an empty map is no map
                }
            }
        }
    }

    @Override
    public int entries(KeyBatch keys, IntVector keyRows, VectorSchemaRoot userKeysOut, VectorSchemaRoot valuesOut) {
        encodeKeys(keys);
        int[] groups = keys.keyGroups();
        List<FieldVector> userColumns = userKeysOut.getFieldVectors();
        List<FieldVector> valueColumns = valuesOut.getFieldVectors();
        int m = 0;
        for (int r = 0; r < keys.rowCount(); r++) {
            BytesTable t = table(groups[r], false);
            int e = find(t, r);
            if (e < 0) {
                continue;
            }
            BytesTable map = t.maps[e];
            for (int u = 0; u < map.size; u++) {
                keyRows.setSafe(m, r);
                userKeyCodec.decode(map.keys[u], 0, userColumns, 0, m);
                valueCodec.decode(map.values[u], 0, valueColumns, 0, m);
                m++;
            }
        }
        keyRows.setValueCount(m);
        MemoryKeyedStateBackend.finish(userKeysOut, m);
        MemoryKeyedStateBackend.finish(valuesOut, m);
        return m;
    }
}
