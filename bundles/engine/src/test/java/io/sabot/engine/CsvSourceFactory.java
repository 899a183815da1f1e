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
import io.sabot.plan.TypeKind;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.VersionedSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small test-only CSV file source (no quoting, empty field = NULL, timestamps {@code yyyy-MM-dd HH:mm:ss.SSS}):
 * the file is cut into line ranges, one split each, which a reader interleaves batch by batch.
 */
final class CsvSourceFactory implements SourceFactory {

    static final OptionDescriptor<String> PATH =
            OptionDescriptor.key("path").stringType().required();
    static final OptionDescriptor<String> FORMAT =
            OptionDescriptor.key("format").stringType().defaultValue("csv");
    static final OptionDescriptor<Integer> SPLITS =
            OptionDescriptor.key("splits").intType().defaultValue(4);

    @Override
    public String identifier() {
        return "test-csv";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(PATH, FORMAT, SPLITS);
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        TestCsvFormat.Decoder decoder = (TestCsvFormat.Decoder) context.createDecoder("format");
        if (!decoder.delimiter().equals(",")) {
            throw new IllegalArgumentException("only ',' is supported, not '" + decoder.delimiter() + "'");
        }
        return new CsvSource(
                Path.of(context.options().get(PATH)), context.options().get(SPLITS), Plans.rowTypeOf(context.schema()));
    }

    record Split(String path, int number, int from, int to) implements SourceSplit {
        @Override
        public String splitId() {
            return path + "#" + number;
        }
    }

    record CsvSource(Path path, int splits, RowType type) implements Source<Split, List<Split>> {
        @Override
        public Boundedness boundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SplitEnumerator<Split, List<Split>> createEnumerator(SplitEnumeratorContext<Split> context) {
            List<Split> all = new ArrayList<>();
            context.callAsync(() -> Files.readAllLines(path).size(), (lines, failure) -> {
                if (failure != null) {
                    throw new PluginException("cannot read " + path, failure, false);
                }
                int size = (lines + splits - 1) / splits;
                for (int k = 0; k < splits; k++) {
                    all.add(new Split(path.toString(), k, k * size, Math.min(lines, (k + 1) * size)));
                }
                for (int r = 0; r < context.parallelism(); r++) {
                    assign(context, all, r);
                }
            });
            return new SplitEnumerator<>() {
                @Override
                public void start() {}

                @Override
                public void handleSplitRequest(int subtaskId) {}

                @Override
                public void addSplitsBack(List<Split> back, int subtaskId) {}

                @Override
                public void addReader(int subtaskId) {}

                @Override
                public List<Split> snapshotState(long checkpointId) {
                    return all;
                }

                @Override
                public void close() {}
            };
        }

        private static void assign(SplitEnumeratorContext<Split> context, List<Split> all, int reader) {
            for (Split split : all) {
                if (split.number() % context.parallelism() == reader) {
                    context.assignSplit(split, reader);
                }
            }
            context.signalNoMoreSplits(reader);
        }

        @Override
        public SplitEnumerator<Split, List<Split>> restoreEnumerator(
                SplitEnumeratorContext<Split> context, List<Split> state) {
            return createEnumerator(context);
        }

        @Override
        public SourceReader<Split> createReader(SourceReaderContext context) {
            return new Reader(context, type);
        }

        @Override
        public VersionedSerializer<Split> splitSerializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public VersionedSerializer<List<Split>> enumeratorStateSerializer() {
            throw new UnsupportedOperationException();
        }
    }

    static final class Reader implements SourceReader<Split> {
        private final SourceReaderContext context;
        private final RowType type;
        private final Deque<Object[]> cursors = new ArrayDeque<>(); // {Split, List<String>, int[] next}
        private boolean noMore;
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private org.apache.arrow.vector.VectorSchemaRoot root;

        Reader(SourceReaderContext context, RowType type) {
            this.context = context;
            this.type = type;
        }

        @Override
        public void start() {
            root = org.apache.arrow.vector.VectorSchemaRoot.create(
                    context.table().schema(), context.allocator());
        }

        @Override
        public InputStatus pollNext(BatchOutput output) throws IOException {
            Object[] cursor = cursors.pollFirst();
            if (cursor == null) {
                if (noMore) {
                    return InputStatus.END_OF_INPUT;
                }
                if (available.isDone()) {
                    available = new CompletableFuture<>();
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
            Split split = (Split) cursor[0];
            @SuppressWarnings("unchecked")
            List<String> lines = (List<String>) cursor[1];
            int[] next = (int[]) cursor[2];
            int end = Math.min(split.to(), next[0] + context.batchSize());
            List<Object[]> rows = new ArrayList<>();
            for (int i = next[0]; i < end; i++) {
                rows.add(parse(lines.get(i), i));
            }
            next[0] = end;
            TestRows.fill(root, type, rows);
            output.emit(split.splitId(), root);
            root.clear();
            if (end < split.to()) {
                cursors.addLast(cursor);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        private Object[] parse(String line, int number) {
            String[] fields = line.split(",", -1);
            if (fields.length != type.size()) {
                throw new PluginException("line " + (number + 1) + " has " + fields.length + " fields", false);
            }
            Object[] row = new Object[fields.length];
            for (int c = 0; c < fields.length; c++) {
                String f = fields[c];
                TypeKind kind = type.type(c).kind();
                row[c] = f.isEmpty() && kind != TypeKind.VARCHAR
                        ? null
                        : switch (kind) {
                            case BIGINT, INTEGER, SMALLINT, TINYINT -> Long.parseLong(f);
                            case DOUBLE, FLOAT -> Double.parseDouble(f);
                            case DECIMAL -> new BigDecimal(f);
                            case BOOLEAN -> Boolean.parseBoolean(f);
                            case TIMESTAMP, TIMESTAMP_LTZ -> Plans.ts(f);
                            case DATE -> (int) LocalDate.parse(f).toEpochDay();
                            default -> f.isEmpty() ? null : f;
                        };
            }
            return row;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Split> splits) {
            for (Split split : splits) {
                try {
                    cursors.add(
                            new Object[] {split, Files.readAllLines(Path.of(split.path())), new int[] {split.from()}});
                } catch (IOException e) {
                    throw new PluginException("cannot read " + split.path(), e, false);
                }
            }
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMore = true;
            available.complete(null);
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public void close() {
            if (root != null) {
                root.close();
            }
        }
    }
}
