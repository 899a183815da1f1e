package io.sabot.runtime.internal;

import io.sabot.runtime.PluginFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** Plug-in components that Declarative Services could not bring up, with the component runtime's reason. */
final class ComponentFailures {

    private ComponentFailures() {}

    static List<PluginFailure> find(ServiceComponentRuntime scr, Collection<Bundle> bundles) {
        List<PluginFailure> failures = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                String reason = null;
                if (!scr.isComponentEnabled(description)) {
                    if (description.defaultEnabled) {
                        reason = "component " + description.name + " is disabled";
                    }
                } else {
                    for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                        reason = reason(description, configuration);
                        if (reason != null) {
                            break;
                        }
                    }
                }
                if (reason != null) {
                    failures.add(UnresolvedBundles.bundleFailure(bundle, reason));
                }
            }
        }
        return failures;
    }

    private static String reason(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "component " + description.name + " failed to activate: " + configuration.failure;
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                List<String> missing = new ArrayList<>();
                for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                    missing.add(reference.name + (reference.target == null ? "" : " " + reference.target));
                }
                return "component " + description.name + " waits for services: " + String.join(", ", missing);
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "component " + description.name + " waits for configuration "
                        + String.join(", ", description.configurationPid);
            default:
                return null;
        }
    }
}
