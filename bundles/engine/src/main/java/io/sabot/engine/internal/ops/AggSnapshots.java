package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checkpoints the groups of aggregation states as one keyed {@code VALUE} state: key = the group key columns (and,
 * for windows and sessions, {@code window_start}, {@code window_end}), value = the group's row count and
 * accumulators. Each DISTINCT aggregate adds a {@code MAP} state {@code <name>_agg<i>_<function>_distinct} with the
 * same key, user key = the distinct {@code value}, value = its {@code multiplicity} (rows of the group that carry
 * it). A group's key group is that of its key hash, as the keyed exchange computes it, so that a restore at another
 * parallelism finds every group on the subtask its rows now go to.
 */
final class AggSnapshots {

    /**
     * Where restored groups go. {@link #state} gives the state of a window; {@link #group} inserts a restored group
     * (row {@code row} of the encoded keys) and {@link #find} finds it again for its DISTINCT values. The defaults
     * use the group key itself as the state's key; session windows, whose groups are sessions, override them.
     */
    interface Groups {
        AggState state(long start, long end);

        default int group(AggState state, KeyEncoder keys, int row, long start, long end) {
            return state.insert(keys.bytes, keys.start(row), keys.length(row), keys.hashes[row]);
        }

        default int find(AggState state, KeyEncoder keys, int row, long start, long end) {
            return state.keys().find(keys.bytes, keys.start(row), keys.length(row), keys.hashes[row]);
        }
    }

    private static final int CHUNK = 65_536;

    private final Aggregation aggregation;
    private final boolean windowed;
    private final DataType[] keyTypes;
    private final StateDescriptor descriptor;
    private final Schema fileSchema;
    private final int[] distinctAggs;
    private final DataType[] distinctTypes;
    private final StateDescriptor[] distinctDescriptors;
    private final Schema[] distinctSchemas;

    AggSnapshots(String name, Aggregation aggregation, AggState prototype, boolean windowed) {
        this.aggregation = aggregation;
        this.windowed = windowed;
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
        Schema keySchema = new Schema(keyFields);
        this.descriptor = StateDescriptor.value(name, keySchema, new Schema(prototype.stateFields()));
        this.fileSchema = SnapshotFormat.stateFileSchema(descriptor);
        this.distinctAggs = prototype.distinctAggregates();
        this.distinctTypes = new DataType[distinctAggs.length];
        this.distinctDescriptors = new StateDescriptor[distinctAggs.length];
        this.distinctSchemas = new Schema[distinctAggs.length];
        for (int d = 0; d < distinctAggs.length; d++) {
            int a = distinctAggs[d];
            distinctTypes[d] = prototype.distinctType(a);
            Field arg =
                    input.getFields().get(aggregation.calls.get(a).arguments().get(0));
            Field value =
                    new Field("value", new FieldType(true, arg.getType(), null, arg.getMetadata()), arg.getChildren());
            distinctDescriptors[d] = StateDescriptor.map(
                    name + "_" + prototype.stateName(a) + "_distinct",
                    keySchema,
                    new Schema(List.of(value)),
                    new Schema(List.of(Field.notNullable("multiplicity", new ArrowType.Int(64, true)))));
            distinctSchemas[d] = SnapshotFormat.stateFileSchema(distinctDescriptors[d]);
        }
    }

    /** The state's descriptor: the same whether the groups live on the heap or in a state backend. */
    StateDescriptor descriptor() {
        return descriptor;
    }

    /** The indexes of the aggregates with a DISTINCT value set, each kept as {@link #distinctDescriptor}. */
    int[] distinctAggregates() {
        return distinctAggs;
    }

    /** The {@code MAP} state of the DISTINCT values of {@link #distinctAggregates()}{@code [d]}. */
    StateDescriptor distinctDescriptor(int d) {
        return distinctDescriptors[d];
    }

    DataType distinctType(int d) {
        return distinctTypes[d];
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
        add(out, state, ids, live, null, null, null, start, end, allocator);
    }

    /**
     * Adds groups {@code ids[0…n)} of {@code state}. A group's window is {@code startOf/endOf[id]} when given (session
     * windows), else {@code start/end}; its key hash is {@code hashOf[id]} when given (a session's slot key is not
     * its group key), else the state's.
     */
    void add(
            OperatorStateWriter out,
            AggState state,
            int[] ids,
            int n,
            long[] startOf,
            long[] endOf,
            int[] hashOf,
            long start,
            long end,
            BufferAllocator allocator) {
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            int[] chunk = Arrays.copyOfRange(ids, from, from + len);
            VectorSchemaRoot root = VectorSchemaRoot.create(fileSchema, allocator);
            try {
                int c = writeKeys(root, out, state, chunk, len, startOf, endOf, hashOf, start, end);
                FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
                state.save(chunk, len, vectors, c);
                root.setRowCount(len);
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
            out.addRows(descriptor, root);
        }
        if (distinctAggs.length == 0 || n == 0) {
            return;
        }
        boolean[] live = new boolean[state.size()];
        for (int i = 0; i < n; i++) {
            live[ids[i]] = true;
        }
        for (int d = 0; d < distinctAggs.length; d++) {
            AggState.DistinctEntries e = state.distinctEntries(distinctAggs[d], live);
            Column values = Physical.newColumn(distinctTypes[d]);
            for (int from = 0; from < e.count(); from += CHUNK) {
                int len = Math.min(CHUNK, e.count() - from);
                int[] groups = Arrays.copyOfRange(e.groups(), from, from + len);
                VectorSchemaRoot root = VectorSchemaRoot.create(distinctSchemas[d], allocator);
                try {
                    int c = writeKeys(root, out, state, groups, len, startOf, endOf, hashOf, start, end);
                    state.decodeDistinct(
                            distinctAggs[d], Arrays.copyOfRange(e.valueStarts(), from, from + len), len, values);
                    ArrowColumns.write(values, distinctTypes[d], root.getVector(c++), null, len);
                    BigIntVector multiplicity = (BigIntVector) root.getVector(c);
                    multiplicity.allocateNew(len);
                    for (int i = 0; i < len; i++) {
                        multiplicity.set(i, e.multiplicities()[from + i]);
                    }
                    multiplicity.setValueCount(len);
                    root.setRowCount(len);
                } catch (RuntimeException ex) {
                    root.close();
                    throw ex;
                }
                out.addRows(distinctDescriptors[d], root);
            }
        }
    }

