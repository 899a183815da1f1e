package io.sabot.engine;

import io.sabot.engine.internal.checkpoint.CheckpointStorage;
import io.sabot.engine.internal.checkpoint.RestoredCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Finding the checkpoints of a job directory ({@link CheckpointConfig#directory()}). */
public final class Checkpoints {

    private Checkpoints() {}

    /** The ids of the complete checkpoints in a job directory, newest first; empty if there is none. */
    public static List<Long> completed(Path jobDirectory) {
        return CheckpointStorage.completedCheckpoints(jobDirectory);
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
