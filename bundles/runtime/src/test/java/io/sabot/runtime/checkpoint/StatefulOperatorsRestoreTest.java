package io.sabot.runtime.checkpoint;

import static io.sabot.runtime.checkpoint.CheckpointRestoreTest.committedRows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.engine.Checkpoints;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * SESSION windows, window Top-N, window joins and DISTINCT aggregates over the nexmark generator, checkpointed, stopped abruptly
 * while their state is non-empty (the checkpoint the restore uses is checked to hold rows of the operator's state)
 * and restored, possibly at another parallelism: the committed output equals an undisturbed run's, row for row.
 */
public class StatefulOperatorsRestoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final String BID =
            """
            CREATE TABLE bid (
              auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
              dateTime TIMESTAMP(3), extra VARCHAR,
              WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
            ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '%1$d', 'first-event.rate' = '10000',
                    'max-emit-speed' = '%2$s', 'base-time' = '2024-01-01 00:00:00');
            """;

    private static final String SESSION_DDL = BID
            + """
            CREATE TABLE sessions (bidder BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), bids BIGINT,
                                   auctions BIGINT, top_price BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    private static final String SESSION_INSERT =
            """
            INSERT INTO sessions
            SELECT bidder, SESSION_START(dateTime, INTERVAL '0.2' SECOND), SESSION_END(dateTime, INTERVAL '0.2' SECOND),
                   COUNT(*), COUNT(DISTINCT auction), MAX(price)
            FROM bid
            GROUP BY bidder, SESSION(dateTime, INTERVAL '0.2' SECOND)
            """;

    private static final String TOP_N_DDL = BID
            + """
            CREATE TABLE top_bids (window_start TIMESTAMP(3), auction BIGINT, bidder BIGINT, price BIGINT, rn BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    /** The top 3 bids by price per 1 s window; ties that remain are identical rows, so the result is exact. */
    private static final String TOP_N_INSERT =
            """
            INSERT INTO top_bids
            SELECT window_start, auction, bidder, price, rn FROM (
              SELECT window_start, window_end, auction, bidder, price,
                ROW_NUMBER() OVER (PARTITION BY window_start, window_end
                                   ORDER BY price DESC, auction, bidder) AS rn
              FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            ) WHERE rn <= 3
            """;

    private static final String TOP_AUCTIONS_DDL = BID
            + """
            CREATE TABLE top_auctions (window_start TIMESTAMP(3), auction BIGINT, bids BIGINT, rn BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    /** The top 3 auctions by bid count per 1 s window (ties broken by auction): Top-N over a window aggregate. */
    private static final String TOP_AUCTIONS_INSERT =
            """
            INSERT INTO top_auctions
            SELECT window_start, auction, bids, rn FROM (
              SELECT window_start, window_end, auction, bids,
                ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bids DESC, auction) AS rn
              FROM (SELECT window_start, window_end, auction, COUNT(*) AS bids
                    FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
                    GROUP BY window_start, window_end, auction)
            ) WHERE rn <= 3
            """;

    private static final String DISTINCT_DDL = BID
            + """
            CREATE TABLE bidders (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, bidders BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    private static final String DISTINCT_INSERT =
            """
            INSERT INTO bidders
            SELECT auction, window_start, COUNT(*), COUNT(DISTINCT bidder)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY auction, window_start, window_end
            """;

    private static final String HOT_ITEMS_DDL = BID
            + """
            CREATE TABLE hot_items (auction BIGINT, num BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3))
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    /**
     * Nexmark q5 on HOP(1 s, 0.5 s): a window join of a window aggregate with a window aggregation over another's
     * windows. Insert-only, so it can go into the append-only file sink (as a regular join's changelog could not).
     */
    private static final String HOT_ITEMS_INSERT =
            """
            INSERT INTO hot_items
            SELECT AuctionBids.auction, AuctionBids.num, AuctionBids.starttime, AuctionBids.endtime
            FROM (
              SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime
              FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '0.5' SECOND, INTERVAL '1' SECOND))
              GROUP BY auction, window_start, window_end
            ) AS AuctionBids
            JOIN (
              SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
              FROM (
                SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime
                FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '0.5' SECOND, INTERVAL '1' SECOND))
                GROUP BY auction, window_start, window_end
              ) AS CountBids
              GROUP BY CountBids.starttime, CountBids.endtime
            ) AS MaxBids
            ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime
               AND AuctionBids.num >= MaxBids.maxn
            """;

    private StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory()))
                .build();
    }

    @Test
    public void sessionWindowWithCountDistinctRestores() throws Exception {
        stopAndRestore(SESSION_DDL, SESSION_INSERT, 1, 1, "sessions", "sessions_agg1_count_distinct");
    }

    @Test
    public void sessionWindowRestoresAtLowerParallelism() throws Exception {
        stopAndRestore(SESSION_DDL, SESSION_INSERT, 2, 1, "sessions", "sessions_agg1_count_distinct");
    }

    @Test
    public void windowTopNRestoresAtLowerParallelism() throws Exception {
        stopAndRestore(TOP_N_DDL, TOP_N_INSERT, 2, 1, "rows");
    }

    @Test
    public void windowTopNRestoresAtHigherParallelism() throws Exception {
        stopAndRestore(TOP_N_DDL, TOP_N_INSERT, 1, 2, "rows");
    }

    /** The Top-N's buffered rows in rocksdb, checkpointed and restored there at a lower parallelism. */
    @Test
    public void windowTopNRestoresOnRocksdb() throws Exception {
        stopAndRestoreOn("rocksdb", "rocksdb", TOP_N_DDL, TOP_N_INSERT, 2, 1, "rows");
    }

    /** A heap checkpoint of the Top-N restores into rocksdb (the same state files), at a higher parallelism. */
    @Test
    public void windowTopNCheckpointedOnTheHeapRestoresOnRocksdb() throws Exception {
        stopAndRestoreOn("memory", "rocksdb", TOP_N_DDL, TOP_N_INSERT, 1, 2, "rows");
    }

    /** And a rocksdb checkpoint of it restores on the heap. */
    @Test
    public void windowTopNCheckpointedOnRocksdbRestoresOnTheHeap() throws Exception {
        stopAndRestoreOn("rocksdb", "memory", TOP_N_DDL, TOP_N_INSERT, 2, 1, "rows");
    }

    /**
     * Top-N over a window aggregate: the aggregate's windows hold the state at a checkpoint (the Top-N receives a
     * window's rows and fires it on the same watermark, so its buffer is empty between batches).
     */
    @Test
    public void windowTopNOverAWindowAggregateRestores() throws Exception {
        stopAndRestore(TOP_AUCTIONS_DDL, TOP_AUCTIONS_INSERT, 2, 1, "windows");
    }

    /** Nexmark q5 (window join over window aggregates): restored at another parallelism, the same rows. */
    @Test
    public void hotItemsWindowJoinRestoresAtLowerParallelism() throws Exception {
        stopAndRestore(HOT_ITEMS_DDL, HOT_ITEMS_INSERT, 2, 1, "windows");
    }

    @Test
    public void windowCountDistinctRestores() throws Exception {
        stopAndRestore(DISTINCT_DDL, DISTINCT_INSERT, 2, 1, "windows", "windows_agg1_count_distinct");
    }

    /**
     * An unwindowed COUNT(DISTINCT …) (a changelog) restores its value sets: every group's last value after the
     * restore equals the undisturbed run's final value (without the sets, a bidder seen before the checkpoint would
     * be counted again), and groups restored from the checkpoint are updated.
     */
    @Test
    public void unwindowedCountDistinctRestores() throws Exception {
        String query = "SELECT auction, COUNT(*) AS bids, COUNT(DISTINCT bidder) AS bidders FROM bid GROUP BY auction";
        long events = 20_000;
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        Map<Long, List<Long>> expected = new HashMap<>();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(BID.formatted(events, "true"));
            try (QueryResult result = executor.executeStreamingSql(query)) {
                CheckpointRestoreTest.apply(result, expected, null);
            }
        }
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'bidders-per-auction';\n";
        Path jobDir = checkpoints.resolve("bidders-per-auction");
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(BID.formatted(events, "false") + settings);
            QueryResult result = executor.executeStreamingSql(query);
            Thread reader = new Thread(() -> CheckpointRestoreTest.apply(result, new HashMap<>(), null));
            reader.start();
            awaitState(jobDir, () -> true, "groups_agg1_count_distinct");
            result.cancel();
            result.awaitTermination();
            reader.join();
            result.close();
        }
        assertRestoredCheckpointHolds(jobDir, "groups", "groups_agg1_count_distinct");
        Map<Long, List<Long>> restored = new HashMap<>();
        int[] updatesOfRestoredGroups = new int[1];
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(
                    BID.formatted(events, "true") + settings + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(query)) {
                CheckpointRestoreTest.apply(result, restored, updatesOfRestoredGroups);
            }
        }
        assertTrue("the restored run updated groups it restored", updatesOfRestoredGroups[0] > 0);
        assertFalse(restored.isEmpty());
        for (var e : restored.entrySet()) {
            assertEquals("auction " + e.getKey(), expected.get(e.getKey()), e.getValue());
        }
    }

    private void stopAndRestore(String ddl, String insert, int before, int after, String... states) throws Exception {
        stopAndRestoreOn("memory", "memory", ddl, insert, before, after, states);
    }

    /** Runs on state backend {@code checkpointedOn}, stops, and restores on {@code restoredOn}. */
    private void stopAndRestoreOn(
            String checkpointedOn,
            String restoredOn,
            String ddl,
            String insert,
            int before,
            int after,
            String... states)
            throws Exception {
        long events = 40_000;
        Path expected = temp.newFolder("expected").toPath();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl.formatted(events, "true", expected.toUri()));
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        List<String> want = committedRows(expected);
        assertFalse(want.isEmpty());

        Path out = temp.newFolder("out").toPath();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n"
                + "SET 'pipeline.name' = 'stateful';\n";
        Path jobDir = checkpoints.resolve("stateful");
        try (StreamingSqlExecutor executor = executor(before)) {
            executor.executeDdl(ddl.formatted(events, "false", out.toUri())
                    + settings
                    + "SET 'state.backend.type' = '" + checkpointedOn + "';\n");
            QueryResult result = executor.executeStreamingSql(insert);
            awaitState(jobDir, () -> !committedRows(out).isEmpty(), states);
            result.cancel();
            result.awaitTermination();
            result.close();
        }
        List<String> partial = committedRows(out);
        assertTrue("the stopped run committed part of the output", partial.size() < want.size());
        assertRestoredCheckpointHolds(jobDir, states);

        try (StreamingSqlExecutor executor = executor(after)) {
            executor.executeDdl(ddl.formatted(events, "true", out.toUri())
                    + settings
                    + "SET 'state.backend.type' = '" + restoredOn + "';\n"
                    + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        assertEquals(want, committedRows(out));
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    /** Waits until the newest completed checkpoint holds rows of every state and {@code also} holds. */
    private static void awaitState(Path jobDir, Condition also, String... states) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!also.holds() || !newestHolds(jobDir, states)) {
            if (System.nanoTime() > deadline) {
                fail("no checkpoint with rows of " + List.of(states) + " (and committed output) within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** The checkpoint a restore will use holds rows of every state: the restore really has state to restore. */
    private static void assertRestoredCheckpointHolds(Path jobDir, String... states) throws IOException {
        Path chk = Checkpoints.latest(jobDir, s -> {}).orElseThrow();
        for (String state : states) {
            assertTrue(chk + " holds rows of state " + state, stateRows(chk, state) > 0);
        }
    }

    private static boolean newestHolds(Path jobDir, String... states) throws IOException {
        List<Long> done = Checkpoints.completed(jobDir);
        if (done.isEmpty()) {
            return false;
        }
        Path chk = jobDir.resolve("chk-" + done.get(0));
        for (String state : states) {
            if (stateRows(chk, state) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The rows of state {@code state} in a checkpoint, read from its Arrow files. */
    private static long stateRows(Path checkpoint, String state) throws IOException {
        long rows = 0;
        if (!Files.isDirectory(checkpoint)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(checkpoint)) {
            files = walk.filter(p -> p.toString().endsWith(".arrow"))
                    .filter(p -> p.getParent().getFileName().toString().equals(state))
                    .filter(p ->
                            p.getParent().getParent().getFileName().toString().equals("state"))
                    .toList();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a checkpoint being deleted (retention) while walked
        }
        try (RootAllocator allocator = new RootAllocator()) {
            for (Path f : files) {
                try (FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
                        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                    while (reader.loadNextBatch()) {
                        rows += reader.getVectorSchemaRoot().getRowCount();
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    return 0;
                }
            }
        }
        return rows;
    }
}
