package io.sabot.errors.deadletter.internal;

import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.RecordContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs each dead letter as one WARN line:
 *
 * <pre>
 * dead letter (trades-dead-letters): CONNECTOR (severity MEDIUM), table 'default.trades', split '/data/t.json', line 38,
 * job job-1, operator s0-source-default_trades, subtask 0, attempts 1, failed at 2024-…: &lt;message&gt;;
 * original: {"symbol":"S1",…
 * </pre>
 *
 * <p>(on one line). The record is its original bytes as text when they are UTF-8, else {@code base64:…}, or its row;
 * the message and the record are cut at {@code max-chars}. Line breaks and other control characters are escaped, so
 * one dead letter is one line whatever it holds. A log is written as soon as the call returns: flush has nothing to
 * do.
 */
final class LogDeadLetterSink implements DeadLetterSink {

    private final Logger log;
    private final int maxChars;

    LogDeadLetterSink(Logger log, int maxChars) {
        this.log = log;
        this.maxChars = maxChars;
    }

    @Override
    public void write(List<DeadLetterRecord> records) {
        for (DeadLetterRecord letter : records) {
            log.warn(line(letter));
        }
    }

    String line(DeadLetterRecord letter) {
        RecordContext record = letter.record();
        ComponentId component = letter.component();
        StringBuilder line = new StringBuilder(256)
                .append("dead letter (")
                .append(letter.target())
                .append("): ")
                .append(letter.errorType())
                .append(" (severity ")
                .append(letter.severity())
                .append(')');
        String table = record.table().orElse(component.tableName());
        if (table != null) {
            line.append(", table '").append(table).append('\'');
        }
        record.split().ifPresent(split -> line.append(", split '").append(split).append('\''));
        record.position().ifPresent(position -> line.append(", ").append(position));
        record.eventTime().ifPresent(time -> line.append(", event time ").append(time));
        if (component.jobId() != null) {
            line.append(", job ").append(component.jobId());
        }
        if (component.operatorId() != null) {
            line.append(", operator ")
                    .append(component.operatorId())
                    .append(", subtask ")
                    .append(component.subtaskIndex());
        }
        line.append(", attempts ")
                .append(letter.attempts())
                .append(", failed at ")
                .append(letter.failedAt());
        line.append(": ");
        append(line, letter.errorMessage());
        record.originalKey().ifPresent(key -> {
            line.append("; key: ");
            append(line, text(key));
        });
        if (record.originalBytes().isPresent()) {
            line.append("; original: ");
            append(line, text(record.originalBytes().get()));
        } else if (record.row().isPresent()) {
            line.append("; row: ");
            append(line, row(record.row().get()));
        }
        return line.toString();
    }

    /** Appends {@code text} cut at {@code maxChars}, with control characters escaped. */
    private void append(StringBuilder line, String text) {
        int end = Math.min(text.length(), maxChars);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        if (end < text.length()) {
            line.append("… (").append(text.length()).append(" chars)");
        }
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static String row(Map<String, Object> row) {
        StringBuilder text = new StringBuilder("{");
        for (Map.Entry<String, Object> e : row.entrySet()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            Object value = e.getValue();
            text.append(e.getKey()).append('=');
            if (value instanceof byte[] bytes) {
                text.append("x'")
                        .append(java.util.HexFormat.of().formatHex(bytes))
                        .append('\'');
            } else if (value instanceof String s) {
                text.append('\'').append(s.replace("'", "''")).append('\'');
            } else {
                text.append(value == null ? "NULL" : value);
            }
        }
        return text.append('}').toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
