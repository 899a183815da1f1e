package io.sabot.runtime.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RuntimeSettingsValidationTest {

    private static RuntimeSettingsImpl.Config config(int defaultParallelism, int maxParallelism, String backend) {
        return RuntimeConfigs.config(Map.of(
                "default_parallelism",
                defaultParallelism,
                "max_parallelism",
                maxParallelism,
                "state_backend",
                backend,
                "checkpoint_interval_seconds",
                10L,
                "watermark_idle_timeout_ms",
                0L,
                "plugin_swap_timeout_seconds",
                5L));
    }

    @Test
    public void invalidValuesAreRejectedNamingTheProperty() {
        assertNull(RuntimeSettingsImpl.validate(config(2, 16, "rocksdb")));
        assertEquals(
                "max.parallelism must be between 1 and 32768, got 40000",
                RuntimeSettingsImpl.validate(config(1, 40_000, "memory")));
        assertEquals(
                "default.parallelism must be between 1 and max.parallelism (4), got 8",
                RuntimeSettingsImpl.validate(config(8, 4, "memory")));
        assertEquals(
                "state.backend must be a plug-in identifier such as 'memory', got 'Rocks DB'",
                RuntimeSettingsImpl.validate(config(1, 4, "Rocks DB")));
    }

    @Test
    public void rejectedConfigurationKeepsThePreviousValues() {
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(config(2, 16, "rocksdb"));
        assertEquals(1, settings.revision());
        settings.apply(config(99, 16, "rocksdb"));
        assertEquals(2, settings.defaultParallelism());
        assertEquals(1, settings.revision());
        assertEquals(
                "configuration io.sabot.runtime rejected: default.parallelism must be between 1 and max.parallelism"
                        + " (16), got 99",
                settings.lastError());
        settings.apply(config(3, 16, "memory"));
        assertEquals("", settings.lastError());
        assertEquals(3, settings.defaultParallelism());
        assertEquals("memory", settings.stateBackend());
    }

    @Test
    public void invalidInitialConfigurationFallsBackToDefaults() {
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(config(0, 16, "memory"));
        assertEquals(1, settings.defaultParallelism());
        assertEquals(128, settings.maxParallelism());
        assertEquals("memory", settings.stateBackend());
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void invalidCheckpointStorageAndMemoryLimitAreRejectedNamingEachProperty() throws Exception {
        java.io.File file = tmp.newFile("not-a-directory");
        String error = RuntimeSettingsImpl.validate(RuntimeConfigs.config(Map.of(
                "checkpoint_dir", "relative/checkpoints", "checkpoint_retained", 0, "job_max_memory_bytes", -3L)));
        assertEquals(
                "checkpoint.dir = 'relative/checkpoints' is not an absolute path; checkpoint.retained must be at least"
                        + " 1, got 0; job.max.memory.bytes must be 0 (no limit) or a positive number of bytes, got -3",
                error);
        assertEquals(
                "checkpoint.dir = '" + file + "' is not a directory",
                RuntimeSettingsImpl.validate(RuntimeConfigs.config(Map.of("checkpoint_dir", file.toString()))));
        assertEquals(
                "checkpoint.dir = '" + file + "/below' cannot be created: " + file + " is not a directory",
                RuntimeSettingsImpl.validate(RuntimeConfigs.config(Map.of("checkpoint_dir", file + "/below"))));
        assertEquals(
                "checkpoint.dir = 's3://bucket/ckp' is not a local path: only absolute paths and file:// URIs are"
                        + " supported",
                RuntimeSettingsImpl.validate(RuntimeConfigs.config(Map.of("checkpoint_dir", "s3://bucket/ckp"))));

        // a directory that does not exist yet is fine when jobs can create it; a file:// URI too
        java.nio.file.Path fresh = tmp.getRoot().toPath().resolve("checkpoints/of/jobs");
        RuntimeSettingsImpl settings = new RuntimeSettingsImpl();
        settings.apply(RuntimeConfigs.config(Map.of(
                "checkpoint_dir",
                fresh.toUri().toString(),
                "checkpoint_retained",
                3,
                "job_max_memory_bytes",
                1L << 30)));
        assertEquals("", settings.lastError());
        assertEquals(java.util.Optional.of(fresh), settings.checkpointDirectory());
        assertEquals(3, settings.checkpointsRetained());
        assertEquals(1L << 30, settings.jobMaxMemoryBytes());

        settings.apply(RuntimeConfigs.config(Map.of("job_max_memory_bytes", -3L)));
        assertEquals(
                "configuration io.sabot.runtime rejected: job.max.memory.bytes must be 0 (no limit) or a positive"
                        + " number of bytes, got -3",
                settings.lastError());
        assertEquals("the previous limit stays", 1L << 30, settings.jobMaxMemoryBytes());
    }
}
