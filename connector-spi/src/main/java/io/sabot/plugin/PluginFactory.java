package io.sabot.plugin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The part every plug-in factory shares: an identifier that users name in SQL or configuration, a description, and
 * the options it understands. Each SPI extends it ({@code SourceFactory}, {@code FormatFactory}, {@code
 * StateBackendFactory}, …) and registers the factory as an OSGi service whose identifier service property (for
 * instance {@code sabot.connector=datagen}) equals {@link #identifier()}.
 *
 * <p><b>Threading.</b> A factory is a stateless service: the runtime may call it from any thread, concurrently.
 * Methods here must be cheap and must not block; they are called while the registry builds its snapshot.
 *
 * <p><b>Lifecycle.</b> A factory may go away at any time (its bundle stopped or updated). The runtime keeps no
 * reference after the service is unregistered; objects a factory created (readers, writers) are closed by the
 * runtime before the job moves to the replacement.
 */
@ConsumerType
public interface PluginFactory {

    /**
     * The name users give, e.g. {@code kafka}, {@code datagen}, {@code json}: lower-case letters, digits and {@code -}.
     * Must equal the identifier service property the factory is registered with.
     */
    String identifier();

    /** One sentence for the console and generated docs. */
    default String description() {
        return "";
    }

    /** Every option this factory understands; the runtime validates users' options against them. */
    List<OptionDescriptor<?>> options();

    /**
     * Key prefixes passed through unvalidated to a library the plug-in wraps (e.g. {@code properties.} for Kafka
     * client settings). Empty by default.
     */
    default Set<String> passThroughPrefixes() {
        return Set.of();
    }

    /**
     * Validates a user's options against {@link #options()}; the runtime calls this, plug-ins need not.
     *
     * @param context what is configured, for messages, e.g. {@code "connector 'datagen' of table 'orders'"}
     */
    default ValidationResult validate(String context, Map<String, String> userOptions) {
        return OptionValidation.validate(context, userOptions, options(), passThroughPrefixes());
    }
}
