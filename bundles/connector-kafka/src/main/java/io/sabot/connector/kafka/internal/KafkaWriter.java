package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.EncodeErrors;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.PluginException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Writes one subtask's rows as records of the topic. Exactly once: each checkpoint's records go into one transaction
 * of a producer of its own, whose transactional id is {@code <prefix>-<subtask>-<n>}, n counting up from the last
 * checkpoint; at the barrier the writer flushes it and hands its identity (id, producer id, epoch) to the checkpoint,
 * leaving it open for the {@link KafkaCommitter}. On start, transactions a previous run left open after the restored
 * checkpoint (ids with higher n) are aborted, so that they neither reach readers nor block {@code read_committed} ones
 * until they time out.
 *
 * <p>A send that fails (the producer gave up after {@code delivery.timeout.ms}, or could not get metadata within
 * {@code max.block.ms}) is found at the start of the next call, before anything of that call's batch is sent, and
 * thrown as retriable while the records to send again fit {@code sink.retry-buffer-size}: the writer drops the broken
 * producer and, on the repeated call, sends those records again with a new one before going on, so nothing accepted
 * is lost. At least once, those are the records sent since every earlier one was acknowledged (some may be written
 * twice); exactly once, the records of the open transaction, whose first attempt the new producer's {@code
 * initTransactions} aborts under the same transactional id.
 */
final class KafkaWriter implements SinkWriter<KafkaCommittable> {

    private final KafkaSink sink;
    private final int subtask;
    private final KafkaLayout layout;
    private final boolean upsert;
    private final RecordEncoder encoder;
    private final RecordEncoder keyEncoder;
    private final BinaryRecords records = new BinaryRecords(1024);
    private final BinaryRecords keys = new BinaryRecords(1024);
    /** The value and key columns: fields as the formats see them, vectors taken from each batch. */
    private final List<Field> valueFields;

    private final List<Field> keyFields;
    private final List<FieldVector> valueVectors = new ArrayList<>();
    private final List<FieldVector> keyVectors = new ArrayList<>();
    /** The outcome of the current producer's sends; a new one with each producer, so a dropped one's is ignored. */
    private Delivery delivery = new Delivery();
    /** The records to send again if the producer fails, in send order, and their key and value bytes. */
    private final List<ProducerRecord<byte[], byte[]>> unconfirmed = new ArrayList<>();

    private long unconfirmedBytes;
    /** Whether {@link #unconfirmed} stopped at {@code sink.retry-buffer-size}: a failure then cannot be retried. */
    private boolean overflowed;
    /** A failure was thrown and the producer dropped: the next call sends {@link #unconfirmed} again first. */
    private boolean resend;
    /** Exactly once: a failed producer's transaction under {@link #transactionalId} is open until a new one fences it. */
    private boolean abandoned;

    private final long retryBufferSize;

    /** The producer's size bounds (DefaultRecordBatch.RECORD_BATCH_OVERHEAD, DefaultRecord.MAX_RECORD_OVERHEAD). */
    private static final int BATCH_OVERHEAD = 61;

    private static final int MAX_RECORD_OVERHEAD = 21;
    private final long maxRecordSize;
    private final String maxRecordSizeKey;
    /** Rows of the batch being written that were reported to the runtime (by an encoder or the size check). */
    private boolean[] rejected = new boolean[1024];

    private final EncodeErrors rowErrors;

    private KafkaProducer<byte[], byte[]> producer;
    private String transactionalId;
    private long nextTransaction;
    private boolean dataInTransaction;

