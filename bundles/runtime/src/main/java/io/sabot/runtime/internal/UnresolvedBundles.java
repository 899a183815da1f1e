package io.sabot.runtime.internal;

import io.sabot.runtime.PluginFailure;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/** Explains why a plug-in bundle stays INSTALLED: which of its requirements nothing in the container provides. */
final class UnresolvedBundles {

    private UnresolvedBundles() {}

    /** Whether the bundle imports a Sabot package, i.e. is a plug-in (or an SPI) the registry should explain. */
    static boolean importsSabot(Bundle bundle) {
        String imports = bundle.getHeaders("").get(Constants.IMPORT_PACKAGE);
        return imports != null && imports.contains("io.sabot.");
    }

    /**
     * Why the bundle is not resolved, or null when nothing it requires is missing and {@code evenIfNothingMissing} is
     * false.
     */
    static PluginFailure describe(BundleContext context, Bundle bundle, boolean evenIfNothingMissing) {
        List<String> missing = new ArrayList<>();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        FrameworkWiring wiring =
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (revision != null && wiring != null) {
            for (Requirement requirement : revision.getRequirements(null)) {
                String resolution = requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
                String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
                if (Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                        || (effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective))) {
                    continue;
                }
                if (wiring.findProviders(requirement).isEmpty()) {
                    missing.add(describe(requirement));
                }
            }
        }
        if (missing.isEmpty() && !evenIfNothingMissing) {
            return null;
        }
        String reason = missing.isEmpty()
                ? "installed but not resolved: its requirements exist but conflict (uses constraints) or depend on"
                        + " another unresolved bundle"
                : "cannot resolve, nothing provides: " + String.join("; ", missing);
        return bundleFailure(bundle, reason);
    }

    /** A failure of a whole bundle (no particular service): unresolved, or a component that did not come up. */
    static PluginFailure bundleFailure(Bundle bundle, String reason) {
        return new PluginFailure(
                null,
                "",
                String.valueOf(bundle.getSymbolicName()),
                bundle.getVersion().toString(),
                bundle.getBundleId(),
                -1,
                reason);
    }

    private static String describe(Requirement requirement) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            return "package " + filter;
        }
        return requirement.getNamespace() + " " + filter;
    }
}
