package io.sabot.runtime;

import java.util.List;
import java.util.Optional;

/**
 * What the registry knew at one moment: immutable, safe to share and to keep.
 *
 * @param generation increases by at least one with every change; two snapshots with the same generation are equal
 * @param plugins every bound plug-in, active and shadowed, sorted by kind, identifier, then preference
 * @param failures plug-ins that could not be bound, sorted by bundle then identifier
 */
public record PluginSnapshot(long generation, List<PluginInfo> plugins, List<PluginFailure> failures) {

    public PluginSnapshot {
        plugins = List.copyOf(plugins);
        failures = List.copyOf(failures);
    }

    /** The plug-ins of one kind, active and shadowed. */
    public List<PluginInfo> plugins(PluginKind kind) {
        return plugins.stream().filter(p -> p.kind() == kind).toList();
    }

    /** The plug-in in use for a kind and identifier, if any. */
    public Optional<PluginInfo> active(PluginKind kind, String identifier) {
        return plugins.stream()
                .filter(p ->
                        p.kind() == kind && p.identifier().equals(identifier) && p.state() == PluginInfo.State.ACTIVE)
                .findFirst();
    }
}
