package io.sabot.runtime;

/**
 * A plug-in that could not be bound, with the reason, so that administrators see it in the console and the shell
 * rather than only in a log.
 *
 * @param kind the SPI it meant to provide, or null when that cannot be told (an unresolved bundle)
 * @param identifier the identifier it declared, or empty
 * @param bundleSymbolicName the bundle at fault
 * @param bundleVersion its version
 * @param bundleId its id
 * @param serviceId the offending service's id, or -1 for a bundle-level failure
 * @param reason what is wrong, in a sentence an administrator can act on
 */
public record PluginFailure(
        PluginKind kind,
        String identifier,
        String bundleSymbolicName,
        String bundleVersion,
        long bundleId,
        long serviceId,
        String reason) {}
