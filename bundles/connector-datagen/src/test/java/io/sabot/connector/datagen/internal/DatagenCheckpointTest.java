package io.sabot.connector.datagen.internal;

import static io.sabot.connector.datagen.internal.DatagenSourceTest.ORDERS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.plugin.VersionedSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Split and enumerator state: serializers, restore of readers and enumerators. */
public class DatagenCheckpointTest {

    private static final String[] OPTIONS = {
        "rows-per-second", "10000000",
        "number-of-rows", "5000",
        "fields.price.null-rate", "0.2",
        "fields.name.length", "12",
        "fields.ts.min", "2024-01-01",
        "fields.ts.max", "2024-12-31"
    };

    @Test
    public void aRestoredSplitContinuesExactlyAsAnUninterruptedRun() throws Exception {
        // no seed: each createSource picks its own, the restored split must bring the checkpointed one
        TableContext table = TestRuntime.table(ORDERS, 1, OPTIONS);
        DatagenSource original = TestRuntime.source(table);
        DatagenSource afterRestart = TestRuntime.source(table);
        assertTrue(original.seed() != afterRestart.seed());

        try (TestRuntime runtime = new TestRuntime()) {
            TestRuntime.Output uninterrupted = runtime.output();
            SourceReader<DatagenSplit> reference = runtime.reader(original, table, 0, 256);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
            TestRuntime.assign(original.createEnumerator(enumContext), enumContext, List.of(reference));
            TestRuntime.runToEnd(reference, uninterrupted);

            // the same splits again, interrupted after a few batches
            TestRuntime.Output beforeCheckpoint = runtime.output();
            SourceReader<DatagenSplit> failing = runtime.reader(original, table, 0, 256);
            failing.addSplits(enumContext.assigned.get(0));
            failing.notifyNoMoreSplits();
            while (beforeCheckpoint.batchSizes.size() < 3) {
                if (failing.pollNext(beforeCheckpoint) == InputStatus.NOTHING_AVAILABLE) {
                    failing.isAvailable().get(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            List<DatagenSplit> snapshot = failing.snapshotState(17);
            assertEquals(1, snapshot.size());
            assertEquals(beforeCheckpoint.rows.size(), snapshot.get(0).next());
            VersionedSerializer<DatagenSplit> serializer = original.splitSerializer();
            List<byte[]> stored = new ArrayList<>();
            for (DatagenSplit split : snapshot) {
                stored.add(serializer.serialize(split));
            }
            // rows emitted after the checkpoint are lost with the failed reader
            failing.pollNext(runtime.output());
            failing.close();

            TestRuntime.Output afterCheckpoint = runtime.output();
            SourceReader<DatagenSplit> restored = runtime.reader(afterRestart, table, 0, 100);
            List<DatagenSplit> restoredSplits = new ArrayList<>();
            for (byte[] bytes : stored) {
                restoredSplits.add(afterRestart.splitSerializer().deserialize(serializer.version(), bytes));
            }
            assertEquals(snapshot, restoredSplits);
            restored.addSplits(restoredSplits);
            restored.notifyNoMoreSplits();
            TestRuntime.runToEnd(restored, afterCheckpoint);

            List<List<Object>> resumed = new ArrayList<>(beforeCheckpoint.rows);
            resumed.addAll(afterCheckpoint.rows);
            assertEquals(5000, uninterrupted.rows.size());
            assertEquals(uninterrupted.rows, resumed);
        }
    }

    /**
     * Barriers that become pending while the reader fills a batch (at the 1st, 3rd, 7th, … look at the flag, before
     * a slice) stop the fill: the poll emits nothing, the slices filled so far are kept for after the barrier and the
     * snapshot sits at the first of them. The reader that goes on emits every row once, and a restore from each
     * snapshot, after the rows emitted before its barrier, gives the undisturbed output: no row lost or doubled.
     */
    @Test
    public void aPendingBarrierKeepsTheBatchForAfterItAndTheSnapshotSitsAtItsStart() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 1, OPTIONS);
        DatagenSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            TestRuntime.Output uninterrupted = runtime.output();
            SourceReader<DatagenSplit> reference = runtime.reader(source, table, 0, 1024);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, List.of(reference));
            TestRuntime.runToEnd(reference, uninterrupted);

            // the runtime's flag: pending from the given look on, until the test takes the barrier
            int[] pendingAt = {1, 3, 7, 8, 20, 23, 40};
            int[] looks = {0};
            int[] next = {0};
            boolean[] pending = {false};
            TestRuntime.Output continuing = runtime.output();
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 0, 1024, () -> {
                looks[0]++;
                if (!pending[0] && next[0] < pendingAt.length && looks[0] >= pendingAt[next[0]]) {
                    pending[0] = true;
                    next[0]++;
                }
                return pending[0];
            });
            reader.addSplits(enumContext.assigned.get(0));
            reader.notifyNoMoreSplits();
            List<Integer> rowsBefore = new ArrayList<>();
            List<List<DatagenSplit>> snapshots = new ArrayList<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                int batches = continuing.batchSizes.size();
                InputStatus status = reader.pollNext(continuing);
                if (pending[0]) { // the barrier, as the runtime injects it: right after this poll
                    assertEquals(
                            "the poll that saw the barrier emitted nothing", batches, continuing.batchSizes.size());
                    List<DatagenSplit> snapshot = reader.snapshotState(snapshots.size() + 1);
                    assertEquals(
                            "the snapshot sits at the first row not emitted",
                            continuing.rows.size(),
                            snapshot.get(0).next());
                    rowsBefore.add(continuing.rows.size());
                    snapshots.add(snapshot);
                    pending[0] = false;
                }
                if (status == InputStatus.END_OF_INPUT) {
                    break;
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            assertEquals("every barrier was taken", pendingAt.length, snapshots.size());
            assertEquals(uninterrupted.rows, continuing.rows);

            for (int i = 0; i < snapshots.size(); i++) {
                TestRuntime.Output afterBarrier = runtime.output();
                SourceReader<DatagenSplit> restored = runtime.reader(source, table, 0, 1024);
                restored.addSplits(snapshots.get(i));
                restored.notifyNoMoreSplits();
                TestRuntime.runToEnd(restored, afterBarrier);
                List<List<Object>> resumed = new ArrayList<>(uninterrupted.rows.subList(0, rowsBefore.get(i)));
                resumed.addAll(afterBarrier.rows);
                assertEquals("restore from checkpoint " + (i + 1), uninterrupted.rows, resumed);
            }
        }
    }

    @Test
    public void theEnumeratorAssignsOneSplitPerReaderAndReassignsReturnedSplits() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 3, "number-of-rows", "10", "seed", "5");
        DatagenSource source = TestRuntime.source(table);
        TestRuntime.EnumeratorContext context = new TestRuntime.EnumeratorContext(3);
        SplitEnumerator<DatagenSplit, DatagenEnumeratorState> enumerator = source.createEnumerator(context);
        enumerator.start();

        // a checkpoint before any reader registered holds every split
        DatagenEnumeratorState state = enumerator.snapshotState(1);
        assertEquals(
                List.of(
                        new DatagenSplit(0, 5, 0, 4, 0),
                        new DatagenSplit(1, 5, 4, 7, 4),
                        new DatagenSplit(2, 5, 7, 10, 7)),
                state.unassigned());

        enumerator.addReader(1);
        assertEquals(List.of(new DatagenSplit(1, 5, 4, 7, 4)), context.assigned.get(1));
        assertEquals(List.of(1), context.noMoreSplits);

        // reader 1 fails; its split comes back at its last checkpointed position and goes to its successor
        enumerator.addSplitsBack(List.of(new DatagenSplit(1, 5, 4, 7, 6)), 1);
        assertEquals(3, enumerator.snapshotState(2).unassigned().size());
        enumerator.addReader(1);
        assertEquals(new DatagenSplit(1, 5, 4, 7, 6), context.assigned.get(1).get(1));
        enumerator.addReader(0);
        enumerator.addReader(2);
        assertTrue(enumerator.snapshotState(3).unassigned().isEmpty());
        enumerator.close();

        // restore at another parallelism: the state's splits are spread over the new readers
        byte[] bytes = source.enumeratorStateSerializer().serialize(state);
        DatagenEnumeratorState restoredState =
                source.enumeratorStateSerializer().deserialize(1, bytes);
        assertEquals(state, restoredState);
        TestRuntime.EnumeratorContext rescaled = new TestRuntime.EnumeratorContext(2);
        SplitEnumerator<DatagenSplit, DatagenEnumeratorState> restored =
                source.restoreEnumerator(rescaled, restoredState);
        restored.start();
        restored.addReader(0);
        restored.addReader(1);
        assertEquals(List.of(0, 2), splitNumbers(rescaled.assigned.get(0)));
        assertEquals(List.of(1), splitNumbers(rescaled.assigned.get(1)));
        assertEquals(List.of(0, 1), rescaled.noMoreSplits);
    }

    private static List<Integer> splitNumbers(List<DatagenSplit> splits) {
        List<Integer> numbers = new ArrayList<>();
        splits.forEach(s -> numbers.add(s.number()));
        return numbers;
    }

    @Test
    public void initialSplitsCoverTheRangeExactly() {
        List<DatagenSplit> splits = DatagenEnumerator.initialSplits(9, 10, 4);
        assertEquals(
                List.of(
                        new DatagenSplit(0, 9, 0, 3, 0),
                        new DatagenSplit(1, 9, 3, 6, 3),
                        new DatagenSplit(2, 9, 6, 8, 6),
                        new DatagenSplit(3, 9, 8, 10, 8)),
                splits);
        List<DatagenSplit> unbounded = DatagenEnumerator.initialSplits(9, -1, 3);
        assertEquals(0, unbounded.get(0).start());
        assertEquals(Long.MAX_VALUE, unbounded.get(2).end());
        assertEquals(unbounded.get(0).end(), unbounded.get(1).start());
        assertEquals(2, DatagenEnumerator.initialSplits(9, 1, 2).size());
        assertEquals(0, DatagenEnumerator.initialSplits(9, 1, 2).get(1).remaining());
    }

    @Test
    public void splitSerializerRoundTripsAndChecksTheVersion() throws Exception {
        VersionedSerializer<DatagenSplit> serializer = DatagenSerializers.SPLIT;
        assertEquals(1, serializer.version());
        DatagenSplit split = new DatagenSplit(7, -123456789L, 1_000, Long.MAX_VALUE, 5_000);
        byte[] bytes = serializer.serialize(split);
        assertEquals(split, serializer.deserialize(1, bytes));

        IOException unknown = assertThrows(IOException.class, () -> serializer.deserialize(2, bytes));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("version 2"));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("reads version 1"));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, 20)));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length + 1)));
        // next outside [start, end]
        byte[] corrupt = serializer.serialize(new DatagenSplit(7, 1, 10, 20, 20));
        corrupt[corrupt.length - 1] = 99;
        IOException invalid = assertThrows(IOException.class, () -> serializer.deserialize(1, corrupt));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("corrupt"));
    }

    @Test
    public void enumeratorStateSerializerRoundTripsAndChecksTheVersion() throws Exception {
        VersionedSerializer<DatagenEnumeratorState> serializer = DatagenSerializers.ENUMERATOR_STATE;
        assertEquals(1, serializer.version());
        DatagenEnumeratorState empty = new DatagenEnumeratorState(List.of());
        assertEquals(empty, serializer.deserialize(1, serializer.serialize(empty)));
        DatagenEnumeratorState state = new DatagenEnumeratorState(DatagenEnumerator.initialSplits(3, 1000, 5));
        byte[] bytes = serializer.serialize(state);
        assertEquals(state, serializer.deserialize(1, bytes));

        IOException unknown = assertThrows(IOException.class, () -> serializer.deserialize(0, bytes));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("version 0"));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length - 3)));
        assertThrows(IOException.class, () -> serializer.deserialize(1, new byte[] {0x7f, 0, 0, 0}));
    }

    @Test
    public void snapshotsAreCopiesThatLaterReadsDoNotChange() throws Exception {
        TableContext table = TestRuntime.table(ORDERS, 1, "rows-per-second", "10000000", "number-of-rows", "1000");
        try (TestRuntime runtime = new TestRuntime()) {
            DatagenSource source = TestRuntime.source(table);
            SourceReader<DatagenSplit> reader = runtime.reader(source, table, 0, 100);
            reader.addSplits(DatagenEnumerator.initialSplits(source.seed(), 1000, 1));
            reader.notifyNoMoreSplits();
            List<DatagenSplit> atStart = reader.snapshotState(1);
            TestRuntime.Output output = runtime.output();
            while (output.rows.isEmpty()) {
                if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            assertEquals(0, atStart.get(0).next());
            assertEquals(output.rows.size(), reader.snapshotState(2).get(0).next());
            assertFalse(output.rows.isEmpty());
        }
    }
}
