package io.sabot.errors.deadletter.internal;

import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code dead-letter}: a failed record goes to the job's dead-letter target with its original bytes, coordinates and
 * error, and the job goes on. Failures without a record pass to the next handler. The runtime fills in {@code target}
 * from the table's {@code error.dead-letter.connector} and sink options.
 */
@Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=" + DeadLetterHandlerFactory.IDENTIFIER)
public final class DeadLetterHandlerFactory implements ErrorHandlerFactory {

    static final String IDENTIFIER = "dead-letter";

    static final OptionDescriptor<String> TARGET = OptionDescriptor.key("target")
            .stringType()
            .required()
            .description("The dead-letter target (set by the runtime from error.dead-letter.connector).");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Sends failed records to a dead-letter target (a file directory, a Kafka topic) and continues.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(TARGET);
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        String target = context.options().get(TARGET);
        if (!context.deadLetterTargets().contains(target)) {
            throw new PluginException(
                    "dead-letter target '" + target + "' is not configured (configured: " + context.deadLetterTargets()
                            + ")",
                    false);
        }
        return failure -> failure.record().isPresent()
                ? Decision.deadLetter(target, "error.handler 'dead-letter'")
                : Decision.pass();
    }
}
