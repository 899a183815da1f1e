package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * SESSION window aggregation. Sessions are kept per key as slots of one group table (each slot has its accumulators);
 * a row opens a session {@code [ts, ts + gap)}, extends the one it touches, or bridges two, which then merge (their
 * accumulators fold into one slot). A first pass over the batch decides each row's slot (merges redirect slots), a
 * second applies all rows to their final slots in one call per aggregate. A session fires when the watermark reaches
 * its last millisecond; a row that would only open a session that has already fired is late: dropped and counted, or
 * sent to the dead-letter target when the plan's late policy says so.
 *
 * <p>Checkpointed as state {@code sessions} (one row per open session: group key, {@code window_start}, {@code
 * window_end}, row count, accumulators; see {@link AggSnapshots}) and the operator's watermark: a restore rebuilds
 * each key's session list and the firing heap from them.
 */
public final class SessionWindowOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.CheckpointedOperator {

    private final WindowAggregate node;
    /** Where late rows go, or null: they are dropped and counted. */
    private final LateRows lateRows;

    private final Aggregation aggregation;
    private final long gap;
    private final int timeColumn;
    private final BatchInput input;
    private final Output out;
    private final Column[] outColumns;
    /** Distinct group keys to their session list. */
    private final BytesKeyTable keyIds = new BytesKeyTable();

    private int[] keyHead = new int[0];
    private AggState sessions;
    private long[] starts = new long[0];
    private long[] ends = new long[0];
    private int[] next = new int[0];
    private int[] keyOf = new int[0];
    private int[] redirect = new int[0];
    private boolean[] alive = new boolean[0];
    private int liveSessions;
    private long sessionSequence;
    private byte[] slotKey = new byte[64];
    /** Min-heap of (end, slot) with lazy deletion: an entry is current only if its slot is alive with that end. */
    private long[] heapEnds = new long[16];

    private int[] heapSlots = new int[16];
    private int heapSize;
    private OperatorContext context;
    private Collector output;
    private long watermark = Long.MIN_VALUE;
    private int[] rowSlots = new int[0];
    private int[] rows = new int[0];
    private int[] firing = new int[16];
    /** The late rows of the current batch. */
    private int[] late = new int[0];

    /**
     * @param lateRows where late rows go (the plan's policy dead-letters them), or null to drop and count them
     */
    public SessionWindowOperator(WindowAggregate node, boolean changelogInput, LateRows lateRows) {
        this.node = node;
        this.lateRows = lateRows;
        if (changelogInput) {
            throw new IllegalArgumentException("SESSION windows need an insert-only input: " + node.describe());
        }
        this.aggregation = new Aggregation(node.input().rowType(), node.groupKeys(), node.aggregates(), node.rowType());
        this.sessions = aggregation.newState(false);
        sessions.checkMergeable();
        this.gap = node.window().gapMillis();
        this.timeColumn = node.window().timeColumn();
        if (timeColumn >= node.input().rowType().size()
                || !node.input().rowType().type(timeColumn).kind().isDateTime()) {
            throw new IllegalArgumentException("window time column $" + timeColumn + " is not a timestamp");
        }
        this.input = new BatchInput(node.input().rowType());
        this.out = new Output(node.rowType(), false);
        this.outColumns = new Column[node.rowType().size()];
        int first = node.groupKeys().size() + node.aggregates().size();
        for (int p = 0; p < node.properties().size(); p++) {
            outColumns[first + p] = new LongColumn();
        }
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
    }

