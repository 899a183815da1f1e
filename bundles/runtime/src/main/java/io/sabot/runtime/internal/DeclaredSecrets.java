package io.sabot.runtime.internal;

import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginSnapshot;
import java.util.HashSet;
import java.util.Set;

/**
 * The option keys the installed plug-ins declare secret, for the job registry's masking; the plug-in registry updates
 * it with every snapshot. A plug-in that leaves keeps its keys here: masking one key too many is harmless.
 */
public final class DeclaredSecrets {

    private static volatile Set<String> keys = Set.of();

    private DeclaredSecrets() {}

    /** The keys known so far: an immutable set. */
    public static Set<String> keys() {
        return keys;
    }

    static synchronized void add(PluginSnapshot snapshot) {
        Set<String> next = new HashSet<>(keys);
        for (PluginInfo p : snapshot.plugins()) {
            for (OptionInfo o : p.options()) {
                if (o.secret()) {
                    next.add(o.key());
                }
            }
        }
        if (next.size() != keys.size()) {
            keys = Set.copyOf(next);
        }
    }
}
