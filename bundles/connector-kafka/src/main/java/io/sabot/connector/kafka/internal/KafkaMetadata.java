package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.MetadataColumn;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * The metadata columns of a Kafka table ({@code col type METADATA FROM 'key'}), as Flink's Kafka connector names them
 * (without {@code headers}, which needs a MAP type). The reader notes each record's values as it adds the record to a
 * batch, then writes them next to the decoded rows, stepping over records that added no row.
 *
 * <p>Task thread only; the arrays are reused from batch to batch.
 */
final class KafkaMetadata {

    /** The readable keys and their types. */
    static final Map<String, ArrowType> READABLE = readable();

    private static Map<String, ArrowType> readable() {
        Map<String, ArrowType> m = new LinkedHashMap<>();
        m.put("topic", ArrowType.Utf8.INSTANCE);
        m.put("partition", new ArrowType.Int(32, true));
        m.put("offset", new ArrowType.Int(64, true));
        m.put("timestamp", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
        m.put("timestamp-type", ArrowType.Utf8.INSTANCE);
        m.put("leader-epoch", new ArrowType.Int(32, true));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final byte[][] TIMESTAMP_TYPES = {
        "NoTimestampType".getBytes(StandardCharsets.UTF_8),
        "CreateTime".getBytes(StandardCharsets.UTF_8),
        "LogAppendTime".getBytes(StandardCharsets.UTF_8)
    };

    private final String[] keys;
    private long[] offsets = new long[64];
    private long[] timestamps = new long[64];
    private byte[] timestampTypes = new byte[64];
    private int[] leaderEpochs = new int[64];
    private int[] source = new int[64];
    private int count;

    KafkaMetadata(List<MetadataColumn> columns) {
        keys = columns.stream().map(MetadataColumn::key).toArray(String[]::new);
    }

    boolean isEmpty() {
        return keys.length == 0;
    }

    void clear() {
        count = 0;
    }

    /** Notes the record added to the batch as its next record. */
    void add(ConsumerRecord<byte[], byte[]> record) {
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            timestamps = Arrays.copyOf(timestamps, n);
            timestampTypes = Arrays.copyOf(timestampTypes, n);
            leaderEpochs = Arrays.copyOf(leaderEpochs, n);
        }
        offsets[count] = record.offset();
        timestamps[count] = record.timestamp();
        TimestampType type = record.timestampType();
        timestampTypes[count] =
                (byte) (type == TimestampType.CREATE_TIME ? 1 : type == TimestampType.LOG_APPEND_TIME ? 2 : 0);
        leaderEpochs[count] = record.leaderEpoch().orElse(-1);
        count++;
    }

    /**
     * Writes the metadata of the records that became rows {@code 0..rows-1} of {@code vectors} (the batch's metadata
     * vectors, with room for the rows): row {@code i} came from the record {@code decoding} names, records that added
     * no row are stepped over.
     */
    void write(List<FieldVector> vectors, int rows, KafkaDecoding decoding, String topic, int partition) {
        if (decoding.count() != count) {
            throw new IllegalStateException(
                    "metadata of " + count + " records for a batch of " + decoding.count() + " records");
        }
        if (source.length < rows) {
            source = new int[Math.max(rows, source.length * 2)];
        }
        for (int r = 0; r < rows; r++) {
            source[r] = decoding.rowSource(r);
        }
        for (int c = 0; c < keys.length; c++) {
            FieldVector v = vectors.get(c);
            switch (keys[c]) {
                case "topic" -> {
                    byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
                    VarCharVector s = (VarCharVector) v;
                    for (int i = 0; i < rows; i++) {
                        s.setSafe(i, bytes);
                    }
                }
                case "partition" -> {
                    if (v instanceof BigIntVector b) {
                        for (int i = 0; i < rows; i++) {
                            b.set(i, partition);
                        }
                    } else {
                        IntVector n = (IntVector) v;
                        for (int i = 0; i < rows; i++) {
                            n.set(i, partition);
                        }
                    }
                }
                case "offset" -> {
                    BigIntVector b = (BigIntVector) v;
                    for (int i = 0; i < rows; i++) {
                        b.set(i, offsets[source[i]]);
                    }
                }
                case "timestamp" -> {
                    TimeStampVector t = (TimeStampVector) v;
                    for (int i = 0; i < rows; i++) {
                        t.set(i, timestamps[source[i]]);
                    }
                }
                case "timestamp-type" -> {
                    VarCharVector s = (VarCharVector) v;
                    for (int i = 0; i < rows; i++) {
                        s.setSafe(i, TIMESTAMP_TYPES[timestampTypes[source[i]]]);
                    }
                }
                case "leader-epoch" -> {
                    BigIntVector wide = v instanceof BigIntVector b ? b : null;
                    IntVector narrow = wide == null ? (IntVector) v : null;
                    for (int i = 0; i < rows; i++) {
                        int epoch = leaderEpochs[source[i]];
                        if (epoch < 0) {
                            v.setNull(i);
                        } else if (wide != null) {
                            wide.set(i, epoch);
                        } else {
                            narrow.set(i, epoch);
                        }
                    }
                }
                default -> throw new IllegalStateException("unknown Kafka metadata key '" + keys[c] + "'");
            }
        }
    }
}
