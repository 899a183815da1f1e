package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.internal.RuntimeConfigs;
import io.sabot.runtime.internal.RuntimeSettingsImpl;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final ConnectorResolver resolver = ConnectorResolver.of(List.of(
            new DatagenSourceFactory(),
            new BlackholeSinkFactory(),
            // the container has the core feature's default state backend
            new io.sabot.state.memory.internal.MemoryStateBackendFactory()));

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
        return RuntimeConfigs.config(
                Map.of("default_parallelism", parallelism, "checkpoint_interval_seconds", intervalSeconds));
    }

    @Test
    public void aJobWritesItsCheckpointsToTheDefaultDirectoryAndKeepsTheDefaultNumber() throws Exception {
        Path defaultDir = tmp.getRoot().toPath().resolve("shared-checkpoints");
        Path ownDir = tmp.newFolder("own-checkpoints").toPath();
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(RuntimeConfigs.config(Map.of(
                "checkpoint_interval_seconds", 1L, "checkpoint_dir", defaultDir.toString(), "checkpoint_retained", 2)));
        assertEquals("", settings.lastError());
        JobRegistry registry = new JobRegistryService(settings);
        String byDefault = registry.submit(SubmitScriptTest.SCRIPT, "to-default-dir", Map.of())
                .get(0)
                .id();
        String own = registry.submit(
                        SubmitScriptTest.SCRIPT,
                        "to-own-dir",
                        Map.of("state.checkpoints.dir", ownDir.toString(), "state.checkpoints.num-retained", "1"))
                .get(0)
                .id();
        try {
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (checkpoints(registry, byDefault) < 4 || checkpoints(registry, own) < 4) {
                assertTrue("4 checkpoints each within 90 s", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
            JobInfo.Checkpoint last =
                    registry.job(byDefault).orElseThrow().lastCheckpoint().orElseThrow();
            assertTrue(last.path(), Path.of(last.path()).startsWith(defaultDir.resolve("to-default-dir")));
            assertTrue(last.path(), Files.isDirectory(Path.of(last.path())));
            JobInfo.Checkpoint ownLast =
                    registry.job(own).orElseThrow().lastCheckpoint().orElseThrow();
            assertTrue(
                    "the job's SET wins: " + ownLast.path(),
                    Path.of(ownLast.path()).startsWith(ownDir));
            // older ones are deleted after the next completes: wait for the count to settle
            while (completedIn(defaultDir.resolve("to-default-dir")) != 2
                    || completedIn(ownDir.resolve("to-own-dir")) != 1) {
                assertTrue(
                        "retained " + completedIn(defaultDir.resolve("to-default-dir")) + " and "
                                + completedIn(ownDir.resolve("to-own-dir")),
                        System.nanoTime() < deadline);
                Thread.sleep(100);
            }
        } finally {
            registry.cancel(byDefault);
            registry.cancel(own);
        }
    }

    /** The complete checkpoints (directories with a manifest) under a job's checkpoint directory. */
    private static long completedIn(Path jobDir) throws java.io.IOException {
        if (!Files.isDirectory(jobDir)) {
            return 0;
        }
        try (var dirs = Files.list(jobDir)) {
            return dirs.filter(d -> Files.exists(d.resolve("_metadata.json"))).count();
        }
    }

    @Test
    public void aJobBeyondTheDefaultMemoryLimitFailsNamingTheLimitWhileOneWithItsOwnLargerLimitRuns() throws Exception {
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(RuntimeConfigs.config(Map.of("checkpoint_interval_seconds", 0L, "job_max_memory_bytes", 1024L)));
        JobRegistry registry = new JobRegistryService(settings);
        String tiny = registry.submit(SubmitScriptTest.SCRIPT, "tiny-memory", Map.of())
                .get(0)
                .id();
        String roomy = registry.submit(SubmitScriptTest.SCRIPT, "own-memory", Map.of("sabot.job.memory.max", "64 mb"))
                .get(0)
                .id();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (registry.job(tiny).orElseThrow().state() == JobInfo.State.RUNNING) {
                assertTrue("the job over its 1024 bytes is still running after 60 s", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
            JobInfo failed = registry.job(tiny).orElseThrow();
            assertEquals(JobInfo.State.FAILED, failed.state());
            String message = failed.failure().orElseThrow();
            assertTrue(
                    message,
                    message.startsWith(tiny.split(" ")[0] + " exceeded its memory limit of 1024 bytes (io.sabot.runtime"
                            + " job.max.memory.bytes; a job may SET 'sabot.job.memory.max')"));
            while (registry.job(roomy).orElseThrow().rowsOut() < 4_000) {
                assertEquals(
                        "the job with its own 64 mb",
                        JobInfo.State.RUNNING,
                        registry.job(roomy).orElseThrow().state());
                assertTrue("4000 rows within 60 s", System.nanoTime() < deadline);
                Thread.sleep(100);
            }
        } finally {
            registry.cancel(tiny);
            registry.cancel(roomy);
        }
    }

    @Test
    public void changedStorageAndMemoryDefaultsNameTheRunningJobsThatKeepTheOldValues() throws Exception {
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(RuntimeConfigs.config(Map.of("checkpoint_interval_seconds", 0L)));
        JobRegistry registry = new JobRegistryService(settings);
        String running = registry.submit(SubmitScriptTest.SCRIPT, "keeps-old", Map.of())
                .get(0)
                .id();
        try {
            settings.apply(RuntimeConfigs.config(Map.of(
                    "checkpoint_interval_seconds",
                    0L,
                    "checkpoint_dir",
                    tmp.getRoot().toString(),
                    "checkpoint_retained",
                    3,
                    "job_max_memory_bytes",
                    1L << 28)));
            assertEquals(
                    "configuration io.sabot.runtime: checkpoint.dir, checkpoint.retained, job.max.memory.bytes"
                            + " changed: applies to jobs started from now on; the running jobs " + running
                            + " keep the previous value until they are restarted",
                    settings.lastNotice());
        } finally {
            registry.cancel(running);
        }
    }
}
