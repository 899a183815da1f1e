package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.RuntimeSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Config Admin reaches the runtime's settings component live; invalid values are refused naming the property. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeConfigurationIT extends SabotTestSupport {

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    RuntimeSettings settings;

    @Inject
    MetaTypeService metaType;

    @After
    public void deleteConfiguration() throws Exception {
        // "?" binds the configuration to whichever bundle's component asks for it, not to the test probe.
        configurationAdmin.getConfiguration(RuntimeSettings.PID, "?").delete();
    }

    /** Updates the runtime configuration and waits for the settings service to be modified as expected. */
    private void update(Dictionary<String, Object> properties, Predicate<RuntimeSettings> done) throws Exception {
        CountDownLatch modified = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.MODIFIED && done.test(settings)) {
                modified.countDown();
            }
        };
        bundleContext.addServiceListener(listener, "(objectClass=" + RuntimeSettings.class.getName() + ")");
        try {
            Configuration configuration = configurationAdmin.getConfiguration(RuntimeSettings.PID, "?");
            configuration.update(properties);
            if (!done.test(settings)) {
                assertTrue(
                        "the settings component did not see the change: parallelism " + settings.defaultParallelism()
                                + ", error '" + settings.lastError() + "'",
                        modified.await(10, TimeUnit.SECONDS));
            }
        } finally {
            bundleContext.removeServiceListener(listener);
        }
    }

    @Test
    public void configurationChangeReachesTheComponent() throws Exception {
        long revision = settings.revision();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("default.parallelism", 4);
        properties.put("max.parallelism", 64);
        properties.put("checkpoint.interval.seconds", 15L);
        update(properties, s -> s.defaultParallelism() == 4);
        assertEquals(64, settings.maxParallelism());
        assertEquals(Duration.ofSeconds(15), settings.checkpointInterval());
        assertEquals(revision + 1, settings.revision());
        assertEquals("", settings.lastError());
    }

    @Test
    public void invalidConfigurationIsRejectedNamingTheProperty() throws Exception {
        Hashtable<String, Object> good = new Hashtable<>();
        good.put("default.parallelism", 2);
        update(good, s -> s.defaultParallelism() == 2);

        Hashtable<String, Object> bad = new Hashtable<>();
        bad.put("default.parallelism", 2);
        bad.put("max.parallelism", 100_000);
        update(bad, s -> !s.lastError().isEmpty());
        assertTrue(settings.lastError(), settings.lastError().contains("max.parallelism must be between 1 and 32768"));
        assertEquals(2, settings.defaultParallelism()); // the previous values stay in force
        assertEquals(128, settings.maxParallelism());
    }

    @Test
    public void metatypeDescribesTheRuntimeConfiguration() {
        Bundle runtime = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.sabot.runtime".equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow();
        MetaTypeInformation information = metaType.getMetaTypeInformation(runtime);
        ObjectClassDefinition ocd = information.getObjectClassDefinition(RuntimeSettings.PID, null);
        assertNotNull(ocd);
        assertEquals("Sabot runtime", ocd.getName());
        var ids = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .map(AttributeDefinition::getID)
                .toList();
        assertTrue(
                ids.toString(),
                ids.containsAll(java.util.List.of(
                        "default.parallelism",
                        "max.parallelism",
                        "state.backend",
                        "checkpoint.interval.seconds",
                        "watermark.idle.timeout.ms",
                        "plugin.swap.timeout.seconds")));
    }
}
