package io.sabot.engine;

import io.sabot.engine.internal.checkpoint.CheckpointStorage;
import io.sabot.engine.internal.checkpoint.RestoredCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finding the checkpoints of a job directory ({@link CheckpointConfig#directory()}), reading a checkpoint's or
 * savepoint's summary, and disposing of savepoints.
 */
public final class Checkpoints {

    private Checkpoints() {}

    /** The ids of the complete checkpoints in a job directory, newest first; empty if there is none. */
    public static List<Long> completed(Path jobDirectory) {
        return CheckpointStorage.completedCheckpoints(jobDirectory);
    }

    /**
     * Reads the summary of a checkpoint or savepoint directory: id, whether it is a savepoint, when it was written
     * and its size (duration and alignment are not recorded: 0).
     *
     * @throws IOException if it is not a complete checkpoint or savepoint (no or an unreadable {@code _metadata.json})
     * @since 1.2
     */
    public static CheckpointInfo describe(Path directory) throws IOException {
        io.sabot.engine.internal.checkpoint.CheckpointMetadata m =
                io.sabot.engine.internal.checkpoint.CheckpointMetadata.read(directory);
        return new CheckpointInfo(
                m.checkpointId(), m.savepoint(), directory, m.createdAt(), 0, CheckpointStorage.sizeOf(directory), 0);
    }

    /**
     * Deletes a savepoint directory (Flink's {@code savepoint --dispose}), after checking that its {@code
     * _metadata.json} marks it as a savepoint: any other directory, a checkpoint included, is refused.
     *
     * @throws IllegalArgumentException naming the directory if it is not a savepoint; nothing is deleted then
     * @throws IOException naming the file that could not be deleted
     * @since 1.2
     */
    public static void disposeSavepoint(Path directory) throws IOException {
        CheckpointStorage.disposeSavepoint(directory);
    }

    /**
     * The newest complete checkpoint of a job directory that reads back intact; newer damaged ones are reported to
     * {@code skipped}, naming the file, and passed over.
     *
     * @return empty if the directory holds no complete checkpoint
     * @throws IOException if there are checkpoints but none reads back
     */
    public static Optional<Path> latest(Path jobDirectory, Consumer<String> skipped) throws IOException {
        if (completed(jobDirectory).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RestoredCheckpoint.latest(jobDirectory, skipped).directory());
    }
}
