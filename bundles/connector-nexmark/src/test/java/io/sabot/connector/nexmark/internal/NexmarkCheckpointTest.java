package io.sabot.connector.nexmark.internal;

import static io.sabot.connector.nexmark.internal.TestRuntime.BID;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
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
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** Split arithmetic, split and enumerator state: serializers, restore of readers and enumerators. */
public class NexmarkCheckpointTest {

    @Test
    public void splitsCoverEveryEventNumberExactlyOnce() {
        for (int count : new int[] {1, 2, 3, 7}) {
            for (int block : new int[] {1, 50, 13}) {
                for (long end : new long[] {1, 49, 50, 12_345}) {
                    BitSet seen = new BitSet();
                    for (NexmarkSplit split : NexmarkEnumerator.initialSplits(count, block, end, 0)) {
                        long expected = split.remainingFrom(split.next());
                        long produced = 0;
                        for (long n = split.next(); n < end; n = split.after(n)) {
                            assertTrue("event " + n + " twice", !seen.get((int) n));
                            assertEquals(split.number(), (n / block) % count);
                            seen.set((int) n);
                            produced++;
                        }
                        assertEquals("split " + split.number() + " of " + count + ", end " + end, expected, produced);
                    }
                    assertEquals("no gap below " + end, end, seen.cardinality());
                }
            }
        }
        NexmarkSplit unbounded = NexmarkSplit.first(1, 2, 50, NexmarkConfig.UNBOUNDED, 0);
        assertEquals(150, unbounded.after(99));
        assertEquals(Long.MAX_VALUE, unbounded.after(Long.MAX_VALUE - 1));
        assertTrue(unbounded.remainingFrom(50) > Long.MAX_VALUE / 3);
    }

    @Test
    public void aRestoredSplitContinuesExactlyAsAnUninterruptedRun() throws Exception {
        // no base-time: each createSource picks its own, the restored split must bring the checkpointed one
        String[] options = {"max-emit-speed", "true", "events.num", "20000", "table", "bid"};
        TableContext table = TestRuntime.table(BID, 1, options);
        NexmarkSource original = TestRuntime.source(table);
        Thread.sleep(5);
        NexmarkSource afterRestart = TestRuntime.source(table);
        assertNotEquals(original.config().baseTime(), afterRestart.config().baseTime());

        try (TestRuntime runtime = new TestRuntime()) {
            TestRuntime.Output uninterrupted = runtime.output();
            SourceReader<NexmarkSplit> reference = runtime.reader(original, table, 0, 256);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
            TestRuntime.assign(original.createEnumerator(enumContext), enumContext, List.of(reference));
            TestRuntime.runToEnd(reference, uninterrupted);

            // the same splits again, interrupted after a few batches
            TestRuntime.Output beforeCheckpoint = runtime.output();
            SourceReader<NexmarkSplit> failing = runtime.reader(original, table, 0, 256);
            failing.addSplits(enumContext.assigned.get(0));
            failing.notifyNoMoreSplits();
            while (beforeCheckpoint.batchSizes.size() < 3) {
                if (failing.pollNext(beforeCheckpoint) == InputStatus.NOTHING_AVAILABLE) {
                    failing.isAvailable().get(5, TimeUnit.SECONDS);
                }
            }
            List<NexmarkSplit> snapshot = failing.snapshotState(17);
            assertEquals(1, snapshot.size());
            assertEquals(original.config().baseTime(), snapshot.get(0).baseTime());
            VersionedSerializer<NexmarkSplit> serializer = original.splitSerializer();
            List<byte[]> stored = new ArrayList<>();
            for (NexmarkSplit split : snapshot) {
                stored.add(serializer.serialize(split));
            }
            // rows emitted after the checkpoint are lost with the failed reader
            failing.pollNext(runtime.output());
            failing.close();

            TestRuntime.Output afterCheckpoint = runtime.output();
            SourceReader<NexmarkSplit> restored = runtime.reader(afterRestart, table, 0, 100);
            List<NexmarkSplit> restoredSplits = new ArrayList<>();
            for (byte[] bytes : stored) {
                restoredSplits.add(afterRestart.splitSerializer().deserialize(serializer.version(), bytes));
            }
            assertEquals(snapshot, restoredSplits);
            restored.addSplits(restoredSplits);
            restored.notifyNoMoreSplits();
            TestRuntime.runToEnd(restored, afterCheckpoint);

            List<List<Object>> resumed = new ArrayList<>(beforeCheckpoint.rows);
            resumed.addAll(afterCheckpoint.rows);
            assertEquals(18_400, uninterrupted.rows.size());
            assertEquals(uninterrupted.rows, resumed);
        }
    }

