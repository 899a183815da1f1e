package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Stopping Nexmark q5 / q7 / window Top-N jobs over the unbounded nexmark generator, by cancelling the job or by
 * closing the executor, at different moments of their run: the job ends CANCELED, reports no leak, and every
 * allocator (the job's, the results', the root) is back to zero. Regression test for "Memory was leaked by query"
 * when closing an executor whose jobs still ran.
 */
@RunWith(Parameterized.class)
public class CancelReleasesEveryByteTest {

    /** Unbounded: no events.num. */
    static final String BID = "CREATE TABLE bid (\n"
            + "  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,\n"
            + "  dateTime TIMESTAMP(3), extra VARCHAR,\n"
            + "  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND\n"
            + ") WITH ('connector' = 'nexmark', 'table' = 'bid', 'first-event.rate' = '10000',\n"
            + "  'max-emit-speed' = 'true', 'base-time' = '2024-01-01 00:00:00')";

    static final String Q5 = "SELECT AuctionBids.auction, AuctionBids.num, AuctionBids.starttime, AuctionBids.endtime\n"
            + "FROM (\n"
            + "  SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime\n"
            + "  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))\n"
            + "  GROUP BY auction, window_start, window_end\n"
            + ") AS AuctionBids\n"
            + "JOIN (\n"
            + "  SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime\n"
            + "  FROM (\n"
            + "    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime\n"
            + "    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))\n"
            + "    GROUP BY auction, window_start, window_end\n"
            + "  ) AS CountBids\n"
            + "  GROUP BY CountBids.starttime, CountBids.endtime\n"
            + ") AS MaxBids\n"
            + "ON AuctionBids.starttime = MaxBids.starttime\n"
            + "   AND AuctionBids.endtime = MaxBids.endtime\n"
            + "   AND AuctionBids.num >= MaxBids.maxn";

    static final String Q7 = "SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra\n"
            + "FROM bid B\n"
            + "JOIN (\n"
            + "  SELECT MAX(B1.price) AS maxprice, TUMBLE_ROWTIME(B1.dateTime, INTERVAL '10' SECOND) AS dateTime\n"
            + "  FROM bid B1\n"
            + "  GROUP BY TUMBLE(B1.dateTime, INTERVAL '10' SECOND)\n"
            + ") B1\n"
            + "ON B.price = B1.maxprice\n"
            + "WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime";

    static final String TOP_N = "SELECT * FROM (\n"
            + "  SELECT window_start, window_end, auction, num,\n"
            + "    ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY num DESC) AS rn\n"
            + "  FROM (SELECT window_start, window_end, auction, COUNT(*) AS num\n"
            + "    FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND))\n"
            + "    GROUP BY window_start, window_end, auction)\n"
            + ") WHERE rn <= 3";

    /**
     * Moments to stop at, in milliseconds after the start: at once, mid-start-up, and in full flow; {@code
     * -Dsabot.cancel.rounds=N} goes through them N times (to hunt a race).
     */
    static final long[] DELAYS =
            delays(new long[] {0, 3, 20, 80, 250, 600}, Integer.getInteger("sabot.cancel.rounds", 1));

