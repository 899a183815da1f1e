package io.sabot.engine;

import java.util.Objects;

/**
 * A job's memory limit: the most bytes its Arrow allocator (batches in flight, operators' columnar state, readers' and
 * writers' buffers) may hold at once. An allocation beyond it fails the job with a {@link
 * MemoryLimitExceededException} naming the job, the limit and {@code setting}.
 *
 * @param bytes the limit, positive
 * @param setting where the limit comes from, as the user would change it (e.g. {@code SET 'sabot.job.memory.max'} or
 *     {@code io.sabot.runtime job.max.memory.bytes}); named in the failure
 * @since 1.9
 */
public record MemoryLimit(long bytes, String setting) {

    public MemoryLimit {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory limit must be positive, got " + bytes + " (" + setting + ")");
        }
        Objects.requireNonNull(setting, "setting");
    }
}
