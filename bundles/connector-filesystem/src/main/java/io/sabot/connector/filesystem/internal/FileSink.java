package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.VersionedSerializer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code INSERT INTO} a filesystem table: exactly-once part files in one directory, committed with checkpoints.
 * Insert-only (the default {@link io.sabot.connector.spi.sink.ChangelogMode}). Holds configuration only.
 */
final class FileSink implements Sink<PendingFile> {

    private final String tableName;
    private final Path directory;
    private final String extension;
    private final long maxPartSize;
    private final long rolloverMillis;

    FileSink(String tableName, Path directory, String extension, long maxPartSize, long rolloverMillis) {
        this.tableName = tableName;
        this.directory = directory.toAbsolutePath().normalize();
        this.extension = extension;
        this.maxPartSize = maxPartSize;
        this.rolloverMillis = rolloverMillis;
    }

    @Override
    public SinkWriter<PendingFile> createWriter(SinkWriterContext context) {
        return new FileWriter(this, context);
    }

    @Override
    public Optional<Committer<PendingFile>> createCommitter() {
        return Optional.of(new FileCommitter(tableName));
    }

    @Override
    public VersionedSerializer<PendingFile> committableSerializer() {
        return FileSerializers.PENDING_FILE;
    }

    String tableName() {
        return tableName;
    }

    Path directory() {
        return directory;
    }

    String extension() {
        return extension;
    }

    long maxPartSize() {
        return maxPartSize;
    }

    long rolloverMillis() {
        return rolloverMillis;
    }
}
