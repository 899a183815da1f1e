package io.sabot.benchmarks.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File sizes, for both engines' checkpoint sizes (shared by the engines' class loaders). */
public final class Disk {

    private Disk() {}

    /** The bytes of the regular files under {@code dir}; 0 if it is not a directory. */
    public static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    /**
     * A checkpoint's files on disk: its directory, and with incremental checkpoints also the {@code shared/}
     * directory beside it (every native file a checkpoint may refer to, earlier checkpoints' included: the full
     * footprint, comparable with a full checkpoint). Both engines keep that layout.
     */
    public static long checkpoint(Path directory, boolean incremental) throws IOException {
        return size(directory) + (incremental ? size(directory.resolveSibling("shared")) : 0);
    }
}
