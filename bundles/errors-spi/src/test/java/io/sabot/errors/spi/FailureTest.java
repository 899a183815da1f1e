package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.PluginException;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class FailureTest {

    @Test(expected = NullPointerException.class)
    public void aFailureNeedsAType() {
        Failure.builder(null);
    }

    @Test
    public void defaultsComeFromTypeAndCause() {
        Failure failure = Failure.builder(ErrorType.CONNECTOR)
                .cause(new PluginException("broker down at orders-3", true))
                .build();
        assertEquals(Severity.MEDIUM, failure.severity());
        assertEquals("broker down at orders-3", failure.message());
        assertTrue(failure.isRetriable());
        assertEquals(1, failure.attempt());
        assertEquals(ComponentId.UNKNOWN, failure.component());
        assertTrue(failure.record().isEmpty());

        Failure plain = Failure.builder(ErrorType.STATE)
                .cause(new IllegalStateException())
                .build();
        assertEquals(Severity.HIGH, plain.severity());
        assertFalse("only a PluginException says it is retriable", plain.isRetriable());
        assertEquals("STATE failure: java.lang.IllegalStateException", plain.message());
        assertEquals(
                "ORCHESTRATOR failure",
                Failure.builder(ErrorType.ORCHESTRATOR).build().message());
        assertEquals(
                Severity.CRITICAL,
                Failure.builder(ErrorType.ORCHESTRATOR).build().severity());
    }

    @Test(expected = IllegalArgumentException.class)
    public void attemptsStartAtOne() {
        Failure.builder(ErrorType.TIMEOUT).attempt(0);
    }

    @Test
    public void toBuilderReportsTheNextAttempt() {
        Instant then = Instant.parse("2025-05-01T12:00:00Z");
        Failure first = Failure.builder(ErrorType.NETWORK)
                .component(ComponentId.job("acme", "orders").withOperator("lookup-2", 1))
                .retriable(true)
                .timestamp(then)
                .build();
        Failure second = first.toBuilder().attempt(first.attempt() + 1).build();
        assertEquals(2, second.attempt());
        assertEquals(first.component(), second.component());
        assertTrue(second.isRetriable());
        assertEquals(then, second.timestamp());
    }

    @Test
    public void toStringNamesWhereButNotWhat() {
        Failure failure = Failure.builder(ErrorType.VALIDATION)
                .component(ComponentId.job("acme", "orders").withTable("acme.default.orders", "kafka"))
                .record(RecordContext.builder()
                        .table("acme.default.orders")
                        .split("orders-3")
                        .position(1234)
                        .originalBytes("{\"card\":\"4111\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .row(Map.of("card", "4111"))
                        .build())
                .message("column 'id' is NOT NULL")
                .build();
        String text = failure.toString();
        assertTrue(text, text.contains("table acme.default.orders (kafka)"));
        assertTrue(text, text.contains("in orders-3 at 1234 (15 bytes)"));
        assertFalse(text, text.contains("4111"));
    }
}
