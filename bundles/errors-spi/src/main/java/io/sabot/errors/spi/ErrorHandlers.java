package io.sabot.errors.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Service property names of this SPI, and {@link #decide}, the one definition of how a chain of handlers decides; since
 * 1.1 also how the signals besides failures reach a chain ({@link #succeeded}, {@link #hold}, {@link #circuit}).
 */
public final class ErrorHandlers {

    /**
     * Service property naming an {@link ErrorHandlerFactory}'s identifier, e.g. {@code retry}; equal to {@link
     * ErrorHandlerFactory#identifier()}.
     */
    public static final String ERROR_HANDLER_PROPERTY = "sabot.error.handler";

    /**
     * Service property naming a {@link DeadLetterSinkFactory}'s identifier (the sink type), e.g. {@code kafka}; equal
     * to {@link DeadLetterSinkFactory#identifier()}.
     */
    public static final String DEAD_LETTER_PROPERTY = "sabot.dead.letter";

    /** The job option listing a job's handler chain in order, e.g. {@code error.handlers = retry, dead-letter}. */
    public static final String HANDLERS_OPTION = "error.handlers";

    /** The job option naming a seed {@link Strategy}, an alternative to {@link #HANDLERS_OPTION}. */
    public static final String STRATEGY_OPTION = "error.strategy";

    private ErrorHandlers() {}

    /**
     * Asks a chain of handlers about a failure, as described in {@link io.sabot.errors.spi}: in order, the first
     * decision other than {@code PASS} wins; a handler that throws a {@link RuntimeException} or returns null decides
     * {@code FAIL}; if every handler passes, the decision is {@code FAIL}; a {@code DEAD_LETTER} for a failure without
     * a record becomes {@code FAIL}; since 1.2 a {@code SKIP} of a {@link Severity#CRITICAL} failure becomes {@code
     * FAIL} too (data may be at risk: it must not vanish into a counter, whatever a handler's types say). Never throws
     * for a handler's misbehaviour and never returns {@code PASS}.
     *
     * <p>Thread-safe if the handlers are; does not block unless a handler does.
     *
     * @param chain the handlers in configured order; may be empty
     * @param failure the failure
     * @return the chain's decision: {@code FAIL}, {@code SKIP}, {@code RETRY} or {@code DEAD_LETTER}
     */
    public static Decision decide(List<? extends ErrorHandler> chain, Failure failure) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(failure, "failure");
        for (int i = 0; i < chain.size(); i++) {
            ErrorHandler handler = chain.get(i);
            Decision decision;
            try {
                decision = handler.handle(failure);
            } catch (RuntimeException e) {
                return Decision.fail(
                        "error handler #" + (i + 1) + " (" + handler.getClass().getName() + ") threw "
                                + e.getClass().getName() + ": " + e.getMessage());
            }
            if (decision == null) {
                return Decision.fail(
                        "error handler #" + (i + 1) + " (" + handler.getClass().getName() + ") returned no decision");
            }
            if (decision.isPass()) {
                continue;
            }
            if (decision.kind() == Decision.Kind.SKIP && failure.severity() == Severity.CRITICAL) {
                return Decision.fail("error handler #" + (i + 1) + " chose " + decision + ", but a " + failure.type()
                        + " failure of severity CRITICAL is never skipped");
            }
            if (decision.kind() == Decision.Kind.DEAD_LETTER && failure.record().isEmpty()) {
                return Decision.fail("error handler #" + (i + 1) + " chose " + decision + ", but a " + failure.type()
                        + " failure without a record cannot be dead-lettered");
            }
            return decision;
        }
        return Decision.fail(chain.isEmpty() ? "no error handler configured" : "every error handler passed");
    }

    /**
     * Tells every handler of the chain that an attempt of an operation of {@code component} succeeded ({@link
     * ErrorHandler#onSuccess}). A handler that throws is skipped: a success cannot lose data.
     *
     * @since 1.1
     */
    public static void succeeded(List<? extends ErrorHandler> chain, ComponentId component) {
        for (int i = 0; i < chain.size(); i++) {
            try {
                chain.get(i).onSuccess(component);
            } catch (RuntimeException e) {
                // the handler misses one success; the operation's outcome stands
            }
        }
    }

    /**
     * How long to hold the next attempt of an operation of {@code component}: the longest {@link
     * CircuitState#remainingDelay()} of the chain's open circuits, or {@link Duration#ZERO} if none is open (then
     * attempt it now). An open circuit whose delay has just passed holds for one millisecond, so that the caller asks
     * again rather than spins. A handler that throws counts as keeping no circuit.
     *
     * @since 1.1
     */
    public static Duration hold(List<? extends ErrorHandler> chain, ComponentId component) {
        Duration hold = Duration.ZERO;
        for (int i = 0; i < chain.size(); i++) {
            Optional<CircuitState> circuit = circuitOf(chain.get(i), component);
            if (circuit.isPresent() && circuit.get().isOpen()) {
                Duration remaining = circuit.get().remainingDelay();
                if (remaining.isZero()) {
                    remaining = Duration.ofMillis(1);
                }
                if (remaining.compareTo(hold) > 0) {
                    hold = remaining;
                }
            }
        }
        return hold;
    }

    /**
     * The circuit the chain keeps for {@code component}: that of the first handler that keeps one, or empty.
     *
     * @since 1.1
     */
    public static Optional<CircuitState> circuit(List<? extends ErrorHandler> chain, ComponentId component) {
        for (int i = 0; i < chain.size(); i++) {
            Optional<CircuitState> circuit = circuitOf(chain.get(i), component);
            if (circuit.isPresent()) {
                return circuit;
            }
        }
        return Optional.empty();
    }

    private static Optional<CircuitState> circuitOf(ErrorHandler handler, ComponentId component) {
        try {
            Optional<CircuitState> circuit = handler.circuit(component);
            return circuit == null ? Optional.empty() : circuit;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
