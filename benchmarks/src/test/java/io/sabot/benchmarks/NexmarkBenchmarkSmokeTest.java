package io.sabot.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sabot.benchmarks.api.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The harness works end to end on 20 000 bids: both engines run q2 and the tumbling count over the CSV file and over
 * the in-memory generator, and produce the same rows. Not a timed test: it asserts results, never speed.
 */
public class NexmarkBenchmarkSmokeTest {

    @Test
    public void bothEnginesAgreeOnSmallData() throws Exception {
        Path dir = Path.of("target", "smoke-data");
        BenchmarkOptions options = BenchmarkOptions.small(20_000, dir, List.of("q2", "tumble"));
        NexmarkBenchmark.Report report = new NexmarkBenchmark(options).run();

        assertEquals(4, report.rows().size());
        for (NexmarkBenchmark.Row row : report.rows()) {
            String what = row.query() + " over " + row.source();
            assertNull(what + " in Sabot: " + row.problem("sabot"), row.problem("sabot"));
            assertNull(what + " in Flink: " + row.problem("flink"), row.problem("flink"));
            assertTrue(what + " timed in Sabot", row.eventsPerSecond("sabot", 20_000) > 0);
            assertTrue(what + " timed in Flink", row.eventsPerSecond("flink", 20_000) > 0);
            Digest sabot = row.digest("sabot");
            Digest flink = row.digest("flink");
            assertNotNull(what + " checked in Sabot", sabot);
            assertNotNull(what + " checked in Flink", flink);
            assertTrue(what + " has rows", sabot.rows() > 0);
            assertEquals(what + ": row count", flink.rows(), sabot.rows());
            assertEquals(what + ": checksum", flink.checksum(), sabot.checksum());
        }
        // both sources hold the same bids
        assertEquals(report.rows().get(0).digest("sabot"), report.rows().get(1).digest("sabot"));
        assertEquals(report.rows().get(2).digest("flink"), report.rows().get(3).digest("flink"));
        assertTrue(Files.size(dir.resolve("bids-20000-rate100000.csv")) > 0);
    }

    @Test
    public void eventsForBidsCountsWholeCyclesAndTheRest() {
        assertEquals(0, BidData.eventsForBids(0));
        assertEquals(5, BidData.eventsForBids(1));
        assertEquals(50, BidData.eventsForBids(46));
        assertEquals(55, BidData.eventsForBids(47));
        assertEquals(217_392, new BidData(200_000, 100_000).events());
    }
}
