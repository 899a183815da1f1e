package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.EncodeErrors;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.PluginException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one subtask's rows as lines of part files. A part is created hidden and in progress on the first row after
 * a checkpoint, rolled (flushed, synced, closed) by size or age, and at {@link #prepareCommit} synced and renamed to
 * its hidden pending name: durable but invisible until the committer renames it to its visible name. Every writer
 * instance names its parts with a fresh UUID, so a restarted job never reuses the name of a file committed before.
 */
final class FileWriter implements SinkWriter<PendingFile> {

    private static final int BUFFER_SIZE = 1 << 16;

    private final FileSink sink;
    private final Path directory;
    private final String uuid = UUID.randomUUID().toString();
    private final int subtask;
    private final RecordEncoder encoder;
    /** The runtime's handling of rows the format cannot encode: set aside, or failing the write. */
    private final EncodeErrors encodeErrors;

    private final BinaryRecords records = new BinaryRecords(1024);
    /** Parts closed since the last checkpoint, not yet renamed to pending. */
    private final List<Part> closed = new ArrayList<>();

    private long nextPart;
    private Part current;
    private FileChannel channel;
    private OutputStream out;

    FileWriter(FileSink sink, SinkWriterContext context) {
        this.sink = sink;
        this.directory = sink.directory();
        this.subtask = context.subtaskIndex();
        this.encoder = context.table().createEncoder("format");
        this.encodeErrors = context.encodeErrors();
        try {
            Files.createDirectories(directory);
            if (context.restoredCheckpointId().isPresent()) {
                PartFiles.deleteLeftovers(
                        directory,
                        subtask,
                        context.table().parallelism(),
                        context.restoredCheckpointId().getAsLong());
            }
        } catch (IOException e) {
            throw failure("cannot prepare directory '" + directory + "'", e, true);
        }
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        if (batch.getRowCount() == 0) {
            return;
        }
        records.clear();
        encoder.encode(batch, records, encodeErrors); // a row that fails throws here, before anything is written
        if (records.count() == 0) {
            return; // every row was set aside
        }
        if (out == null) {
            try {
                openPart();
            } catch (IOException e) {
                // nothing of the batch is written yet: the same write may be made again (SinkWriter's contract)
                throw failure("cannot create a part file in '" + directory + "'", e, true);
            }
        }
        try {
            OutputStream o = out;
            long written = 0;
            for (int i = 0; i < records.count(); i++) {
                o.write(records.data(i), records.offset(i), records.length(i));
                o.write('\n');
                written += records.length(i) + 1;
            }
            current.size += written;
            if (current.size >= sink.maxPartSize()
                    || System.currentTimeMillis() - current.openedAt >= sink.rolloverMillis()) {
                closePart();
            }
        } catch (IOException e) {
            // part of the batch may be in the part file: only a restart from the last checkpoint is safe
            throw failure("cannot write '" + (current == null ? directory : current.path) + "'", e, false);
        }
    }

    private void openPart() throws IOException {
        Path path = directory.resolve(PartFiles.inProgress(uuid, subtask, nextPart));
        channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
        current = new Part(nextPart++, path, System.currentTimeMillis());
    }

    /** Flushes, syncs and closes the open part; it waits in {@link #closed} for the next checkpoint. */
    private void closePart() throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        out = null;
        channel = null;
        closed.add(current);
        current = null;
    }

    @Override
    public List<PendingFile> prepareCommit(long checkpointId) {
        List<PendingFile> committables = new ArrayList<>(closed.size() + 1);
        Part part = null;
        try {
            if (out != null) {
                closePart();
            }
            for (Part p : closed) {
                part = p;
                String pendingName = PartFiles.pending(uuid, subtask, p.number, sink.extension(), checkpointId);
                Files.move(p.path, directory.resolve(pendingName), StandardCopyOption.ATOMIC_MOVE);
                committables.add(new PendingFile(
                        directory.toString(),
                        pendingName,
                        PartFiles.visible(uuid, subtask, p.number, sink.extension()),
                        checkpointId,
                        p.size));
            }
        } catch (IOException e) {
            // some parts may be renamed already: a second call would not find them
            throw failure("cannot pre-commit '" + (part == null ? directory : part.path) + "'", e, false);
        }
        closed.clear();
        if (!committables.isEmpty()) {
            PartFiles.syncDirectory(directory);
        }
        return committables;
    }

    /** Discards whatever was not pre-committed: it will be written again from the last checkpoint. */
    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // deleted below anyway
            }
            out = null;
            channel = null;
            closed.add(current);
            current = null;
        }
        for (Part part : closed) {
            try {
                Files.deleteIfExists(part.path);
            } catch (IOException e) {
                // a hidden leftover; the next restore of this subtask deletes it
            }
        }
        closed.clear();
    }

    private PluginException failure(String what, IOException e, boolean retriable) {
        return new PluginException("table '" + sink.tableName() + "': " + what + ": " + e, e, retriable);
    }

    /** A part file being written or closed before its checkpoint. */
    private static final class Part {
        final long number;
        final Path path;
        final long openedAt;
        long size;

        Part(long number, Path path, long openedAt) {
            this.number = number;
            this.path = path;
            this.openedAt = openedAt;
        }
    }
}
