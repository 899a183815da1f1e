package io.sabot.errors.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The state of a circuit breaker guarding the target of one component (a sink table's external system), as an {@link
 * ErrorHandler} reports it through {@link ErrorHandler#circuit}. The runtime holds every operation of the component
 * while the circuit is {@link State#OPEN}, and shows the state and the transitions as metrics ({@code
 * circuit-breaker-state}, {@code circuit-breaker-transitions}).
 *
 * <p>Immutable and thread-safe: a snapshot, taken when asked.
 *
 * @param state closed, open or half-open
 * @param remainingDelay for {@link State#OPEN}, how long until the circuit lets a probe through (half-open); {@link
 *     Duration#ZERO} in the other states
 * @param transitions state changes of this circuit since its handler was created
 * @since 1.1
 */
public record CircuitState(State state, Duration remainingDelay, long transitions) {

    /** The states of a circuit, with the codes of the {@code circuit-breaker-state} gauge. */
    public enum State {
        /** Operations are attempted; failures are counted. Code 0. */
        CLOSED,
        /** Operations are held, not attempted, until the open delay has passed. Code 1. */
        OPEN,
        /** The open delay has passed: the next attempts are probes whose outcome closes or re-opens it. Code 2. */
        HALF_OPEN;

        /** The gauge value: 0 closed, 1 open, 2 half-open. */
        public int code() {
            return ordinal();
        }
    }

    /**
     * Checks the parts.
     *
     * @throws NullPointerException if {@code state} or {@code remainingDelay} is null
     * @throws IllegalArgumentException if {@code remainingDelay} or {@code transitions} is negative
     */
    public CircuitState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(remainingDelay, "remainingDelay");
        if (remainingDelay.isNegative()) {
            throw new IllegalArgumentException("negative remaining delay " + remainingDelay);
        }
        if (transitions < 0) {
            throw new IllegalArgumentException("negative transition count " + transitions);
        }
    }

    /** A closed circuit. */
    public static CircuitState closed(long transitions) {
        return new CircuitState(State.CLOSED, Duration.ZERO, transitions);
    }

    /** An open circuit that lets a probe through in {@code remainingDelay}. */
    public static CircuitState open(Duration remainingDelay, long transitions) {
        return new CircuitState(State.OPEN, remainingDelay, transitions);
    }

    /** A half-open circuit. */
    public static CircuitState halfOpen(long transitions) {
        return new CircuitState(State.HALF_OPEN, Duration.ZERO, transitions);
    }

    /** Whether operations are held. */
    public boolean isOpen() {
        return state == State.OPEN;
    }
}