    @Override
    public void processBatch(int inputIndex, VectorSchemaRoot batch) throws Exception {
        try {
            int n = batch.getRowCount();
            input.reset(batch);
            var keys = aggregation.keys;
            keys.encode(input);
            LongColumn ts = (LongColumn) input.column(timeColumn);
            if (rowSlots.length < n) {
                rowSlots = new int[Math.max(n, rowSlots.length * 2)];
                rows = new int[rowSlots.length];
                late = new int[rowSlots.length];
            }
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                if (ts.isNull(i)) {
                    rowSlots[i] = -1;
                    late[dropped++] = i;
                    continue;
                }
                int kid = keyId(keys, i);
                rowSlots[i] = assign(kid, i, ts.values[i]);
                if (rowSlots[i] < 0) {
                    late[dropped++] = i;
                }
            }
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (rowSlots[i] >= 0) {
                    rows[count] = i;
                    rowSlots[count] = find(rowSlots[i]);
                    count++;
                }
            }
            sessions.apply(input, rows, rowSlots, count, false);
            if (dropped > 0 && lateRows != null) {
                for (int k = 0; k < dropped; k++) {
                    int i = late[k];
                    String message = ts.isNull(i)
                            ? LateRows.withoutTime(node.input()
                                    .rowType()
                                    .columns()
                                    .get(timeColumn)
                                    .name())
                            : LateRows.lateForWindow(
                                    ts.values[i], watermark, "session window", ts.values[i], ts.values[i] + gap);
                    lateRows.add(context.subtask(), batch, i, ts.isNull(i) ? LateRows.NO_TIME : ts.values[i], message);
                }
                context.lateRowsDeadLettered(dropped);
            } else if (dropped > 0) {
                context.lateRowsDropped(dropped);
            }
        } finally {
            input.release();
            batch.close();
        }
    }

    /** The id of the group key of row {@code row} of the encoded keys, adding it (with no session) if new. */
    private int keyId(io.sabot.engine.internal.keys.KeyEncoder keys, int row) {
        int kid = keyIds.findOrInsert(keys.bytes, keys.start(row), keys.length(row), keys.hashes[row]);
        if (kid >= keyHead.length) {
            int old = keyHead.length;
            keyHead = Arrays.copyOf(keyHead, Math.max(kid + 1, old * 2));
            Arrays.fill(keyHead, old, keyHead.length, -1);
        }
        return kid;
    }

    /** The slot of a row of key {@code kid} at {@code ts}, merging sessions it bridges; -1 if late. */
    private int assign(int kid, int row, long ts) {
        long s = ts;
        long e = ts + gap;
        int target = -1;
        int prev = -1;
        long targetEnd = Long.MIN_VALUE;
        for (int slot = keyHead[kid]; slot >= 0; ) {
            int following = next[slot];
            if (starts[slot] <= e && ends[slot] >= s) {
                if (target < 0) {
                    target = slot;
                    targetEnd = ends[slot];
                    prev = slot;
                } else {
                    // bridges two sessions: fold this one into the target
                    starts[target] = Math.min(starts[target], starts[slot]);
                    ends[target] = Math.max(ends[target], ends[slot]);
                    sessions.merge(target, slot);
                    alive[slot] = false;
                    redirect[slot] = target;
                    liveSessions--;
                    next[prev] = following;
                    slot = following;
                    continue;
                }
            } else {
                prev = slot;
            }
            slot = following;
        }
        if (target >= 0) {
            starts[target] = Math.min(starts[target], s);
            ends[target] = Math.max(ends[target], e);
            if (ends[target] != targetEnd) {
                push(ends[target], target);
            }
            return target;
        }
        if (e - 1 <= watermark) {
            return -1;
        }
        int slot = newSlot(kid, row);
        starts[slot] = s;
        ends[slot] = e;
        next[slot] = keyHead[kid];
        keyHead[kid] = slot;
        push(e, slot);
        return slot;
    }

    private int newSlot(int kid, int row) {
        var keys = aggregation.keys;
        int len = keys.length(row) + 8;
        if (slotKey.length < len) {
            slotKey = new byte[Math.max(len, slotKey.length * 2)];
        }
        System.arraycopy(keys.bytes, keys.start(row), slotKey, 0, len - 8);
        long seq = sessionSequence++;
        for (int b = 0; b < 8; b++) {
            slotKey[len - 8 + b] = (byte) (seq >>> (8 * b));
        }
        int slot = sessions.insert(slotKey, 0, len, io.sabot.engine.internal.keys.Hashing.hash(slotKey, 0, len));
        if (slot >= starts.length) {
            int size = Math.max(slot + 1, starts.length * 2);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            next = Arrays.copyOf(next, size);
            keyOf = Arrays.copyOf(keyOf, size);
            redirect = Arrays.copyOf(redirect, size);
            alive = Arrays.copyOf(alive, size);
        }
        keyOf[slot] = kid;
        redirect[slot] = slot;
        alive[slot] = true;
        liveSessions++;
        return slot;
    }

    private int find(int slot) {
        while (redirect[slot] != slot) {
            redirect[slot] = redirect[redirect[slot]];
            slot = redirect[slot];
        }
        return slot;
    }

    private void push(long end, int slot) {
        if (heapSize == heapEnds.length) {
            heapEnds = Arrays.copyOf(heapEnds, heapSize * 2);
            heapSlots = Arrays.copyOf(heapSlots, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapEnds[parent] < end || (heapEnds[parent] == end && heapSlots[parent] <= slot)) {
                break;
            }
            heapEnds[i] = heapEnds[parent];
            heapSlots[i] = heapSlots[parent];
            i = parent;
        }
        heapEnds[i] = end;
        heapSlots[i] = slot;
    }

    private void pop() {
        long end = heapEnds[--heapSize];
        int slot = heapSlots[heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize
                    && (heapEnds[child + 1] < heapEnds[child]
                            || (heapEnds[child + 1] == heapEnds[child] && heapSlots[child + 1] < heapSlots[child]))) {
                child++;
            }
            if (heapEnds[child] > end || (heapEnds[child] == end && heapSlots[child] >= slot)) {
                break;
            }
            heapEnds[i] = heapEnds[child];
            heapSlots[i] = heapSlots[child];
            i = child;
        }
        heapEnds[i] = end;
        heapSlots[i] = slot;
    }

    @Override
    public void processWatermark(long newWatermark) throws Exception {
        // after a restore the input's first watermarks may lag the restored one: late decisions keep the latter
        watermark = Math.max(watermark, newWatermark);
        int count = 0;
        while (heapSize > 0 && heapEnds[0] - 1 <= watermark) {
            long end = heapEnds[0];
            int slot = heapSlots[0];
            pop();
            if (!alive[slot] || ends[slot] != end) {
                continue; // superseded by an extension or a merge
            }
            alive[slot] = false;
            liveSessions--;
            unlink(slot);
            if (count == firing.length) {
                firing = Arrays.copyOf(firing, count * 2);
            }
            firing[count++] = slot;
        }
        if (count > 0) {
            emit(count);
        }
        if (liveSessions == 0 && sessions.size() > 0) {
            sessions.clear(); // every slot has fired: start the table afresh
            keyIds.clear();
            heapSize = 0;
        }
        output.emitWatermark(newWatermark);
    }

    private void unlink(int slot) {
        int kid = keyOf[slot];
        int prev = -1;
        for (int s = keyHead[kid]; s >= 0; s = next[s]) {
            if (s == slot) {
                if (prev < 0) {
                    keyHead[kid] = next[s];
                } else {
                    next[prev] = next[s];
                }
                return;
            }
            prev = s;
        }
    }

    private void emit(int count) throws Exception {
        int keys = aggregation.groupKeys.length;
        int aggs = aggregation.calls.size();
        int batchSize = context.batchSize();
        for (int from = 0; from < count; from += batchSize) {
            int len = Math.min(batchSize, count - from);
            int[] chunk = Arrays.copyOfRange(firing, from, from + len);
            if (keys > 0) {
                aggregation.keys.decode(sessions.keys(), chunk, len, aggregation.keyColumns);
                System.arraycopy(aggregation.keyColumns, 0, outColumns, 0, keys);
            }
            for (int a = 0; a < aggs; a++) {
                sessions.result(a, chunk, len, aggregation.aggColumns[a]);
                outColumns[keys + a] = aggregation.aggColumns[a];
            }
            for (int p = 0; p < node.properties().size(); p++) {
                LongColumn c = (LongColumn) outColumns[keys + aggs + p];
                c.reset(len);
                WindowProperty property = node.properties().get(p);
                for (int i = 0; i < len; i++) {
                    int slot = chunk[i];
                    c.values[i] = property == WindowProperty.WINDOW_START
                            ? starts[slot]
                            : property == WindowProperty.WINDOW_END ? ends[slot] : ends[slot] - 1;
                }
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, null));
        }
    }

    private AggSnapshots snapshots;

    private AggSnapshots snapshots() {
        if (snapshots == null) {
            snapshots = new AggSnapshots("sessions", aggregation, aggregation.newState(false), true);
        }
        return snapshots;
    }

    @Override
    public void checkCheckpointable() {
        snapshots();
    }

    /** Every open session (alive slot) with its bounds, under its group key's key group; and the watermark. */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        int size = sessions.size();
        int[] ids = new int[size];
        int[] hashOf = new int[size];
        int n = 0;
        for (int slot = 0; slot < size; slot++) {
            if (alive[slot]) {
                ids[n++] = slot;
                hashOf[slot] = keyIds.hash(keyOf[slot]);
            }
        }
        snapshots().add(out, sessions, ids, n, starts, ends, hashOf, 0, 0, context.allocator());
        out.addLong("watermark", watermark);
    }

    @Override
    public void restoreState(io.sabot.engine.internal.checkpoint.OperatorStateReader in) throws Exception {
        watermark = in.minLong("watermark").orElse(Long.MIN_VALUE);
        snapshots().restore(in, new AggSnapshots.Groups() {
            @Override
            public AggState state(long start, long end) {
                return sessions;
            }

            @Override
            public int group(
                    AggState state, io.sabot.engine.internal.keys.KeyEncoder keys, int row, long start, long end) {
                int kid = keyId(keys, row);
                int slot = newSlot(kid, row);
                starts[slot] = start;
                ends[slot] = end;
                next[slot] = keyHead[kid];
                keyHead[kid] = slot;
                push(end, slot);
                return slot;
            }

            @Override
            public int find(
                    AggState state, io.sabot.engine.internal.keys.KeyEncoder keys, int row, long start, long end) {
                int kid = keyIds.find(keys.bytes, keys.start(row), keys.length(row), keys.hashes[row]);
                for (int slot = kid < 0 ? -1 : keyHead[kid]; slot >= 0; slot = next[slot]) {
                    if (starts[slot] == start && ends[slot] == end) {
                        return slot;
                    }
                }
                return -1;
            }
        });
    }

    @Override
    public boolean dropsLateRows() {
        return true;
    }

    @Override
    public void close() {
        input.release();
    }
}
