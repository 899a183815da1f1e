package io.sabot.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-job settings of {@link Engine#submit(io.sabot.plan.QueryPlan, JobOptions)}.
 *
 * @param checkpoints how the job checkpoints, or empty for no checkpoints
 * @param restoreFrom a checkpoint or savepoint directory (one with {@code _metadata.json}) to start from, or empty
 * @param stateBackend the state backend of keyed state, or empty for the engine's in-heap tables ({@code memory});
 *     since 1.2
 * @param metrics where the job records its metrics, or empty to register none; since 1.3
 */
public record JobOptions(
        Optional<CheckpointConfig> checkpoints,
        Optional<Path> restoreFrom,
        Optional<StateBackendConfig> stateBackend,
        Optional<MetricsConfig> metrics) {

    /** No checkpoints, a fresh start, state on the heap. */
    public static final JobOptions DEFAULT = new JobOptions(Optional.empty(), Optional.empty());

    public JobOptions {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(restoreFrom, "restoreFrom");
        Objects.requireNonNull(stateBackend, "stateBackend");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** Options without metrics. */
    public JobOptions(
            Optional<CheckpointConfig> checkpoints,
            Optional<Path> restoreFrom,
            Optional<StateBackendConfig> stateBackend) {
        this(checkpoints, restoreFrom, stateBackend, Optional.empty());
    }

    /** Options with state on the heap ({@code memory}). */
    public JobOptions(Optional<CheckpointConfig> checkpoints, Optional<Path> restoreFrom) {
        this(checkpoints, restoreFrom, Optional.empty());
    }

    public JobOptions withCheckpoints(CheckpointConfig config) {
        return new JobOptions(Optional.of(config), restoreFrom, stateBackend, metrics);
    }

    public JobOptions withRestoreFrom(Path checkpoint) {
        return new JobOptions(checkpoints, Optional.of(checkpoint), stateBackend, metrics);
    }

    /**
     * These options with keyed state in {@code backend} instead of the heap.
     *
     * @since 1.2
     */
    public JobOptions withStateBackend(StateBackendConfig backend) {
        return new JobOptions(checkpoints, restoreFrom, Optional.of(backend), metrics);
    }

    /**
     * These options with the job's metrics recorded in {@code config}'s registry.
     *
     * @since 1.3
     */
    public JobOptions withMetrics(MetricsConfig config) {
        return new JobOptions(checkpoints, restoreFrom, stateBackend, Optional.of(config));
    }
}
