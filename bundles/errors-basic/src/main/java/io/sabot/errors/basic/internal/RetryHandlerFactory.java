package io.sabot.errors.basic.internal;

import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.Failure;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Component;

/**
 * {@code retry}: a retriable failure (a broker down, a timeout) is attempted again after an exponentially growing,
 * capped delay with jitter, up to {@code max-retries} times; then, and for failures that cannot succeed on a second
 * try (a record that does not decode), it passes to the next handler. Stateless: {@link Failure#attempt()} counts.
 */
@Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=" + RetryHandlerFactory.IDENTIFIER)
public final class RetryHandlerFactory implements ErrorHandlerFactory {

    static final String IDENTIFIER = "retry";

    static final OptionDescriptor<Integer> MAX_RETRIES = OptionDescriptor.key("max-retries")
            .intType()
            .defaultValue(3)
            .check(n -> n >= 0, "0 or more")
            .description("Retries of one operation before the next handler decides (also error.max-retries).");
    static final OptionDescriptor<Duration> DELAY = OptionDescriptor.key("delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .check(d -> !d.isNegative(), "not negative")
            .description("Delay before the first retry; doubles with each further attempt.");
    static final OptionDescriptor<Duration> MAX_DELAY = OptionDescriptor.key("max-delay")
            .durationType()
            .defaultValue(Duration.ofMinutes(1))
            .check(d -> !d.isNegative(), "not negative")
            .description("Cap of the delay between attempts.");
    static final OptionDescriptor<Double> JITTER = OptionDescriptor.key("jitter")
            .doubleType()
            .defaultValue(0.2)
            .check(j -> j >= 0 && j <= 1, "between 0 and 1")
            .description("Random spread of each delay, as a fraction of it (0.2: ±20 %), so retries do not align.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Retries failed operations with exponential back-off and jitter, capped; then passes.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(MAX_RETRIES, DELAY, MAX_DELAY, JITTER);
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        int maxRetries = context.options().get(MAX_RETRIES);
        Duration delay = context.options().get(DELAY);
        Duration maxDelay = context.options().get(MAX_DELAY);
        double jitter = context.options().get(JITTER);
        if (maxDelay.compareTo(delay) < 0) {
            throw new PluginException(
                    "option 'error.retry.max-delay' (" + maxDelay + ") is shorter than 'error.retry.delay' (" + delay
                            + ")",
                    false);
        }
        return failure -> {
            if (!failure.isRetriable() || failure.attempt() > maxRetries) {
                return Decision.pass();
            }
            return Decision.retry(
                    backoff(
                            failure.attempt(),
                            delay,
                            maxDelay,
                            jitter,
                            ThreadLocalRandom.current().nextDouble()),
                    "retry " + failure.attempt() + " of " + maxRetries);
        };
    }

    /**
     * The delay before retry {@code attempt} (1-based): {@code delay * 2^(attempt-1)}, capped at {@code maxDelay}, then
     * spread by {@code ±jitter} with {@code random} in [0, 1), and never above the cap.
     */
    static Duration backoff(int attempt, Duration delay, Duration maxDelay, double jitter, double random) {
        long base = delay.toMillis();
        long cap = maxDelay.toMillis();
        long grown = attempt - 1 >= 62 || base << (attempt - 1) >>> (attempt - 1) != base
                ? cap
                : Math.min(cap, base << (attempt - 1));
        double spread = grown * jitter * (random * 2 - 1);
        return Duration.ofMillis(Math.max(0, Math.min(cap, Math.round(grown + spread))));
    }
}
