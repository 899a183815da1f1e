package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.ReaderBatch;
import io.sabot.connector.spi.source.RecordSizeLimit;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.plugin.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the partitions assigned to one subtask. A fetcher thread owns the {@link KafkaConsumer} (manually assigned,
 * never subscribed) and hands each poll's records to the task thread, one {@link Fetch} per partition, through a small
 * bounded queue: a full queue stops the fetcher from polling, which is how backpressure reaches Kafka. The task thread
 * never waits: {@link #pollNext} cuts the records of what is there into batches of at most {@code batchSize} records,
 * decodes the values into Arrow vectors with the table's format, and emits them per partition.
 *
 * <p>The position recorded per split is the offset after the last emitted record, or, once a whole fetch is emitted,
 * the consumer's position after it (which also steps over transaction markers and aborted records), so a restored
 * split continues exactly after the last emitted batch. When a checkpoint completes, its positions are committed to
 * the consumer group, if one is configured.
 */
final class KafkaReader implements SourceReader<KafkaSplit> {

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);
    private static final int MAX_BATCHES_PER_POLL = 4;

    private final KafkaSource source;
    private final SourceReaderContext context;
    private final int batchSize;
    private final Map<String, SplitState> splits = new LinkedHashMap<>();
    /** Positions of snapshots not yet completed, oldest first, for committing offsets back to the group. */
    private final TreeMap<Long, Map<TopicPartition, Long>> snapshots = new TreeMap<>();

    private final List<String> newlyIdle = new ArrayList<>();

    /** {@code source.record.max-size}: key and value bytes together. */
    private final int maxRecordBytes;

    private Fetcher fetcher;
    /** Splits added before {@link #start}, i.e. restored ones: assigned to the consumer once the fetcher runs. */
    private List<KafkaSplit> restored = new ArrayList<>();
    /** Decodes keys and values into the physical columns of {@link #out}. */
    private KafkaDecoding decoding;
    /** The physical columns the formats decode into, and the metadata columns this reader fills. */
    private ReaderBatch out;

    private KafkaMetadata metadata;
    /** For an upsert source: the emitted columns and the row kinds, INSERT for upserts, DELETE for tombstones. */
    private VectorSchemaRoot upsertBatch;

    private org.apache.arrow.vector.TinyIntVector rowKinds;
    /** Whether the batch being filled holds tombstones (an upsert source's batches hold one or the other). */
    private boolean tombstones;

    private boolean noMoreSplits;
    private Fetch current;
    private int currentIndex;

    KafkaReader(KafkaSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        this.batchSize = Math.max(1, context.batchSize());
        this.maxRecordBytes = RecordSizeLimit.of(source.options());
    }

    @Override
    public void start() {
        out = new ReaderBatch(context.table(), context.allocator());
        decoding = new KafkaDecoding(
                context.table(),
                source.layout(),
                KafkaOptions.formatKey(context.table().options()),
                context.recordFailurePolicy(),
                context.allocator(),
                Math.min(batchSize, 1 << 16));
        decoding.bind(out.physical());
        metadata = new KafkaMetadata(context.table().metadataColumns());
        if (source.upsert()) {
            rowKinds = new org.apache.arrow.vector.TinyIntVector(
                    new org.apache.arrow.vector.types.pojo.Field(
                            io.sabot.connector.spi.sink.RowKind.COLUMN_NAME,
                            org.apache.arrow.vector.types.pojo.FieldType.notNullable(
                                    new org.apache.arrow.vector.types.pojo.ArrowType.Int(8, true)),
                            null),
                    context.allocator());
            List<org.apache.arrow.vector.types.pojo.Field> fields =
                    new ArrayList<>(out.emitted().getSchema().getFields());
            List<org.apache.arrow.vector.FieldVector> vectors =
                    new ArrayList<>(out.emitted().getFieldVectors());
            fields.add(rowKinds.getField());
            vectors.add(rowKinds);
            upsertBatch = new VectorSchemaRoot(fields, vectors, 0);
        }
        fetcher = new Fetcher(source, "sabot-kafka-fetcher-" + source.tableName() + "-" + context.subtaskIndex());
        fetcher.start();
        // splits restored from a checkpoint arrive before start (as in Flink's SourceOperator)
        assign(restored);
        restored = List.of();
    }

    @Override
    public InputStatus pollNext(BatchOutput output) {
        fetcher.throwIfFailed();
        for (String id : newlyIdle) {
            output.markIdle(id);
        }
        newlyIdle.clear();
        int emitted = 0;
        while (emitted < MAX_BATCHES_PER_POLL) {
            if (current == null) {
                current = fetcher.handover.poll();
                currentIndex = 0;
                if (current == null) {
                    break;
                }
            }
            SplitState state = splits.get(current.splitId);
            if (state == null) {
                current = null; // a split finished or removed; its late records are dropped
                continue;
            }
            if (emitBatch(state, output)) {
                emitted++;
            }
        }
        if (emitted > 0 || !fetcher.handover.isEmpty()) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (noMoreSplits && splits.isEmpty()) {
            return InputStatus.END_OF_INPUT;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private static long size(ConsumerRecord<byte[], byte[]> record) {
        return (long) record.value().length + (record.key() == null ? 0 : record.key().length);
    }

    /** Emits up to a batch of the current fetch for {@code state}; whether a non-empty batch was emitted. */
    private boolean emitBatch(SplitState state, BatchOutput output) {
        Fetch fetch = current;
        List<ConsumerRecord<byte[], byte[]>> list = fetch.records;
        KafkaDecoding batch = decoding;
        batch.clear();
        metadata.clear();
        long stop = state.split.stoppingOffset();
        long position = state.position;
        int i = currentIndex;
        while (i < list.size() && batch.count() < batchSize) {
            ConsumerRecord<byte[], byte[]> record = list.get(i++);
            long offset = record.offset();
            if (offset < position) {
                continue; // fetched before a seek
            }
            if (offset >= stop) {
                i = list.size();
                break;
            }
            byte[] value = record.value();
            if (source.upsert()) {
                if (batch.count() > 0 && (value == null) != tombstones) {
                    i--; // a batch holds upserts or tombstones: the next one starts here
                    break;
                }
                if (record.key() == null) {
                    if (batch.count() > 0) {
                        i--;
                        break;
                    }
                    position = offset + 1;
                    batch.keyless(offset, state.split.splitId());
                    break;
                }
                tombstones = value == null;
            }
            if (value != null && size(record) > maxRecordBytes) {
                if (batch.count() > 0) {
                    i--; // the records before it first: an oversize record is reported in a batch of its own
                    break;
                }
                position = offset + 1;
                batch.oversize(
                        value, offset, state.split.splitId(), RecordSizeLimit.message(size(record), maxRecordBytes));
                break;
            }
            position = offset + 1;
            if (value != null) { // a tombstone carries no row, unless it deletes a key
                batch.add(record.key(), value, offset);
                if (!metadata.isEmpty()) {
                    metadata.add(record);
                }
            } else if (source.upsert()) {
                batch.addTombstone(record.key(), offset);
                if (!metadata.isEmpty()) {
                    metadata.add(record);
                }
            }
        }
        currentIndex = i;
        if (i >= list.size()) {
            position = Math.max(position, Math.min(fetch.positionAfter, stop));
            current = null;
        }
        boolean emitted = false;
        if (batch.count() > 0) {
            boolean deletes = source.upsert() && tombstones;
            int rows = deletes ? batch.decodeTombstones(state.split.splitId()) : batch.decode(state.split.splitId());
            if (rows > 0) {
                if (out.hasMetadata()) {
                    metadata.write(out.metadata(rows), rows, batch, state.split.topic(), state.split.partition());
                }
                VectorSchemaRoot ready = out.emit();
                if (upsertBatch != null) {
                    byte kind = (deletes
                                    ? io.sabot.connector.spi.sink.RowKind.DELETE
                                    : io.sabot.connector.spi.sink.RowKind.INSERT)
                            .code();
                    rowKinds.allocateNew(rows);
                    for (int r = 0; r < rows; r++) {
                        rowKinds.set(r, kind);
                    }
                    rowKinds.setValueCount(rows);
                    upsertBatch.setRowCount(rows);
                    ready = upsertBatch;
                }
                output.emit(state.split.splitId(), ready);
                out.clear();
                if (upsertBatch != null) {
                    upsertBatch.setRowCount(0);
                }
                emitted = true;
            }
        }
        state.position = position;
        if (state.split.isFinishedAt(position)) {
            finish(state);
            output.markIdle(state.split.splitId());
        }
        batch.throwIfAny("table '" + source.tableName() + "', topic '" + state.split.topic() + "', partition "
                + state.split.partition());
        return emitted;
    }

    private void finish(SplitState state) {
        splits.remove(state.split.splitId());
        TopicPartition tp = state.partition;
        fetcher.command(consumer -> {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            assignment.remove(tp);
            consumer.assign(assignment);
        });
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (!fetcher.handover.isEmpty() || fetcher.failure != null || !newlyIdle.isEmpty()) {
            return AVAILABLE;
        }
        if (noMoreSplits && splits.isEmpty()) {
            return AVAILABLE;
        }
        CompletableFuture<Void> future = fetcher.available;
        if (future.isDone()) {
            future = new CompletableFuture<>();
            fetcher.available = future;
            // the fetcher may have handed over between the check above and the swap
            if (!fetcher.handover.isEmpty() || fetcher.failure != null) {
                future.complete(null);
            }
        }
        return future;
    }

    @Override
    public void addSplits(List<KafkaSplit> added) {
        List<KafkaSplit> toRead = new ArrayList<>();
        for (KafkaSplit split : added) {
            if (split.isFinishedAt(split.offset())) {
                newlyIdle.add(split.splitId()); // nothing to read: it must not hold the watermark back
                continue;
            }
            splits.put(split.splitId(), new SplitState(split));
            toRead.add(split);
        }
        if (fetcher == null) {
            restored.addAll(toRead);
            return;
        }
        assign(toRead);
        fetcher.wakeUpTask();
    }

    private void assign(List<KafkaSplit> toRead) {
        if (toRead.isEmpty()) {
            return;
        }
        fetcher.command(consumer -> {
            Set<TopicPartition> assignment = new HashSet<>(consumer.assignment());
            for (KafkaSplit split : toRead) {
                assignment.add(new TopicPartition(split.topic(), split.partition()));
            }
            consumer.assign(assignment);
            for (KafkaSplit split : toRead) {
                consumer.seek(new TopicPartition(split.topic(), split.partition()), split.offset());
            }
        });
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        if (fetcher != null) {
            fetcher.wakeUpTask();
        }
    }

    @Override
    public List<KafkaSplit> snapshotState(long checkpointId) {
        List<KafkaSplit> state = new ArrayList<>(splits.size());
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (SplitState s : splits.values()) {
            state.add(s.split.at(s.position));
            positions.put(s.partition, s.position);
        }
        if (source.groupId() != null) {
            snapshots.put(checkpointId, positions);
        }
        return state;
    }

    /**
     * Commits the checkpoint's positions to the group, for lag monitoring: asynchronously, retried while the failure is
     * retriable and no newer checkpoint's commit replaced it; other failures only delay that to the next checkpoint.
     */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<TopicPartition, Long> positions = snapshots.remove(checkpointId);
        snapshots.headMap(checkpointId).clear(); // older ones are superseded
        if (positions == null || positions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        Fetcher f = fetcher;
        f.command(consumer -> f.commitOffsets(offsets));
    }

    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.shutdown();
            fetcher = null;
        }
        splits.clear();
        current = null;
        if (decoding != null) {
            decoding.close();
            decoding = null;
        }
        if (rowKinds != null) {
            rowKinds.close();
            rowKinds = null;
        }
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** A split being read and the offset of its next record to emit. Task thread only. */
    private static final class SplitState {
        final KafkaSplit split;
        final TopicPartition partition;
        long position;

        SplitState(KafkaSplit split) {
            this.split = split;
            this.partition = new TopicPartition(split.topic(), split.partition());
            this.position = split.offset();
        }
    }

    /** The records one poll returned for one partition, and the consumer's position after them. */
    private record Fetch(String splitId, List<ConsumerRecord<byte[], byte[]>> records, long positionAfter) {}

    /** Owns the consumer; talks to the task thread through {@link #handover}, {@link #commands} and futures. */
    private static final class Fetcher extends Thread {
        private static final Duration POLL = Duration.ofMillis(100);
        private static final long COMMIT_RETRY_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

        final ArrayBlockingQueue<Fetch> handover = new ArrayBlockingQueue<>(16);
        final ConcurrentLinkedQueue<Consumer<KafkaConsumer<byte[], byte[]>>> commands = new ConcurrentLinkedQueue<>();
        volatile CompletableFuture<Void> available = new CompletableFuture<>();
        volatile Throwable failure;

        private final KafkaSource source;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<TopicPartition, Long> reported = new HashMap<>();
        /** Fetcher thread only: commits issued so far, and the newest one's offsets while it waits for a retry. */
        private long commits;

        private Map<TopicPartition, OffsetAndMetadata> retryCommit;
        private long retryCommitAt;
        private volatile boolean running = true;

        Fetcher(KafkaSource source, String name) {
            super(name);
            setDaemon(true);
            this.source = source;
            this.consumer = Clients.create(() -> new KafkaConsumer<>(source.consumerConfig()));
        }

        void command(Consumer<KafkaConsumer<byte[], byte[]>> command) {
            commands.add(command);
        }

        void wakeUpTask() {
            available.complete(null);
        }

        void throwIfFailed() {
            Throwable t = failure;
            if (t != null) {
                throw new PluginException(
                        "table '" + source.tableName() + "': cannot read " + source.describeTopics() + ": " + t,
                        t,
                        true);
            }
        }

        @Override
        public void run() {
            try {
                while (running) {
                    runCommands();
                    Set<TopicPartition> assignment = consumer.assignment();
                    if (assignment.isEmpty()) {
                        Thread.sleep(20);
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
                    for (TopicPartition tp : assignment) {
                        if (!consumer.assignment().contains(tp)) {
                            continue; // finished by a command run while an earlier fetch waited to be handed over
                        }
                        List<ConsumerRecord<byte[], byte[]>> list = polled.records(tp);
                        long position = consumer.position(tp);
                        Long last = reported.put(tp, position);
                        if (!list.isEmpty() || last == null || last != position) {
                            handOver(new Fetch(tp.topic() + "-" + tp.partition(), list, position));
                        }
                    }
                }
            } catch (WakeupException | InterruptedException e) {
                // shutting down
            } catch (Throwable t) {
                if (running) {
                    failure = t;
                    available.complete(null);
                }
            } finally {
                consumer.close(Duration.ZERO);
            }
        }

        private void runCommands() {
            Consumer<KafkaConsumer<byte[], byte[]>> command;
            while ((command = commands.poll()) != null) {
                command.accept(consumer);
            }
            retryCommitIfDue();
        }

        private void handOver(Fetch fetch) throws InterruptedException {
            while (running && !handover.offer(fetch, 50, TimeUnit.MILLISECONDS)) {
                // the task is behind: wait (backpressure), still committing offsets and taking new splits; a seek
                // meanwhile only makes records of this fetch stale, and the task skips those by offset
                runCommands();
                pumpNetwork();
            }
            available.complete(null);
        }

        /**
         * Lets the consumer do its network work without fetching: an asynchronous offset commit is only sent, the
         * group coordinator it needs only looked up, and its outcome only seen while the consumer is polled. With
         * every partition paused a poll returns no records and moves no position.
         */
        private void pumpNetwork() {
            Set<TopicPartition> assignment = consumer.assignment();
            if (assignment.isEmpty()) {
                return;
            }
            consumer.pause(assignment);
            try {
                consumer.poll(Duration.ZERO);
            } finally {
                consumer.resume(consumer.assignment());
            }
        }

        /**
         * Commits {@code offsets} to the group asynchronously. A retriable failure (the group coordinator not
         * available yet, or moving) is retried after a pause unless a newer checkpoint's commit replaced it: the
         * newest completed checkpoint's offsets must reach the group even if no checkpoint follows it.
         */
        void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets) {
            long generation = ++commits;
            retryCommit = null;
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e instanceof RetriableCommitFailedException && generation == commits && running) {
                    retryCommit = offsets;
                    retryCommitAt = System.nanoTime() + COMMIT_RETRY_BACKOFF_NANOS;
                }
            });
        }

        private void retryCommitIfDue() {
            Map<TopicPartition, OffsetAndMetadata> offsets = retryCommit;
            if (offsets != null && System.nanoTime() - retryCommitAt >= 0) {
                commitOffsets(offsets);
            }
        }

        void shutdown() {
            running = false;
            consumer.wakeup();
            try {
                join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
