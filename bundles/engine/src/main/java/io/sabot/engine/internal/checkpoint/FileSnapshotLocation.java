package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.snapshot.SnapshotFormat;
import io.sabot.state.spi.snapshot.SnapshotLocation;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An operator's directory of one checkpoint on the local file system, for a state backend's files. */
final class FileSnapshotLocation implements SnapshotLocation {

    private final Path directory;
    private final Path shared;
    private final long checkpointId;
    private final boolean savepoint;

    /**
     * @param directory the operator's directory in the checkpoint
     * @param shared the operator's directory of files shared between checkpoints
     */
    FileSnapshotLocation(Path directory, Path shared, long checkpointId, boolean savepoint) {
        this.directory = directory;
        this.shared = shared;
        this.checkpointId = checkpointId;
        this.savepoint = savepoint;
    }

    @Override
    public long checkpointId() {
        return checkpointId;
    }

    @Override
    public boolean isSavepoint() {
        return savepoint;
    }

    @Override
    public URI uri() {
        return directory.toUri();
    }

    @Override
    public WritableByteChannel create(String relativePath) throws IOException {
        Path file = directory.resolve(SnapshotFormat.checkRelativePath(relativePath));
        return open(file, null);
    }

    @Override
    public WritableByteChannel createShared(String name) throws IOException {
        Path file = shared.resolve(SnapshotFormat.checkRelativePath(name));
        if (Files.exists(file)) {
            throw new java.nio.file.FileAlreadyExistsException(file.toString());
        }
        // written under a temporary name, renamed when complete: sharedExists never sees a partial file
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + checkpointId + ".tmp");
        return open(temporary, file);
    }

    @Override
    public boolean sharedExists(String name) {
        return Files.isRegularFile(shared.resolve(SnapshotFormat.checkRelativePath(name)));
    }

    /** A channel writing {@code file}, durable at close, then renamed to {@code target} if not null. */
    private static WritableByteChannel open(Path file, Path target) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer src) throws IOException {
                return channel.write(src);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                if (!channel.isOpen()) {
                    return; // Arrow's writer closes the channel itself; closing twice is allowed
                }
                try {
                    channel.force(true); // durable before the checkpoint can complete, like the engine's own files
                } finally {
                    channel.close();
                }
                if (target != null) {
                    Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        };
    }
}
