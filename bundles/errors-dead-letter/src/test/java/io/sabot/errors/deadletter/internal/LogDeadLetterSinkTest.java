package io.sabot.errors.deadletter.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The {@code log} dead-letter target through its factory, logging with a real slf4j backend (slf4j-simple) into a
 * file: each dead letter is one WARN line with its coordinates, type, message and record (original bytes, else the
 * row), cut at {@code max-chars} and with line breaks escaped; its options are validated naming the key.
 */
public class LogDeadLetterSinkTest {

    private static final Path LOG;

    static {
        try {
            LOG = Files.createTempFile("sabot-dead-letters", ".log");
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        // read by slf4j-simple when the first logger is made, which is in this test
        System.setProperty("org.slf4j.simpleLogger.logFile", LOG.toString());
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    }

    private static final LogDeadLetterSinkFactory FACTORY = new LogDeadLetterSinkFactory();

    private static DeadLetterSink sink(Map<String, String> options) {
        ValidatedOptions validated =
                FACTORY.validate("dead-letter sink 'log' of table 't'", options).orThrow();
        return FACTORY.createDeadLetterSink(new DeadLetterContext() {
            @Override
            public String tenantId() {
                return "default";
            }

            @Override
            public String targetName() {
                return "trades-dead-letters";
            }

            @Override
            public ValidatedOptions options() {
                return validated;
            }
        });
    }

    private static DeadLetterRecord letter(RecordContext record, ErrorType type, String message) {
        Failure failure = Failure.builder(type)
                .component(
                        new ComponentId("default", "job-1", "s0-source-default_trades", 1, "default.trades", "kafka"))
                .record(record)
                .message(message)
                .build();
        return DeadLetterRecord.of(failure, "trades-dead-letters", Instant.parse("2024-01-01T00:00:05Z"));
    }

    /** The lines logged since {@code from} lines, by the logger {@code name}. */
    private static List<String> lines(String name, int from) throws Exception {
        List<String> all = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        return all.subList(from, all.size()).stream()
                .filter(l -> l.contains(" " + name + " - "))
                .toList();
    }

    @Test
    public void eachDeadLetterIsOneWarnLineWithCoordinatesTypeMessageAndRecord() throws Exception {
        int before = Files.readAllLines(LOG).size();
        DeadLetterSink sink = sink(Map.of("logger", "dlq.trades"));
        DeadLetterRecord bytes = letter(
                RecordContext.builder()
                        .table("default.trades")
                        .split("trades-3")
                        .position("offset 1234")
                        .originalBytes("{\"price\":\n[1,2]}".getBytes(StandardCharsets.UTF_8))
                        .build(),
                ErrorType.CONNECTOR,
                "table 'default.trades', split 'trades-3', offset 1234: column 'price': expected a number");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 58L);
        row.put("qty", "12 apples");
        DeadLetterRecord rowLetter = letter(
                RecordContext.builder().table("default.orders").row(row).build(),
                ErrorType.OPERATOR,
                "expression CAST(qty AS INTEGER) failed");
        sink.write(List.of(bytes, rowLetter));
        sink.flush();
        sink.close();
        List<String> lines = lines("dlq.trades", before);
        assertEquals(lines.toString(), 2, lines.size());
        assertTrue(
                lines.get(0),
                lines.get(0)
                        .startsWith("WARN dlq.trades - dead letter (trades-dead-letters):"
                                + " CONNECTOR (severity MEDIUM), table 'default.trades', split 'trades-3', offset 1234, job job-1,"
                                + " operator s0-source-default_trades, subtask 1, attempts 1, failed at "));
        assertTrue(
                lines.get(0),
                lines.get(0)
                        .endsWith(": table 'default.trades', split 'trades-3', offset 1234:"
                                + " column 'price': expected a number; original: {\"price\":\\n[1,2]}"));
        assertTrue(
                lines.get(1), lines.get(1).contains(" OPERATOR (severity MEDIUM), table 'default.orders', job job-1,"));
        assertTrue(
                lines.get(1),
                lines.get(1).endsWith(": expression CAST(qty AS INTEGER) failed; row: {id=58, qty='12 apples'}"));
    }

    @Test
    public void longRecordsAndMessagesAreCutSayingHowLongTheyWere() throws Exception {
        int before = Files.readAllLines(LOG).size();
        DeadLetterSink sink = sink(Map.of("logger", "dlq.long", "max-chars", "20"));
        byte[] binary = new byte[] {(byte) 0xff, 0, 1};
        sink.write(List.of(
                letter(
                        RecordContext.builder()
                                .originalBytes("x".repeat(5000).getBytes(StandardCharsets.UTF_8))
                                .build(),
                        ErrorType.VALIDATION,
                        "m".repeat(30)),
                letter(RecordContext.builder().originalBytes(binary).build(), ErrorType.CONNECTOR, "binary")));
        List<String> lines = lines("dlq.long", before);
        assertEquals(lines.toString(), 2, lines.size());
        assertTrue(
                lines.get(0),
                lines.get(0)
                        .endsWith(": " + "m".repeat(20) + "… (30 chars); original: " + "x".repeat(20)
                                + "… (5000 chars)"));
        assertTrue(lines.get(1), lines.get(1).endsWith("; original: base64:/wAB"));
    }

    @Test
    public void badOptionsAreRefusedNamingTheKey() {
        ValidationResult result =
                FACTORY.validate("dead-letter sink 'log' of table 't'", Map.of("max-chars", "3", "colour", "red"));
        assertFalse(result.isValid());
        String errors = result.errors().toString();
        assertTrue(errors, errors.contains("max-chars"));
        assertTrue(errors, errors.contains("colour"));
    }
}
