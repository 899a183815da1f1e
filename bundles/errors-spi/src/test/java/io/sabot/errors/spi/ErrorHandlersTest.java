package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class ErrorHandlersTest {

    private static final Failure WITH_RECORD = Failure.builder(ErrorType.CONNECTOR)
            .record(RecordContext.builder().split("orders-3").position(1).build())
            .build();
    private static final Failure WITHOUT_RECORD =
            Failure.builder(ErrorType.CHECKPOINT).build();

    @Test
    public void firstNonPassDecisionWinsAndLaterHandlersAreNotAsked() {
        List<String> asked = new ArrayList<>();
        ErrorHandler passing = f -> {
            asked.add("pass");
            return Decision.pass();
        };
        ErrorHandler skipping = f -> {
            asked.add("skip");
            return Decision.skip();
        };
        ErrorHandler failing = f -> {
            asked.add("fail");
            return Decision.fail();
        };
        assertEquals(Decision.skip(), ErrorHandlers.decide(List.of(passing, skipping, failing), WITH_RECORD));
        assertEquals(List.of("pass", "skip"), asked);
    }

    @Test
    public void retryThenDeadLetterComposes() {
        ErrorHandler retry = f -> f.attempt() < 3 ? Decision.retry(Duration.ofSeconds(1)) : Decision.pass();
        ErrorHandler deadLetter = f -> Decision.deadLetter("orders-dlq");
        List<ErrorHandler> chain = List.of(retry, deadLetter);
        assertEquals(
                Decision.Kind.RETRY, ErrorHandlers.decide(chain, WITH_RECORD).kind());
        Failure third = WITH_RECORD.toBuilder().attempt(3).build();
        assertEquals(Decision.deadLetter("orders-dlq"), ErrorHandlers.decide(chain, third));
    }

    @Test
    public void unhandledFailuresFail() {
        assertEquals(
                Decision.Kind.FAIL, ErrorHandlers.decide(List.of(), WITH_RECORD).kind());
        assertEquals(
                "every error handler passed",
                ErrorHandlers.decide(List.of(f -> Decision.pass()), WITH_RECORD).reason());
    }

    @Test
    public void brokenHandlersFailInsteadOfLosingData() {
        ErrorHandler throwing = f -> {
            throw new IllegalStateException("bug");
        };
        Decision decision = ErrorHandlers.decide(List.of(throwing, f -> Decision.skip()), WITH_RECORD);
        assertEquals(Decision.Kind.FAIL, decision.kind());
        assertTrue(decision.reason(), decision.reason().contains("threw java.lang.IllegalStateException: bug"));

        Decision nothing = ErrorHandlers.decide(List.of(f -> null), WITH_RECORD);
        assertEquals(Decision.Kind.FAIL, nothing.kind());
        assertTrue(nothing.reason().contains("returned no decision"));
    }

    @Test
    public void deadLetterWithoutARecordFails() {
        Decision decision = ErrorHandlers.decide(List.of(f -> Decision.deadLetter("dlq")), WITHOUT_RECORD);
        assertEquals(Decision.Kind.FAIL, decision.kind());
        assertTrue(decision.reason().contains("without a record"));
        assertEquals(
                "SKIP without a record tolerates the failed operation",
                Decision.Kind.SKIP,
                ErrorHandlers.decide(List.of(f -> Decision.skip()), WITHOUT_RECORD)
                        .kind());
    }

    private static final ComponentId SINK =
            new ComponentId("default", "job-1", "sink-3", 0, "default.out", "filesystem");

    /** A handler that keeps a circuit in the given state and records the successes it hears of. */
    private static ErrorHandler circuit(CircuitState state, List<ComponentId> successes) {
        return new ErrorHandler() {
            @Override
            public Decision handle(Failure failure) {
                return Decision.pass();
            }

            @Override
            public void onSuccess(ComponentId component) {
                successes.add(component);
            }

            @Override
            public Optional<CircuitState> circuit(ComponentId component) {
                return Optional.of(state);
            }
        };
    }

    @Test
    public void everyHandlerHearsOfASuccessEvenAfterOneThrows() {
        List<ComponentId> first = new ArrayList<>();
        List<ComponentId> last = new ArrayList<>();
        ErrorHandler throwing = new ErrorHandler() {
            @Override
            public Decision handle(Failure failure) {
                return Decision.pass();
            }

            @Override
            public void onSuccess(ComponentId component) {
                throw new IllegalStateException("bug");
            }
        };
        ErrorHandlers.succeeded(
                List.of(circuit(CircuitState.closed(0), first), throwing, circuit(CircuitState.closed(0), last)), SINK);
        assertEquals(List.of(SINK), first);
        assertEquals(List.of(SINK), last);
    }

    @Test
    public void anOpenCircuitHoldsTheAttemptForItsRemainingDelay() {
        List<ComponentId> ignored = new ArrayList<>();
        ErrorHandler plain = f -> Decision.pass();
        assertEquals(Duration.ZERO, ErrorHandlers.hold(List.of(plain), SINK));
        assertEquals(
                Duration.ZERO, ErrorHandlers.hold(List.of(circuit(CircuitState.halfOpen(2), ignored), plain), SINK));
        assertEquals(
                "the longest open delay of the chain",
                Duration.ofSeconds(3),
                ErrorHandlers.hold(
                        List.of(
                                circuit(CircuitState.open(Duration.ofSeconds(1), 1), ignored),
                                circuit(CircuitState.open(Duration.ofSeconds(3), 1), ignored)),
                        SINK));
        assertEquals(
                "an open circuit whose delay just ran out holds briefly, to be asked again",
                Duration.ofMillis(1),
                ErrorHandlers.hold(List.of(circuit(CircuitState.open(Duration.ZERO, 1), ignored)), SINK));
    }

    @Test
    public void theChainsCircuitIsTheFirstHandlersThatKeepsOne() {
        List<ComponentId> ignored = new ArrayList<>();
        ErrorHandler plain = f -> Decision.pass();
        ErrorHandler throwing = new ErrorHandler() {
            @Override
            public Decision handle(Failure failure) {
                return Decision.pass();
            }

            @Override
            public Optional<CircuitState> circuit(ComponentId component) {
                throw new IllegalStateException("bug");
            }
        };
        assertEquals(Optional.empty(), ErrorHandlers.circuit(List.of(plain, throwing), SINK));
        assertEquals(
                Optional.of(CircuitState.halfOpen(2)),
                ErrorHandlers.circuit(
                        List.of(
                                plain,
                                throwing,
                                circuit(CircuitState.halfOpen(2), ignored),
                                circuit(CircuitState.closed(0), ignored)),
                        SINK));
        assertEquals(Duration.ZERO, ErrorHandlers.hold(List.of(throwing), SINK));
    }
}
