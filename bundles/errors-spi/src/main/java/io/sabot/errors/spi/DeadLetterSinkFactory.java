package io.sabot.errors.spi;

import io.sabot.plugin.PluginFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates {@link DeadLetterSink}s of one type ({@code log}, {@code file}, {@code kafka}, …). Register it as an OSGi
 * service with {@value ErrorHandlers#DEAD_LETTER_PROPERTY} set to {@link #identifier()}.
 *
 * <p>Users do not name sink types in decisions; they configure <em>targets</em>: a target is a named configuration
 * (one factory configuration per target, per tenant) holding a sink type and that type's options, e.g. target {@code
 * orders-dlq} = type {@code kafka} with {@code topic = orders.dlq}. The runtime validates the options against {@link
 * #options()}, creates one sink per target, and routes {@link Decision#deadLetter(String) DEAD_LETTER} decisions to
 * it by target name.
 *
 * <p><b>Threading.</b> Stateless and thread-safe; {@link #createDeadLetterSink} may connect, but should not wait
 * long: it runs when the target is configured.
 */
@ConsumerType
public interface DeadLetterSinkFactory extends PluginFactory {

    /**
     * Creates the sink of one target.
     *
     * @param context the target's tenant, name and validated options
     * @return a new sink owned by the runtime, which closes it; never null
     * @throws io.sabot.plugin.PluginException if the sink cannot be set up (the target is reported as failed in the
     *     console, and jobs that name it do not start)
     */
    DeadLetterSink createDeadLetterSink(DeadLetterContext context);
}
