package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.agg;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SourceSplit;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.VersionedSerializer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A checkpoint triggered while a source reader is in the middle of a batch: the reader learns of the pending barrier
 * ({@link SourceReaderContext#barrierPending()}), emits the rows it has and returns, and the barrier follows that
 * partial batch with the reader's position exactly at the cut. Restoring the checkpoint replays exactly the rows
 * after the cut: an aggregate over every row comes out right, nothing lost or doubled.
 */
public class BarrierCutTest {

    private static final int BATCH = 4096;
    private static final long ROWS = 20_000;
    /** In the second batch, 1,000 rows in (a multiple of the reader's check interval). */
    private static final long PAUSE_AT = BATCH + 1_000;

    private static final RowType SEQ = row(col("k", BIGINT), col("v", BIGINT));

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void barrierTriggeredMidBatchFollowsThePartialBatchAndRestoreReplaysOnlyTheRowsAfterTheCut()
            throws Exception {
        QueryPlan plan = plan();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        CheckpointConfig config =
                new CheckpointConfig(Duration.ZERO, checkpoints, Duration.ofMinutes(1), Duration.ZERO, 10, -1);
        CheckpointInfo checkpoint;
        try (EngineHarness harness = harness()) {
            CutSequence.PAUSED.set(new CountDownLatch(1));
            CutSequence.pauseAt = PAUSE_AT;
            Job job = harness.engine().submit(plan, JobOptions.DEFAULT.withCheckpoints(config));
            CompletableFuture<List<List<Object>>> results =
                    CompletableFuture.supplyAsync(() -> EngineHarness.collect(job, plan));
            assertTrue(
                    "the reader reached row " + PAUSE_AT,
                    CutSequence.PAUSED.get().await(10, TimeUnit.SECONDS));
            checkpoint = job.triggerCheckpoint(false).get(10, TimeUnit.SECONDS);
            assertEquals(
                    "the position recorded for checkpoint " + checkpoint.id() + ": the cut, inside the second batch",
                    Long.valueOf(PAUSE_AT),
                    CutSequence.SNAPSHOTS.get(checkpoint.id()));
            assertEquals(finalRows(0), lastPerKey(results.get(10, TimeUnit.SECONDS)));
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            CutSequence.pauseAt = -1;
        }

        try (EngineHarness harness = harness()) {
            Job job = harness.engine().submit(plan, JobOptions.DEFAULT.withRestoreFrom(checkpoint.path()));
            List<List<Object>> restored = EngineHarness.collect(job, plan);
            assertEquals(
                    "job " + job.failure().map(Throwable::toString).orElse(""),
                    JobStatus.FINISHED,
                    job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(
                    "rows read after the restore",
                    ROWS - PAUSE_AT,
                    job.metrics().rowsIn());
            // the restored state holds exactly the rows before the cut, the source replays exactly those after it
            assertEquals(finalRows(0), lastPerKey(restored));
        }
    }

    private static EngineHarness harness() {
        return new EngineHarness().batchSize(BATCH).with(new CutSequence());
    }

    /** {@code SELECT k, COUNT(*), SUM(v) FROM seq GROUP BY k}: its state counts every row read before a barrier. */
    private static QueryPlan plan() {
        TableScan scan =
                new TableScan(new TableRef("seq", "cut-sequence", Map.of("rows", Long.toString(ROWS)), SEQ, List.of()));
        GroupAggregate sums = new GroupAggregate(
                scan,
                List.of(0),
                List.of(countStar("n"), agg(AggregateFunction.SUM, 1, BIGINT, "total")),
                row(col("k", BIGINT), col("n", BIGINT), col("total", BIGINT)));
        return new QueryPlan("SELECT k, COUNT(*), SUM(v) FROM seq GROUP BY k", sums);
    }

    /** The rows of v = first … ROWS - 1, k = v % 4, aggregated. */
    private static Map<Long, List<Object>> finalRows(long first) {
        Map<Long, List<Object>> out = new TreeMap<>();
        long[] n = new long[4];
        long[] total = new long[4];
        for (long v = first; v < ROWS; v++) {
            n[(int) (v % 4)]++;
            total[(int) (v % 4)] += v;
        }
        for (int k = 0; k < 4; k++) {
            out.put((long) k, List.of((long) k, n[k], total[k]));
        }
        return out;
    }

    /** The last insert or update of each key in a changelog (row kind first). */
    private static Map<Long, List<Object>> lastPerKey(List<List<Object>> changelog) {
        Map<Long, List<Object>> out = new TreeMap<>();
        for (List<Object> r : changelog) {
            String kind = (String) r.get(0);
            List<Object> values = r.subList(1, r.size());
            if (kind.equals("+I") || kind.equals("+U")) {
                out.put((Long) values.get(0), new ArrayList<>(values));
            }
        }
        return out;
    }

    record Split(long next, long end) implements SourceSplit {
        @Override
        public String splitId() {
            return "seq-0";
        }
    }

    /**
     * k = v % 4, v = 0, 1, 2, … in batches of the job's batch size, written row by row, checking for a pending barrier
     * every 8 rows. Once, at row {@link #pauseAt}, the reader waits until the barrier the test triggers is pending.
     */
    static final class CutSequence implements SourceFactory {
        static final OptionDescriptor<Long> ROWS_OPTION =
                OptionDescriptor.key("rows").longType().required();
        static final java.util.concurrent.atomic.AtomicReference<CountDownLatch> PAUSED =
                new java.util.concurrent.atomic.AtomicReference<>(new CountDownLatch(0));
        /** Checkpoint id to the position the reader recorded for it. */
        static final Map<Long, Long> SNAPSHOTS = new ConcurrentHashMap<>();

        static volatile long pauseAt = -1;

        @Override
        public String identifier() {
            return "cut-sequence";
        }

        @Override
        public List<OptionDescriptor<?>> options() {
            return List.of(ROWS_OPTION);
        }

        @Override
        public Source<?, ?> createSource(TableContext context) {
            long rows = context.options().get(ROWS_OPTION);
            return new Source<Split, Boolean>() {
                @Override
                public Boundedness boundedness() {
                    return Boundedness.BOUNDED;
                }

                @Override
                public SplitEnumerator<Split, Boolean> createEnumerator(SplitEnumeratorContext<Split> ctx) {
                    return enumerator(ctx, false);
                }

                @Override
                public SplitEnumerator<Split, Boolean> restoreEnumerator(
                        SplitEnumeratorContext<Split> ctx, Boolean assigned) {
                    return enumerator(ctx, assigned);
                }

                private SplitEnumerator<Split, Boolean> enumerator(SplitEnumeratorContext<Split> ctx, boolean done) {
                    return new SplitEnumerator<>() {
                        private boolean assigned = done;

                        @Override
                        public void start() {}

                        @Override
                        public void handleSplitRequest(int subtaskId) {}

                        @Override
                        public void addSplitsBack(List<Split> splits, int subtaskId) {}

                        @Override
                        public void addReader(int subtaskId) {
                            if (!assigned) {
                                assigned = true;
                                ctx.assignSplit(new Split(0, rows), subtaskId);
                            }
                            ctx.signalNoMoreSplits(subtaskId);
                        }

                        @Override
                        public Boolean snapshotState(long checkpointId) {
                            return assigned;
                        }

                        @Override
                        public void close() {}
                    };
                }

                @Override
                public SourceReader<Split> createReader(SourceReaderContext ctx) {
                    return new Reader(ctx);
                }

                @Override
                public VersionedSerializer<Split> splitSerializer() {
                    return new VersionedSerializer<>() {
                        @Override
                        public int version() {
                            return 1;
                        }

                        @Override
                        public byte[] serialize(Split split) {
                            return ByteBuffer.allocate(16)
                                    .putLong(split.next())
                                    .putLong(split.end())
                                    .array();
                        }

                        @Override
                        public Split deserialize(int version, byte[] bytes) {
                            ByteBuffer b = ByteBuffer.wrap(bytes);
                            return new Split(b.getLong(), b.getLong());
                        }
                    };
                }

                @Override
                public VersionedSerializer<Boolean> enumeratorStateSerializer() {
                    return new VersionedSerializer<>() {
                        @Override
                        public int version() {
                            return 1;
                        }

                        @Override
                        public byte[] serialize(Boolean assigned) {
                            return new byte[] {(byte) (assigned ? 1 : 0)};
                        }

                        @Override
                        public Boolean deserialize(int version, byte[] bytes) {
                            return bytes[0] == 1;
                        }
                    };
                }
            };
        }
    }

    static final class Reader implements SourceReader<Split> {
        private final SourceReaderContext context;
        private VectorSchemaRoot root;
        private Split split;
        private long next;
        private boolean noMore;
        private boolean paused;
        /** After the cut: nothing more until the checkpoint completes (a finished task would abort it). */
        private CompletableFuture<Void> held;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            root = VectorSchemaRoot.create(context.table().schema(), context.allocator());
        }

        @Override
        public InputStatus pollNext(BatchOutput output) throws Exception {
            if (split == null) {
                return noMore ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            if (held != null) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            if (next >= split.end()) {
                return InputStatus.END_OF_INPUT;
            }
            int capacity = (int) Math.min(context.batchSize(), split.end() - next);
            BigIntVector k = (BigIntVector) root.getVector(0);
            BigIntVector v = (BigIntVector) root.getVector(1);
            k.allocateNew(capacity);
            v.allocateNew(capacity);
            int rows = 0;
            while (rows < capacity) {
                if (next == CutSequence.pauseAt && !paused) {
                    paused = true;
                    pauseUntilBarrierPending();
                }
                if ((rows & 7) == 0 && context.barrierPending()) {
                    if (paused) {
                        held = new CompletableFuture<>(); // no end of input before the checkpoint completes
                    }
                    break;
                }
                k.set(rows, next % 4);
                v.set(rows, next);
                rows++;
                next++;
            }
            k.setValueCount(rows);
            v.setValueCount(rows);
            root.setRowCount(rows);
            output.emit(split.splitId(), root);
            return InputStatus.MORE_AVAILABLE;
        }

        /** Lets the test trigger a checkpoint now, mid-batch, and waits for it to reach this task. */
        private void pauseUntilBarrierPending() throws InterruptedException {
            CutSequence.PAUSED.get().countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!context.barrierPending()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no barrier pending 10 s after the reader paused");
                }
                Thread.sleep(1);
            }
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return held != null ? held : CompletableFuture.completedFuture(null);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (held != null) {
                CompletableFuture<Void> release = held;
                held = null;
                release.complete(null);
            }
        }

        @Override
        public void addSplits(List<Split> splits) {
            split = splits.get(0);
            next = split.next();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMore = true;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            CutSequence.SNAPSHOTS.put(checkpointId, next);
            return split == null || next >= split.end() ? List.of() : List.of(new Split(next, split.end()));
        }

        @Override
        public void close() {
            if (root != null) {
                root.close();
            }
        }
    }
}
