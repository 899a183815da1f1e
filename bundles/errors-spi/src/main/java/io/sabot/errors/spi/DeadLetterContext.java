package io.sabot.errors.spi;

import io.sabot.plugin.ValidatedOptions;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a {@link DeadLetterSinkFactory} about the target a sink is created for. Provided by the
 * runtime; immutable; valid for the sink's lifetime; thread-safe.
 */
@ProviderType
public interface DeadLetterContext {

    /** The tenant owning the target; a sink only ever receives that tenant's records. */
    String tenantId();

    /** The target's name, as used in {@link Decision#deadLetter(String)}. */
    String targetName();

    /** The target's options, already validated against {@link DeadLetterSinkFactory#options()}. */
    ValidatedOptions options();
}
