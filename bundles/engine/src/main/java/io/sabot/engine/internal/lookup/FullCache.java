package io.sabot.engine.internal.lookup;

import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.errors.LookupErrors;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plugin.PluginException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A lookup join's full cache ({@code lookup.cache} = FULL): the whole dimension table in memory, indexed by key,
 * shared by the join's subtasks. The first subtask to open loads it (failing the job if the table cannot be read
 * after {@code lookup.max-retries}); then a daemon thread loads it again every {@code
 * lookup.full-cache.reload-interval} into a new index and swaps it in with one volatile write, so a batch always
 * reads one consistent version. A failed reload keeps the previous version, is counted ({@code
 * lookup-cache-load-failures}) and logged; the next interval tries again. The last subtask to close stops the thread
 * and releases the source.
 */
final class FullCache {

    private static final System.Logger LOG = System.getLogger(FullCache.class.getName());

    private final Dimension dimension;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile RowIndex current;
    private volatile Exception lastFailure;

    // guarded by this
    private int users;
    private ScheduledExecutorService reloader;
    private LookupSource source;
    private BufferAllocator allocator;

    FullCache(Dimension dimension) {
        this.dimension = dimension;
    }

    /** The current version of the table; valid until the caller's next batch. */
    RowIndex current() {
        return current;
    }

    long loads() {
        return loads.get();
    }

    long failures() {
        return failures.get();
    }

    /** Why the last reload failed, or null. */
    Exception lastFailure() {
        return lastFailure;
    }