    /** Writes the key group and key columns of groups {@code ids[0…n)}; returns the first value column. */
    private int writeKeys(
            VectorSchemaRoot root,
            OperatorStateWriter out,
            AggState state,
            int[] ids,
            int n,
            long[] startOf,
            long[] endOf,
            int[] hashOf,
            long start,
            long end) {
        BytesKeyTable table = state.keys();
        IntVector groups = (IntVector) root.getVector(0);
        groups.allocateNew(n);
        for (int i = 0; i < n; i++) {
            int hash = hashOf == null ? table.hash(ids[i]) : hashOf[ids[i]];
            groups.set(i, KeyGroups.keyGroupForHash(hash, out.maxParallelism()));
        }
        groups.setValueCount(n);
        int keys = keyTypes.length;
        int c = 1;
        if (keys > 0) {
            aggregation.keys.decode(table, ids, n, aggregation.keyColumns);
            for (int k = 0; k < keys; k++) {
                ArrowColumns.write(aggregation.keyColumns[k], keyTypes[k], root.getVector(c++), null, n);
            }
        }
        if (windowed) {
            BigIntVector starts = (BigIntVector) root.getVector(c++);
            BigIntVector ends = (BigIntVector) root.getVector(c++);
            starts.allocateNew(n);
            ends.allocateNew(n);
            for (int i = 0; i < n; i++) {
                starts.set(i, startOf == null ? start : startOf[ids[i]]);
                ends.set(i, endOf == null ? end : endOf[ids[i]]);
            }
            starts.setValueCount(n);
            ends.setValueCount(n);
        } else if (keys == 0) {
            IntVector g = (IntVector) root.getVector(c++);
            g.allocateNew(n);
            for (int i = 0; i < n; i++) {
                g.set(i, 0);
            }
            g.setValueCount(n);
        }
        return c;
    }

    /** Receives a run of restored rows {@code [from, to)} of one window, keys encoded in the aggregation's encoder. */
    private interface Run {
        void accept(FieldVector[] vectors, int valueAt, int from, int to, long start, long end) throws Exception;
    }

    /** Restores every group of this subtask's key groups (then their DISTINCT values) into {@code groups}. */
    void restore(OperatorStateReader in, Groups groups) throws Exception {
        KeyEncoder keys = aggregation.keys;
        read(in, descriptor.name(), (vectors, valueAt, from, to, start, end) -> {
            AggState state = groups.state(start, end);
            int[] runRows = new int[to - from];
            int[] runIds = new int[to - from];
            for (int r = from; r < to; r++) {
                runRows[r - from] = r;
                runIds[r - from] = groups.group(state, keys, r, start, end);
            }
            state.load(vectors, valueAt, runRows, runIds, to - from);
        });
        for (int d = 0; d < distinctAggs.length; d++) {
            int agg = distinctAggs[d];
            DataType type = distinctTypes[d];
            String name = distinctDescriptors[d].name();
            Column values = Physical.newColumn(type);
            Column runValues = Physical.newColumn(type);
            read(in, name, (vectors, valueAt, from, to, start, end) -> {
                if (from == 0) { // a batch's first run: read its values once
                    ArrowColumns.read(vectors[valueAt], type.kind(), values, vectors[0].getValueCount());
                }
                AggState state = groups.state(start, end);
                int n = to - from;
                int[] rows = new int[n];
                int[] ids = new int[n];
                long[] multiplicities = new long[n];
                BigIntVector m = (BigIntVector) vectors[valueAt + 1];
                for (int r = from; r < to; r++) {
                    int g = groups.find(state, keys, r, start, end);
                    if (g < 0) {
                        throw new IOException("state '" + name + "' holds a DISTINCT value of a group that state '"
                                + descriptor.name() + "' does not have");
                    }
                    rows[r - from] = r;
                    ids[r - from] = g;
                    multiplicities[r - from] = m.get(r);
                }
                ColumnOps.gather(values, rows, n, runValues);
                state.loadDistinct(agg, runValues, ids, multiplicities, n);
            });
        }
    }

    /** Reads state {@code name} batch by batch, encoding its keys, and hands over runs of rows of one window. */
    private void read(OperatorStateReader in, String name, Run run) throws Exception {
        int keys = keyTypes.length;
        Column[] keyColumns = new Column[keys];
        for (int k = 0; k < keys; k++) {
            keyColumns[k] = Physical.newColumn(keyTypes[k]);
        }
        in.readRows(name, rows -> {
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
                run.accept(vectors, c, i, j, start, end);
                i = j;
            }
        });
    }
}
