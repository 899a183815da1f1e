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
 */
public record JobOptions(
        Optional<CheckpointConfig> checkpoints, Optional<Path> restoreFrom, Optional<StateBackendConfig> stateBackend) {

    /** No checkpoints, a fresh start, state on the heap. */
    public static final JobOptions DEFAULT = new JobOptions(Optional.empty(), Optional.empty());

    public JobOptions {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(restoreFrom, "restoreFrom");
        Objects.requireNonNull(stateBackend, "stateBackend");
    }

    /** Options with state on the heap ({@code memory}). */
    public JobOptions(Optional<CheckpointConfig> checkpoints, Optional<Path> restoreFrom) {
        this(checkpoints, restoreFrom, Optional.empty());
    }

    public JobOptions withCheckpoints(CheckpointConfig config) {
        return new JobOptions(Optional.of(config), restoreFrom, stateBackend);
    }

    public JobOptions withRestoreFrom(Path checkpoint) {
        return new JobOptions(checkpoints, Optional.of(checkpoint), stateBackend);
    }

    /**
     * These options with keyed state in {@code backend} instead of the heap.
     *
     * @since 1.2
     */
    public JobOptions withStateBackend(StateBackendConfig backend) {
        return new JobOptions(checkpoints, restoreFrom, Optional.of(backend));
    }
}
