package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ExecutorOptionsTest {

    @Test
    public void seedNamesAreAcceptedWithTypedValues() {
        ExecutorOptions options = ExecutorOptions.of(Map.of(
                "state_backend",
                "memory",
                "max_parallelism",
                16,
                "watermark_idle_timeout_ms",
                500,
                "parallelism",
                "2"));
        assertEquals(2, options.parallelism());
        assertEquals(16, options.maxParallelism());
        assertEquals(Duration.ofMillis(500), options.watermarkIdleTimeout());
        assertEquals(List.of(), options.notYetEffective());
    }

    @Test
    public void everyProblemIsReportedAtOnce() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> ExecutorOptions.of(Map.of("max_paralelism", 16, "max_retries", -1, "enable_metrics", "maybe")));
        assertEquals(3, e.errors().size());
        assertTrue(e.getMessage(), e.getMessage().contains("did you mean 'max_parallelism'"));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'max_retries': must be zero or positive"));
        assertTrue(e.getMessage(), e.getMessage().contains("option 'enable_metrics': expected true or false"));
        IllegalArgumentException p = assertThrows(
                IllegalArgumentException.class,
                () -> ExecutorOptions.of(Map.of("parallelism", 8, "max_parallelism", 4)));
        assertEquals("parallelism (8) must not exceed max_parallelism (4)", p.getMessage());
    }

    @Test
    public void optionsOfUnbuiltFeaturesAreNamedNotIgnored() {
        ExecutorOptions options = ExecutorOptions.of(
                Map.of("state_backend", "rocksdb", "timer_backend", "rocksdb", "enable_error_recovery", true));
        // state_backend takes effect (rocksdb is a plug-in), so does enable_error_recovery (the retry handler)
        assertEquals(
                List.of("timer_backend = rocksdb is accepted; it takes effect with checkpoints and state backends,"
                        + " not yet built"),
                options.notYetEffective());
    }
}
