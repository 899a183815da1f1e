package io.sabot.errors.basic.internal;

import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.ErrorType;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code skip}: drops a failed record and goes on; the runtime counts it ({@code records-skipped}). Only failures that
 * carry a record are skipped, and only of the configured types: an operation without a record (a checkpoint, a
 * connection) is passed on, since skipping it could lose data silently.
 */
@Component(property = ErrorHandlers.ERROR_HANDLER_PROPERTY + "=" + SkipHandlerFactory.IDENTIFIER)
public final class SkipHandlerFactory implements ErrorHandlerFactory {

    static final String IDENTIFIER = "skip";

    static final OptionDescriptor<List<String>> TYPES = OptionDescriptor.key("types")
            .listType()
            .defaultValue(List.of("CONNECTOR", "VALIDATION", "WATERMARK", "OPERATOR"))
            .description("Error types whose failed records are skipped (CONNECTOR covers records that do not decode).");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Drops failed records (counted as records-skipped) and continues.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(TYPES);
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        Set<ErrorType> types = types(context.options().get(TYPES), "error.skip.types");
        return failure -> failure.record().isPresent() && types.contains(failure.type())
                ? Decision.skip("error.handler 'skip'")
                : Decision.pass();
    }

    /** Error type names as configured, checked; names the option on a bad one. */
    static Set<ErrorType> types(List<String> names, String option) {
        Set<ErrorType> types = EnumSet.noneOf(ErrorType.class);
        for (String name : names) {
            try {
                types.add(ErrorType.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new PluginException(
                        "option '" + option + "': unknown error type '" + name + "' (known: "
                                + List.of(ErrorType.values()) + ")",
                        false);
            }
        }
        return types;
    }
}
