package io.sabot.runtime.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.annotation.Annotation;
import org.junit.Test;

public class RuntimeSettingsValidationTest {

    private static RuntimeSettingsImpl.Config config(int defaultParallelism, int maxParallelism, String backend) {
        return new RuntimeSettingsImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RuntimeSettingsImpl.Config.class;
            }

            @Override
            public int default_parallelism() {
                return defaultParallelism;
            }

            @Override
            public int max_parallelism() {
                return maxParallelism;
            }

            @Override
            public String state_backend() {
                return backend;
            }

            @Override
            public long checkpoint_interval_seconds() {
                return 10;
            }

            @Override
            public long watermark_idle_timeout_ms() {
                return 0;
            }

            @Override
            public long plugin_swap_timeout_seconds() {
                return 5;
            }
        };
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
}
