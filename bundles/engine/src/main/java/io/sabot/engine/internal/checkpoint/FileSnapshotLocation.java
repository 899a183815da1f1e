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
    private final long checkpointId;

    FileSnapshotLocation(Path directory, long checkpointId) {
        this.directory = directory;
        this.checkpointId = checkpointId;
    }

    @Override
    public long checkpointId() {
        return checkpointId;
    }

    @Override
    public boolean isSavepoint() {
        return false;
    }

    @Override
    public URI uri() {
        return directory.toUri();
    }

    @Override
    public WritableByteChannel create(String relativePath) throws IOException {
        Path file = directory.resolve(SnapshotFormat.checkRelativePath(relativePath));
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
            }
        };
    }
}