    KafkaWriter(KafkaSink sink, SinkWriterContext context) {
        this.sink = sink;
        this.subtask = context.subtaskIndex();
        this.layout = sink.layout();
        this.upsert = sink.changelogMode() == ChangelogMode.UPSERT;
        String valueFormat = KafkaOptions.formatKey(context.table().options());
        if (layout.hasKey()) {
            this.encoder = context.table().createEncoder(valueFormat, layout.valueSchema());
            this.keyEncoder = context.table().createEncoder(KafkaOptions.KEY_FORMAT.key(), layout.keySchema());
        } else {
            this.encoder = context.table().createEncoder(valueFormat);
            this.keyEncoder = null;
        }
        EncodeErrors runtime = context.encodeErrors();
        this.rowErrors = (row, message) -> {
            if (!rejected[row]) { // a row both encoders reject is one failure
                runtime.onError(row, message);
                rejected[row] = true;
            }
        };
        // ProducerConfig's static initialiser loads classes by name: inside Felix only with this bundle's loader
        Map<String, Object> limits =
                Clients.create(() -> ProducerConfig.configDef().parse(sink.producerConfig(null)));
        int maxRequestSize = (Integer) limits.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        long bufferMemory = (Long) limits.get(ProducerConfig.BUFFER_MEMORY_CONFIG);
        this.maxRecordSize = Math.min(maxRequestSize, bufferMemory);
        this.maxRecordSizeKey = maxRequestSize <= bufferMemory
                ? "properties." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                : "properties." + ProducerConfig.BUFFER_MEMORY_CONFIG;
        this.valueFields = layout.valueSchema().getFields();
        this.keyFields = layout.keySchema().getFields();
        this.retryBufferSize = sink.options().get(KafkaOptions.SINK_RETRY_BUFFER_SIZE);
        if (sink.exactlyOnce()) {
            sink.checkTransactionTimeout(context.checkpointIntervalMillis());
            long restored = context.restoredCheckpointId().orElse(0);
            nextTransaction = restored + 1;
            abortLingering(restored, context.table().parallelism());
        }
    }

    /**
     * Aborts the transactions a previous run left open after checkpoint {@code restored}: ids {@code
     * <prefix>-<s>-<n>} with n above it, s this subtask (subtask 0 also takes those of subtasks a previous run at a
     * higher parallelism had). The brokers list them (Admin#listTransactions, Kafka 3.0 on): the numbers a run uses
     * have gaps (a transaction spanning checkpoints without rows skips theirs), so probing ids one by one from
     * restored + 1 stops at the first gap and would leave a later one open, which blocks every {@code read_committed}
     * reader of its partitions until it times out. Without the listing (an older broker, no DESCRIBE permission on
     * the ids) the probe is all there is.
     */
    private void abortLingering(long restored, int parallelism) {
        java.util.Set<String> open;
        try {
            open = openTransactions(restored, parallelism);
        } catch (Exception e) {
            abortLingering(subtask, restored + 1);
            if (subtask == 0) {
                for (int s = parallelism; abortLingering(s, restored + 1); s++) {}
            }
            return;
        }
        for (String id : open) {
            try (KafkaProducer<byte[], byte[]> probe = ResumableProducer.create(sink.producerConfig(id))) {
                probe.initTransactions(); // fences the id's previous producer and aborts its open transaction
            }
        }
    }

