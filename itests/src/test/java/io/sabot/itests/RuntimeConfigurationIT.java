package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

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

    /** Batches of several KiB (hundreds of rows each): more than a 1 KiB memory limit holds. */
    private static final String SCRIPT =
            """
            CREATE TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '50000');
            CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT id, name FROM gen WHERE id IS NOT NULL;
            """;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    RuntimeSettings settings;

    @Inject
    MetaTypeService metaType;

    @Inject
    io.sabot.runtime.JobRegistry jobs;

    @Inject
    io.sabot.runtime.Tenants tenants;

    @Inject
    org.apache.felix.service.command.CommandProcessor commandProcessor;

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
    public void shellConfigCommandsSetShowAndRefuseNamingTheProperty() throws Exception {
        String set = shell(commandProcessor, "config:set io.sabot.runtime default.parallelism 3");
        assertTrue(set, set.startsWith("Updated io.sabot.runtime."));
        await("default.parallelism 3", () -> settings.defaultParallelism() == 3);
        String shown = shell(commandProcessor, "config:show io.sabot.runtime");
        assertTrue(shown, shown.contains("default.parallelism = 3"));
        String refused = shell(commandProcessor, "config:set io.sabot.runtime max.parallelism 100000");
        assertTrue(
                refused,
                refused.contains("Refused by the runtime")
                        && refused.contains("max.parallelism must be between 1 and 32768"));
        assertEquals(3, settings.defaultParallelism());

        // a tenant's configuration is checked before it is written: a refused change stores nothing
        String created = shell(commandProcessor, "config:create io.sabot.tenant delta id delta max.jobs 2");
        assertTrue(created, created.startsWith("Updated io.sabot.tenant~delta."));
        await(
                "tenant delta",
                () -> tenants.tenant("delta").map(t -> t.maxJobs() == 2).orElse(false));
        assertTrue(shell(commandProcessor, "config:list io.sabot.tenant").contains("io.sabot.tenant~delta"));
        try {
            fail(shell(commandProcessor, "config:set io.sabot.tenant~delta max.jobs -1"));
        } catch (IllegalArgumentException e) {
            assertTrue(
                    e.getMessage(),
                    e.getMessage().contains("not changed") && e.getMessage().contains("max.jobs"));
        }
        assertTrue(shell(commandProcessor, "config:show io.sabot.tenant~delta").contains("max.jobs = 2"));
        assertEquals(2, tenants.tenant("delta").orElseThrow().maxJobs());

        // what is shown is what is stored, secret values masked, references as written
        shell(commandProcessor, "config:set sabot.itest.secrets api.password hunter2-not-shown");
        shell(commandProcessor, "config:set sabot.itest.secrets kafka.password '$[secret:kafka_password]'");
        String secrets = shell(commandProcessor, "config:show sabot.itest.secrets");
        assertTrue(secrets, secrets.contains("api.password = ******") && !secrets.contains("hunter2"));
        assertTrue(secrets, secrets.contains("kafka.password = $[secret:kafka_password]"));

        assertEquals(
                "Deleted io.sabot.tenant~delta.",
                shell(commandProcessor, "config:delete io.sabot.tenant~delta").strip());
        await("tenant delta to go", () -> tenants.tenant("delta").isEmpty());
        shell(commandProcessor, "config:delete sabot.itest.secrets");
        try {
            fail(shell(commandProcessor, "config:show sabot.itest.secrets"));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no configuration 'sabot.itest.secrets'"));
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue("waited 30 s for " + what, System.nanoTime() < deadline);
            Thread.sleep(50);
        }
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
                        "plugin.swap.timeout.seconds",
                        "checkpoint.dir",
                        "checkpoint.retained",
                        "job.max.memory.bytes")));
    }

    @Test
    public void checkpointStorageAndMemoryLimitEditedThroughConfigAdminApplyToTheNextJob() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sabot-it-checkpoints");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("checkpoint.interval.seconds", 1L);
        properties.put("checkpoint.dir", dir.toString());
        properties.put("checkpoint.retained", 2);
        properties.put("job.max.memory.bytes", 1024L);
        update(properties, s -> s.jobMaxMemoryBytes() == 1024);
        assertEquals(java.util.Optional.of(dir), settings.checkpointDirectory());

        String tiny = jobs.submit(SCRIPT, "it-tiny", java.util.Map.of()).get(0).id();
        String roomy = jobs.submit(SCRIPT, "it-roomy", java.util.Map.of("sabot.job.memory.max", "64 mb"))
                .get(0)
                .id();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40); // within Pax Exam's 60 s
            while (jobs.job(tiny).orElseThrow().state() == io.sabot.runtime.JobInfo.State.RUNNING
                    || jobs.job(roomy).orElseThrow().checkpointsCompleted() < 2) {
                assertTrue(
                        "within 40 s the tiny job failed and the roomy one checkpointed twice: " + jobs.job(tiny) + ", "
                                + jobs.job(roomy),
                        System.nanoTime() < deadline);
                Thread.sleep(100);
            }
            String failure = jobs.job(tiny).orElseThrow().failure().orElseThrow();
            assertTrue(
                    failure,
                    failure.contains(
                            "exceeded its memory limit of 1024 bytes (io.sabot.runtime" + " job.max.memory.bytes"));
            String checkpoint =
                    jobs.job(roomy).orElseThrow().lastCheckpoint().orElseThrow().path();
            assertTrue(checkpoint, java.nio.file.Path.of(checkpoint).startsWith(dir.resolve("it-roomy")));
        } finally {
            jobs.cancel(tiny);
            jobs.cancel(roomy);
        }

        Hashtable<String, Object> bad = new Hashtable<>(properties);
        bad.put("job.max.memory.bytes", -3L);
        bad.put("checkpoint.dir", "relative/dir");
        update(bad, s -> !s.lastError().isEmpty());
        assertTrue(
                settings.lastError(),
                settings.lastError().contains("checkpoint.dir = 'relative/dir' is not an" + " absolute path"));
        assertTrue(
                settings.lastError(),
                settings.lastError()
                        .contains("job.max.memory.bytes must be 0 (no limit) or a"
                                + " positive number of bytes, got -3"));
        assertEquals(1024, settings.jobMaxMemoryBytes()); // the previous values stay in force
    }
}
