package io.sabot.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-job settings of {@link Engine#submit(io.sabot.plan.QueryPlan, JobOptions)}.
 *
 * @param checkpoints how the job checkpoints, or empty for no checkpoints
 * @param restoreFrom a checkpoint or savepoint directory (one with {@code _metadata.json}) to start from, or empty
 * @param stateBackend the state backend of keyed state, or empty for the engine's in-heap tables ({@code memory});
 *     since 1.2
 * @param errorOptions the job's error handling ({@code error.*} keys, see {@link #withErrorOptions}); a table's own
 *     {@code error.*} options override them key by key; since 1.3
 * @param metrics where the job records its metrics, or empty to register none; since 1.4
 * @param memoryLimit the most bytes the job's allocator may hold, or empty for no limit of its own (its engine's
 *     allocator still limits it); since 1.9
 */
public record JobOptions(
        Optional<CheckpointConfig> checkpoints,
        Optional<Path> restoreFrom,
        Optional<StateBackendConfig> stateBackend,
        Map<String, String> errorOptions,
        Optional<MetricsConfig> metrics,
        Optional<MemoryLimit> memoryLimit) {

    /** No checkpoints, a fresh start, state on the heap. */
    public static final JobOptions DEFAULT = new JobOptions(Optional.empty(), Optional.empty());

    public JobOptions {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(restoreFrom, "restoreFrom");
        Objects.requireNonNull(stateBackend, "stateBackend");
        errorOptions = Map.copyOf(errorOptions);
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
    }

    /** Options without a memory limit of the job's own. */
    public JobOptions(
            Optional<CheckpointConfig> checkpoints,
            Optional<Path> restoreFrom,
            Optional<StateBackendConfig> stateBackend,
            Map<String, String> errorOptions,
            Optional<MetricsConfig> metrics) {
        this(checkpoints, restoreFrom, stateBackend, errorOptions, metrics, Optional.empty());
    }

    /** Options without metrics. */
    public JobOptions(
            Optional<CheckpointConfig> checkpoints,
            Optional<Path> restoreFrom,
            Optional<StateBackendConfig> stateBackend,
            Map<String, String> errorOptions) {
        this(checkpoints, restoreFrom, stateBackend, errorOptions, Optional.empty());
    }

    /** Options without error options of the job's own and without metrics. */
    public JobOptions(
            Optional<CheckpointConfig> checkpoints,
            Optional<Path> restoreFrom,
            Optional<StateBackendConfig> stateBackend) {
        this(checkpoints, restoreFrom, stateBackend, Map.of());
    }

    /** Options with state on the heap ({@code memory}). */
    public JobOptions(Optional<CheckpointConfig> checkpoints, Optional<Path> restoreFrom) {
        this(checkpoints, restoreFrom, Optional.empty());
    }

    public JobOptions withCheckpoints(CheckpointConfig config) {
        return new JobOptions(Optional.of(config), restoreFrom, stateBackend, errorOptions, metrics, memoryLimit);
    }

    public JobOptions withRestoreFrom(Path checkpoint) {
        return new JobOptions(checkpoints, Optional.of(checkpoint), stateBackend, errorOptions, metrics, memoryLimit);
    }

    /**
     * These options with keyed state in {@code backend} instead of the heap.
     *
     * @since 1.2
     */
    public JobOptions withStateBackend(StateBackendConfig backend) {
        return new JobOptions(checkpoints, restoreFrom, Optional.of(backend), errorOptions, metrics, memoryLimit);
    }

    /**
     * These options with the job's error handling: {@code error.handler} (handlers in order, e.g. {@code retry,
     * dead-letter}), {@code error.strategy}, {@code error.max-retries}, each handler's {@code error.<handler>.*}
     * options and an inline dead-letter target {@code error.dead-letter.connector} with its sink's options. Keys not
     * starting with {@code error.} are refused when the job is built.
     *
     * @since 1.3
     */
    public JobOptions withErrorOptions(Map<String, String> options) {
        return new JobOptions(checkpoints, restoreFrom, stateBackend, options, metrics, memoryLimit);
    }

    /**
     * These options with the job's metrics recorded in {@code config}'s registry.
     *
     * @since 1.4
     */
    public JobOptions withMetrics(MetricsConfig config) {
        return new JobOptions(checkpoints, restoreFrom, stateBackend, errorOptions, Optional.of(config), memoryLimit);
    }

    /**
     * These options with the job's own memory limit: its allocator holds at most {@code limit.bytes()}; beyond, the job
     * fails with a {@link MemoryLimitExceededException}.
     *
     * @since 1.9
     */
    public JobOptions withMemoryLimit(MemoryLimit limit) {
        return new JobOptions(checkpoints, restoreFrom, stateBackend, errorOptions, metrics, Optional.of(limit));
    }
}
