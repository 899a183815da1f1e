package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sabot.plugin.PluginException;
import java.time.Instant;
import org.junit.Test;

public class DeadLetterRecordTest {

    private static final Instant FAILED = Instant.parse("2025-05-01T12:00:00Z");
    private static final Instant NOW = Instant.parse("2025-05-01T12:00:05Z");

    @Test
    public void isBuiltFromAFailureAboutARecord() {
        RecordContext record = RecordContext.builder()
                .table("acme.default.orders")
                .split("orders-3")
                .position(1234)
                .originalBytes(new byte[] {'{'})
                .build();
        Failure failure = Failure.builder(ErrorType.CONNECTOR)
                .component(ComponentId.job("acme", "orders").withTable("acme.default.orders", "json"))
                .record(record)
                .cause(new PluginException("unexpected end of input", false))
                .attempt(2)
                .timestamp(FAILED)
                .build();
        DeadLetterRecord letter = DeadLetterRecord.of(failure, "orders-dlq", NOW);
        assertEquals("orders-dlq", letter.target());
        assertEquals(record, letter.record());
        assertEquals(ErrorType.CONNECTOR, letter.errorType());
        assertEquals(Severity.MEDIUM, letter.severity());
        assertEquals("unexpected end of input", letter.errorMessage());
        assertEquals(PluginException.class.getName(), letter.causeType());
        assertEquals(2, letter.attempts());
        assertEquals(FAILED, letter.failedAt());
        assertEquals(NOW, letter.deadLetteredAt());
        assertEquals("json", letter.component().connectorId());
    }

    @Test(expected = IllegalArgumentException.class)
    public void aFailureWithoutARecordCannotBeDeadLettered() {
        DeadLetterRecord.of(Failure.builder(ErrorType.CHECKPOINT).build(), "dlq", NOW);
    }

    @Test
    public void causeTypeIsOptional() {
        Failure failure = Failure.builder(ErrorType.WATERMARK)
                .record(RecordContext.builder().build())
                .timestamp(FAILED)
                .build();
        assertNull(DeadLetterRecord.of(failure, "late", NOW).causeType());
    }

    @Test(expected = IllegalArgumentException.class)
    public void attemptsStartAtOne() {
        new DeadLetterRecord(
                "t",
                ComponentId.UNKNOWN,
                RecordContext.builder().build(),
                ErrorType.OPERATOR,
                Severity.LOW,
                "m",
                null,
                0,
                FAILED,
                NOW);
    }

    @Test
    public void componentIdPrintsOnlyKnownParts() {
        assertEquals("unknown component", ComponentId.UNKNOWN.toString());
        assertEquals(
                "tenant acme, job orders, operator agg-2 #1",
                ComponentId.job("acme", "orders").withOperator("agg-2", 1).toString());
    }
}