    /** The ongoing transactions {@link #abortLingering(long, int)} is to abort, as the brokers list them. */
    private java.util.Set<String> openTransactions(long restored, int parallelism) throws Exception {
        java.util.Set<String> open = new java.util.TreeSet<>();
        String prefix = sink.transactionalIdPrefix() + "-";
        try (Admin admin = Clients.create(() -> Admin.create(sink.clientConfig()))) {
            for (TransactionListing t : admin.listTransactions(
                            new ListTransactionsOptions().filterStates(java.util.List.of(TransactionState.ONGOING)))
                    .all()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS)) {
                String id = t.transactionalId();
                int last = id.lastIndexOf('-');
                int middle = last > 0 ? id.lastIndexOf('-', last - 1) : -1;
                if (middle + 1 != prefix.length() || !id.startsWith(prefix)) {
                    continue;
                }
                try {
                    int s = Integer.parseInt(id.substring(middle + 1, last));
                    long n = Long.parseLong(id.substring(last + 1));
                    if (n > restored && (s == subtask || (subtask == 0 && s >= parallelism))) {
                        open.add(id);
                    }
                } catch (NumberFormatException e) {
                    // another writer's id that shares the prefix
                }
            }
        }
        return open;
    }

    /** Aborts open transactions of {@code subtask} from number {@code from} on; whether any such id was ever used. */
    private boolean abortLingering(int subtask, long from) {
        boolean used = false;
        for (long n = from; ; n++) {
            try (KafkaProducer<byte[], byte[]> probe =
                    ResumableProducer.create(sink.producerConfig(transactionalId(subtask, n)))) {
                probe.initTransactions(); // fences the id's previous producer and aborts its open transaction
                if (ResumableProducer.epoch(probe) == 0) {
                    return used; // a fresh id: nothing after it was used either
                }
                used = true;
            }
        }
    }

    private String transactionalId(int subtask, long n) {
        return sink.transactionalIdPrefix() + "-" + subtask + "-" + n;
    }

    /**
     * Encodes the batch's value columns (and key columns) one record per row and sends them; a changelog's deletes
     * as tombstones (the key, no value), its update-befores not at all (the update-after replaces the row). Rows a
     * format cannot encode, or whose record the producer would refuse as larger than {@code max.request.size}, go to
     * the runtime's {@link EncodeErrors} before anything is sent.
     */
    @Override
    public void write(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        if (rows == 0) {
            return;
        }
        recover();
        if (rejected.length < rows) {
            rejected = new boolean[Math.max(rows, rejected.length * 2)];
        }
        Arrays.fill(rejected, 0, rows, false);
        records.clear();
        encoder.encode(view(batch, layout.valueColumns(), valueFields, valueVectors), records, rowErrors);
        if (keyEncoder != null) {
            keys.clear();
            keyEncoder.encode(view(batch, layout.keyColumns(), keyFields, keyVectors), keys, rowErrors);
        }
        // a changelog, which only an upsert sink is given, ends with the row kinds
        FieldVector kinds = upsert ? batch.getVector(RowKind.COLUMN_NAME) : null;
        TinyIntVector rowKinds = kinds instanceof TinyIntVector t ? t : null;
        checkSizes(rows, rowKinds);
        KafkaProducer<byte[], byte[]> p;
        try {
            p = producer();
        } catch (KafkaException e) {
            // nothing of the batch is sent, and a producer is made anew at the next call
            throw failure("cannot write to", e, true);
        }
        String topic = sink.topic();
        // records carry their row as position: line them up with the rows, whatever the encoders rejected
        for (int i = 0, v = 0, k = 0; i < rows; i++) {
            int value = v < records.count() && records.position(v) == i ? v++ : -1;
            int key = keyEncoder != null && k < keys.count() && keys.position(k) == i ? k++ : -1;
            byte kind = rowKinds == null ? RowKind.INSERT.code() : rowKinds.get(i);
            if (rejected[i] || kind == RowKind.UPDATE_BEFORE.code()) {
                continue;
            }
            // the encoders reuse their buffers, and a producer keeps the arrays until they are sent: copy
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    topic,
                    key < 0 ? null : copy(keys, key),
                    kind == RowKind.DELETE.code() ? null : copy(records, value));
            if (delivery.error != null) {
                // the producer failed (each send would block up to max.block.ms): keep the rest of the batch to
                // send again; the next call reports the failure, before anything of its own batch is sent
                keep(record);
                continue;
            }
            dataInTransaction = true;
            try {
                send(p, record);
            } catch (KafkaException e) {
                delivery.fail(e);
            }
        }
    }

    /** Sends {@code record} and keeps it until it is acknowledged (or its transaction pre-committed). */
    private void send(KafkaProducer<byte[], byte[]> p, ProducerRecord<byte[], byte[]> record) {
        keep(record);
        delivery.sent++;
        p.send(record, delivery);
    }

    private void keep(ProducerRecord<byte[], byte[]> record) {
        long size =
                (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        if (!overflowed
                && unconfirmedBytes + size > retryBufferSize
                && !sink.exactlyOnce()
                && producer != null
                && delivery.error == null) {
            // at least once, what is acknowledged need not be kept: wait for it rather than lose the retry
            try {
                producer.flush();
            } catch (KafkaException e) {
                delivery.fail(e);
            }
            if (delivery.error == null) {
                forgetUnconfirmed();
            }
        }
        if (overflowed) {
            return;
        }
        unconfirmedBytes += size;
        if (unconfirmedBytes > retryBufferSize) {
            overflowed = true;
            unconfirmed.clear();
        } else {
            unconfirmed.add(record);
        }
    }

    private void forgetUnconfirmed() {
        unconfirmed.clear();
        unconfirmedBytes = 0;
        overflowed = false;
    }

    /**
     * At the start of every call: throws a send failure found since the last call (dropping the producer), or sends
     * the records of a failed producer again with a new one. At least once, forgets the records once all are
     * acknowledged.
     */
    private void recover() {
        Exception e = delivery.error;
        if (e != null) {
            PluginException failure = failure("cannot write to", e, !overflowed);
            abandoned = sink.exactlyOnce();
            dropProducer();
            resend = !overflowed;
            if (overflowed) {
                forgetUnconfirmed(); // the restart from the last checkpoint sends them again
            }
            throw failure;
        }
        if (resend) {
            try {
                KafkaProducer<byte[], byte[]> p = producer();
                for (ProducerRecord<byte[], byte[]> record : unconfirmed) {
                    if (delivery.error != null) {
                        break; // the rest stays kept: the next call reports the failure
                    }
                    delivery.sent++;
                    dataInTransaction = true;
                    p.send(record, delivery);
                }
            } catch (KafkaException e2) {
                PluginException failure = failure("cannot write to", e2, true);
                abandoned = sink.exactlyOnce();
                dropProducer();
                throw failure;
            }
            resend = false;
        } else if (!sink.exactlyOnce() && delivery.acknowledged.get() == delivery.sent) {
            forgetUnconfirmed();
        }
    }

    /** Closes the producer without waiting; its sends still pending fail, into a delivery nobody reads. */
    private void dropProducer() {
        if (producer != null) {
            ResumableProducer.closeNow(producer);
            producer = null;
        }
        delivery = new Delivery();
    }

    /**
     * Reports the rows whose record exceeds what the producer accepts ({@code max.request.size}, {@code
     * buffer.memory}): it would refuse them one by one, and in a transaction that breaks the transaction. The bound is
     * the producer's own, an upper bound of the record's size in a batch of its own (no headers).
     */
    private void checkSizes(int rows, TinyIntVector rowKinds) {
        for (int i = 0, v = 0, k = 0; i < rows; i++) {
            int value = v < records.count() && records.position(v) == i ? v++ : -1;
            int key = keyEncoder != null && k < keys.count() && keys.position(k) == i ? k++ : -1;
            if (rejected[i]) {
                continue;
            }
            boolean delete = rowKinds != null && rowKinds.get(i) == RowKind.DELETE.code();
            int keySize = key < 0 ? -1 : keys.length(key);
            int valueSize = delete || value < 0 ? -1 : records.length(value);
            long size = BATCH_OVERHEAD
                    + MAX_RECORD_OVERHEAD
                    + varintSize(keySize)
                    + Math.max(0, keySize)
                    + varintSize(valueSize)
                    + Math.max(0, valueSize)
                    + 1;
            if (size > maxRecordSize) {
                rowErrors.onError(
                        i,
                        "its record of about " + size + " bytes is larger than the producer's limit of " + maxRecordSize
                                + " bytes (" + maxRecordSizeKey + ", topic '" + sink.topic() + "')");
            }
        }
    }

    private static int varintSize(int value) {
        if (value < 0) {
            return 1; // -1, a null key or value, is one byte as a zig-zag varint
        }
        int zigzag = value << 1;
        return zigzag < (1 << 7) ? 1 : zigzag < (1 << 14) ? 2 : zigzag < (1 << 21) ? 3 : zigzag < (1 << 28) ? 4 : 5;
    }

    private static byte[] copy(BinaryRecords records, int i) {
        int offset = records.offset(i);
        return Arrays.copyOfRange(records.data(i), offset, offset + records.length(i));
    }

    /** The batch itself when it is exactly the columns, else a root over its vectors of {@code columns}. */
    private static VectorSchemaRoot view(
            VectorSchemaRoot batch, int[] columns, List<Field> fields, List<FieldVector> vectors) {
        if (columns.length == batch.getFieldVectors().size()
                && fields.equals(batch.getSchema().getFields())) {
            return batch;
        }
        vectors.clear();
        for (int c : columns) {
            vectors.add(batch.getVector(c));
        }
        return new VectorSchemaRoot(fields, vectors, batch.getRowCount());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            if (sink.exactlyOnce()) {
                transactionalId = transactionalId(subtask, nextTransaction);
                KafkaProducer<byte[], byte[]> created = ResumableProducer.create(sink.producerConfig(transactionalId));
                try {
                    // fences and aborts a failed producer's transaction of the same id, which is sent again
                    created.initTransactions();
                    created.beginTransaction();
                    abandoned = false; // fenced: the brokers aborted it
                } catch (KafkaException e) {
                    ResumableProducer.closeNow(created);
                    throw e;
                }
                producer = created;
            } else {
                producer = ResumableProducer.create(sink.producerConfig(null));
            }
            dataInTransaction = false;
        }
        return producer;
    }

    @Override
    public List<KafkaCommittable> prepareCommit(long checkpointId) {
        // The number moves only once the transaction is flushed: a failed send (found here, or by the flush) makes
        // the call retriable, and the repeated call sends the transaction again under the same id, whose new
        // producer aborts the failed attempt. Under another id that attempt would stay open on the brokers until
        // transaction.timeout.ms, holding back every read_committed reader of its partitions.
        recover();
        if (producer != null) {
            flush();
        }
        // A transaction is numbered after the last barrier before its first record, so that every transaction a
        // crashed run left open has a number above the checkpoint the next run restores (abortLingering).
        nextTransaction = Math.max(nextTransaction, checkpointId + 1);
        if (producer == null) {
            return List.of();
        }
        if (!sink.exactlyOnce()) {
            forgetUnconfirmed();
            return List.of();
        }
        if (!dataInTransaction) {
            // nothing was sent, so the brokers hold no transaction for it; its number is now too low: drop it
            dropProducer();
            return List.of();
        }
        KafkaCommittable committable = new KafkaCommittable(
                transactionalId, ResumableProducer.producerId(producer), ResumableProducer.epoch(producer));
        dropProducer();
        forgetUnconfirmed();
        return List.of(committable);
    }

    @Override
    public void endOfInput() {
        recover();
        if (producer != null) {
            flush();
        }
    }

    /** Waits for every send; a failed one is thrown (retriable as {@link #recover} says) after dropping the producer. */
    private void flush() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            delivery.fail(e);
        }
        recover();
    }

    /**
     * Retriable only when the writer holds every record to send again (the SPI's "no effect": nothing of the failed
     * call's batch was sent, and the records of earlier calls are the writer's to send); otherwise the job's restart
     * from its last checkpoint is the retry.
     */
    private PluginException failure(String what, Exception e, boolean retriable) {
        String limit =
                retriable ? "" : " (more than 'sink.retry-buffer-size' = " + retryBufferSize + " bytes to send again)";
        return new PluginException(
                "table '" + sink.tableName() + "': " + what + " topic '" + sink.topic() + "': " + e + limit,
                e,
                retriable);
    }

    /** Counts a producer's acknowledged sends and keeps its first failure; called on the producer's I/O thread. */
    private static final class Delivery implements Callback {
        final java.util.concurrent.atomic.AtomicLong acknowledged = new java.util.concurrent.atomic.AtomicLong();
        /** Sends made, by the task thread only. */
        long sent;

        volatile Exception error;

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                fail(exception);
            }
        }

        synchronized void fail(Exception exception) {
            if (error == null) {
                error = exception;
            }
        }
    }

    /** Discards what was not pre-committed: an open transaction is aborted (it will be written again). */
    @Override
    public void close() {
        if (producer == null) {
            if (abandoned) {
                // a failed attempt is still open on the brokers (its producer was dropped): fence it now rather than
                // leave it holding read_committed readers back until the next start or transaction.timeout.ms
                KafkaProducer<byte[], byte[]> fence = null;
                try {
                    fence = ResumableProducer.create(sink.producerConfig(transactionalId));
                    fence.initTransactions(); // at most max.block.ms
                } catch (KafkaException e) {
                    // the brokers are still away: the next start aborts it by its id
                } finally {
                    if (fence != null) {
                        ResumableProducer.closeNow(fence); // a close that waits would wait for unreachable brokers
                    }
                }
            }
            return;
        }
        try {
            if (sink.exactlyOnce()) {
                producer.abortTransaction();
            }
        } catch (KafkaException e) {
            // fenced or broken: the next start aborts it by its id
        } finally {
            ResumableProducer.closeNow(producer);
            producer = null;
        }
    }
}
