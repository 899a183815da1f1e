package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.plan.DataType;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checkpoints the groups of aggregation states as one keyed {@code VALUE} state: key = the group key columns (and,
 * for windows, {@code window_start}, {@code window_end}), value = the group's row count and accumulators. A group's
 * key group is that of its key hash, as the keyed exchange computes it, so that a restore at another parallelism
 * finds every group on the subtask its rows now go to.
 */
final class AggSnapshots {

    /** Receives a restored window: its bounds and the state its groups go into. */
    interface StateFor {
        AggState get(long start, long end);
    }

    private static final int CHUNK = 65_536;

    private final Aggregation aggregation;
    private final boolean windowed;
    private final DataType[] keyTypes;
    private final StateDescriptor descriptor;
    private final Schema fileSchema;

    AggSnapshots(String name, Aggregation aggregation, AggState prototype, boolean windowed) {
        this.aggregation = aggregation;
        this.windowed = windowed;
        prototype.checkCheckpointable();
        int keys = aggregation.groupKeys.length;
        this.keyTypes = new DataType[keys];
        Schema input = aggregation.input.toArrowSchema();
        List<Field> keyFields = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            keyTypes[k] = aggregation.input.type(aggregation.groupKeys[k]);
            Field f = input.getFields().get(aggregation.groupKeys[k]);
            keyFields.add(new Field("key" + k + "_" + f.getName(), f.getFieldType(), f.getChildren()));
        }
        if (windowed) {
            keyFields.add(Field.notNullable("window_start", new ArrowType.Int(64, true)));
            keyFields.add(Field.notNullable("window_end", new ArrowType.Int(64, true)));
        }
        if (keyFields.isEmpty()) {
            keyFields.add(Field.notNullable("global", new ArrowType.Int(32, true)));
        }
        List<Field> values = prototype.stateFields();
        this.descriptor = StateDescriptor.value(name, new Schema(keyFields), new Schema(values));
        this.fileSchema = SnapshotFormat.stateFileSchema(descriptor);
    }

    /** The state's descriptor: the same whether the groups live on the heap or in a state backend. */
    StateDescriptor descriptor() {
        return descriptor;
    }

    DataType[] keyTypes() {
        return keyTypes;
    }

    boolean windowed() {
        return windowed;
    }

    /** Adds the live groups (row count > 0) of {@code state}; {@code start}/{@code end} are ignored unless windowed. */
    void add(OperatorStateWriter out, AggState state, long start, long end, BufferAllocator allocator) {
        int size = state.size();
        int[] ids = new int[size];
        int live = 0;
        for (int g = 0; g < size; g++) {
            if (state.rowCount(g) > 0) {
                ids[live++] = g;
            }
        }
        BytesKeyTable table = state.keys();
        int keys = keyTypes.length;
        for (int from = 0; from < live; from += CHUNK) {
            int n = Math.min(CHUNK, live - from);
            int[] chunk = java.util.Arrays.copyOfRange(ids, from, from + n);
            VectorSchemaRoot root = VectorSchemaRoot.create(fileSchema, allocator);
            try {
                IntVector groups = (IntVector) root.getVector(0);
                groups.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    groups.set(i, KeyGroups.keyGroupForHash(table.hash(chunk[i]), out.maxParallelism()));
                }
                groups.setValueCount(n);
                int c = 1;
                if (keys > 0) {
                    aggregation.keys.decode(table, chunk, n, aggregation.keyColumns);
                    for (int k = 0; k < keys; k++) {
                        ArrowColumns.write(aggregation.keyColumns[k], keyTypes[k], root.getVector(c++), null, n);
                    }
                }
                if (windowed) {
                    fill((BigIntVector) root.getVector(c++), start, n);
                    fill((BigIntVector) root.getVector(c++), end, n);
                } else if (keys == 0) {
                    IntVector g = (IntVector) root.getVector(c++);
                    g.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        g.set(i, 0);
                    }
                    g.setValueCount(n);
                }
                FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
                state.save(chunk, n, vectors, c);
                root.setRowCount(n);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            out.addRows(descriptor, root);
        }
    }

    private static void fill(BigIntVector v, long value, int n) {
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
            v.set(i, value);
        }
        v.setValueCount(n);
    }

    /** Restores every group of this subtask's key groups into the states {@code stateFor} gives. */
    void restore(OperatorStateReader in, StateFor stateFor) throws Exception {
        int keys = keyTypes.length;
        Column[] keyColumns = new Column[keys];
        for (int k = 0; k < keys; k++) {
            keyColumns[k] = Physical.newColumn(keyTypes[k]);
        }
        in.readRows(descriptor.name(), rows -> {
            int n = rows.getRowCount();
            FieldVector[] vectors = rows.getFieldVectors().toArray(new FieldVector[0]);
            int c = 1;
            for (int k = 0; k < keys; k++) {
                ArrowColumns.read(vectors[c++], keyTypes[k].kind(), keyColumns[k], n);
            }
            BigIntVector starts = windowed ? (BigIntVector) vectors[c++] : null;
            BigIntVector ends = windowed ? (BigIntVector) vectors[c++] : null;
            if (!windowed && keys == 0) {
                c++;
            }
            int valueAt = c;
            aggregation.keys.encode(keyColumns, n);
            // rows of one window are usually adjacent; each run goes through its window's state in one call
            int i = 0;
            while (i < n) {
                long start = windowed ? starts.get(i) : 0;
                long end = windowed ? ends.get(i) : 0;
                int j = i;
                while (j < n && (!windowed || (starts.get(j) == start && ends.get(j) == end))) {
                    j++;
                }
                AggState state = stateFor.get(start, end);
                int[] runRows = new int[j - i];
                int[] runIds = new int[j - i];
                for (int r = i; r < j; r++) {
                    runRows[r - i] = r;
                    runIds[r - i] = state.insert(
                            aggregation.keys.bytes,
                            aggregation.keys.start(r),
                            aggregation.keys.length(r),
                            aggregation.keys.hashes[r]);
                }
                state.load(vectors, valueAt, runRows, runIds, j - i);
                i = j;
            }
        });
    }
}
