package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.internal.RuntimeSettingsImpl;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A changed default checkpoint interval ({@code io.sabot.runtime}) applies at once to the running container jobs that
 * take the default, not to one that SETs its own; a changed default parallelism names the running jobs that keep the
 * old value until restarted.
 */
public class RuntimeDefaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ConnectorResolver resolver =
            ConnectorResolver.of(List.of(new DatagenSourceFactory(), new BlackholeSinkFactory()));

    @Before
    public void container() {
        System.setProperty("sabot.home", tmp.getRoot().toString());
        Executors.containerStarted(resolver);
    }

    @After
    public void stop() {
        Executors.containerStopped(resolver);
        System.clearProperty("sabot.home");
    }

    @Test
    public void aChangedCheckpointIntervalReachesTheRunningJobsThatTakeTheDefault() throws Exception {
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(config(1, 3600));
        JobRegistry registry = new JobRegistryService(settings);
        String following = registry.submit(SubmitScriptTest.SCRIPT, "follows-default", Map.of())
                .get(0)
                .id();
        String own = registry.submit(
                        SubmitScriptTest.SCRIPT, "own-interval", Map.of("execution.checkpointing.interval", "1 h"))
                .get(0)
                .id();
        try {
            settings.apply(config(1, 1));
            assertTrue(
                    settings.lastNotice(),
                    settings.lastNotice()
                            .contains("applied to the running jobs " + following.split(" ")[0]));
            assertTrue(settings.lastNotice(), !settings.lastNotice().contains(own.split(" ")[0]));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (checkpoints(registry, following) < 2) {
                assertTrue("no checkpoints every second within 60 s", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
            assertEquals("the job with its own interval (1 h) took none", 0, checkpoints(registry, own));

            settings.apply(config(2, 1));
            assertEquals(
                    "configuration io.sabot.runtime: default.parallelism changed: applies to jobs started from now"
                            + " on; the running jobs "
                            + String.join(
                                    ", ",
                                    List.of(following, own).stream().sorted().toList())
                            + " keep the previous value until they are restarted",
                    settings.lastNotice());
        } finally {
            registry.cancel(following);
            registry.cancel(own);
        }
    }

    private static long checkpoints(JobRegistry registry, String id) {
        return registry.job(id).map(JobInfo::checkpointsCompleted).orElseThrow();
    }

    private static RuntimeSettingsImpl.Config config(int parallelism, long intervalSeconds) {
        return new RuntimeSettingsImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RuntimeSettingsImpl.Config.class;
            }

            @Override
            public int default_parallelism() {
                return parallelism;
            }

            @Override
            public int max_parallelism() {
                return 128;
            }

            @Override
            public String state_backend() {
                return "memory";
            }

            @Override
            public long checkpoint_interval_seconds() {
                return intervalSeconds;
            }

            @Override
            public long watermark_idle_timeout_ms() {
                return 30_000;
            }

            @Override
            public long plugin_swap_timeout_seconds() {
                return 60;
            }
        };
    }
}
