package io.sabot.errors.circuitbreaker.internal;

import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code circuit-breaker}: one circuit per table of the job. After {@code failure-threshold} failed attempts in a row
 * against the table's target it opens: the table's writes are held (not attempted) for {@code delay}, then probed
 * (half-open); {@code success-threshold} successful probes close it, a failed one opens it again. While it is open the
 * job waits rather than fails, for at most {@code max-open-time} if set. Only retriable failures count: a bad record or
 * a bug says nothing about the target's health.
 *
 * <p>Its place in the chain decides which failures it counts: first ({@code circuit-breaker, retry}) it counts every
 * failed attempt and, while closed, leaves the back-off to {@code retry}; after {@code retry} it counts the operations
 * whose retries ran out.
 */
@Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=" + CircuitBreakerHandlerFactory.IDENTIFIER)
public final class CircuitBreakerHandlerFactory implements ErrorHandlerFactory {

    static final String IDENTIFIER = "circuit-breaker";

    static final OptionDescriptor<Integer> FAILURE_THRESHOLD = OptionDescriptor.key("failure-threshold")
            .intType()
            .defaultValue(5)
            .check(n -> n >= 1, "at least 1")
            .description("Failed attempts in a row against a table's target that open its circuit.");
    static final OptionDescriptor<Duration> DELAY = OptionDescriptor.key("delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .check(d -> !d.isZero() && !d.isNegative(), "positive")
            .description("How long an open circuit holds the table's writes before it lets a probe through.");
    static final OptionDescriptor<Integer> SUCCESS_THRESHOLD = OptionDescriptor.key("success-threshold")
            .intType()
            .defaultValue(1)
            .check(n -> n >= 1, "at least 1")
            .description("Successful probes in a row that close a half-open circuit.");
    static final OptionDescriptor<Duration> MAX_OPEN_TIME = OptionDescriptor.key("max-open-time")
            .durationType()
            .defaultValue(Duration.ZERO)
            .description("How long a circuit may stay open (through failed probes) before a failure fails the job;"
                    + " 0: no limit, the job waits for the target.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Holds a table's writes while its target keeps failing, probes it after a delay, closes on success.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(FAILURE_THRESHOLD, DELAY, SUCCESS_THRESHOLD, MAX_OPEN_TIME);
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        return new CircuitBreakerHandler(
                context.options().get(FAILURE_THRESHOLD),
                context.options().get(DELAY),
                context.options().get(SUCCESS_THRESHOLD),
                context.options().get(MAX_OPEN_TIME));
    }
}
