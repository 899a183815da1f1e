package io.sabot.connector.datagen.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * A small stand-in for the runtime's side of the source SPI: table context, enumerator context, reader contexts with
 * child allocators, and a {@link BatchOutput} that transfers each batch's buffers into its own allocator, as the
 * runtime does. The connector under test is real.
 */
final class TestRuntime implements AutoCloseable {

    static final SourceFactory FACTORY = new DatagenSourceFactory();

    final RootAllocator allocator = new RootAllocator();
    private final List<BufferAllocator> readerAllocators = new ArrayList<>();
    private final List<SourceReader<?>> readers = new ArrayList<>();

    /** Validates {@code options} (key, value, key, value, …) as the runtime would and makes a table context. */
    static TableContext table(Schema schema, int parallelism, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        ValidatedOptions validated =
                FACTORY.validate("connector 'datagen' of table 'orders'", map).orThrow();
        return new TableContext() {
            @Override
            public String tableName() {
                return "orders";
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
                throw new UnsupportedOperationException("datagen needs no format");
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                throw new UnsupportedOperationException("datagen needs no format");
            }
        };
    }

    static DatagenSource source(TableContext table) {
        Source<?, ?> source = FACTORY.createSource(table);
        return (DatagenSource) source;
    }

    /** Records what an enumerator assigns. Runs async calls inline. */
    static final class EnumeratorContext implements SplitEnumeratorContext<DatagenSplit> {
        final int parallelism;
        final Map<Integer, List<DatagenSplit>> assigned = new TreeMap<>();
        final List<Integer> noMoreSplits = new ArrayList<>();

        EnumeratorContext(int parallelism) {
            this.parallelism = parallelism;
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public void assignSplit(DatagenSplit split, int subtaskId) {
            assigned.computeIfAbsent(subtaskId, k -> new ArrayList<>()).add(split);
        }

        @Override
        public void signalNoMoreSplits(int subtaskId) {
            noMoreSplits.add(subtaskId);
        }

        @Override
        public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
            try {
                handler.accept(callable.call(), null);
            } catch (Exception e) {
                handler.accept(null, e);
            }
        }

        @Override
        public <T> void callAsync(
                Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis) {
            throw new UnsupportedOperationException();
        }
    }

    /** Makes a reader for {@code subtask} with its own child allocator; {@link #close} checks it for leaks. */
    SourceReader<DatagenSplit> reader(DatagenSource source, TableContext table, int subtask, int batchSize)
            throws Exception {
        return reader(source, table, subtask, batchSize, () -> false);
    }

    /** Like {@link #reader(DatagenSource, TableContext, int, int)}, with the runtime's pending-barrier flag. */
    SourceReader<DatagenSplit> reader(
            DatagenSource source,
            TableContext table,
            int subtask,
            int batchSize,
            java.util.function.BooleanSupplier barrierPending)
            throws Exception {
        BufferAllocator child = allocator.newChildAllocator("reader-" + subtask, 0, Long.MAX_VALUE);
        readerAllocators.add(child);
        SourceReader<DatagenSplit> reader = source.createReader(new SourceReaderContext() {
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
            public void sendSplitRequest() {}

            @Override
            public boolean barrierPending() {
                return barrierPending.getAsBoolean();
            }
        });
        readers.add(reader);
        reader.start();
        return reader;
    }

    /** Starts an enumerator and two-way wires it: every reader registers and receives its splits. */
    static void assign(
            SplitEnumerator<DatagenSplit, ?> enumerator,
            EnumeratorContext context,
            List<SourceReader<DatagenSplit>> readers) {
        enumerator.start();
        for (int i = 0; i < readers.size(); i++) {
            enumerator.addReader(i);
            readers.get(i).addSplits(context.assigned.getOrDefault(i, List.of()));
            if (context.noMoreSplits.contains(i)) {
                readers.get(i).notifyNoMoreSplits();
            }
        }
    }

    /** The runtime's output: takes the buffers over, then keeps the rows as Java values. */
    final class Output implements BatchOutput {
        final List<List<Object>> rows = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
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
                batchSizes.add(mine.getRowCount());
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
            fail("datagen reports no watermarks");
        }

        @Override
        public void markIdle(String splitId) {
            fail("datagen never idles");
        }
    }

    Output output() {
        return new Output();
    }

    /** Polls {@code reader} as a task would, honouring isAvailable(), until END_OF_INPUT. */
    static void runToEnd(SourceReader<DatagenSplit> reader, BatchOutput output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                return;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(5, TimeUnit.SECONDS);
            }
        }
        fail("reader did not end");
    }

    /** Polls several readers from one thread, like tasks sharing a core, until all end or {@code millis} pass. */
    static void runAll(List<SourceReader<DatagenSplit>> readers, List<? extends BatchOutput> outputs, long millis)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean[] ended = new boolean[readers.size()];
        int running = readers.size();
        while (running > 0 && System.nanoTime() < deadline) {
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int i = 0; i < readers.size(); i++) {
                if (ended[i]) {
                    continue;
                }
                SourceReader<DatagenSplit> reader = readers.get(i);
                if (!reader.isAvailable().isDone()) {
                    waiting.add(reader.isAvailable());
                    continue;
                }
                if (reader.pollNext(outputs.get(i)) == InputStatus.END_OF_INPUT) {
                    ended[i] = true;
                    running--;
                }
            }
            if (waiting.size() == running && running > 0) {
                long left = deadline - System.nanoTime();
                try {
                    CompletableFuture.anyOf(waiting.toArray(new CompletableFuture<?>[0]))
                            .get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    return;
                }
            }
        }
    }

    /** Closes the readers, checks that each released all its memory, then closes the allocators. */
    @Override
    public void close() throws Exception {
        for (SourceReader<?> reader : readers) {
            reader.close();
        }
        for (BufferAllocator child : readerAllocators) {
            assertEquals("bytes left in " + child.getName(), 0, child.getAllocatedMemory());
            child.close();
        }
        assertEquals("bytes left in the output allocator", 0, allocator.getAllocatedMemory());
        allocator.close();
    }
}
