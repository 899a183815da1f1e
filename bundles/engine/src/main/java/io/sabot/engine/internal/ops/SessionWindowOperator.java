package io.sabot.engine.internal.ops;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.internal.agg.AggState;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.plan.LatePolicy;
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
 * sent to the dead-letter target when the plan's {@link LatePolicy} says so.
 *
 * <p>With a policy that {@linkplain LatePolicy#emitsUpdates() emits updates} (Flink's allow-lateness) the output is a
 * changelog: a session that fires stays in its key's list, marked fired, until the watermark passes its end plus the
 * allowed lateness. A late row merges into the sessions it touches, fired ones included, or opens a session of its
 * own if that is within the bound. Each change to fired sessions is emitted at once: the fired sessions a batch
 * touched are retracted ({@code -U} when the session keeps its bounds, else {@code -D}) and the sessions they became
 * are emitted ({@code +U}, or {@code +I}) if those have fired too; a merged session that now ends after the watermark
 * fires later, as usual. Finding the fired sessions a batch touches costs a look at the key's sessions only for rows
 * at or behind the watermark.
 *
 * <p>Checkpointed as state {@code sessions} (one row per open session: group key, {@code window_start}, {@code
 * window_end}, row count, accumulators; see {@link AggSnapshots}) and the operator's watermark: a restore rebuilds
 * each key's session list and the firing heap from them.
 *
 * <p>With a state backend the sessions' row counts, accumulators and DISTINCT values live there, in that same state,
 * and only the index (keys, slots, bounds, the firing heaps) stays here: a batch first loads every session of its keys
 * into the scratch table {@link #sessions} (one batch read), runs as above on it, and writes them back (one batch
 * write); a firing loads the fired sessions by key, emits them and deletes them.
 */
public final class SessionWindowOperator
        implements BatchOperator, io.sabot.engine.internal.checkpoint.BackendStateOperator {

    private final WindowAggregate node;
    private final LatePolicy policy;
    private final boolean updating;
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
    /** Update mode: per slot, whether its session has fired (its row is in the output). */
    private boolean[] fired = new boolean[0];
    /** Update mode: min-heap of (end - 1 + allowed lateness, slot) of fired sessions, lazily deleted. */
    private long[] cleanKeys = new long[16];

    private int[] cleanSlots = new int[16];
    private int cleanSize;
    /** Update mode, per batch: the fired sessions it touches (as they were before it), and the late ones it opens. */
    private int[] touched = new int[16];

    private long[] touchedStarts = new long[16];
    private long[] touchedEnds = new long[16];
    private int touchedCount;
    private int[] opened = new int[16];
    private int openedCount;
    /** Per slot: its index in {@link #touched} plus one, or 0; cleared after each batch. */
    private int[] touchedIndex = new int[0];
    /** Per slot: its index among the sessions a batch's late changes emit plus one, -1 if seen and not emitted. */
    private int[] emittedIndex = new int[0];

    private Column[] before;
    private Column[] after;

    /**
     * The sessions' accumulators (and DISTINCT values) in a state backend, or null. With a backend, the session index
     * (keys, slots, bounds, firing heaps) stays here and {@link #sessions} is a scratch table holding the sessions of
     * one batch or one firing: slot {@code s} is its group {@code scratchOf[s]}.
     */
    private AggBackend backend;

    private int[] scratchOf = new int[0];
    /** With a backend, per scratch id: its slot, whether and under which bounds it is stored, its key's hash. */
    private int[] slotOf = new int[0];

    private boolean[] stored = new boolean[0];
    private long[] storedStarts = new long[0];
    private long[] storedEnds = new long[0];
    private long[] currentStarts = new long[0];
    private long[] currentEnds = new long[0];
    private int[] keyHashes = new int[0];
    /** With a backend: slots handed out since the index was last empty (slots are not reused before). */
    private int slotCount;
    /** With a backend: the batch that last loaded each key's sessions. */
    private int[] keyStamp = new int[0];

    private int batchStamp;
    private int[] loading = new int[16];
    /** With a backend, while restoring: new slots are not added to the scratch table. */
    private boolean restoring;

    /**
     * @param lateRows where late rows go (the plan's policy dead-letters them), or null to drop and count them
     */
    public SessionWindowOperator(WindowAggregate node, boolean changelogInput, LateRows lateRows) {
        this.node = node;
        this.policy = node.latePolicy();
        this.updating = policy.emitsUpdates();
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
        this.out = new Output(node.rowType(), updating);
        this.outColumns = new Column[node.rowType().size()];
        int first = node.groupKeys().size() + node.aggregates().size();
        for (int p = 0; p < node.properties().size(); p++) {
            outColumns[first + p] = new LongColumn();
        }
        if (updating) {
            before = new Column[node.rowType().size()];
            after = new Column[node.rowType().size()];
            for (int c = 0; c < before.length; c++) {
                before[c] = c < first ? Physical.newColumn(node.rowType().type(c)) : new LongColumn();
                after[c] = c < first ? Physical.newColumn(node.rowType().type(c)) : new LongColumn();
            }
        }
    }

    @Override
    public void open(OperatorContext context, Collector output) {
        this.context = context;
        this.output = output;
        if (backend != null) {
            backend.open(context);
        }
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
            if (backend != null) {
                loadSessionsOf(keys, ts, n);
            }
            if (updating) {
                touchFiredSessions(keys, ts, n);
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
            if (backend != null) {
                for (int k = 0; k < count; k++) {
                    rowSlots[k] = scratchOf[rowSlots[k]];
                }
            }
            sessions.apply(input, rows, rowSlots, count, false);
            if (touchedCount > 0 || openedCount > 0) {
                emitLateChanges();
            }
            if (backend != null) {
                storeSessions();
            }
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
            keyStamp = Arrays.copyOf(keyStamp, keyHead.length);
        }
        return kid;
    }

    /**
     * Update mode, before a batch changes anything: notes the fired sessions its rows touch, with their output rows as
     * they are now (to retract them). A row touches a fired session only if it is at most one millisecond after the
     * watermark (fired sessions end by then), so only those rows look at their key's sessions. Sessions that the
     * batch extends first and a row touches later were touched first as they were.
     */
    private void touchFiredSessions(io.sabot.engine.internal.keys.KeyEncoder keys, LongColumn ts, int n) {
        if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
            return;
        }
        long reach = watermark + 1;
        for (int i = 0; i < n; i++) {
            if (ts.isNull(i) || ts.values[i] > reach) {
                continue;
            }
            int kid = keyIds.find(keys.bytes, keys.start(i), keys.length(i), keys.hashes[i]);
            if (kid < 0) {
                continue;
            }
            long s = ts.values[i];
            long e = s + gap;
            for (int slot = keyHead[kid]; slot >= 0; slot = next[slot]) {
                if (fired[slot] && touchedIndex[slot] == 0 && starts[slot] <= e && ends[slot] >= s) {
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                        touchedStarts = Arrays.copyOf(touchedStarts, touchedCount * 2);
                        touchedEnds = Arrays.copyOf(touchedEnds, touchedCount * 2);
                    }
                    touchedStarts[touchedCount] = starts[slot];
                    touchedEnds[touchedCount] = ends[slot];
                    touched[touchedCount++] = slot;
                    touchedIndex[slot] = touchedCount;
                }
            }
        }
        if (touchedCount > 0) {
            rowsOf(touched, touchedCount, before);
        }
    }

    /**
     * Update mode, after the batch is applied: retracts the fired sessions it touched and emits what they (and the
     * late sessions it opened) became, where that has fired; unchanged sessions emit nothing.
     */
    private void emitLateChanges() throws Exception {
        // the sessions the touched and opened ones are now part of, each once: those that have fired are emitted
        int[] emitted = new int[touchedCount + openedCount];
        int e = 0;
        for (int k = 0; k < touchedCount + openedCount; k++) {
            int slot = find(k < touchedCount ? touched[k] : opened[k - touchedCount]);
            if (emittedIndex[slot] != 0) {
                continue;
            }
            if (ends[slot] - 1 <= watermark) {
                emitted[e++] = slot;
                emittedIndex[slot] = e;
                fired[slot] = true;
                pushClean(policy.retainUntil(ends[slot]), slot);
            } else {
                emittedIndex[slot] = -1;
                fired[slot] = false; // it fires when the watermark passes its new end
            }
        }
        if (e > 0) {
            rowsOf(emitted, e, after);
        }
        int keys = aggregation.groupKeys.length;
        int aggs = aggregation.calls.size();
        byte[] beforeKinds = new byte[touchedCount];
        int[] beforeRows = new int[touchedCount];
        int retracted = 0;
        byte[] afterKinds = new byte[e];
        int[] afterRows = new int[e];
        int added = 0;
        boolean[] unchanged = new boolean[e];
        for (int j = 0; j < e; j++) {
            int slot = emitted[j];
            int k = touchedIndex[slot] - 1;
            // a fired session that kept its bounds is updated (-U/+U), or left alone if its values are the same
            if (k >= 0 && sameBounds(k, slot)) {
                boolean same = true;
                for (int a = 0; a < aggs && same; a++) {
                    same = ColumnOps.rowEquals(before[keys + a], k, after[keys + a], j);
                }
                unchanged[j] = same;
            }
        }
        for (int k = 0; k < touchedCount; k++) {
            int slot = touched[k];
            int j = emittedIndex[slot] - 1;
            boolean kept = j >= 0 && sameBounds(k, slot);
            if (kept && unchanged[j]) {
                continue;
            }
            beforeRows[retracted] = k;
            beforeKinds[retracted++] = kept ? RowKind.UPDATE_BEFORE.code() : RowKind.DELETE.code();
        }
        for (int j = 0; j < e; j++) {
            if (unchanged[j]) {
                continue;
            }
            int k = touchedIndex[emitted[j]] - 1;
            afterRows[added] = j;
            afterKinds[added++] =
                    k >= 0 && sameBounds(k, emitted[j]) ? RowKind.UPDATE_AFTER.code() : RowKind.INSERT.code();
        }
        emitChanges(before, beforeRows, beforeKinds, retracted);
        emitChanges(after, afterRows, afterKinds, added);
        for (int k = 0; k < touchedCount + openedCount; k++) {
            int slot = k < touchedCount ? touched[k] : opened[k - touchedCount];
            emittedIndex[find(slot)] = 0;
            touchedIndex[slot] = 0;
        }
        touchedCount = 0;
        openedCount = 0;
    }

    /** Whether touched session {@code k} (as it was) has the bounds slot {@code slot} has now. */
    private boolean sameBounds(int k, int slot) {
        return touchedStarts[k] == starts[slot] && touchedEnds[k] == ends[slot];
    }

    /** The output rows of sessions {@code slots[0…n)} into {@code columns} (keys, aggregates, window columns). */
    private void rowsOf(int[] slots, int n, Column[] columns) {
        int keys = aggregation.groupKeys.length;
        int aggs = aggregation.calls.size();
        int[] ids = groupsOf(slots, n);
        if (keys > 0) {
            aggregation.keys.decode(sessions.keys(), ids, n, columns);
        }
        for (int a = 0; a < aggs; a++) {
            sessions.result(a, ids, n, columns[keys + a]);
        }
        for (int p = 0; p < node.properties().size(); p++) {
            LongColumn c = (LongColumn) columns[keys + aggs + p];
            c.reset(n);
            WindowProperty property = node.properties().get(p);
            for (int i = 0; i < n; i++) {
                int slot = slots[i];
                c.values[i] = property == WindowProperty.WINDOW_START
                        ? starts[slot]
                        : property == WindowProperty.WINDOW_END ? ends[slot] : ends[slot] - 1;
            }
        }
    }

    private void emitChanges(Column[] columns, int[] sel, byte[] kinds, int n) throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < n; from += batchSize) {
            int len = Math.min(batchSize, n - from);
            output.emit(out.build(
                    context.allocator(),
                    columns,
                    Arrays.copyOfRange(sel, from, from + len),
                    len,
                    Arrays.copyOfRange(kinds, from, from + len)));
        }
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
                    sessions.merge(
                            backend == null ? target : scratchOf[target], backend == null ? slot : scratchOf[slot]);
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
        if (policy.retainUntil(e) <= watermark) {
            return -1;
        }
        int slot = newSlot(kid, row);
        starts[slot] = s;
        ends[slot] = e;
        next[slot] = keyHead[kid];
        keyHead[kid] = slot;
        push(e, slot);
        if (e - 1 <= watermark) {
            // update mode: late, but within the allowed lateness; fires with the batch's late changes
            if (openedCount == opened.length) {
                opened = Arrays.copyOf(opened, openedCount * 2);
            }
            opened[openedCount++] = slot;
        }
        return slot;
    }

    private int newSlot(int kid, int row) {
        int slot;
        if (backend == null) {
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
            slot = sessions.insert(slotKey, 0, len, io.sabot.engine.internal.keys.Hashing.hash(slotKey, 0, len));
        } else {
            slot = slotCount++;
        }
        if (slot >= starts.length) {
            int size = Math.max(slot + 1, starts.length * 2);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            next = Arrays.copyOf(next, size);
            keyOf = Arrays.copyOf(keyOf, size);
            redirect = Arrays.copyOf(redirect, size);
            alive = Arrays.copyOf(alive, size);
            fired = Arrays.copyOf(fired, size);
            touchedIndex = Arrays.copyOf(touchedIndex, size);
            emittedIndex = Arrays.copyOf(emittedIndex, size);
            scratchOf = Arrays.copyOf(scratchOf, size);
        }
        keyOf[slot] = kid;
        redirect[slot] = slot;
        alive[slot] = true;
        fired[slot] = false;
        touchedIndex[slot] = 0;
        emittedIndex[slot] = 0;
        liveSessions++;
        if (backend != null && !restoring) {
            toScratch(slot, false); // opened by this batch: not stored yet
        }
        return slot;
    }

    /** With a backend: the scratch ids of slots {@code slots[0…n)}. */
    private int[] groupsOf(int[] slots, int n) {
        if (backend == null) {
            return slots;
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = scratchOf[slots[i]];
        }
        return ids;
    }

    /** With a backend: adds slot {@code slot} to the scratch table, under its group key and slot number. */
    private void toScratch(int slot, boolean isStored) {
        int kid = keyOf[slot];
        int keyLength = keyIds.length(kid);
        int len = keyLength + 8;
        if (slotKey.length < len) {
            slotKey = new byte[Math.max(len, slotKey.length * 2)];
        }
        System.arraycopy(keyIds.arena(), keyIds.offset(kid), slotKey, 0, keyLength);
        for (int b = 0; b < 8; b++) {
            slotKey[keyLength + b] = (byte) ((long) slot >>> (8 * b));
        }
        int id = sessions.insert(slotKey, 0, len, io.sabot.engine.internal.keys.Hashing.hash(slotKey, 0, len));
        if (id >= slotOf.length) {
            int size = Math.max(id + 1, slotOf.length * 2);
            slotOf = Arrays.copyOf(slotOf, size);
            stored = Arrays.copyOf(stored, size);
            storedStarts = Arrays.copyOf(storedStarts, size);
            storedEnds = Arrays.copyOf(storedEnds, size);
            currentStarts = Arrays.copyOf(currentStarts, size);
            currentEnds = Arrays.copyOf(currentEnds, size);
            keyHashes = Arrays.copyOf(keyHashes, size);
        }
        slotOf[id] = slot;
        scratchOf[slot] = id;
        stored[id] = isStored;
        storedStarts[id] = starts[slot];
        storedEnds[id] = ends[slot];
        keyHashes[id] = keyIds.hash(kid);
    }

    /** With a backend: the scratch table holds exactly slots {@code slots[0…n)}, their state loaded (one read). */
    private void loadSlots(int[] slots, int n) {
        sessions.clear();
        for (int i = 0; i < n; i++) {
            toScratch(slots[i], true);
        }
        backend.loadSessions(sessions, storedStarts, storedEnds, keyHashes);
    }

    /**
     * With a backend, before a batch: loads every session of the keys its rows have (a row may extend or bridge any
     * of them), so that the batch then runs on the scratch table as on the heap.
     */
    private void loadSessionsOf(io.sabot.engine.internal.keys.KeyEncoder keys, LongColumn ts, int n) {
        batchStamp++;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (ts.isNull(i)) {
                continue;
            }
            int kid = keyId(keys, i);
            if (keyStamp[kid] == batchStamp) {
                continue;
            }
            keyStamp[kid] = batchStamp;
            for (int slot = keyHead[kid]; slot >= 0; slot = next[slot]) {
                if (count == loading.length) {
                    loading = Arrays.copyOf(loading, count * 2);
                }
                loading[count++] = slot;
            }
        }
        loadSlots(loading, count);
    }

    /**
     * With a backend, after a batch: writes every session of the scratch table back under its bounds now; one whose
     * bounds changed is removed under the old ones first, one merged into another is removed (one write batch each).
     */
    private void storeSessions() {
        int size = sessions.size();
        int[] moved = new int[size];
        int m = 0;
        for (int id = 0; id < size; id++) {
            int slot = slotOf[id];
            if (alive[slot]) {
                currentStarts[id] = starts[slot];
                currentEnds[id] = ends[slot];
                if (stored[id] && (storedStarts[id] != starts[slot] || storedEnds[id] != ends[slot])) {
                    moved[m++] = id;
                }
            } else { // merged into another: no rows left, removed under the bounds it is stored under
                currentStarts[id] = stored[id] ? storedStarts[id] : starts[slot];
                currentEnds[id] = stored[id] ? storedEnds[id] : ends[slot];
            }
        }
        backend.delete(sessions, moved, m, storedStarts, storedEnds, keyHashes);
        if (size > 0) {
            backend.storeSessions(sessions, currentStarts, currentEnds, keyHashes);
        } else {
            backend.close(); // nothing loaded to write back
        }
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

    private void pushClean(long key, int slot) {
        if (cleanSize == cleanKeys.length) {
            cleanKeys = Arrays.copyOf(cleanKeys, cleanSize * 2);
            cleanSlots = Arrays.copyOf(cleanSlots, cleanSize * 2);
        }
        int i = cleanSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (cleanKeys[parent] <= key) {
                break;
            }
            cleanKeys[i] = cleanKeys[parent];
            cleanSlots[i] = cleanSlots[parent];
            i = parent;
        }
        cleanKeys[i] = key;
        cleanSlots[i] = slot;
    }

    private void popClean() {
        long key = cleanKeys[--cleanSize];
        int slot = cleanSlots[cleanSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= cleanSize) {
                break;
            }
            if (child + 1 < cleanSize && cleanKeys[child + 1] < cleanKeys[child]) {
                child++;
            }
            if (cleanKeys[child] >= key) {
                break;
            }
            cleanKeys[i] = cleanKeys[child];
            cleanSlots[i] = cleanSlots[child];
            i = child;
        }
        cleanKeys[i] = key;
        cleanSlots[i] = slot;
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
            if (!alive[slot] || ends[slot] != end || fired[slot]) {
                continue; // superseded by an extension or a merge, or fired by a late update
            }
            if (updating) {
                // kept for late rows until the watermark passes its end plus the allowed lateness
                fired[slot] = true;
                pushClean(policy.retainUntil(end), slot);
            } else {
                alive[slot] = false;
                liveSessions--;
                unlink(slot);
            }
            if (count == firing.length) {
                firing = Arrays.copyOf(firing, count * 2);
            }
            firing[count++] = slot;
        }
        if (count > 0) {
            emit(count);
        }
        int released = 0;
        while (cleanSize > 0 && cleanKeys[0] <= watermark) {
            long key = cleanKeys[0];
            int slot = cleanSlots[0];
            popClean();
            if (alive[slot] && fired[slot] && policy.retainUntil(ends[slot]) == key) {
                alive[slot] = false;
                liveSessions--;
                unlink(slot);
                if (backend != null) {
                    if (released == loading.length) {
                        loading = Arrays.copyOf(loading, released * 2);
                    }
                    loading[released++] = slot;
                }
            }
        }
        if (released > 0) { // fired sessions past their allowed lateness leave the backend
            int batchSize = context.batchSize();
            for (int from = 0; from < released; from += batchSize) {
                int len = Math.min(batchSize, released - from);
                sessions.clear();
                for (int i = 0; i < len; i++) {
                    toScratch(loading[from + i], true);
                }
                backend.delete(sessions, all(len), len, storedStarts, storedEnds, keyHashes);
            }
        }
        if (backend != null && liveSessions == 0 && slotCount > 0) {
            slotCount = 0; // every session has fired: start the index afresh
            keyIds.clear();
            heapSize = 0;
            cleanSize = 0;
        }
        if (backend == null && liveSessions == 0 && sessions.size() > 0) {
            sessions.clear(); // every slot has fired (and is past its lateness): start the table afresh
            keyIds.clear();
            heapSize = 0;
            cleanSize = 0;
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
            if (backend != null) {
                loadSlots(chunk, len);
            }
            int[] ids = groupsOf(chunk, len);
            if (keys > 0) {
                aggregation.keys.decode(sessions.keys(), ids, len, aggregation.keyColumns);
                System.arraycopy(aggregation.keyColumns, 0, outColumns, 0, keys);
            }
            for (int a = 0; a < aggs; a++) {
                sessions.result(a, ids, len, aggregation.aggColumns[a]);
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
            if (backend != null && !updating) { // fired for good: out of the backend (update mode keeps it)
                backend.delete(sessions, ids, len, storedStarts, storedEnds, keyHashes);
            }
        }
    }

    /** {@code 0…n-1}. */
    private static int[] all(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
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

    @Override
    public boolean canUseBackend() {
        return true;
    }

    @Override
    public void useBackend(io.sabot.state.spi.KeyedStateBackend keyed) {
        backend = new AggBackend(snapshots(), aggregation, keyed);
    }

    /** The sessions held. */
    @Override
    public long stateEntries() {
        return liveSessions;
    }

    /** Every open session (alive slot) with its bounds, under its group key's key group; and the watermark. */
    @Override
    public void snapshotState(long checkpointId, io.sabot.engine.internal.checkpoint.OperatorStateWriter out) {
        if (backend != null) {
            backend.snapshot(out);
            out.addLong("watermark", watermark);
            return;
        }
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
        if (backend != null) {
            backend.restore(in);
            restoring = true;
            try { // the index of the restored sessions; their accumulators stay in the backend
                backend.scanGroups((keys, row, start, end) -> restoredSession(keys, row, start, end));
            } finally {
                restoring = false;
            }
            return;
        }
        snapshots().restore(in, new AggSnapshots.Groups() {
            @Override
            public AggState state(long start, long end) {
                return sessions;
            }

            @Override
            public int group(
                    AggState state, io.sabot.engine.internal.keys.KeyEncoder keys, int row, long start, long end) {
                return restoredSession(keys, row, start, end);
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

    /** Indexes a restored session (row {@code row} of the encoded keys, bounds {@code [start, end)}); its slot. */
    private int restoredSession(io.sabot.engine.internal.keys.KeyEncoder keys, int row, long start, long end) {
        int kid = keyId(keys, row);
        int slot = newSlot(kid, row);
        starts[slot] = start;
        ends[slot] = end;
        next[slot] = keyHead[kid];
        keyHead[kid] = slot;
        if (updating && end - 1 <= watermark) {
            // a fired session kept for late rows
            fired[slot] = true;
            pushClean(policy.retainUntil(end), slot);
        } else {
            push(end, slot);
        }
        return slot;
    }

    @Override
    public boolean dropsLateRows() {
        return true;
    }

    @Override
    public void close() {
        input.release();
        if (backend != null) {
            backend.close();
        }
    }
}
