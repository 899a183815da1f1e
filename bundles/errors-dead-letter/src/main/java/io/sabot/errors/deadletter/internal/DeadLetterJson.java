package io.sabot.errors.deadletter.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.RecordContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A dead letter as one JSON object, flat so that a SQL table reads it: {@code table}, {@code split}, {@code
 * position}, {@code error_type}, {@code severity}, {@code message}, {@code cause}, {@code attempts}, {@code
 * failed_at}, {@code dead_lettered_at}, {@code event_time}, {@code job}, {@code operator}, {@code subtask}, {@code
 * target}, the record as {@code original} (text, when its bytes are UTF-8) or {@code original_base64}, its key likewise
 * ({@code key} / {@code key_base64}), and {@code row} (an object) when the failure had a row.
 */
public final class DeadLetterJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterJson() {}

    /** The record's JSON text, UTF-8, without a line terminator. */
    public static byte[] line(DeadLetterRecord letter) {
        ObjectNode node = JSON.createObjectNode();
        RecordContext record = letter.record();
        ComponentId component = letter.component();
        node.put("table", record.table().orElse(component.tableName()));
        node.put("split", record.split().orElse(null));
        node.put("position", record.position().orElse(null));
        node.put("error_type", letter.errorType().name());
        node.put("severity", letter.severity().name());
        node.put("message", letter.errorMessage());
        node.put("cause", letter.causeType());
        node.put("attempts", letter.attempts());
        node.put("failed_at", letter.failedAt().toString());
        node.put("dead_lettered_at", letter.deadLetteredAt().toString());
        node.put("event_time", record.eventTime().map(Object::toString).orElse(null));
        node.put("tenant", component.tenantId());
        node.put("job", component.jobId());
        node.put("operator", component.operatorId());
        node.put("subtask", component.subtaskIndex());
        node.put("target", letter.target());
        bytes(node, "original", record.originalBytes().orElse(null));
        bytes(node, "key", record.originalKey().orElse(null));
        record.row().ifPresent(row -> {
            ObjectNode values = node.putObject("row");
            for (Map.Entry<String, Object> e : row.entrySet()) {
                values.putPOJO(
                        e.getKey(),
                        e.getValue() instanceof byte[] b
                                ? Base64.getEncoder().encodeToString(b)
                                : e.getValue() == null ? null : e.getValue().toString());
            }
        });
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a dead letter did not serialise: " + e.getMessage(), e);
        }
    }

    /** Text under {@code name} when the bytes are valid UTF-8, else Base64 under {@code name_base64}. */
    private static void bytes(ObjectNode node, String name, byte[] bytes) {
        if (bytes == null) {
            return;
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            node.put(name, text);
        } catch (CharacterCodingException e) {
            node.put(name + "_base64", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
