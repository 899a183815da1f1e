package io.sabot.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-job settings of {@link Engine#submit(io.sabot.plan.QueryPlan, JobOptions)}.
 *
 * @param checkpoints how the job checkpoints, or empty for no checkpoints
 * @param restoreFrom a checkpoint or savepoint directory (one with {@code _metadata.json}) to start from, or empty
 */
public record JobOptions(Optional<CheckpointConfig> checkpoints, Optional<Path> restoreFrom) {

    /** No checkpoints, a fresh start. */
    public static final JobOptions DEFAULT = new JobOptions(Optional.empty(), Optional.empty());

    public JobOptions {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(restoreFrom, "restoreFrom");
    }

    public JobOptions withCheckpoints(CheckpointConfig config) {
        return new JobOptions(Optional.of(config), restoreFrom);
    }

    public JobOptions withRestoreFrom(Path checkpoint) {
        return new JobOptions(checkpoints, Optional.of(checkpoint));
    }
}
