package io.sabot.engine;

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
import io.sabot.plan.RowType;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.VersionedSerializer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A test-only connector on the real source SPI: a dataset registered under a name gives each split a script of
 * steps: a batch of rows, a pause, or (unbounded tables) silence for ever. Readers interleave their splits a step at
 * a time, as a reader of several partitions would.
 */
class TestSourceFactory implements SourceFactory {

    static final OptionDescriptor<String> DATASET =
            OptionDescriptor.key("dataset").stringType().required().description("registered dataset name");
    static final OptionDescriptor<Boolean> BOUNDED =
            OptionDescriptor.key("bounded").booleanType().defaultValue(true).description("end after the data");
    static final OptionDescriptor<String> FORMAT =
            OptionDescriptor.key("format").stringType().description("unused; for format option tests");

    private static final Map<String, List<List<Step>>> DATASETS = new ConcurrentHashMap<>();

    /** A step of a split's script. */
    sealed interface Step permits Rows, Pause, Silence {}

    record Rows(List<Object[]> rows) implements Step {}

    record Pause(long millis) implements Step {}

    /** Nothing more, ever (an unbounded split that went quiet). */
    record Silence() implements Step {}

    static Rows rows(Object[]... rows) {
        return new Rows(List.of(rows));
    }

    static Pause pause(long millis) {
        return new Pause(millis);
    }

    static Silence silence() {
        return new Silence();
    }

    /** Registers a dataset: one script per split. */
    static String register(String name, List<List<Step>> splits) {
        DATASETS.put(name, splits);
        return name;
    }

    @Override
    public String identifier() {
        return "test-rows";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(DATASET, BOUNDED, FORMAT);
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        List<List<Step>> data = DATASETS.get(context.options().get(DATASET));
        if (data == null) {
            throw new IllegalArgumentException("no dataset " + context.options().get(DATASET));
        }
        boolean bounded = context.options().get(BOUNDED);
        RowType type = io.sabot.engine.Plans.rowTypeOf(context.schema());
        if (scanChangelogMode() == io.sabot.connector.spi.sink.ChangelogMode.UPSERT) {
            // each row's last value is its row kind's code (INSERT or DELETE), as an upsert source emits it
            java.util.List<io.sabot.plan.Column> columns = new java.util.ArrayList<>(type.columns());
            columns.add(new io.sabot.plan.Column(
                    io.sabot.connector.spi.sink.RowKind.COLUMN_NAME,
                    io.sabot.plan.DataType.of(io.sabot.plan.TypeKind.TINYINT)));
            type = new RowType(columns);
        }
        return new TestSource(data, bounded, type);
    }

    record Split(int number, List<Step> steps) implements SourceSplit {
        @Override
        public String splitId() {
            return "split-" + number;
        }
    }

    static final class TestSource implements Source<Split, List<Split>> {
        private final List<List<Step>> data;
        private final boolean bounded;
        private final RowType type;

        TestSource(List<List<Step>> data, boolean bounded, RowType type) {
            this.data = data;
            this.bounded = bounded;
            this.type = type;
        }

        @Override
        public Boundedness boundedness() {
            return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public SplitEnumerator<Split, List<Split>> createEnumerator(SplitEnumeratorContext<Split> context) {
            List<Split> splits = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                splits.add(new Split(i, data.get(i)));
            }
            return new Enumerator(context, splits, bounded);
        }

        @Override
        public SplitEnumerator<Split, List<Split>> restoreEnumerator(
                SplitEnumeratorContext<Split> context, List<Split> state) {
            return new Enumerator(context, state, bounded);
        }

        @Override
        public SourceReader<Split> createReader(SourceReaderContext context) {
            return new Reader(context, type);
        }

        /** A split is stored as its number and how many steps of its script are done (the dataset stays here). */
        @Override
        public VersionedSerializer<Split> splitSerializer() {
            return new VersionedSerializer<>() {
                @Override
                public int version() {
                    return 1;
                }

                @Override
                public byte[] serialize(Split split) {
                    return java.nio.ByteBuffer.allocate(8)
                            .putInt(split.number())
                            .putInt(data.get(split.number()).size()
                                    - split.steps().size())
                            .array();
                }

                @Override
                public Split deserialize(int version, byte[] bytes) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                    int number = b.getInt();
                    List<Step> steps = data.get(number);
                    return new Split(number, steps.subList(b.getInt(), steps.size()));
                }
            };
        }

