package io.sabot.errors.spi;

import io.sabot.plugin.PluginFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates {@link ErrorHandler}s of one kind ({@code retry}, {@code skip}, {@code circuit-breaker}, …). Register it as
 * an OSGi service with {@value ErrorHandlers#ERROR_HANDLER_PROPERTY} set to {@link #identifier()}; jobs name it in
 * {@code error.handlers}.
 *
 * <p>Like every {@link PluginFactory} it declares its options; the runtime validates the job's {@code
 * error.<identifier>.*} options against them, reports every problem at once, and passes the result in {@link
 * ErrorHandlerContext#options()}.
 *
 * <p><b>Threading.</b> Stateless and thread-safe; {@link #createErrorHandler} is cheap and does not block.
 *
 * <h2>Example: retry with exponential back-off</h2>
 * The whole of a {@code retry} handler. It keeps no state: {@link Failure#attempt()} says how often the operation has
 * failed, and passing after the last attempt lets the next handler of the chain (or the chain's final {@code FAIL})
 * decide.
 *
 * <pre>{@code
 * @Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=retry")
 * public class RetryHandlerFactory implements ErrorHandlerFactory {
 *     static final OptionDescriptor<Integer> MAX_ATTEMPTS = OptionDescriptor.key("max-attempts").intType()
 *             .defaultValue(5).check(n -> n >= 1, "at least 1").description("Attempts before giving up.");
 *     static final OptionDescriptor<Duration> INITIAL_DELAY = OptionDescriptor.key("initial-delay").durationType()
 *             .defaultValue(Duration.ofMillis(500)).description("Delay before the first retry; doubles each time.");
 *
 *     public String identifier() { return "retry"; }
 *
 *     public List<OptionDescriptor<?>> options() { return List.of(MAX_ATTEMPTS, INITIAL_DELAY); }
 *
 *     public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
 *         int maxAttempts = context.options().get(MAX_ATTEMPTS);
 *         Duration initial = context.options().get(INITIAL_DELAY);
 *         return failure -> failure.isRetriable() && failure.attempt() < maxAttempts
 *                 ? Decision.retry(initial.multipliedBy(1L << Math.min(failure.attempt() - 1, 16)),
 *                         "attempt " + failure.attempt() + " of " + maxAttempts)
 *                 : Decision.pass();
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface ErrorHandlerFactory extends PluginFactory {

    /**
     * Creates the handler of one job. Called when the job starts, and again when the job moves to this factory after
     * a hot swap.
     *
     * @param context the job and the validated options
     * @return a new handler owned by the runtime, which closes it; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but do not work together (for
     *     instance a {@code dead-letter} target that is not configured); the job does not start, and the message says
     *     why
     */
    ErrorHandler createErrorHandler(ErrorHandlerContext context);
}
