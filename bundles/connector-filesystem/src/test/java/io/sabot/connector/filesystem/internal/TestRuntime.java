package io.sabot.connector.filesystem.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * A small stand-in for the runtime's side of the SPI. Like the real one, it never calls a reader or the enumerator
 * re-entrantly: split requests, assignments and the results of asynchronous listings travel through a mailbox that
 * the test thread drains between polls, and {@code callAsync} work runs on a worker thread. Readers get child
 * allocators; {@link BatchOutput} transfers each batch into the runtime's own allocator. {@link #close} checks that
 * every allocator is empty.
 */
final class TestRuntime implements AutoCloseable {

    static final FileSystemTableFactory FACTORY = new FileSystemTableFactory();

    final RootAllocator allocator = new RootAllocator();
    final LinkedBlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-enumerator-worker");
        t.setDaemon(true);
        return t;
    });
    private final List<BufferAllocator> children = new ArrayList<>();
    private final List<Subtask> subtasks = new ArrayList<>();
    private final Map<Integer, Subtask> bySubtask = new TreeMap<>();
    private SplitEnumerator<FileSplit, FileEnumeratorState> enumerator;
    private EnumeratorContext enumeratorContext;

    /** Validates options (key, value, …) as the runtime would; the format is {@link TestFormat}. */
    static TableContext table(Schema schema, int parallelism, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        ValidatedOptions validated =
                FACTORY.validate("connector 'filesystem' of table 't'", map).orThrow();
        return new TableContext() {
            @Override
            public String tableName() {
                return "t";
            }

            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public ValidatedOptions options() {
                return validated;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public RecordDecoder createDecoder(String formatKey) {
                assertEquals("format", formatKey);
                return new TestFormat(schema);
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                assertEquals("format", formatKey);
                return new TestFormat(schema);
            }
        };
    }

    static FileSource source(TableContext table) {
        return (FileSource) FACTORY.createSource(table);
    }

    static FileSink sink(TableContext table) {
        return (FileSink) FACTORY.createSink(table);
    }

    /** The enumerator's context: assignments go to the readers through the mailbox. */
    final class EnumeratorContext implements SplitEnumeratorContext<FileSplit> {
        final int parallelism;
        final List<String> assignments = new ArrayList<>();
        private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
        /** Set when the runtime replaces the enumerator: its late results and assignments go nowhere. */
        private volatile boolean closed;

        EnumeratorContext(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public void assignSplit(FileSplit split, int subtaskId) {
            if (closed) {
                return;
            }
            assignments.add(subtaskId + ":" + split.path());
            mailbox.add(() -> bySubtask.get(subtaskId).reader.addSplits(List.of(split)));
        }

        @Override
        public void signalNoMoreSplits(int subtaskId) {
            if (closed) {
                return;
            }
            mailbox.add(() -> bySubtask.get(subtaskId).reader.notifyNoMoreSplits());
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            workers.execute(() -> call(callable, handler));
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis) {
            periodic.add(workers.scheduleWithFixedDelay(
                    () -> call(callable, handler), initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS));
        }

        private <T> void call(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            try {
                T result = callable.call();
                mailbox.add(() -> {
                    if (!closed) {
                        handler.accept(result, null);
                    }
                });
            } catch (Exception e) {
                mailbox.add(() -> {
                    if (!closed) {
                        handler.accept(null, e);
                    }
                });
            }
        }

        void close() {
            closed = true;
            periodic.forEach(f -> f.cancel(false));
        }
    }

    /**
     * Starts the enumerator (fresh or restored) that split requests go to; a previous one is closed first and its
     * periodic work cancelled, as the runtime does on a restore.
     */
    void start(SplitEnumerator<FileSplit, FileEnumeratorState> next, EnumeratorContext context) throws Exception {
        if (enumerator != null) {
            enumerator.close();
            enumeratorContext.close();
        }
        enumerator = next;
        enumeratorContext = context;
        next.start();
    }

    /** Creates and starts a fresh enumerator for {@code source}. */
    SplitEnumerator<FileSplit, FileEnumeratorState> startEnumerator(FileSource source, int parallelism)
            throws Exception {
        EnumeratorContext context = new EnumeratorContext(parallelism);
        SplitEnumerator<FileSplit, FileEnumeratorState> created = source.createEnumerator(context);
        start(created, context);
        return created;
    }

    /** Creates and starts an enumerator restored from {@code state}. */
    SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(
            FileSource source, int parallelism, FileEnumeratorState state) throws Exception {
        EnumeratorContext context = new EnumeratorContext(parallelism);
        SplitEnumerator<FileSplit, FileEnumeratorState> restored = source.restoreEnumerator(context, state);
        start(restored, context);
        return restored;
    }

    /** One reader with its output and what it reported. */
    final class Subtask {
        final int index;
        final SourceReader<FileSplit> reader;
        final Output output = new Output();
        final List<String> failures = new ArrayList<>();
        boolean ended;

        Subtask(int index, SourceReader<FileSplit> reader) {
            this.index = index;
            this.reader = reader;
        }
    }

    /** Makes and starts a reader for {@code subtask}, with its own child allocator. */
    Subtask reader(FileSource source, TableContext table, int subtask, int batchSize) throws Exception {
        BufferAllocator child = allocator.newChildAllocator("reader-" + subtask, 0, Long.MAX_VALUE);
        children.add(child);
        SourceReader<FileSplit> reader = source.createReader(new SourceReaderContext() {
            @Override
            public TableContext table() {
                return table;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public BufferAllocator allocator() {
                return child;
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public void sendSplitRequest() {
                mailbox.add(() -> enumerator.handleSplitRequest(subtask));
            }
        });
        reader.start();
        Subtask s = new Subtask(subtask, reader);
        subtasks.add(s);
        bySubtask.put(subtask, s);
        return s;
    }

    /**
     * Runs the mailbox and polls the readers, as tasks would, until every one of {@code running} has ended, {@code
     * stop} holds, or {@code millis} pass. A {@link PluginException} from a reader is recorded and reading goes on,
     * as under a "skip" error policy.
     *
     * @return whether it stopped before the time ran out
     */
    boolean run(List<Subtask> running, BooleanSupplier stop, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            for (Runnable mail = mailbox.poll(); mail != null; mail = mailbox.poll()) {
                mail.run();
            }
            if (stop.getAsBoolean()) {
                return true;
            }
            boolean polled = false;
            boolean allEnded = true;
            for (Subtask s : running) {
                if (s.ended) {
                    continue;
                }
                allEnded = false;
                if (!s.reader.isAvailable().isDone()) {
                    continue;
                }
                polled = true;
                try {
                    if (s.reader.pollNext(s.output) == InputStatus.END_OF_INPUT) {
                        s.ended = true;
                    }
                } catch (PluginException e) {
                    s.failures.add(e.getMessage());
                }
            }
            if (allEnded && mailbox.isEmpty()) {
                return true;
            }
            if (!polled) {
                Runnable mail = mailbox.poll(2, TimeUnit.MILLISECONDS);
                if (mail != null) {
                    mail.run();
                }
            }
        }
        return false;
    }

    /** Runs until every reader ended; fails after 30 s. */
    void runToEnd(List<Subtask> running) throws Exception {
        if (!run(running, () -> false, 30_000)) {
            throw new AssertionError("readers did not end");
        }
    }

    /** The runtime's output: takes the buffers over, then keeps the rows as Java values. */
    final class Output implements BatchOutput {
        final List<List<Object>> rows = new ArrayList<>();
        final List<String> splitIds = new ArrayList<>();

        @Override
        public void emit(String splitId, VectorSchemaRoot batch) {
            try (VectorSchemaRoot mine = VectorSchemaRoot.create(batch.getSchema(), allocator)) {
                for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                    batch.getVector(c).makeTransferPair(mine.getVector(c)).transfer();
                }
                mine.setRowCount(batch.getRowCount());
                batch.setRowCount(0);
                splitIds.add(splitId);
                for (int r = 0; r < mine.getRowCount(); r++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector vector : mine.getFieldVectors()) {
                        Object value = vector.getObject(r);
                        row.add(value instanceof Text ? value.toString() : value);
                    }
                    rows.add(row);
                }
            }
        }

        @Override
        public void emitWatermark(String splitId, long watermarkMillis) {
            throw new AssertionError("files carry no watermarks");
        }

        @Override
        public void markIdle(String splitId) {}
    }

    /** A writer context for {@code subtask}, restored from {@code restored} when not negative. */
    SinkWriterContext writerContext(TableContext table, int subtask, long restored) {
        BufferAllocator child = allocator.newChildAllocator("writer-" + subtask, 0, Long.MAX_VALUE);
        children.add(child);
        return new SinkWriterContext() {
            @Override
            public TableContext table() {
                return table;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public BufferAllocator allocator() {
                return child;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return restored < 0 ? OptionalLong.empty() : OptionalLong.of(restored);
            }
        };
    }

    /** Closes readers and enumerator, checks that every allocator was emptied, then closes them. */
    @Override
    public void close() throws Exception {
        workers.shutdownNow();
        for (Subtask s : subtasks) {
            s.reader.close();
        }
        if (enumerator != null) {
            enumerator.close();
            enumeratorContext.close();
        }
        for (BufferAllocator child : children) {
            assertEquals("bytes left in " + child.getName(), 0, child.getAllocatedMemory());
            child.close();
        }
        assertEquals("bytes left in the runtime's allocator", 0, allocator.getAllocatedMemory());
        allocator.close();
    }
}
