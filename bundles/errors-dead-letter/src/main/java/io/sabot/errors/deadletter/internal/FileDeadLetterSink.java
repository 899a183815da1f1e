package io.sabot.errors.deadletter.internal;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/** Appends dead letters as JSON lines to one new file; {@link #flush} forces them to disk. One dispatcher thread. */
final class FileDeadLetterSink implements DeadLetterSink {

    private final Path file;
    private final FileChannel channel;
    private final OutputStream out;

    FileDeadLetterSink(Path directory, String target) throws IOException {
        String name = target.replaceAll("[^A-Za-z0-9_-]+", "_") + "-" + System.currentTimeMillis() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".jsonl";
        this.file = directory.resolve(name);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    @Override
    public void write(List<DeadLetterRecord> records) throws IOException {
        for (DeadLetterRecord record : records) {
            out.write(DeadLetterJson.line(record));
            out.write('\n');
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    @Override
    public String toString() {
        return "dead letters in " + file;
    }
}
