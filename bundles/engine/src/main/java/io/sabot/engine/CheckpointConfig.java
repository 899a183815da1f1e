package io.sabot.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a job takes checkpoints (Flink's {@code execution.checkpointing.*} and {@code state.checkpoints.*} settings).
 *
 * <p>Checkpoint {@code n} of a job is written to {@code <directory>/chk-<n>/}: one directory per stateful operator in
 * the canonical snapshot format of {@code io.sabot.state.spi.snapshot} (Arrow IPC files and a JSON manifest), and
 * {@code _metadata.json} with source positions, sink committables and operator values, written last and atomically:
 * a directory without it is an incomplete checkpoint that restores ignore.
 *
 * @param interval time between the start of one checkpoint and the next; {@link Duration#ZERO} disables periodic
 *     checkpoints (checkpoints can still be triggered on demand)
 * @param directory where this job's checkpoints go (one directory per job)
 * @param timeout a checkpoint not complete by then is aborted
 * @param minPause the least time between the end of one checkpoint and the start of the next
 * @param retained how many completed checkpoints are kept (the oldest are deleted), at least 1
 * @param tolerableFailures consecutive failed checkpoints after which the job fails; -1 never
 */
public record CheckpointConfig(
        Duration interval, Path directory, Duration timeout, Duration minPause, int retained, int tolerableFailures) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value out of range
     */
    public CheckpointConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minPause, "minPause");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must not be negative: " + interval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("checkpoint timeout must be positive: " + timeout);
        }
        if (minPause.isNegative()) {
            throw new IllegalArgumentException("minimum pause between checkpoints must not be negative: " + minPause);
        }
        if (retained < 1) {
            throw new IllegalArgumentException("retained checkpoints must be at least 1, got " + retained);
        }
        if (tolerableFailures < -1) {
            throw new IllegalArgumentException(
                    "tolerable checkpoint failures must be -1 or more: " + tolerableFailures);
        }
    }

    /** Periodic checkpoints into {@code directory} with Flink's defaults (10 min timeout, no pause, 1 retained). */
    public static CheckpointConfig every(Duration interval, Path directory) {
        return new CheckpointConfig(interval, directory, Duration.ofMinutes(10), Duration.ZERO, 1, -1);
    }

    public boolean periodic() {
        return !interval.isZero();
    }
}
