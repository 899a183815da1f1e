package io.sabot.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The bundle cache of one {@code bin/sabot sql} run: a directory {@code data/sql-<n>} with a lock file {@code
 * data/sql-<n>.lock} beside it, locked for as long as the process lives. A run deletes its cache when it ends, but a
 * process killed with SIGKILL cannot (the crash-recovery scenario of {@code --restore latest}): the operating system
 * releases its lock, so the next run finds the cache unlocked and deletes it. Each cache holds the distribution's
 * bundles (about 70 MB), so without this every kill would leave that much behind.
 *
 * <p>The lock file is beside the directory, not in it, because Felix empties its storage directory at first start. A
 * directory without a lock file (made by an older launcher) is left alone: nothing says whether its process lives.
 */
final class ScratchStorage implements AutoCloseable {

    static final String PREFIX = "sql-";
    static final String LOCK_SUFFIX = ".lock";

    private final Path directory;
    private final Path lockFile;
    private final FileChannel channel;

    private ScratchStorage(Path directory, Path lockFile, FileChannel channel) {
        this.directory = directory;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /**
     * Deletes the caches under {@code data} whose process is gone, then makes and locks a new one.
     *
     * @return the new cache; {@link #close()} deletes it and releases the lock
     */
    static ScratchStorage create(Path data) throws IOException {
        Files.createDirectories(data);
        sweep(data);
        Path lockFile = Files.createTempFile(data, PREFIX, LOCK_SUFFIX);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        try {
            channel.lock();
            String name = lockFile.getFileName().toString();
            Path directory = data.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
            Files.createDirectory(directory);
            return new ScratchStorage(directory, lockFile, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(lockFile);
            throw e;
        }
    }

    /**
     * Deletes every cache under {@code data} whose lock file no process holds.
     *
     * @return how many were deleted
     */
    static int sweep(Path data) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(data, PREFIX + "*" + LOCK_SUFFIX)) {
            for (Path lock : locks) {
                if (abandoned(lock)) {
                    String name = lock.getFileName().toString();
                    deleteTree(data.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length())));
                    Files.deleteIfExists(lock);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** True if no process holds the lock; it is then taken only to ask, and released at once. */
    private static boolean abandoned(Path lock) {
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false; // another process's run is alive
            }
            held.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this very process holds it
        } catch (IOException e) {
            return false; // vanished or unreadable: not ours to judge
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            deleteTree(directory);
            Files.deleteIfExists(lockFile);
        } finally {
            channel.close(); // releases the lock last, so no sweeper deletes what is still being deleted
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
