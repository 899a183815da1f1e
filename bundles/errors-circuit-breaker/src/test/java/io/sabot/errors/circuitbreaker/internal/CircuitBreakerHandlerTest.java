package io.sabot.errors.circuitbreaker.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.CircuitState;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The handler alone, as a chain sees it: failures and successes of a table's writes, and its circuit's state. */
public class CircuitBreakerHandlerTest {

    private static final CircuitBreakerHandlerFactory FACTORY = new CircuitBreakerHandlerFactory();
    private static final ComponentId OUT = new ComponentId("default", "job-1", "sink-2", 0, "default.out", "test");
    private static final ComponentId OUT_1 = OUT.withOperator("sink-2", 1);
    private static final ComponentId OTHER = new ComponentId("default", "job-1", "sink-3", 0, "default.other", "test");

    private static ErrorHandler handler(Map<String, String> options) {
        ValidatedOptions validated = FACTORY.validate("test", options).orThrow();
        return FACTORY.createErrorHandler(new ErrorHandlerContext() {
            @Override
            public String tenantId() {
                return "default";
            }

            @Override
            public String jobId() {
                return "job-1";
            }

            @Override
            public ValidatedOptions options() {
                return validated;
            }

            @Override
            public Set<String> deadLetterTargets() {
                return Set.of();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        });
    }

    private static Failure writeFailed(ComponentId component, int attempt) {
        return Failure.builder(ErrorType.CONNECTOR)
                .component(component)
                .message("table 'default.out': write of 10 rows failed: target down")
                .retriable(true)
                .attempt(attempt)
                .build();
    }

    private static CircuitState.State state(ErrorHandler handler, ComponentId component) {
        return handler.circuit(component).orElseThrow().state();
    }

    /** Waits (polling, bounded) until the open delay has passed and the circuit lets a probe through. */
    private static void awaitHalfOpen(ErrorHandler handler, ComponentId component) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (state(handler, component) == CircuitState.State.OPEN) {
            assertTrue("still open after 10 s", System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    @Test
    public void opensAfterTheThresholdHoldsForTheDelayThenAProbeThatSucceedsClosesIt() throws Exception {
        ErrorHandler handler = handler(Map.of("failure-threshold", "3", "delay", "200 ms"));
        assertEquals(CircuitState.closed(0), handler.circuit(OUT).orElseThrow());
        assertTrue(
                "below the threshold the next handler decides",
                handler.handle(writeFailed(OUT, 1)).isPass());
        assertTrue(handler.handle(writeFailed(OUT, 2)).isPass());

        Decision opened = handler.handle(writeFailed(OUT, 3));
        assertEquals(Decision.Kind.RETRY, opened.kind());
        Duration wait = opened.retryDelay().orElseThrow();
        assertTrue(wait.toString(), wait.compareTo(Duration.ofMillis(200)) <= 0 && wait.toMillis() > 100);
        assertTrue(opened.reason(), opened.reason().contains("table 'default.out' open after 3 failures in a row"));
        CircuitState open = handler.circuit(OUT).orElseThrow();
        assertEquals(CircuitState.State.OPEN, open.state());
        assertEquals(1, open.transitions());
        assertTrue(
                "the runtime holds the table's writes",
                ErrorHandlers.hold(List.of(handler), OUT_1).toMillis() > 0);

        awaitHalfOpen(handler, OUT);
        assertEquals(CircuitState.halfOpen(2), handler.circuit(OUT).orElseThrow());
        assertEquals(Duration.ZERO, ErrorHandlers.hold(List.of(handler), OUT));
        handler.onSuccess(OUT_1); // another subtask's probe
        assertEquals(CircuitState.closed(3), handler.circuit(OUT).orElseThrow());
    }

    @Test
    public void aFailedProbeOpensItAgain() throws Exception {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1", "delay", "50 ms"));
        assertEquals(Decision.Kind.RETRY, handler.handle(writeFailed(OUT, 1)).kind());
        awaitHalfOpen(handler, OUT);
        Decision again = handler.handle(writeFailed(OUT, 2));
        assertEquals(Decision.Kind.RETRY, again.kind());
        assertEquals(CircuitState.State.OPEN, state(handler, OUT));
        assertEquals(3, handler.circuit(OUT).orElseThrow().transitions()); // open, half-open, open
    }

    @Test
    public void onlyFailuresInARowCount() {
        ErrorHandler handler = handler(Map.of("failure-threshold", "3"));
        for (int i = 0; i < 10; i++) {
            assertTrue(handler.handle(writeFailed(OUT, 1)).isPass());
            assertTrue(handler.handle(writeFailed(OUT, 2)).isPass());
            handler.onSuccess(OUT);
        }
        assertEquals(CircuitState.closed(0), handler.circuit(OUT).orElseThrow());
        assertTrue(handler.handle(writeFailed(OUT, 1)).isPass());
        assertTrue(handler.handle(writeFailed(OUT, 2)).isPass());
        assertEquals(Decision.Kind.RETRY, handler.handle(writeFailed(OUT, 3)).kind());
    }

    @Test
    public void failuresThatRetryingCannotCureAreNotCounted() {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1"));
        Failure badRecord = writeFailed(OUT, 1).toBuilder().retriable(false).build();
        assertTrue(handler.handle(badRecord).isPass());
        assertEquals(CircuitState.State.CLOSED, state(handler, OUT));
    }

    @Test
    public void eachTableHasItsOwnCircuit() {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1"));
        assertEquals(Decision.Kind.RETRY, handler.handle(writeFailed(OUT, 1)).kind());
        assertEquals(CircuitState.State.OPEN, state(handler, OUT_1));
        assertEquals(CircuitState.State.CLOSED, state(handler, OTHER));
        assertEquals(Duration.ZERO, ErrorHandlers.hold(List.of(handler), OTHER));
    }

    @Test
    public void aSuccessThresholdNeedsThatManyProbes() throws Exception {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1", "delay", "50 ms", "success-threshold", "2"));
        handler.handle(writeFailed(OUT, 1));
        awaitHalfOpen(handler, OUT);
        handler.onSuccess(OUT);
        assertEquals(CircuitState.State.HALF_OPEN, state(handler, OUT));
        handler.onSuccess(OUT_1);
        assertEquals(CircuitState.State.CLOSED, state(handler, OUT));
    }

    @Test
    public void openLongerThanTheMaxOpenTimeFailsNamingTheOption() throws Exception {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1", "delay", "20 ms", "max-open-time", "100 ms"));
        assertEquals(Decision.Kind.RETRY, handler.handle(writeFailed(OUT, 1)).kind());
        Thread.sleep(150);
        awaitHalfOpen(handler, OUT);
        Decision decision = handler.handle(writeFailed(OUT, 2));
        assertEquals(Decision.Kind.FAIL, decision.kind());
        assertTrue(decision.reason(), decision.reason().contains("error.circuit-breaker.max-open-time"));
        assertTrue(decision.reason(), decision.reason().contains("table 'default.out'"));
    }

    @Test
    public void withoutAMaxOpenTimeTheCircuitWaitsForTheTarget() throws Exception {
        ErrorHandler handler = handler(Map.of("failure-threshold", "1", "delay", "20 ms"));
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(
                    Decision.Kind.RETRY,
                    handler.handle(writeFailed(OUT, attempt)).kind());
            awaitHalfOpen(handler, OUT);
        }
    }

    @Test
    public void badOptionsAreRefusedEveryOneNamed() {
        ValidationResult result = FACTORY.validate(
                "test", Map.of("failure-threshold", "0", "delay", "0 s", "success-threshold", "-1", "dleay", "1 s"));
        assertFalse(result.isValid());
        List<String> keys =
                result.errors().stream().map(OptionError::key).sorted().toList();
        assertEquals(List.of("delay", "dleay", "failure-threshold", "success-threshold"), keys);
    }

    @Test
    public void defaultsAreFiveFailuresThirtySecondsOneSuccess() {
        ValidatedOptions options = FACTORY.validate("test", Map.of()).orThrow();
        assertEquals(Integer.valueOf(5), options.get(CircuitBreakerHandlerFactory.FAILURE_THRESHOLD));
        assertEquals(Duration.ofSeconds(30), options.get(CircuitBreakerHandlerFactory.DELAY));
        assertEquals(Integer.valueOf(1), options.get(CircuitBreakerHandlerFactory.SUCCESS_THRESHOLD));
        assertEquals(Duration.ZERO, options.get(CircuitBreakerHandlerFactory.MAX_OPEN_TIME));
    }
}
