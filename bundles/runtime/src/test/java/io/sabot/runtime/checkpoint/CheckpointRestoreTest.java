package io.sabot.runtime.checkpoint;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A windowed aggregation over the nexmark generator into the exactly-once filesystem sink, checkpointed, stopped
 * abruptly (cancelled: nothing committed at the stop, files left as they were) and restored from its latest
 * checkpoint, possibly at another parallelism: the committed output equals an undisturbed run's, row for row.
 */
public class CheckpointRestoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    static final String DDL =
            """
            CREATE TABLE bid (
              auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
              dateTime TIMESTAMP(3), extra VARCHAR,
              WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
            ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '%d', 'first-event.rate' = '10000',
                    'max-emit-speed' = '%s', 'base-time' = '2024-01-01 00:00:00');
            CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, top_price BIGINT,
                                 avg_price DOUBLE)
            WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
            """;

    static final String INSERT =
            """
            INSERT INTO counts
            SELECT auction, window_start, COUNT(*), MAX(price), AVG(price)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY auction, window_start, window_end
            """;

    private StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(new NexmarkSourceFactory(), new FileSystemTableFactory(), new CsvFormatFactory()))
                .build();
    }

    static final String JOIN_DDL =
            """
            CREATE TABLE bid (
              auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
              dateTime TIMESTAMP(3), extra VARCHAR
            ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '%1$d', 'first-event.rate' = '10000',
                    'max-emit-speed' = '%2$s', 'base-time' = '2024-01-01 00:00:00');
            CREATE TABLE auction (
              id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
              dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR
            ) WITH ('connector' = 'nexmark', 'table' = 'auction', 'events.num' = '%1$d', 'first-event.rate' = '10000',
                    'max-emit-speed' = '%2$s', 'base-time' = '2024-01-01 00:00:00');
            CREATE TABLE pairs (auction BIGINT, bidder BIGINT, price BIGINT, seller BIGINT, category BIGINT)
            WITH ('connector' = 'filesystem', 'path' = '%3$s', 'format' = 'csv');
            """;

    static final String JOIN_INSERT =
            """
            INSERT INTO pairs
            SELECT b.auction, b.bidder, b.price, a.seller, a.category
            FROM bid b JOIN auction a ON b.auction = a.id
            """;

    private String ddl = DDL;
    private String insert = INSERT;

    /** A regular join restores both sides' rows: every bid is paired with its auction exactly once. */
    @Test
    public void regularJoinRestoresBothSides() throws Exception {
        ddl = JOIN_DDL;
        insert = JOIN_INSERT;
        stopAndRestore(2, 1, false);
    }

    private void reference(Path out, long events) throws Exception {
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl.formatted(events, "true", out.toUri()));
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
    }

    @Test
    public void restoredRunCommitsExactlyTheUndisturbedOutput() throws Exception {
        stopAndRestore(1, 1, false);
    }

    @Test
    public void restoreAtAnotherParallelismGivesTheSameOutput() throws Exception {
        stopAndRestore(2, 1, false);
    }

    /** A bounded job with checkpoints commits everything at its end, through a final checkpoint. */
    @Test
    public void boundedJobWithCheckpointsCommitsEverything() throws Exception {
        Path expected = temp.newFolder("expected").toPath();
        reference(expected, 20_000);
        Path out = temp.newFolder("out").toPath();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(ddl.formatted(20_000, "true", out.toUri())
                    + "SET 'execution.checkpointing.interval' = '50 ms';\n"
                    + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n");
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        assertEquals(committedRows(expected), committedRows(out));
    }

    /**
     * An unwindowed aggregate (a changelog) restores its groups: after the restore, the first change of a group that
     * existed at the checkpoint is an update (-U/+U) of the restored value, and every group's last value equals the
     * undisturbed run's final value.
     */
    @Test
    public void unwindowedAggregateRestoresItsGroups() throws Exception {
        String query = "SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid GROUP BY auction";
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        Path unused = temp.newFolder("unused").toPath();
        java.util.Map<Long, List<Long>> expected = new java.util.HashMap<>();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl.formatted(20_000, "true", unused.toUri()));
            try (QueryResult result = executor.executeStreamingSql(query)) {
                apply(result, expected, null);
            }
        }
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'bids-per-auction';\n";
        Path jobDir = checkpoints.resolve("bids-per-auction");
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(ddl.formatted(20_000, "false", unused.toUri()) + settings);
            QueryResult result = executor.executeStreamingSql(query);
            Thread reader = new Thread(() -> apply(result, new java.util.HashMap<>(), null));
            reader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Checkpoints.completed(jobDir).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint within 30 s");
                }
                Thread.sleep(20);
            }
            Thread.sleep(300);
            result.cancel();
            result.awaitTermination();
            reader.join();
            result.close();
        }
        java.util.Map<Long, List<Long>> restored = new java.util.HashMap<>();
        int[] updatesOfRestoredGroups = new int[1];
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(ddl.formatted(20_000, "true", unused.toUri()) + settings
                    + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(query)) {
                apply(result, restored, updatesOfRestoredGroups);
            }
        }
        assertTrue("the restored run updated groups it restored", updatesOfRestoredGroups[0] > 0);
        assertFalse(restored.isEmpty());
        for (var e : restored.entrySet()) {
            assertEquals("auction " + e.getKey(), expected.get(e.getKey()), e.getValue());
        }
    }

    /**
     * Applies a changelog of (auction, bids, top) rows: the last +I/+U value per key. Counts -U rows of keys this run
     * never inserted (they come from restored state) into {@code foreignUpdates}.
     */
    static void apply(QueryResult result, java.util.Map<Long, List<Long>> table, int[] foreignUpdates) {
        for (org.apache.arrow.vector.VectorSchemaRoot batch : result) {
            var auction = (org.apache.arrow.vector.BigIntVector) batch.getVector(0);
            var bids = (org.apache.arrow.vector.BigIntVector) batch.getVector(1);
            var top = (org.apache.arrow.vector.BigIntVector) batch.getVector(2);
            var kinds = (org.apache.arrow.vector.TinyIntVector)
                    batch.getVector(batch.getFieldVectors().size() - 1);
            for (int i = 0; i < batch.getRowCount(); i++) {
                byte kind = kinds.get(i);
                long key = auction.get(i);
                if (kind == io.sabot.connector.spi.sink.RowKind.INSERT.code()
                        || kind == io.sabot.connector.spi.sink.RowKind.UPDATE_AFTER.code()) {
                    table.put(key, List.of(bids.get(i), top.get(i)));
                } else if (kind == io.sabot.connector.spi.sink.RowKind.UPDATE_BEFORE.code()
                        && foreignUpdates != null
                        && !table.containsKey(key)) {
                    foreignUpdates[0]++;
                }
            }
        }
    }

    /** A truncated state file in the newest checkpoint: named, and the previous retained checkpoint is used. */
    @Test
    public void damagedLatestCheckpointFallsBackToThePreviousOne() throws Exception {
        stopAndRestore(1, 2, true);
    }

    private void stopAndRestore(int before, int after, boolean corrupt) throws Exception {
        long events = 40_000;
        Path expected = temp.newFolder("expected").toPath();
        reference(expected, events);
        List<String> want = committedRows(expected);
        assertFalse(want.isEmpty());

        Path out = temp.newFolder("out").toPath();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n"
                + "SET 'state.checkpoints.num-retained' = '2';\n"
                + "SET 'pipeline.name' = 'bids-per-second';\n";
        Path jobDir = checkpoints.resolve("bids-per-second");
        try (StreamingSqlExecutor executor = executor(before)) {
            executor.executeDdl(ddl.formatted(events, "false", out.toUri()) + settings);
            QueryResult result = executor.executeStreamingSql(insert);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Checkpoints.completed(jobDir).size() < 1
                    || committedRows(out).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint completed with committed output within 30 s");
                }
                Thread.sleep(20);
            }
            result.cancel();
            result.awaitTermination();
            result.close();
        }
        List<String> partial = committedRows(out);
        assertTrue("the stopped run committed part of the output", partial.size() < want.size());

        List<String> notices = new ArrayList<>();
        if (corrupt) {
            long newest = Checkpoints.completed(jobDir).get(0);
            Path file;
            try (Stream<Path> files = Files.walk(jobDir.resolve("chk-" + newest))) {
                file = files.filter(p -> p.toString().endsWith(".arrow"))
                        .findFirst()
                        .orElseThrow();
            }
            Files.write(file, new byte[] {1, 2, 3});
            Checkpoints.latest(jobDir, notices::add);
            assertEquals(1, notices.size());
            assertTrue(notices.get(0), notices.get(0).contains(file.toString()));
            try {
                io.sabot.engine.internal.checkpoint.RestoredCheckpoint.open(jobDir.resolve("chk-" + newest));
                fail("a truncated state file must be refused");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains(file.toString()));
            }
        }
        try (StreamingSqlExecutor executor = executor(after)) {
            executor.executeDdl(ddl.formatted(events, "true", out.toUri()) + settings
                    + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        if (corrupt) {
            // Falling back past checkpoint N replays what N had already committed: nothing is lost, but N's
            // interval may be written twice (the newest checkpoint's own committables are not rolled back yet).
            List<String> got = new ArrayList<>(committedRows(out));
            for (String row : want) {
                assertTrue("lost row " + row, got.remove(row));
            }
        } else {
            assertEquals(want, committedRows(out));
        }
        assertTrue(
                Files.exists(Checkpoints.latest(jobDir, s -> {}).orElseThrow().resolve("_metadata.json")));
    }

    /** Every row of every visible (committed) file under {@code dir}, sorted. */
    static List<String> committedRows(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        rows.add(line);
                    }
                }
            }
        }
        Collections.sort(rows);
        return rows;
    }
}
