package io.sabot.errors.spi;

import io.sabot.plugin.ValidatedOptions;
import java.time.Clock;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells an {@link ErrorHandlerFactory} about the job a handler is created for. Provided by the
 * runtime; immutable; valid for the handler's lifetime; thread-safe.
 */
@ProviderType
public interface ErrorHandlerContext {

    /** The tenant the job belongs to. */
    String tenantId();

    /** The job the handler serves. */
    String jobId();

    /**
     * The handler's options, already validated against {@link ErrorHandlerFactory#options()}: the job's options under
     * {@code error.<identifier>.}, with that prefix removed (for {@code retry}: {@code max-attempts}, not {@code
     * error.retry.max-attempts}).
     */
    ValidatedOptions options();

    /**
     * The names of the dead-letter targets configured for the job's tenant, so that a handler can reject an unknown
     * target at creation rather than at the first failure.
     */
    Set<String> deadLetterTargets();

    /** The clock to measure time with (rate windows, back-off), replaceable in tests. */
    Clock clock();
}
