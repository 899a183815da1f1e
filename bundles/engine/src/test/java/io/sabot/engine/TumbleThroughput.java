package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.ROWTIME;
import static io.sabot.engine.Plans.TS;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.countStar;
import static io.sabot.engine.Plans.row;

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
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowSpec;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.VersionedSerializer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A measurement, not a test: {@code SELECT k, COUNT(*) … GROUP BY k, TUMBLE(ts, 1 s)} over generated rows (1,000
 * keys, 10,000 rows per second of event time: 10 rows per key and window). Run with {@code java -cp … io.sabot.engine.TumbleThroughput [rows]},
 * pinned to one core with {@code taskset -c 0}.
 */
public final class TumbleThroughput {

    static final RowType EVENTS = row(col("k", BIGINT), col("ts", ROWTIME));

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        for (int round = 0; round < 3; round++) {
            run(rows);
        }
    }

    static void run(long total) throws Exception {
        TableScan scan = new TableScan(
                new TableRef("gen", "generator", Map.of("rows", Long.toString(total)), EVENTS, List.of()));
        PlanNode wm = Plans.watermark(scan, 1, 1000);
        WindowAggregate agg = new WindowAggregate(
                wm,
                List.of(0),
                WindowSpec.tumble(1, 1000),
                List.of(countStar("n")),
                List.of(WindowProperty.WINDOW_START),
                row(col("k", BIGINT), col("n", BIGINT), col("w", TS)));
        QueryPlan plan = new QueryPlan("tumble count", agg);
        try (RootAllocator allocator = new RootAllocator()) {
            Engine engine = Engine.builder(allocator, ConnectorResolver.of(new Generator()))
                    .batchSize(8192)
                    .build();
            long start = System.nanoTime();
            Job job = engine.submit(plan);
            long out = 0;
            long counted = 0;
            try (JobResults results = job.results()) {
                while (results.hasNext()) {
                    try (VectorSchemaRoot batch = results.next()) {
                        out += batch.getRowCount();
                        BigIntVector n = (BigIntVector) batch.getVector(1);
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            counted += n.get(i);
                        }
                    }
                }
            }
            job.awaitTermination(1, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%,d rows in %.2f s: %,.0f rows/s (%,d result rows, %,d counted, status %s)%n",
                    total, seconds, total / seconds, out, counted, job.status());
        }
    }

    record Split(long rows) implements SourceSplit {
        @Override
        public String splitId() {
            return "gen-0";
        }
    }

    /** Fills key and timestamp vectors directly: about the cheapest source possible. */
    static final class Generator implements SourceFactory {
        static final OptionDescriptor<Long> ROWS =
                OptionDescriptor.key("rows").longType().required();

        @Override
        public String identifier() {
            return "generator";
        }

        @Override
        public List<OptionDescriptor<?>> options() {
            return List.of(ROWS);
        }

        @Override
        public Source<?, ?> createSource(TableContext context) {
            long rows = context.options().get(ROWS);
            return new Source<Split, Void>() {
                @Override
                public Boundedness boundedness() {
                    return Boundedness.BOUNDED;
                }

                @Override
                public SplitEnumerator<Split, Void> createEnumerator(SplitEnumeratorContext<Split> ctx) {
                    return new SplitEnumerator<>() {
                        @Override
                        public void start() {}

                        @Override
                        public void handleSplitRequest(int subtaskId) {}

                        @Override
                        public void addSplitsBack(List<Split> splits, int subtaskId) {}

                        @Override
                        public void addReader(int subtaskId) {
                            ctx.assignSplit(new Split(rows), subtaskId);
                            ctx.signalNoMoreSplits(subtaskId);
                        }

                        @Override
                        public Void snapshotState(long checkpointId) {
                            return null;
                        }

                        @Override
                        public void close() {}
                    };
                }

                @Override
                public SplitEnumerator<Split, Void> restoreEnumerator(SplitEnumeratorContext<Split> ctx, Void s) {
                    return createEnumerator(ctx);
                }

                @Override
                public SourceReader<Split> createReader(SourceReaderContext ctx) {
                    return new Reader(ctx);
                }

                @Override
                public VersionedSerializer<Split> splitSerializer() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public VersionedSerializer<Void> enumeratorStateSerializer() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    static final class Reader implements SourceReader<Split> {
        private final SourceReaderContext context;
        private VectorSchemaRoot root;
        private long remaining = -1;
        private long next;
        private boolean noMore;

        Reader(SourceReaderContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            root = VectorSchemaRoot.create(context.table().schema(), context.allocator());
        }

        @Override
        public InputStatus pollNext(BatchOutput output) {
            if (remaining == 0 || (remaining < 0 && noMore)) {
                return InputStatus.END_OF_INPUT;
            }
            if (remaining < 0) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            int n = (int) Math.min(context.batchSize(), remaining);
            BigIntVector k = (BigIntVector) root.getVector(0);
            TimeStampMilliVector ts = (TimeStampMilliVector) root.getVector(1);
            k.allocateNew(n);
            ts.allocateNew(n);
            ArrowBuf kd = k.getDataBuffer();
            ArrowBuf td = ts.getDataBuffer();
            for (int i = 0; i < n; i++) {
                long row = next + i;
                kd.setLong((long) i << 3, (row * 7919) % 1000);
                td.setLong((long) i << 3, 1_700_000_000_000L + row / 10);
            }
            k.getValidityBuffer().setOne(0, (n + 7) / 8);
            ts.getValidityBuffer().setOne(0, (n + 7) / 8);
            k.setValueCount(n);
            ts.setValueCount(n);
            root.setRowCount(n);
            output.emit("gen-0", root);
            next += n;
            remaining -= n;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<Split> splits) {
            remaining = splits.get(0).rows();
        }

        @Override
        public void notifyNoMoreSplits() {
            noMore = true;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void close() {
            root.close();
        }
    }
}
