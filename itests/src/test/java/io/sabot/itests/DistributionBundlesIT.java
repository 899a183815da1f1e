package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Every bundle of the distribution resolves and starts, and every Sabot component comes up. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBundlesIT extends SabotTestSupport {

    @Test
    public void everyDistributionBundleIsActive() throws Exception {
        List<String> installed = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            installed.add(bundle.getLocation());
        }
        List<String> problems = new ArrayList<>();
        for (var jar : distributionBundles()) {
            Bundle bundle = bundleContext.getBundle(jar.toUri().toString());
            if (bundle == null) {
                problems.add(jar.getFileName() + " is not installed");
            } else if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && bundle.getState() != Bundle.ACTIVE) {
                problems.add(bundle.getSymbolicName() + " is in state " + bundle.getState());
            }
        }
        assertTrue(problems + " among " + installed, problems.isEmpty());
    }

    @Test
    public void everySabotComponentIsSatisfied() {
        ServiceReference<ServiceComponentRuntime> ref =
                bundleContext.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = bundleContext.getService(ref);
        List<String> problems = new ArrayList<>();
        int sabotComponents = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("io.sabot.")) {
                continue;
            }
            sabotComponents++;
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    problems.add(description.name + " state " + configuration.state + " " + configuration.failure);
                }
            }
        }
        assertTrue(
                "expected the runtime's, console's and datagen's components, found " + sabotComponents,
                sabotComponents >= 5);
        assertTrue(problems.toString(), problems.isEmpty());
    }

    @Test
    public void registryListsTheDatagenConnectorWithItsOptions() throws Exception {
        PluginSnapshot snapshot =
                awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        PluginInfo datagen = snapshot.active(PluginKind.CONNECTOR, "datagen").orElseThrow();
        assertEquals("io.sabot.connector.datagen", datagen.bundleSymbolicName());
        assertTrue(datagen.roles().contains("source"));
        assertTrue(datagen.options().stream().anyMatch(o -> o.key().equals("rows-per-second")));
        assertTrue(snapshot.failures().toString(), snapshot.failures().isEmpty());
    }
}
