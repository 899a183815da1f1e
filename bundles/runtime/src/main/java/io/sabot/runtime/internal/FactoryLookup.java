package io.sabot.runtime.internal;

import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.PluginKind;
import java.util.Optional;
import java.util.Set;

/** The factory objects behind the registry's active plug-ins, for the runtime's own use (not exported). */
public interface FactoryLookup {

    /**
     * The active factory of a kind and identifier that has a role ({@code source}, {@code sink}, {@code format}, …).
     */
    Optional<PluginFactory> active(PluginKind kind, String identifier, String role);

    /** The identifiers of the active plug-ins of a kind. */
    Set<String> identifiers(PluginKind kind);
}
