package io.sabot.connector.kafka.internal;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.RecordContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead letters to a topic with an idempotent producer ({@code acks=all}): the failed record's original key and
 * bytes as key and value, and headers {@code sabot.error.type}, {@code sabot.error.severity}, {@code
 * sabot.error.message}, {@code sabot.error.cause}, {@code sabot.error.attempts}, {@code sabot.error.failed-at}, {@code
 * sabot.source.table}, {@code sabot.source.split}, {@code sabot.source.position}, {@code sabot.job}, {@code
 * sabot.record.event-time}. A record that has no original bytes but a row (a late row of a window operator) gets the
 * row as its value, a JSON object of its columns (values as text, as the filesystem target writes them), so that a
 * {@code json} table reads it back. {@link #flush} returns only when every record sent is acknowledged, and throws if
 * one was not. One dispatcher thread.
 */
final class KafkaDeadLetterSink implements DeadLetterSink {

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Records sent since the last successful flush, with their acknowledgements. */
    private final List<Sent> pending = new ArrayList<>();

    private record Sent(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> ack) {}

    KafkaDeadLetterSink(String topic, Map<String, Object> common) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sabot-dead-letters-" + topic);
        this.producer =
                Clients.create(() -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Override
    public void write(List<DeadLetterRecord> records) {
        for (DeadLetterRecord letter : records) {
            RecordContext record = letter.record();
            RecordHeaders headers = new RecordHeaders();
            header(headers, "sabot.error.type", letter.errorType().name());
            header(headers, "sabot.error.severity", letter.severity().name());
            header(headers, "sabot.error.message", letter.errorMessage());
            header(headers, "sabot.error.cause", letter.causeType());
            header(headers, "sabot.error.attempts", String.valueOf(letter.attempts()));
            header(headers, "sabot.error.failed-at", letter.failedAt().toString());
            header(
                    headers,
                    "sabot.source.table",
                    record.table().orElse(letter.component().tableName()));
            header(headers, "sabot.source.split", record.split().orElse(null));
            header(headers, "sabot.source.position", record.position().orElse(null));
            header(headers, "sabot.job", letter.component().jobId());
            header(
                    headers,
                    "sabot.record.event-time",
                    record.eventTime().map(Object::toString).orElse(null));
            ProducerRecord<byte[], byte[]> out =
                    new ProducerRecord<>(topic, null, null, record.originalKey().orElse(null), value(record), headers);
            pending.add(new Sent(out, producer.send(out)));
        }
    }

    /** The original bytes, else the row as a JSON object, else nothing. */
    static byte[] value(RecordContext record) {
        if (record.originalBytes().isPresent()) {
            return record.originalBytes().get();
        }
        if (record.row().isEmpty()) {
            return new byte[0];
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> column : record.row().get().entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, column.getKey());
            json.append(':');
            Object v = column.getValue();
            if (v == null) {
                json.append("null");
            } else {
                string(json, v instanceof byte[] b ? Base64.getEncoder().encodeToString(b) : v.toString());
            }
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static void header(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Waits for every acknowledgement. Records the broker did not take are sent again and the flush fails, so that the
     * dispatcher's retry of the flush waits for them: a dead letter is never given up here.
     */
    @Override
    public void flush() throws Exception {
        producer.flush();
        List<Sent> failed = new ArrayList<>();
        Exception first = null;
        for (Sent sent : pending) {
            try {
                sent.ack().get();
            } catch (ExecutionException e) {
                failed.add(sent);
                if (first == null) {
                    first = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        pending.clear();
        for (Sent sent : failed) {
            pending.add(new Sent(sent.record(), producer.send(sent.record())));
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
