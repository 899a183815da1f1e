package io.sabot.runtime;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.ValidatedOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The options of a {@link StreamingSqlExecutor}, under the seed API's names ({@code state_backend}, {@code
 * checkpoint_interval_seconds}, …), validated all at once like a connector's: every unknown key and bad value is
 * reported together, naming the supported keys. Some options belong to features that are still being built; they are
 * accepted and validated, and {@link #notYetEffective()} names the ones set to something else than their default so
 * that callers can say so rather than ignore them silently.
 */
public final class ExecutorOptions {

    public static final OptionDescriptor<Integer> PARALLELISM = OptionDescriptor.key("parallelism")
            .intType()
            .defaultValue(1)
            .check(p -> p >= 1, "at least 1")
            .description("Subtasks per operator.");
    public static final OptionDescriptor<Integer> MAX_PARALLELISM = OptionDescriptor.key("max_parallelism")
            .intType()
            .defaultValue(128)
            .check(p -> p >= 1 && p <= 32_768, "between 1 and 32768")
            .description("Number of key groups: the upper bound for rescaling keyed state.");
    public static final OptionDescriptor<Long> WATERMARK_IDLE_TIMEOUT_MS = OptionDescriptor.key(
                    "watermark_idle_timeout_ms")
            .longType()
            .defaultValue(30_000L)
            .check(v -> v >= 0, "zero or positive")
            .description("A source split without data this long stops holding back the watermark; 0 disables.");
    public static final OptionDescriptor<String> STATE_BACKEND = OptionDescriptor.key("state_backend")
            .stringType()
            .defaultValue("memory")
            .check(v -> v.matches("[a-z][a-z0-9-]*"), "a state backend identifier such as 'memory'")
            .description("State backend of keyed state: 'memory' (operators' own in-heap columnar tables) or an"
                    + " installed backend plug-in such as 'rocksdb' (state on local disk, larger than the heap);"
                    + " a job's SET 'state.backend.type' overrides it. Checkpoints have the same canonical Arrow"
                    + " layout on every backend.");
    public static final OptionDescriptor<String> TIMER_BACKEND = OptionDescriptor.key("timer_backend")
            .stringType()
            .defaultValue("memory")
            .check(v -> v.matches("[a-z][a-z0-9-]*"), "a state backend identifier such as 'memory'")
            .description("Where timers live (with the checkpoints feature).");
    public static final OptionDescriptor<String> STATE_PATH = OptionDescriptor.key("state_path")
            .stringType()
            .defaultValue(System.getProperty("java.io.tmpdir") + "/sabot-state")
            .description("Local directory for state; checkpoints go to its 'checkpoints' directory unless"
                    + " 'state.checkpoints.dir' is SET.");
    public static final OptionDescriptor<Long> CHECKPOINT_INTERVAL_SECONDS = OptionDescriptor.key(
                    "checkpoint_interval_seconds")
            .longType()
            .defaultValue(60L)
            .check(v -> v >= 0, "zero or positive")
            .description("Seconds between checkpoints, when given (checkpoints are off unless this option or SET"
                    + " 'execution.checkpointing.interval' is given); 0 disables periodic checkpoints.");
    public static final OptionDescriptor<Boolean> ENABLE_ERROR_RECOVERY = OptionDescriptor.key("enable_error_recovery")
            .booleanType()
            .defaultValue(false)
            .description("Retry failed operations (the 'retry' error handler) when the job sets no error.handler;"
                    + " records that do not decode still fail unless a handler skips or dead-letters them.");
    public static final OptionDescriptor<Integer> MAX_RETRIES = OptionDescriptor.key("max_retries")
            .intType()
            .defaultValue(3)
            .check(v -> v >= 0, "zero or positive")
            .description("Retries of a failed operation (error.max-retries).");
    public static final OptionDescriptor<Long> RETRY_DELAY_MS = OptionDescriptor.key("retry_delay_ms")
            .longType()
            .defaultValue(1000L)
            .check(v -> v >= 0, "zero or positive")
            .description("Delay before the first retry, doubling after (error.retry.delay).");
    public static final OptionDescriptor<Boolean> ENABLE_METRICS = OptionDescriptor.key("enable_metrics")
            .booleanType()
            .defaultValue(true)
            .description("Record every job's metrics (docs/metrics.md) in the node's metric registry, or the executor's"
                    + " own (StreamingSqlExecutor.metricRegistry()); false registers none.");
    public static final OptionDescriptor<Long> METRICS_EXPORT_INTERVAL_MS = OptionDescriptor.key(
                    "metrics_export_interval_ms")
            .longType()
            .defaultValue(10_000L)
            .check(v -> v > 0, "positive")
            .description("Interval of periodic metrics exporters (with the exporter bundles).");
    public static final OptionDescriptor<Boolean> ENABLE_HEALTH_CHECKS = OptionDescriptor.key("enable_health_checks")
            .booleanType()
            .defaultValue(false)
            .description("Register each job's health checks (running, checkpointing, watermark, error rate), which"
                    + " /health and bin/sabot health run.");

    /** Every option, in documentation order. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            PARALLELISM,
            MAX_PARALLELISM,
            WATERMARK_IDLE_TIMEOUT_MS,
            STATE_BACKEND,
            TIMER_BACKEND,
            STATE_PATH,
            CHECKPOINT_INTERVAL_SECONDS,
            ENABLE_ERROR_RECOVERY,
            MAX_RETRIES,
            RETRY_DELAY_MS,
            ENABLE_METRICS,
            METRICS_EXPORT_INTERVAL_MS,
            ENABLE_HEALTH_CHECKS);

    /** Options whose feature is not built yet, with the feature that will make them take effect. */
    private static final Map<OptionDescriptor<?>, String> PENDING = Map.of(
            TIMER_BACKEND,
            "checkpoints and state backends",
            METRICS_EXPORT_INTERVAL_MS,
            "per-executor exporter intervals (periodic exporters take theirs from their"
                    + " io.sabot.metrics.exporter configuration)");

    private final ValidatedOptions values;
    private final Map<String, String> given;

    private ExecutorOptions(ValidatedOptions values, Map<String, String> given) {
        this.values = values;
        this.given = given;
    }

    /**
     * Validates options given by name, values as text or as numbers, booleans and durations.
     *
     * @throws io.sabot.plugin.OptionValidationException listing every unknown key and bad value at once
     */
    public static ExecutorOptions of(Map<String, ?> options) {
        Map<String, String> text = new LinkedHashMap<>();
        options.forEach((key, value) -> text.put(key, toText(value)));
        ValidatedOptions validated = OptionValidation.validate("the streaming SQL executor", text, ALL, Set.of())
                .orThrow();
        int parallelism = validated.get(PARALLELISM);
        int maxParallelism = validated.get(MAX_PARALLELISM);
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException(
                    "parallelism (" + parallelism + ") must not exceed max_parallelism (" + maxParallelism + ")");
        }
        return new ExecutorOptions(validated, Map.copyOf(text));
    }

    private static String toText(Object value) {
        Objects.requireNonNull(value, "option value");
        if (value instanceof Duration d) {
            return d.toMillis() + " ms";
        }
        return value.toString();
    }

    public <T> T get(OptionDescriptor<T> option) {
        return values.get(option);
    }

    /** Whether {@code key} was given explicitly (rather than left at its default). */
    public boolean given(String key) {
        return given.containsKey(key);
    }

    public int parallelism() {
        return get(PARALLELISM);
    }

    public int maxParallelism() {
        return get(MAX_PARALLELISM);
    }

    public Duration watermarkIdleTimeout() {
        return Duration.ofMillis(get(WATERMARK_IDLE_TIMEOUT_MS));
    }

    /**
     * Options set to a non-default value that do not take effect yet, each with a sentence saying so, e.g. {@code
     * checkpoint_interval_seconds = 10 is accepted; it takes effect with checkpoints and state backends, not yet
     * built}.
     */
    public List<String> notYetEffective() {
        List<String> notes = new ArrayList<>();
        for (OptionDescriptor<?> option : ALL) {
            String feature = PENDING.get(option);
            if (feature != null
                    && given.containsKey(option.key())
                    && !String.valueOf(values.get(option)).equals(String.valueOf(option.defaultValue()))) {
                notes.add(option.key() + " = " + given.get(option.key()) + " is accepted; it takes effect with "
                        + feature + ", not yet built");
            }
        }
        return notes;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
