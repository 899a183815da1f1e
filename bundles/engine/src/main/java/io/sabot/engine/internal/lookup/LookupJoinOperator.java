package io.sabot.engine.internal.lookup;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Timer;
import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.connector.spi.lookup.LookupKeys;
import io.sabot.connector.spi.lookup.LookupResult;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.ColumnOps;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.errors.LookupErrors;
import io.sabot.engine.internal.exec.BatchOperator;
import io.sabot.engine.internal.exec.Collector;
import io.sabot.engine.internal.exec.OperatorContext;
import io.sabot.engine.internal.exec.StatelessOperator;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.expr.ColumnsInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.engine.internal.ops.Output;
import io.sabot.engine.internal.ops.PairCondition;
import io.sabot.errors.spi.Decision;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plan.DataType;
import io.sabot.plan.JoinKind;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lookup join: each input row joined with the rows its key has in the dimension table now. Per batch, columnar:
 *
 * <ol>
 *   <li>the probe keys of all rows are encoded at once; a row with a NULL key matches nothing;
 *   <li>with a full cache every key is found in the current version of the table; otherwise the batch's distinct keys
 *       are looked up in the partial cache, and the ones it lacks go to the source in <em>one</em> call ({@link
 *       LookupSource#lookup}) as Arrow vectors, whose answer (rows as vectors, a key per row) is stored by key;
 *   <li>candidate pairs (probe row, dimension row) are collected, the extra condition evaluated over all of them in
 *       one vectorised call, and the output gathered column by column, LEFT rows without a match padded with NULLs.
 * </ol>
 *
 * <p>A call that fails is made again up to {@code lookup.max-retries} times (when the failure is retriable); then the
 * keys are looked up one by one to find the failing ones, and each goes to the dimension table's error handlers
 * ({@link LookupErrors}): retry it, skip or dead-letter its probe rows, or fail the job naming table and key. Rows
 * pass with their row kind. Nothing is checkpointed: the cache is rebuilt after a restore.
 */
public final class LookupJoinOperator implements BatchOperator, StatelessOperator {

    private static final int DROPPED = -2;

    private final LookupJoin join;
    private final Dimension dimension;
    private final boolean changelog;
    private final boolean left;
    private final LookupErrors lookupErrors;
    private final ExpressionErrors conditionErrors;
    private final String operatorId;
    private final RowType inputType;
    private final int inputWidth;
    private final int[] inputKeys;
    private final DataType[] keyTypes;
    /** Per key: the dimension type's range when the probe type is a wider integer, else null. */
    private final long[][] keyRanges;

    private final BatchInput in;
    private final KeyEncoder probe;
    private final PairCondition condition;
    private final Output out;
    private final Column[] outColumns;
    private final Column[] pairColumns;
    private final ColumnsInput pairInput = new ColumnsInput();
    private final Column[] fetched;

    private OperatorContext context;
    private Collector output;
    private FullCache full;
    private PartialCache partial;
    private RowIndex scratch;
    private LookupSource source;
    private BufferAllocator allocator;
    private VectorSchemaRoot keyRoot;
    private VectorSchemaRoot singleKeyRoot;
    private VectorSchemaRoot resultRoot;
    private LookupResult result;

    private Counter lookups = new Counter();
    private Counter hits = new Counter();
    private Counter misses = new Counter();
    private Timer latency = JobMetricGroup.timer();
    private Counter retries = new Counter();
    private Counter skipped = new Counter();
    private Counter deadLettered = new Counter();

    // per batch scratch, grown as needed
    private final BytesKeyTable batchKeys = new BytesKeyTable();
    private int[] rowKey = new int[0];
    private int[] rowEntry = new int[0];
    private int[] rep = new int[64];
    private int[] rowsOfKey = new int[64];
    private int[] entry = new int[64];
    private int[] fetch = new int[64];
    private int[] keySel = new int[64];
    private int[] matchKey = new int[64];
    private int[] matchRow = new int[64];
    private int[] keyStart = new int[65];
    private int[] order = new int[64];
    private int[] pairRow = new int[64];
    private int[] pairOther = new int[64];
    private int[] pairStart = new int[0];
    private int[] outRow = new int[64];
    private int[] outOther = new int[64];
    private byte[] outKinds = new byte[64];

    /**
     * @param dimension the join's dimension table (shared by its subtasks)
     * @param changelog whether the input carries row kinds
     * @param conditionErrors where pairs the extra condition fails on go
     * @param lookupErrors where keys whose lookup keeps failing go
     * @param operatorId the operator's id, for metrics
     */
    public LookupJoinOperator(
            LookupJoin join,
            Dimension dimension,
            boolean changelog,
            ExpressionErrors conditionErrors,
            LookupErrors lookupErrors,
            String operatorId) {
        this.join = join;
        this.dimension = dimension;
        this.changelog = changelog;
        this.left = join.kind() == JoinKind.LEFT;
        this.lookupErrors = lookupErrors;
        this.conditionErrors = conditionErrors;
        this.operatorId = operatorId;
        this.inputType = join.input().rowType();
        this.inputWidth = inputType.size();
        this.inputKeys = join.inputKeys().stream().mapToInt(Integer::intValue).toArray();
        RowType physical = join.table().physicalType();
        DataType[] probeTypes = new DataType[inputKeys.length];
        this.keyTypes = new DataType[inputKeys.length];
        this.keyRanges = new long[inputKeys.length][];
        for (int k = 0; k < inputKeys.length; k++) {
            probeTypes[k] = inputType.type(inputKeys[k]);
            keyTypes[k] = physical.type(join.tableKeys().get(k));
            if (Physical.of(probeTypes[k]) != Physical.of(keyTypes[k])
                    || (probeTypes[k].kind() == TypeKind.DECIMAL && probeTypes[k].scale() != keyTypes[k].scale())) {
                throw new IllegalArgumentException("lookup key " + k + " compares " + probeTypes[k] + " with "
                        + keyTypes[k] + " of table '" + join.table().name() + "'; the planner must cast them");
            }
            keyRanges[k] = narrowing(probeTypes[k].kind(), keyTypes[k].kind());
        }
        this.in = new BatchInput(inputType);
        this.probe = new KeyEncoder(inputKeys, probeTypes);
        this.condition =
                join.condition() == null ? null : new PairCondition(join.condition(), join.rowType(), conditionErrors);
        this.out = new Output(join.rowType(), changelog);
        int width = join.rowType().size();
        this.outColumns = new Column[width];
        this.pairColumns = new Column[width];
        for (int c = 0; c < width; c++) {
            outColumns[c] = Physical.newColumn(join.rowType().type(c));
            pairColumns[c] = Physical.newColumn(join.rowType().type(c));
        }
        DataType[] types = dimension.columnTypes();
        this.fetched = new Column[types.length];
        for (int c = 0; c < types.length; c++) {
            fetched[c] = Physical.newColumn(types[c]);
        }
    }

    /** {@code [min, max]} of the dimension's integer type when the probe's is wider (other values cannot match). */
    private static long[] narrowing(TypeKind probe, TypeKind dimension) {
        int from = integerWidth(probe);
        int to = integerWidth(dimension);
        if (from == 0 || to == 0 || to >= from) {
            return null;
        }
        return new long[] {-(1L << (to - 1)), (1L << (to - 1)) - 1};
    }

    private static int integerWidth(TypeKind kind) {
        return switch (kind) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case INTEGER -> 32;
            case BIGINT -> 64;
            default -> 0;
        };
    }

    @Override
    public void open(OperatorContext context, Collector output) throws Exception {
        this.context = context;
        this.output = output;
        var metrics = context.metrics();
        lookups = metrics.register(operatorId, StandardMetric.LOOKUPS, new Counter());
        hits = metrics.register(operatorId, StandardMetric.LOOKUP_CACHE_HITS, new Counter());
        misses = metrics.register(operatorId, StandardMetric.LOOKUP_CACHE_MISSES, new Counter());
        latency = metrics.register(operatorId, StandardMetric.LOOKUP_LATENCY, JobMetricGroup.timer());
        if (lookupErrors.handles() || conditionErrors.handles()) {
            skipped = metrics.register(operatorId, StandardMetric.RECORDS_SKIPPED, new Counter());
            deadLettered = metrics.register(operatorId, StandardMetric.RECORDS_DEAD_LETTERED, new Counter());
            retries = metrics.register(operatorId, StandardMetric.RETRIES, new Counter());
        }
        if (condition != null) {
            condition.open(context, skipped, deadLettered);
        }
        if (dimension.cache() == LookupCache.FULL) {
            FullCache cache = dimension.full();
            metrics.register(operatorId, StandardMetric.LOOKUP_CACHE_LOADS, (Gauge<Long>) cache::loads);
            metrics.register(operatorId, StandardMetric.LOOKUP_CACHE_LOAD_FAILURES, (Gauge<Long>) cache::failures);
            cache.acquire(context.allocator());
            full = cache; // acquired: close releases it
            return;
        }
        if (dimension.cache() == LookupCache.PARTIAL) {
            partial = new PartialCache(dimension.config(), dimension.columnTypes());
        } else {
            scratch = new RowIndex(dimension.columnTypes());
        }
        allocator = context.allocator()
                .newChildAllocator(
                        "lookup " + dimension.table() + " " + operatorId + "-" + context.subtask(), 0, Long.MAX_VALUE);
        List<Field> keyFields = new ArrayList<>();
        RowType physical = join.table().physicalType();
        for (int k = 0; k < keyTypes.length; k++) {
            keyFields.add(keyTypes[k].toArrowField(
                    physical.column(join.tableKeys().get(k)).name()));
        }
        keyRoot = VectorSchemaRoot.create(new Schema(keyFields), allocator);
        singleKeyRoot = VectorSchemaRoot.create(new Schema(keyFields), allocator);
        resultRoot = VectorSchemaRoot.create(physical.toArrowSchema(), allocator);
        result = new LookupResult(resultRoot);
        source = dimension.newSource(allocator);
        source.open();
    }

    @Override
    public void processBatch(int input, VectorSchemaRoot batch) throws Exception {
        try {
            if (batch.getRowCount() > 0) {
                process(batch);
            }
        } finally {
            in.release();
            batch.close();
        }
    }

    private void process(VectorSchemaRoot batch) throws Exception {
        int n = batch.getRowCount();
        in.reset(batch);
        probe.encode(in);
        excludeOutOfRange(n);
        TinyIntVector kinds = Batches.rowKinds(batch, changelog);
        if (rowEntry.length < n) {
            rowEntry = new int[Math.max(n, rowEntry.length * 2)];
            rowKey = new int[rowEntry.length];
        }
        RowIndex index = full != null ? fromFullCache(n) : lookUp(n);

        // candidate pairs, grouped by probe row
        if (pairStart.length < n + 1) {
            pairStart = new int[Math.max(n + 1, pairStart.length * 2)];
        }
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            pairStart[i] = pairs;
            int id = rowEntry[i];
            if (id < 0) {
                continue;
            }
            int first = index.start(id);
            int count = index.count(id);
            if (pairs + count > pairRow.length) {
                pairRow = Arrays.copyOf(pairRow, Math.max(pairs + count, pairRow.length * 2));
                pairOther = Arrays.copyOf(pairOther, pairRow.length);
            }
            for (int r = 0; r < count; r++) {
                pairRow[pairs] = i;
                pairOther[pairs++] = first + r;
            }
        }
        pairStart[n] = pairs;
        if (condition != null && pairs > 0) {
            pairs = filterPairs(index, n, pairs);
        }

        // output rows: the pairs, and for LEFT a padded row per probe row without one
        int outCount = 0;
        int capacity = left ? pairs + n : pairs;
        if (outRow.length < capacity) {
            int size = Math.max(capacity, outRow.length * 2);
            outRow = new int[size];
            outOther = new int[size];
            outKinds = new byte[size];
        }
        for (int i = 0; i < n; i++) {
            if (rowEntry[i] == DROPPED) {
                continue; // set aside by the error handlers
            }
            int from = pairStart[i];
            int to = pairStart[i + 1];
            byte kind = kinds == null ? 0 : kinds.get(i);
            for (int p = from; p < to; p++) {
                outRow[outCount] = i;
                outOther[outCount] = pairOther[p];
                outKinds[outCount++] = kind;
            }
            if (from == to && left) {
                outRow[outCount] = i;
                outOther[outCount] = -1;
                outKinds[outCount++] = kind;
            }
        }
        emit(index, outCount);
        if (partial != null) {
            partial.endBatch();
        }
    }

    /** Marks rows whose key cannot exist in the dimension's narrower integer column as matching nothing. */
    private void excludeOutOfRange(int n) {
        for (int k = 0; k < keyRanges.length; k++) {
            long[] range = keyRanges[k];
            if (range == null) {
                continue;
            }
            long[] values = ((LongColumn) in.column(inputKeys[k])).values;
            for (int i = 0; i < n; i++) {
                if (values[i] < range[0] || values[i] > range[1]) {
                    probe.anyNull[i] = true;
                }
            }
        }
    }

    private RowIndex fromFullCache(int n) {
        RowIndex index = full.current();
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (probe.anyNull[i]) {
                rowEntry[i] = -1;
            } else {
                rowEntry[i] = index.find(probe.bytes, probe.start(i), probe.length(i), probe.hashes[i]);
                found++;
            }
        }
        hits.inc(found);
        return index;
    }

    /** Resolves the batch's keys through the partial cache (or none) and the source; fills {@link #rowEntry}. */
    private RowIndex lookUp(int n) throws Exception {
        batchKeys.clear();
        for (int i = 0; i < n; i++) {
            if (probe.anyNull[i]) {
                rowKey[i] = -1;
                continue;
            }
            int before = batchKeys.size();
            int d = batchKeys.findOrInsert(probe.bytes, probe.start(i), probe.length(i), probe.hashes[i]);
            if (d == before) {
                if (d == rep.length) {
                    int size = d * 2;
                    rep = Arrays.copyOf(rep, size);
                    rowsOfKey = Arrays.copyOf(rowsOfKey, size);
                    entry = Arrays.copyOf(entry, size);
                    fetch = Arrays.copyOf(fetch, size);
                }
                rep[d] = i;
                rowsOfKey[d] = 0;
            }
            rowsOfKey[d]++;
            rowKey[i] = d;
        }
        int keys = batchKeys.size();
        RowIndex index;
        long now = 0;
        int toFetch = 0;
        byte[] arena = batchKeys.arena();
        if (partial != null) {
            index = partial.store();
            now = dimension.config().expires() ? System.nanoTime() : 0;
            long hitRows = 0;
            for (int d = 0; d < keys; d++) {
                int id = partial.get(arena, batchKeys.offset(d), batchKeys.length(d), batchKeys.hash(d), now);
                entry[d] = id;
                if (id >= 0) {
                    hitRows += rowsOfKey[d];
                } else {
                    fetch[toFetch++] = d;
                }
            }
            hits.inc(hitRows);
        } else {
            index = scratch;
            index.clear();
            for (int d = 0; d < keys; d++) {
                entry[d] = -1;
                fetch[toFetch++] = d;
            }
        }
        if (toFetch > 0) {
            long missRows = 0;
            for (int j = 0; j < toFetch; j++) {
                missRows += rowsOfKey[fetch[j]];
            }
            misses.inc(missRows);
            fetchAndStore(toFetch, index, now);
        }
        for (int i = 0; i < n; i++) {
            int d = rowKey[i];
            rowEntry[i] = d < 0 ? -1 : entry[d];
        }
        return index;
    }

    /** Looks up the keys {@code fetch[0…count)} in one call and stores their rows in {@code index} by key. */
    private void fetchAndStore(int count, RowIndex index, long now) throws Exception {
        writeKeys(keyRoot, 0, count);
        result.clear();
        int matches;
        Failed failed = call(keyRoot, count, false);
        if (failed == null) {
            matches = result.matchCount();
            ensureMatches(matches);
            for (int m = 0; m < matches; m++) {
                matchKey[m] = checkKey(result.key(m), count);
                matchRow[m] = result.row(m);
            }
        } else {
            matches = keyByKey(count, failed);
        }
        int rows = resultRoot.getRowCount();
        for (int m = 0; m < matches; m++) {
            if (matchRow[m] >= rows) {
                throw new IllegalStateException("the lookup source of connector '" + dimension.connector()
                        + "' matched row " + matchRow[m] + " of " + rows);
            }
        }
        int[] columns = dimension.columns();
        DataType[] types = dimension.columnTypes();
        for (int c = 0; c < columns.length; c++) {
            ArrowColumns.read(resultRoot.getVector(columns[c]), types[c].kind(), fetched[c], rows);
        }
        // matches grouped by key (counting sort), so that each key's rows become one range of the index
        if (keyStart.length < count + 1) {
            keyStart = new int[Math.max(count + 1, keyStart.length * 2)];
        }
        Arrays.fill(keyStart, 0, count + 1, 0);
        for (int m = 0; m < matches; m++) {
            keyStart[matchKey[m] + 1]++;
        }
        for (int j = 0; j < count; j++) {
            keyStart[j + 1] += keyStart[j];
        }
        if (order.length < matches) {
            order = new int[Math.max(matches, order.length * 2)];
        }
        int[] fill = Arrays.copyOf(keyStart, count);
        for (int m = 0; m < matches; m++) {
            order[fill[matchKey[m]]++] = matchRow[m];
        }
        int first = index.appendRows(fetched, order, matches);
        boolean cacheEmpty = partial == null || dimension.config().cacheMissingKey();
        byte[] arena = batchKeys.arena();
        for (int j = 0; j < count; j++) {
            int d = fetch[j];
            if (entry[d] == DROPPED) {
                continue;
            }
            int rowCount = keyStart[j + 1] - keyStart[j];
            if (rowCount == 0 && !cacheEmpty) {
                entry[d] = -1;
                continue;
            }
            int off = batchKeys.offset(d);
            int len = batchKeys.length(d);
            int hash = batchKeys.hash(d);
            entry[d] = partial != null
                    ? partial.put(arena, off, len, hash, first + keyStart[j], rowCount, now)
                    : index.put(arena, off, len, hash, first + keyStart[j], rowCount, now, now);
        }
        result.clear();
    }

    private int checkKey(int key, int count) {
        if (key >= count) {
            throw new IllegalStateException("the lookup source of connector '" + dimension.connector()
                    + "' matched key " + key + " of a call with " + count + " keys");
        }
        return key;
    }

    /** The probe key columns of {@code fetch[from…from+count)}'s rows, as the dimension's key vectors. */
    private void writeKeys(VectorSchemaRoot root, int from, int count) {
        if (keySel.length < count) {
            keySel = new int[Math.max(count, keySel.length * 2)];
        }
        for (int j = 0; j < count; j++) {
            keySel[j] = rep[fetch[from + j]];
        }
        for (int k = 0; k < inputKeys.length; k++) {
            ArrowColumns.write(in.column(inputKeys[k]), keyTypes[k], root.getVector(k), keySel, count);
        }
        root.setRowCount(count);
    }

    /** A call that failed for good: its last exception and how many attempts were made. */
    private record Failed(Exception error, int attempts) {}

    /**
     * Calls the source with {@code count} keys of {@code root}, again after a retriable failure up to {@code
     * lookup.max-retries} times ({@code once}: a single attempt); what a failed attempt added to the result is
     * discarded. Returns null on success.
     */
    private Failed call(VectorSchemaRoot root, int count, boolean once) throws Exception {
        int maxRetries = once ? 0 : dimension.config().maxRetries();
        LookupKeys keys = LookupKeys.of(root.getFieldVectors(), count);
        for (int attempt = 1; ; attempt++) {
            int matchesBefore = result.matchCount();
            int rowsBefore = resultRoot.getRowCount();
            long start = System.nanoTime();
            try {
                lookups.inc(count);
                source.lookup(keys, result);
                latency.update(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                latency.update(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                result.truncate(matchesBefore, rowsBefore);
                if (Thread.currentThread().isInterrupted()) {
                    throw e; // the task is stopping: not a failure of the store
                }
                if (attempt > maxRetries || !LookupErrors.retriable(e)) {
                    return new Failed(e, attempt);
                }
                countRetry();
                sleep(Duration.ofMillis(Math.min(1000L, 100L * attempt)));
            }
        }
    }

    /**
     * The batch call failed for good: looks each key up alone, so the keys that work are joined and each failing one
     * goes to the error handlers. Returns the matches collected in {@link #matchKey}/{@link #matchRow}.
     */
    private int keyByKey(int count, Failed batchFailure) throws Exception {
        result.clear();
        int matches = 0;
        for (int j = 0; j < count; j++) {
            int d = fetch[j];
            writeKeys(singleKeyRoot, j, 1);
            Failed failed = count == 1 ? batchFailure : call(singleKeyRoot, 1, true);
            int attempt = batchFailure.attempts() + (count == 1 ? 0 : failed == null ? 0 : 1);
            while (failed != null) {
                String key = keyText(rep[d]);
                Decision decision = lookupErrors.keyFailed(
                        context.subtask(),
                        key,
                        attempt,
                        failed.error(),
                        inputType,
                        LookupErrors.rowValues(inputType, rowColumns(), rep[d]));
                if (decision.kind() == Decision.Kind.RETRY) {
                    countRetry();
                    sleep(decision.retryDelay().orElse(Duration.ZERO));
                    failed = call(singleKeyRoot, 1, true);
                    attempt++;
                    continue;
                }
                setAside(d, key, attempt, failed.error(), decision);
                break;
            }
            if (failed == null) {
                int total = result.matchCount();
                ensureMatches(total);
                for (int m = matches; m < total; m++) {
                    checkKey(result.key(m), 1);
                    matchKey[m] = j;
                    matchRow[m] = result.row(m);
                }
                matches = total;
            }
        }
        return matches;
    }

    /** Every probe row of key {@code d} goes to the handlers' decision (skip or dead letter); the key is dropped. */
    private void setAside(int d, String key, int attempt, Exception error, Decision decision) {
        entry[d] = DROPPED;
        Column[] columns = rowColumns();
        int n = in.rowCount();
        for (int i = 0; i < n; i++) {
            if (rowKey[i] == d) {
                Decision.Kind kind = lookupErrors.setAside(
                        context.subtask(),
                        key,
                        attempt,
                        error,
                        LookupErrors.rowValues(inputType, columns, i),
                        decision);
                (kind == Decision.Kind.SKIP ? skipped : deadLettered).inc();
            }
        }
    }

    private Column[] rowColumns() {
        Column[] columns = new Column[inputWidth];
        for (int c = 0; c < inputWidth; c++) {
            columns[c] = in.column(c);
        }
        return columns;
    }

    /** {@code {product_id=42}}: the dimension's key columns with the probe row's values. */
    private String keyText(int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        RowType physical = join.table().physicalType();
        for (int k = 0; k < inputKeys.length; k++) {
            values.put(
                    physical.column(join.tableKeys().get(k)).name(),
                    ColumnOps.value(
                            in.column(inputKeys[k]),
                            inputType.type(inputKeys[k]).kind(),
                            row));
        }
        return values.toString();
    }

    private void countRetry() {
        retries.inc();
        context.counters().retries.increment();
    }

    private static void sleep(Duration delay) throws InterruptedException {
        long nanos = delay.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } else if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the task is stopping");
        }
    }

    private void ensureMatches(int n) {
        if (matchKey.length < n) {
            int size = Math.max(n, matchKey.length * 2);
            matchKey = Arrays.copyOf(matchKey, size);
            matchRow = Arrays.copyOf(matchRow, size);
        }
    }

    /** Keeps the pairs passing the extra condition; returns how many remain ({@link #pairStart} updated). */
    private int filterPairs(RowIndex index, int n, int pairs) {
        for (int c = 0; c < inputWidth; c++) {
            ColumnOps.gather(in.column(c), pairRow, pairs, pairColumns[c]);
        }
        for (int c = 0; c < index.rows.length; c++) {
            ColumnOps.gather(index.rows[c], pairOther, pairs, pairColumns[inputWidth + c]);
        }
        pairInput.reset(pairColumns, pairs);
        BoolColumn keep = condition.evaluate(pairInput, pairColumns, pairs);
        return PairCondition.compact(keep, pairRow, pairOther, pairStart, n, pairs);
    }

    private void emit(RowIndex index, int outCount) throws Exception {
        int batchSize = context.batchSize();
        for (int from = 0; from < outCount; from += batchSize) {
            int len = Math.min(batchSize, outCount - from);
            int[] rows = from == 0 ? outRow : Arrays.copyOfRange(outRow, from, from + len);
            int[] others = from == 0 ? outOther : Arrays.copyOfRange(outOther, from, from + len);
            byte[] kinds = from == 0 ? outKinds : Arrays.copyOfRange(outKinds, from, from + len);
            for (int c = 0; c < inputWidth; c++) {
                ColumnOps.gather(in.column(c), rows, len, outColumns[c]);
            }
            for (int c = 0; c < index.rows.length; c++) {
                ColumnOps.gatherOrNull(index.rows[c], others, len, outColumns[inputWidth + c]);
            }
            output.emit(out.build(context.allocator(), outColumns, null, len, changelog ? kinds : null));
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    @Override
    public void close() throws Exception {
        in.release();
        Exception error = null;
        try {
            if (full != null) {
                full = null;
                dimension.full().release();
            }
        } catch (Exception e) {
            error = e;
        }
        try {
            if (source != null) {
                source.close();
            }
        } catch (Exception e) {
            error = error == null ? e : error;
        } finally {
            source = null;
            for (VectorSchemaRoot root : new VectorSchemaRoot[] {keyRoot, singleKeyRoot, resultRoot}) {
                if (root != null) {
                    root.close();
                }
            }
            keyRoot = null;
            singleKeyRoot = null;
            resultRoot = null;
            if (allocator != null) {
                allocator.close();
                allocator = null;
            }
        }
        if (error != null) {
            throw error;
        }
    }
}