    /**
     * Barriers that become pending while the reader fills a batch (at the 1st, 5th, 300th, … look at the flag) stop
     * the fill: the poll emits nothing, the rows made so far are kept for after the barrier and the snapshot sits at
     * the first of them, the start of the batch. The reader that goes on emits exactly the batches of an undisturbed
     * run, and a restore from each snapshot, after the rows emitted before its barrier, gives the undisturbed output:
     * no row lost or doubled.
     */
    @Test
    public void aPendingBarrierKeepsTheBatchForAfterItAndTheSnapshotSitsAtItsStart() throws Exception {
        for (String kind : List.of("bid", "auction")) {
            TableContext table = TestRuntime.table(
                    kind.equals("bid") ? BID : TestRuntime.AUCTION,
                    1,
                    "max-emit-speed",
                    "true",
                    "events.num",
                    "30000",
                    "table",
                    kind);
            NexmarkSource source = TestRuntime.source(table);
            try (TestRuntime runtime = new TestRuntime()) {
                TestRuntime.Output uninterrupted = runtime.output();
                SourceReader<NexmarkSplit> reference = runtime.reader(source, table, 0, 1024);
                TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
                TestRuntime.assign(source.createEnumerator(enumContext), enumContext, List.of(reference));
                TestRuntime.runToEnd(reference, uninterrupted);

                // the runtime's flag: pending from the given look on, until the test takes the barrier
                int[] pendingAt = {1, 5, 300, 301, 2000, 2003, 4500};
                int[] looks = {0};
                int[] next = {0};
                boolean[] pending = {false};
                TestRuntime.Output continuing = runtime.output();
                SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 1024, () -> {
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
                List<List<NexmarkSplit>> snapshots = new ArrayList<>();
                while (true) {
                    int batches = continuing.batchSizes.size();
                    InputStatus status = reader.pollNext(continuing);
                    if (pending[0]) { // the barrier, as the runtime injects it: right after this poll
                        assertEquals(
                                kind + ": the poll that saw the barrier emitted nothing",
                                batches,
                                continuing.batchSizes.size());
                        rowsBefore.add(continuing.rows.size());
                        snapshots.add(reader.snapshotState(snapshots.size() + 1));
                        pending[0] = false;
                    }
                    if (status == InputStatus.END_OF_INPUT) {
                        break;
                    }
                }
                assertEquals(kind + ": every barrier was taken", pendingAt.length, snapshots.size());
                assertEquals(
                        kind + ": the same batches as undisturbed", uninterrupted.batchSizes, continuing.batchSizes);
                assertEquals(uninterrupted.rows, continuing.rows);

                for (int i = 0; i < snapshots.size(); i++) {
                    TestRuntime.Output afterBarrier = runtime.output();
                    SourceReader<NexmarkSplit> restored = runtime.reader(source, table, 0, 1024);
                    restored.addSplits(snapshots.get(i));
                    restored.notifyNoMoreSplits();
                    TestRuntime.runToEnd(restored, afterBarrier);
                    List<List<Object>> resumed = new ArrayList<>(uninterrupted.rows.subList(0, rowsBefore.get(i)));
                    resumed.addAll(afterBarrier.rows);
                    assertEquals(kind + ": restore from checkpoint " + (i + 1), uninterrupted.rows, resumed);
                }
            }
        }
    }

    @Test
    public void aReaderHoldingSeveralSplitsTakesThemInTurns() throws Exception {
        // restored at parallelism 1 from a run at parallelism 3: one reader gets all three splits
        TableContext table = TestRuntime.table(BID, 1, "max-emit-speed", "true", "table", "bid", "events.num", "3000");
        NexmarkSource source = TestRuntime.source(table);
        try (TestRuntime runtime = new TestRuntime()) {
            SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 46);
            reader.addSplits(
                    NexmarkEnumerator.initialSplits(3, 50, 3000, source.config().baseTime()));
            reader.notifyNoMoreSplits();
            TestRuntime.Output output = runtime.output();
            TestRuntime.runToEnd(reader, output);
            assertEquals(2760, output.rows.size());
            assertEquals(
                    List.of("nexmark-0", "nexmark-1", "nexmark-2", "nexmark-0", "nexmark-1", "nexmark-2"),
                    output.splitIds.subList(0, 6));
        }
    }

