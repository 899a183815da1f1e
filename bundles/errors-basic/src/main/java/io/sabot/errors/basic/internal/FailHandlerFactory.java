package io.sabot.errors.basic.internal;

import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fail}: every failure fails the job, which restarts from its last checkpoint under its restart policy. The
 * chain's default anyway; written out it ends a chain explicitly ({@code retry, fail}).
 */
@Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=" + FailHandlerFactory.IDENTIFIER)
public final class FailHandlerFactory implements ErrorHandlerFactory {

    static final String IDENTIFIER = "fail";

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Fails the job on any failure, naming the record and the cause (the default).";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of();
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        return failure -> Decision.fail("error.handler 'fail'");
    }
}