        @Override
        public VersionedSerializer<List<Split>> enumeratorStateSerializer() {
            VersionedSerializer<Split> splits = splitSerializer();
            return new VersionedSerializer<>() {
                @Override
                public int version() {
                    return 1;
                }

                @Override
                public byte[] serialize(List<Split> state) throws java.io.IOException {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 8 * state.size());
                    b.putInt(state.size());
                    for (Split split : state) {
                        b.put(splits.serialize(split));
                    }
                    return b.array();
                }

                @Override
                public List<Split> deserialize(int version, byte[] bytes) throws java.io.IOException {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                    List<Split> state = new ArrayList<>();
                    for (int i = b.getInt(); i > 0; i--) {
                        byte[] one = new byte[8];
                        b.get(one);
                        state.add(splits.deserialize(1, one));
                    }
                    return state;
                }
            };
        }
    }

    static final class Enumerator implements SplitEnumerator<Split, List<Split>> {
        private final SplitEnumeratorContext<Split> context;
        private final List<Split> splits;
        private final boolean bounded;

        Enumerator(SplitEnumeratorContext<Split> context, List<Split> splits, boolean bounded) {
            this.context = context;
            this.splits = new ArrayList<>(splits);
            this.bounded = bounded;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId) {}

        @Override
        public void addSplitsBack(List<Split> back, int subtaskId) {
            splits.addAll(back);
        }

        @Override
        public void addReader(int subtaskId) {
            for (var it = splits.iterator(); it.hasNext(); ) {
                Split split = it.next();
                if (split.number() % context.parallelism() == subtaskId) {
                    context.assignSplit(split, subtaskId);
                    it.remove(); // the reader owns it now (and checkpoints its position)
                }
            }
            if (bounded) {
                context.signalNoMoreSplits(subtaskId);
            }
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return List.copyOf(splits);
        }

        @Override
        public void close() {}
    }

    /** Plays its splits' scripts, one step of one split per poll, round robin; never blocks. */
    static final class Reader implements SourceReader<Split> {
        private final SourceReaderContext context;
        private final RowType type;
        private final Deque<Cursor> splits = new ArrayDeque<>();
        private boolean noMoreSplits;
        private VectorSchemaRoot root;
        private CompletableFuture<Void> available = CompletableFuture.completedFuture(null);

        Reader(SourceReaderContext context, RowType type) {
            this.context = context;
            this.type = type;
        }

        private static final class Cursor {
            final Split split;
            int next;
            long pausedUntil;

            Cursor(Split split) {
                this.split = split;
            }
        }

        @Override
        public void start() {
            root = VectorSchemaRoot.create(type.toArrowSchema(), context.allocator());
        }

        @Override
        public InputStatus pollNext(BatchOutput output) {
            long now = System.nanoTime();
            int candidates = splits.size();
            long wake = Long.MAX_VALUE;
            for (int k = 0; k < candidates; k++) {
                Cursor c = splits.pollFirst();
                if (c.next >= c.split.steps().size()) {
                    continue; // finished
                }
                Step step = c.split.steps().get(c.next);
                if (step instanceof Silence) {
                    splits.addLast(c);
                    continue;
                }
                if (c.pausedUntil > now) {
                    wake = Math.min(wake, c.pausedUntil);
                    splits.addLast(c);
                    continue;
                }
                c.next++;
                splits.addLast(c);
                if (step instanceof Pause p) {
                    c.pausedUntil = now + TimeUnit.MILLISECONDS.toNanos(p.millis());
                    wake = Math.min(wake, c.pausedUntil);
                    continue;
                }
                TestRows.fill(root, type, ((Rows) step).rows());
                output.emit(c.split.splitId(), root);
                root.clear();
                return InputStatus.MORE_AVAILABLE;
            }
            boolean anyLeft =
                    splits.stream().anyMatch(c -> c.next < c.split.steps().size());
            if (!anyLeft && noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            if (wake != Long.MAX_VALUE) {
                available = CompletableFuture.runAsync(
                        () -> {}, CompletableFuture.delayedExecutor(Math.max(1, wake - now), TimeUnit.NANOSECONDS));
            } else {
                available = new CompletableFuture<>(); // silent until more splits or the end
                if (!anyLeft) {
                    pendingEnd = available;
                }
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        private CompletableFuture<Void> pendingEnd;

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Split> newSplits) {
            for (Split s : newSplits) {
                splits.addLast(new Cursor(s));
            }
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        /** Each split with the steps still to play (a pause under way counts as played). */
        @Override
        public List<Split> snapshotState(long checkpointId) {
            List<Split> state = new ArrayList<>();
            for (Cursor c : splits) {
                List<Step> steps = c.split.steps();
                state.add(new Split(c.split.number(), steps.subList(Math.min(c.next, steps.size()), steps.size())));
            }
            return state;
        }

        @Override
        public void close() {
            if (root != null) {
                root.close();
            }
        }
    }
}