    /**
     * A subtask opens: the first one loads the table and starts reloading.
     *
     * @param parent the job's allocator; the loader's source allocates from a child of it
     * @throws PluginException when the table cannot be loaded (the job fails, naming table and cause)
     */
    synchronized void acquire(BufferAllocator parent) throws Exception {
        if (users++ > 0) {
            return;
        }
        try {
            allocator = parent.newChildAllocator("lookup-full-cache " + dimension.table(), 0, Long.MAX_VALUE);
            source = dimension.newSource(allocator);
            source.open();
            current = loadWithRetries();
            loads.incrementAndGet();
            if (dimension.config().reloadInterval() != null) {
                long millis = Math.max(1, dimension.config().reloadInterval().toMillis());
                reloader = Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread t = new Thread(task, "lookup-full-cache " + dimension.table());
                    t.setDaemon(true);
                    return t;
                });
                reloader.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
            }
        } catch (Exception | Error e) {
            users--;
            stop();
            throw e;
        }
    }

    /** A subtask closes: the last one stops reloading and releases the source and its memory. */
    synchronized void release() throws Exception {
        if (--users == 0) {
            stop();
        }
    }

    private void stop() throws Exception {
        try {
            if (reloader != null) {
                reloader.shutdownNow();
                awaitLoader();
                reloader = null;
            }
        } finally {
            current = null;
            try {
                if (source != null) {
                    source.close();
                }
            } finally {
                source = null;
                if (allocator != null) {
                    allocator.close();
                    allocator = null;
                }
            }
        }
    }

    /**
     * Waits for a reload in progress to end, also on a cancelled task's interrupted thread: the source and its memory
     * must not be released under the loader.
     */
    private void awaitLoader() {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (!reloader.awaitTermination(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(
                                "the full-cache loader of table '" + dimension.table() + "' did not stop within 30 s");
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void reload() {
        try {
            RowIndex next = load();
            current = next;
            loads.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            failures.incrementAndGet();
            lastFailure = e;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "dimension table '" + dimension.table() + "': reloading the full lookup cache failed; lookups go"
                            + " on with the rows of the previous load: " + e,
                    e);
        }
    }

    private RowIndex loadWithRetries() throws Exception {
        int maxRetries = dimension.config().maxRetries();
        for (int attempt = 1; ; attempt++) {
            try {
                return load();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt > maxRetries || !LookupErrors.retriable(e)) {
                    String text = e.getMessage() == null ? e.toString() : e.getMessage();
                    throw new PluginException(
                            "dimension table '" + dimension.table() + "' (connector '" + dimension.connector()
                                    + "'): loading the table into the full lookup cache failed"
                                    + (attempt > 1 ? " after " + (attempt - 1) + " retries" : "") + ": " + text,
                            e,
                            false);
                }
                Thread.sleep(Math.min(1000L, 100L * attempt));
            }
        }
    }

    /** Reads the whole table and indexes it by key: rows grouped by key, NULL keys left out (they match nothing). */
    private RowIndex load() throws Exception {
        DataType[] keyTypes = dimension.keyTypes();
        DataType[] types = dimension.columnTypes();
        int[] keyColumns =
                dimension.keyColumns().stream().mapToInt(Integer::intValue).toArray();
        int[] columns = dimension.columns();
        int[] keyPositions = new int[keyTypes.length];
        for (int k = 0; k < keyPositions.length; k++) {
            keyPositions[k] = k;
        }
        KeyEncoder encoder = new KeyEncoder(keyPositions, keyTypes);
        Column[] keys = new Column[keyTypes.length];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = Physical.newColumn(keyTypes[k]);
        }
        Column[] batch = new Column[types.length];
        Column[] staged = new Column[types.length];
        for (int c = 0; c < types.length; c++) {
            batch[c] = Physical.newColumn(types[c]);
            staged[c] = Physical.newColumn(types[c]);
        }
        BytesKeyTable ids = new BytesKeyTable();
        int[][] state = {new int[1024], new int[1024]}; // key id per staged row; selection scratch
        int[] stagedRows = {0};
        source.loadAll(root -> {
            int n = root.getRowCount();
            if (n == 0) {
                return;
            }
            read(root, keyColumns, keyTypes, keys, n);
            read(root, columns, types, batch, n);
            encoder.encode(keys, n);
            if (state[1].length < n) {
                state[1] = new int[Math.max(n, state[1].length * 2)];
            }
            int[] sel = state[1];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (!encoder.anyNull[i]) {
                    sel[kept++] = i;
                }
            }
            if (state[0].length < stagedRows[0] + kept) {
                state[0] = Arrays.copyOf(state[0], Math.max(stagedRows[0] + kept, state[0].length * 2));
            }
            for (int j = 0; j < kept; j++) {
                int i = sel[j];
                state[0][stagedRows[0] + j] =
                        ids.findOrInsert(encoder.bytes, encoder.start(i), encoder.length(i), encoder.hashes[i]);
            }
            for (int c = 0; c < staged.length; c++) {
                staged[c].appendRows(batch[c], sel, kept);
            }
            stagedRows[0] += kept;
        });
        // counting sort of the staged rows by key id: each key's rows become one range
        int rows = stagedRows[0];
        int keyCount = ids.size();
        int[] starts = new int[keyCount + 1];
        for (int r = 0; r < rows; r++) {
            starts[state[0][r] + 1]++;
        }
        for (int k = 0; k < keyCount; k++) {
            starts[k + 1] += starts[k];
        }
        int[] fill = Arrays.copyOf(starts, keyCount);
        int[] order = new int[rows];
        for (int r = 0; r < rows; r++) {
            order[fill[state[0][r]]++] = r;
        }
        RowIndex index = new RowIndex(types);
        int first = index.appendRows(staged, order, rows);
        byte[] arena = ids.arena();
        for (int k = 0; k < keyCount; k++) {
            index.put(
                    arena,
                    ids.offset(k),
                    ids.length(k),
                    ids.hash(k),
                    first + starts[k],
                    starts[k + 1] - starts[k],
                    0,
                    0);
        }
        return index;
    }

    private static void read(VectorSchemaRoot root, int[] positions, DataType[] types, Column[] into, int n) {
        for (int c = 0; c < positions.length; c++) {
            ArrowColumns.read(root.getVector(positions[c]), types[c].kind(), into[c], n);
        }
    }
}
