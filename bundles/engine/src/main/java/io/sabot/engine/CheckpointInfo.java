package io.sabot.engine;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A completed checkpoint or savepoint of a job.
 *
 * @param id the checkpoint's id, increasing over the job's life (continued after a restore)
 * @param savepoint whether it is a savepoint (kept until the user deletes it)
 * @param path its directory
 * @param triggeredAt when it started
 * @param durationMillis from trigger to completion (metadata durable)
 * @param sizeBytes the bytes of its state files and metadata
 * @param alignmentMillis the longest time a task waited for barriers on all its inputs
 * @param initiationMicros from the trigger to the last source task starting its snapshot, where it injects the
 *     barrier after its current batch (0 for the final checkpoint at a job's end)
 */
public record CheckpointInfo(
        long id,
        boolean savepoint,
        Path path,
        Instant triggeredAt,
        long durationMillis,
        long sizeBytes,
        long alignmentMillis,
        long initiationMicros) {

    /** Without an initiation time. */
    public CheckpointInfo(
            long id,
            boolean savepoint,
            Path path,
            Instant triggeredAt,
            long durationMillis,
            long sizeBytes,
            long alignmentMillis) {
        this(id, savepoint, path, triggeredAt, durationMillis, sizeBytes, alignmentMillis, 0);
    }
}
