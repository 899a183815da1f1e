package io.sabot.connector.nexmark.internal;

import static io.sabot.connector.nexmark.internal.TestRuntime.BID;
import static io.sabot.connector.nexmark.internal.TestRuntime.PERSON;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import java.util.List;
import org.junit.Test;

/**
 * Pacing by {@code first-event.rate}: the rate counts events of all kinds and is the whole source's, shared by its
 * subtasks. Tolerances are wide on purpose (a loaded 2-core build machine); a reader that ignored the rate would
 * produce orders of magnitude more.
 */
public class NexmarkRateTest {

    @Test
    public void theRateIsTheEventRateOfTheWholeSource() throws Exception {
        TableContext table = TestRuntime.table(BID, 2, "rate", "2000", "table", "bid");
        NexmarkSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            List<SourceReader<NexmarkSplit>> readers =
                    List.of(runtime.reader(source, table, 0, 1024), runtime.reader(source, table, 1, 1024));
            List<TestRuntime.Output> outputs = List.of(runtime.output(), runtime.output());
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(2);
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, readers);

            long start = System.nanoTime();
            TestRuntime.runAll(readers, outputs, 1000);
            double seconds = (System.nanoTime() - start) / 1e9;

            int first = outputs.get(0).rows.size();
            int second = outputs.get(1).rows.size();
            // 2000 events per second, 46 of every 50 a bid
            double expected = 2000 * seconds * 46 / 50;
            String seen = "bids " + first + " + " + second + " in " + seconds + " s";
            assertTrue(seen, first + second <= expected + 100);
            assertTrue(seen, first + second >= expected * 0.6);
            assertTrue(seen, first >= expected * 0.3 && first <= expected / 2 + 60);
            assertTrue(seen, second >= expected * 0.3 && second <= expected / 2 + 60);
            // at 1000 events/s per subtask, events are gathered into batches of about 50 ms (50 events, 46 bids)
            double average = outputs.get(0).batchSizes.stream()
                    .mapToInt(n -> n)
                    .average()
                    .orElse(0);
            assertTrue("average batch " + average, average >= 20 && average <= 150);
        }
    }

    @Test
    public void aReaderAheadOfTheRateWaitsOnAFutureInsteadOfBlocking() throws Exception {
        // 100 events, 2 persons, at 200 events per second: about half a second
        TableContext table = TestRuntime.table(PERSON, 1, "rate", "200", "events.num", "100", "table", "person");
        NexmarkSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 1024);
            reader.addSplits(NexmarkEnumerator.initialSplits(1, 50, 100, 0));
            reader.notifyNoMoreSplits();
            TestRuntime.Output output = runtime.output();

            long start = System.nanoTime();
            // pollNext returns at once, empty-handed, instead of sleeping until the first events are due (a reader
            // that waited would come back with them): the task thread stays free for barriers and other splits
            assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(output));
            assertEquals(0, output.rows.size());
            assertFalse(
                    "the first events are due in 50 ms", reader.isAvailable().isDone());
            TestRuntime.runToEnd(reader, output);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, output.rows.size());
            assertTrue("paced at 200 events per second, 100 events took " + millis + " ms", millis >= 400);
        }
    }

    @Test
    public void maxEmitSpeedIgnoresTheRate() throws Exception {
        TableContext table =
                TestRuntime.table(BID, 1, "rate", "1", "max-emit-speed", "true", "events.num", "10000", "table", "bid");
        long start = System.nanoTime();
        List<List<Object>> rows = TestRuntime.all(TestRuntime.runBounded(table, 1000));
        assertEquals(9200, rows.size());
        assertTrue("at 1 event per second this would take hours", System.nanoTime() - start < 10_000_000_000L);
        // timestamps still follow the rate: one event per second
        assertEquals(
                java.time.Duration.ofSeconds(9999 - 4),
                java.time.Duration.between((java.time.LocalDateTime) rows.get(0).get(5), (java.time.LocalDateTime)
                        rows.get(rows.size() - 1).get(5)));
    }
}
