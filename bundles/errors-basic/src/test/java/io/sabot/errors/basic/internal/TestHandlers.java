package io.sabot.errors.basic.internal;

import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.plugin.ValidatedOptions;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** Handlers of this bundle made as the runtime makes them: options validated, a context of job-1 of tenant default. */
final class TestHandlers {

    private TestHandlers() {}

    static ErrorHandler create(ErrorHandlerFactory factory, Map<String, String> options) {
        ValidatedOptions validated = factory.validate("error handler '" + factory.identifier() + "'", options)
                .orThrow();
        return factory.createErrorHandler(new ErrorHandlerContext() {
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
}