    @Test
    public void theEnumeratorAssignsOneSplitPerReaderAndReassignsReturnedSplits() throws Exception {
        TableContext table = TestRuntime.table(BID, 3, "events.num", "1000", "table", "bid", "base-time", "7");
        NexmarkSource source = TestRuntime.source(table);
        TestRuntime.EnumeratorContext context = new TestRuntime.EnumeratorContext(3);
        SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> enumerator = source.createEnumerator(context);
        enumerator.start();

        // a checkpoint before any reader registered holds every split
        NexmarkEnumeratorState state = enumerator.snapshotState(1);
        assertEquals(
                List.of(
                        new NexmarkSplit(0, 3, 50, 1000, 7, 0),
                        new NexmarkSplit(1, 3, 50, 1000, 7, 50),
                        new NexmarkSplit(2, 3, 50, 1000, 7, 100)),
                state.unassigned());

        enumerator.addReader(1);
        assertEquals(List.of(new NexmarkSplit(1, 3, 50, 1000, 7, 50)), context.assigned.get(1));
        assertEquals(List.of(1), context.noMoreSplits);

        // reader 1 fails; its split comes back at its last checkpointed position and goes to its successor
        enumerator.addSplitsBack(List.of(new NexmarkSplit(1, 3, 50, 1000, 7, 210)), 1);
        assertEquals(3, enumerator.snapshotState(2).unassigned().size());
        enumerator.addReader(1);
        assertEquals(
                new NexmarkSplit(1, 3, 50, 1000, 7, 210),
                context.assigned.get(1).get(1));
        enumerator.addReader(0);
        enumerator.addReader(2);
        assertTrue(enumerator.snapshotState(3).unassigned().isEmpty());
        enumerator.close();

        // restore at another parallelism: the state's splits are spread over the new readers
        byte[] bytes = source.enumeratorStateSerializer().serialize(state);
        NexmarkEnumeratorState restoredState =
                source.enumeratorStateSerializer().deserialize(1, bytes);
        assertEquals(state, restoredState);
        TestRuntime.EnumeratorContext rescaled = new TestRuntime.EnumeratorContext(2);
        SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> restored =
                source.restoreEnumerator(rescaled, restoredState);
        restored.start();
        restored.addReader(0);
        restored.addReader(1);
        assertEquals(2, rescaled.assigned.get(0).size());
        assertEquals(1, rescaled.assigned.get(1).size());
        assertEquals(List.of(0, 1), rescaled.noMoreSplits);
    }

    @Test
    public void splitSerializerRoundTripsAndChecksTheVersion() throws Exception {
        VersionedSerializer<NexmarkSplit> serializer = NexmarkSerializers.SPLIT;
        assertEquals(1, serializer.version());
        NexmarkSplit split = new NexmarkSplit(2, 5, 50, NexmarkConfig.UNBOUNDED, -123456789L, 5_100);
        byte[] bytes = serializer.serialize(split);
        assertEquals(split, serializer.deserialize(1, bytes));

        IOException unknown = assertThrows(IOException.class, () -> serializer.deserialize(2, bytes));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("version 2"));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("reads version 1"));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, 20)));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length + 1)));
        // next is not an event of split 2
        byte[] corrupt = serializer.serialize(new NexmarkSplit(2, 5, 50, 1000, 1, 100));
        corrupt[corrupt.length - 1] = 1;
        IOException invalid = assertThrows(IOException.class, () -> serializer.deserialize(1, corrupt));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("corrupt"));
    }

    @Test
    public void enumeratorStateSerializerRoundTripsAndChecksTheVersion() throws Exception {
        VersionedSerializer<NexmarkEnumeratorState> serializer = NexmarkSerializers.ENUMERATOR_STATE;
        assertEquals(1, serializer.version());
        NexmarkEnumeratorState empty = new NexmarkEnumeratorState(List.of());
        assertEquals(empty, serializer.deserialize(1, serializer.serialize(empty)));
        NexmarkEnumeratorState state = new NexmarkEnumeratorState(NexmarkEnumerator.initialSplits(5, 50, 1000, 3));
        byte[] bytes = serializer.serialize(state);
        assertEquals(state, serializer.deserialize(1, bytes));

        IOException unknown = assertThrows(IOException.class, () -> serializer.deserialize(0, bytes));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("version 0"));
        assertThrows(IOException.class, () -> serializer.deserialize(1, Arrays.copyOf(bytes, bytes.length - 3)));
        assertThrows(IOException.class, () -> serializer.deserialize(1, new byte[] {0x7f, 0, 0, 0}));
    }
}
