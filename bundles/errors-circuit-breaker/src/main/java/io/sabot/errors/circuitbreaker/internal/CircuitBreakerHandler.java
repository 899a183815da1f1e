package io.sabot.errors.circuitbreaker.internal;

import dev.failsafe.CircuitBreaker;
import io.sabot.errors.spi.CircuitState;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.Failure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code circuit-breaker} handler of one job: a Failsafe {@link CircuitBreaker} per table, fed by hand with the
 * failures the chain asks about and the successes the runtime reports. Thread-safe: the table's subtasks share its
 * circuit.
 */
final class CircuitBreakerHandler implements ErrorHandler {

    private final int failureThreshold;
    private final Duration delay;
    private final int successThreshold;
    /** {@link Duration#ZERO}: no limit. */
    private final Duration maxOpenTime;

    private final ConcurrentMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    CircuitBreakerHandler(int failureThreshold, Duration delay, int successThreshold, Duration maxOpenTime) {
        this.failureThreshold = failureThreshold;
        this.delay = delay;
        this.successThreshold = successThreshold;
        this.maxOpenTime = maxOpenTime;
    }

    @Override
    public Decision handle(Failure failure) {
        if (!failure.isRetriable()) {
            return Decision.pass(); // a bad record or a bug: nothing about the target's health
        }
        return circuitOf(failure.component()).failed();
    }

    @Override
    public void onSuccess(ComponentId component) {
        Circuit circuit = circuits.get(key(component));
        if (circuit != null) {
            circuit.succeeded();
        }
    }

    @Override
    public Optional<CircuitState> circuit(ComponentId component) {
        return Optional.of(circuitOf(component).state());
    }

    private Circuit circuitOf(ComponentId component) {
        return circuits.computeIfAbsent(key(component), table -> new Circuit(table));
    }

    /** One circuit per table, shared by its subtasks; the operator when no table is known. */
    private static String key(ComponentId component) {
        if (component.tableName() != null) {
            return component.tableName();
        }
        return component.operatorId() == null ? "" : component.operatorId();
    }

    /** The circuit of one table. Its transitions are made under its lock, so that a probe's outcome is not lost. */
    private final class Circuit {
        private final String table;
        private final CircuitBreaker<Object> breaker;
        private final AtomicLong transitions = new AtomicLong();
        /** When the circuit last left CLOSED ({@link System#nanoTime()}), or -1 while closed. */
        private volatile long openSince = -1;
        /** Failed attempts in a row, for messages. Guarded by this. */
        private int failuresInARow;
        /** Closed and no failure in the breaker's window: a success changes nothing, and takes no lock. */
        private volatile boolean clean = true;

        Circuit(String table) {
            this.table = table;
            this.breaker = CircuitBreaker.builder()
                    .withFailureThreshold(failureThreshold)
                    .withDelay(delay)
                    .withSuccessThreshold(successThreshold)
                    .onOpen(e -> {
                        transitions.incrementAndGet();
                        if (e.getPreviousState() == CircuitBreaker.State.CLOSED) {
                            openSince = System.nanoTime();
                        }
                    })
                    .onHalfOpen(e -> transitions.incrementAndGet())
                    .onClose(e -> {
                        transitions.incrementAndGet();
                        openSince = -1;
                    })
                    .build();
        }

        synchronized Decision failed() {
            clean = false;
            failuresInARow++;
            breaker.recordFailure();
            if (breaker.isClosed()) {
                return Decision.pass(); // below the threshold: the next handler (retry) decides
            }
            long since = openSince;
            if (!maxOpenTime.isZero() && since >= 0 && System.nanoTime() - since > maxOpenTime.toNanos()) {
                return Decision.fail("the circuit breaker of table '" + table + "' has been open longer than "
                        + maxOpenTime + " (error.circuit-breaker.max-open-time), after " + failuresInARow
                        + " failures in a row");
            }
            Duration remaining = breaker.getRemainingDelay();
            return Decision.retry(
                    remaining,
                    "circuit breaker of table '" + table + "' open after " + failuresInARow
                            + " failures in a row; next attempt in " + remaining.toMillis() + " ms");
        }

        void succeeded() {
            if (clean) {
                return;
            }
            synchronized (this) {
                failuresInARow = 0;
                breaker.recordSuccess();
                clean = breaker.isClosed() && breaker.getFailureCount() == 0;
            }
        }

        /** The state now; an open circuit whose delay has passed turns half-open here (Failsafe does so lazily). */
        synchronized CircuitState state() {
            long count = transitions.get();
            switch (breaker.getState()) {
                case OPEN:
                    Duration remaining = breaker.getRemainingDelay();
                    if (!remaining.isZero()) {
                        return CircuitState.open(remaining, count);
                    }
                    breaker.halfOpen();
                    return CircuitState.halfOpen(transitions.get());
                case HALF_OPEN:
                    return CircuitState.halfOpen(count);
                default:
                    return CircuitState.closed(count);
            }
        }
    }
}