    private static long[] delays(long[] moments, int rounds) {
        long[] all = new long[moments.length * rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < moments.length; i++) {
                all[r * moments.length + i] = moments[i] + r; // shifted a little each round
            }
        }
        return all;
    }

    private static Path out;

    @BeforeClass
    public static void directory() throws Exception {
        out = Files.createTempDirectory("sabot-cancel");
    }

    @AfterClass
    public static void removeDirectory() throws Exception {
        try (var files = Files.walk(out)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Parameters(name = "{0} p={1}")
    public static Collection<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (String query : List.of("q5", "q7", "topN")) {
            for (int p : new int[] {1, 2}) {
                cases.add(new Object[] {query, p});
            }
        }
        return cases;
    }

    private final String name;
    private final int parallelism;

    public CancelReleasesEveryByteTest(String name, int parallelism) {
        this.name = name;
        this.parallelism = parallelism;
    }

    private String select() {
        return switch (name) {
            case "q5" -> Q5;
            case "q7" -> Q7;
            default -> TOP_N;
        };
    }

    private SqlExecutor executor() {
        return (SqlExecutor) StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new BlackholeSinkFactory()))
                .build();
    }

    @Test
    public void cancellingASelectReleasesEverything() throws Exception {
        for (int i = 0; i < DELAYS.length; i++) {
            long delay = DELAYS[i];
            SqlExecutor executor = executor();
            BufferAllocator root = executor.allocator();
            executor.executeDdl(BID);
            QueryResult result = executor.executeStreamingSql(select());
            // Half the runs consume the results, half leave them to back up.
            Thread reader = i % 2 == 0 ? consume(result) : null;
            Thread.sleep(delay);
            result.cancel();
            assertCanceled(result, delay);
            if (reader != null) {
                reader.join(10_000);
                assertTrue("the reader did not end", !reader.isAlive());
            }
            result.close();
            executor.close();
            assertEquals("bytes left in the root allocator at " + delay + " ms", 0, root.getAllocatedMemory());
            assertTrue(
                    "child allocators left: " + root.getChildAllocators(),
                    root.getChildAllocators().isEmpty());
        }
    }

    @Test
    public void closingTheExecutorWhileSelectAndInsertRunReleasesEverything() throws Exception {
        for (int i = 0; i < DELAYS.length; i++) {
            long delay = DELAYS[i];
            SqlExecutor executor = executor();
            BufferAllocator root = executor.allocator();
            executor.executeDdl(BID);
            Path dir = Files.createTempDirectory(out, name + "-p" + parallelism + "-");
            executor.executeDdl(sinkTable(dir));
            QueryResult select = executor.executeStreamingSql(select());
            Thread reader = i % 2 == 0 ? consume(select) : null;
            QueryResult insert = executor.executeStreamingSql("INSERT INTO out_table " + select());
            Thread.sleep(delay);
            try {
                executor.close();
            } catch (RuntimeException e) {
                throw new AssertionError("closing the executor at " + delay + " ms failed", e);
            }
            assertCanceled(select, delay);
            assertCanceled(insert, delay);
            if (reader != null) {
                reader.join(10_000);
            }
            assertEquals("bytes left in the root allocator at " + delay + " ms", 0, root.getAllocatedMemory());
            assertTrue(
                    "child allocators left: " + root.getChildAllocators(),
                    root.getChildAllocators().isEmpty());
        }
    }

    private String sinkTable(Path dir) {
        String columns =
                switch (name) {
                    case "q5" -> "auction BIGINT, num BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)";
                    case "q7" -> "auction BIGINT, price BIGINT, bidder BIGINT, dateTime TIMESTAMP(3), extra VARCHAR";
                    default -> "window_start TIMESTAMP(3), window_end TIMESTAMP(3), auction BIGINT, num BIGINT,"
                            + " rn BIGINT";
                };
        // q5's maximum per window is an unwindowed aggregate, a changelog: files take inserts only
        String with = name.equals("q5")
                ? "'connector' = 'blackhole'"
                : "'connector' = 'filesystem', 'path' = '" + dir + "', 'format' = 'csv'";
        return "CREATE TABLE out_table (" + columns + ") WITH (" + with + ")";
    }

    private static void assertCanceled(QueryResult result, long delay) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (result.status() == JobInfo.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        JobInfo.State state = result.status();
        if (state != JobInfo.State.CANCELED) {
            AssertionError e = new AssertionError(result.jobId() + " stopped at " + delay + " ms ended " + state);
            result.failure().ifPresent(e::initCause);
            throw e;
        }
        assertTrue(result.failure().isEmpty());
    }

    private static Thread consume(QueryResult result) {
        AtomicLong rows = new AtomicLong();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        for (VectorSchemaRoot batch : result) {
                            rows.addAndGet(batch.getRowCount());
                        }
                    } catch (IllegalStateException e) {
                        // the cancellation ends the batches with a failure: expected
                    } catch (Throwable e) {
                        error.set(e);
                    }
                },
                "consumer");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
