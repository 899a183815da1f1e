package io.sabot.runtime;

import java.util.List;

/**
 * A plug-in service the runtime is bound to (or holds in reserve), as shown to people.
 *
 * @param kind the SPI
 * @param identifier what users name it by, e.g. {@code datagen}
 * @param roles what it provides within its kind: {@code source} and/or {@code sink} for connectors, {@code
 *     decoder}/{@code encoder} style roles are not split: other kinds have one role, the kind's label
 * @param description one sentence from the plug-in
 * @param bundleSymbolicName the providing bundle
 * @param bundleVersion its version
 * @param bundleId its id in this container
 * @param serviceId the service's id
 * @param ranking the service ranking; among services with the same kind and identifier the highest is used
 * @param state whether the runtime uses it or another service with the same identifier shadows it
 * @param options the plug-in's options, sorted by key
 */
public record PluginInfo(
        PluginKind kind,
        String identifier,
        List<String> roles,
        String description,
        String bundleSymbolicName,
        String bundleVersion,
        long bundleId,
        long serviceId,
        int ranking,
        State state,
        List<OptionInfo> options) {

    /** Whether the runtime uses this plug-in. */
    public enum State {
        /** Bound and used for its identifier. */
        ACTIVE,
        /**
         * Bound, but another service with the same kind and identifier and a higher ranking (or, at equal ranking, a
         * lower service id) is used; this one takes over if that one goes away.
         */
        SHADOWED
    }

    public PluginInfo {
        roles = List.copyOf(roles);
        options = List.copyOf(options);
    }
}
