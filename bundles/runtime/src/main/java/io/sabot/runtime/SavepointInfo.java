package io.sabot.runtime;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A savepoint a job took: where it is and what it cost. A savepoint is self-contained (every file under {@link
 * #path()}, so the directory can be moved or copied and restored from its new place), owned by the user and never
 * deleted by checkpoint retention; restore a job from it with {@code SET 'execution.savepoint.path' = '<path>'} or
 * {@code bin/sabot sql --restore <path>}, delete it with {@link StreamingSqlExecutor#disposeSavepoint}.
 *
 * @param jobId the job it belongs to, as {@link JobRegistry#jobs()} shows it
 * @param checkpointId its id in the job's sequence of checkpoints
 * @param path its directory ({@code <target directory>/savepoint-<id>-<random>})
 * @param triggeredAt when it started
 * @param durationMillis from trigger to completion (durable, output committed)
 * @param sizeBytes the bytes of its files
 * @param stopped whether the job was stopped with it
 * @since 1.2
 */
public record SavepointInfo(
        String jobId,
        long checkpointId,
        Path path,
        Instant triggeredAt,
        long durationMillis,
        long sizeBytes,
        boolean stopped) {

    /** One line for a terminal: path, id, size, duration. */
    public String describe() {
        return (stopped ? "Stopped " + jobId + " with savepoint " : "Savepoint ") + path + " (id " + checkpointId + ", "
                + sizeBytes + " bytes, " + durationMillis + " ms)";
    }
}
