package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * For operators that keep whole rows per key in a {@link BytesKeyTable} and, with a state backend, read and write the
 * batch's keys at once: the state schemas (key = the key columns, value = every column) and the key batches decoded
 * from the key table.
 */
final class KeyTableState {

    private final Schema keySchema;
    private final DataType[] keyTypes;
    private final KeyEncoder decoder;

    KeyTableState(StateDescriptor descriptor, DataType[] keyTypes) {
        this.keySchema = descriptor.keySchema();
        this.keyTypes = keyTypes;
        int[] positions = new int[keyTypes.length];
        for (int k = 0; k < positions.length; k++) {
            positions[k] = k;
        }
        // an encoder whose key columns are 0…k-1 decodes the table's keys into columns of the key types
        this.decoder = new KeyEncoder(positions, keyTypes);
    }

    /** Key fields {@code key<k>_<name>} of the key columns, value fields {@code c<c>_<name>} of every column. */
    static Schema[] rowSchemas(RowType rowType, int[] keyColumns) {
        Schema row = rowType.toArrowSchema();
        List<Field> key = new ArrayList<>();
        for (int k = 0; k < keyColumns.length; k++) {
            Field f = row.getFields().get(keyColumns[k]);
            key.add(new Field("key" + k + "_" + f.getName(), f.getFieldType(), f.getChildren()));
        }
        List<Field> value = new ArrayList<>();
        for (int c = 0; c < row.getFields().size(); c++) {
            Field f = row.getFields().get(c);
            value.add(new Field("c" + c + "_" + f.getName(), f.getFieldType(), f.getChildren()));
        }
        return new Schema[] {new Schema(key), new Schema(value)};
    }

    static int[] identity(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** The key groups of key ids {@code kids[0..count)}. */
    static int[] groups(BytesKeyTable keyIds, int[] kids, int count, int maxParallelism) {
        int[] groups = new int[count];
        for (int i = 0; i < count; i++) {
            groups[i] = KeyGroups.keyGroupForHash(keyIds.hash(kids[i]), maxParallelism);
        }
        return groups;
    }

    /** The key columns of key ids {@code kids[0..count)}, decoded from the key table; owned by the caller. */
    VectorSchemaRoot keyRoot(BytesKeyTable keyIds, int[] kids, int count, BufferAllocator allocator) {
        Column[] decoded = new Column[keyTypes.length];
        for (int k = 0; k < decoded.length; k++) {
            decoded[k] = Physical.newColumn(keyTypes[k]);
        }
        decoder.decode(keyIds, kids, count, decoded);
        VectorSchemaRoot root = VectorSchemaRoot.create(keySchema, allocator);
        try {
            for (int k = 0; k < decoded.length; k++) {
                ArrowColumns.write(decoded[k], keyTypes[k], root.getVector(k), null, count);
                JoinStates.canonicalKey(root.getVector(k));
            }
            root.setRowCount(count);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** A key batch of key ids {@code kids[0..count)} over {@code keys} (from {@link #keyRoot}). */
    static KeyBatch batch(VectorSchemaRoot keys, BytesKeyTable keyIds, int[] kids, int count, int maxParallelism) {
        return KeyBatch.of(keys.getFieldVectors(), groups(keyIds, kids, count, maxParallelism), count);
    }
}
