package io.sabot.connector.datagen.internal;

import static io.sabot.connector.datagen.internal.DatagenSourceTest.ORDERS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import java.util.List;
import org.junit.Test;

/**
 * Pacing by {@code rows-per-second}: the rate is the whole source's, shared by its subtasks. Tolerances are wide on
 * purpose (a loaded 2-core build machine); a reader that ignored the rate would produce orders of magnitude more.
 */
public class DatagenRateTest {

    @Test
    public void rowsPerSecondIsTheRateOfTheWholeSource() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 2, "rows-per-second", "400", "fields.name.length", "4");
        DatagenSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            List<SourceReader<DatagenSplit>> readers =
                    List.of(runtime.reader(source, table, 0, 1024), runtime.reader(source, table, 1, 1024));
            List<TestRuntime.Output> outputs = List.of(runtime.output(), runtime.output());
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(2);
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, readers);

            long start = System.nanoTime();
            TestRuntime.runAll(readers, outputs, 1000);
            double seconds = (System.nanoTime() - start) / 1e9;

            int first = outputs.get(0).rows.size();
            int second = outputs.get(1).rows.size();
            double expected = 400 * seconds;
            assertTrue("rows " + (first + second) + " in " + seconds + " s", first + second <= expected + 20);
            assertTrue("rows " + (first + second) + " in " + seconds + " s", first + second >= expected * 0.6);
            assertTrue("subtask 0: " + first, first >= expected * 0.3 && first <= expected / 2 + 10);
            assertTrue("subtask 1: " + second, second >= expected * 0.3 && second <= expected / 2 + 10);
            // at 200 rows/s per subtask, rows are gathered into batches of about 50 ms (10 rows), not one by one
            double average = outputs.get(0).batchSizes.stream()
                    .mapToInt(n -> n)
                    .average()
                    .orElse(0);
            assertTrue("average batch " + average, average >= 5 && average <= 30);
        }
    }

    @Test
    public void aReaderAheadOfTheRateWaitsOnAFutureInsteadOfBlocking() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 1, "rows-per-second", "20", "number-of-rows", "3");
        DatagenSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 0, 1024);
            reader.addSplits(DatagenEnumerator.initialSplits(1, 3, 1));
            reader.notifyNoMoreSplits();
            TestRuntime.Output output = runtime.output();

            long start = System.nanoTime();
            assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(output));
            assertTrue("pollNext does not wait", System.nanoTime() - start < 20_000_000L);
            assertFalse("the next row is due in 50 ms", reader.isAvailable().isDone());
            TestRuntime.runToEnd(reader, output);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3, output.rows.size());
            // 3 rows at 20 rows/s: about 150 ms
            assertTrue(millis + " ms", millis >= 120 && millis < 1500);
        }
    }
}
