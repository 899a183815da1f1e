package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeFailures;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.lookup.LookupContext;
import io.sabot.connector.spi.lookup.LookupKeys;
import io.sabot.connector.spi.lookup.LookupLoadOutput;
import io.sabot.connector.spi.lookup.LookupResult;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of a filesystem table for a lookup join's full cache: {@link #loadAll} lists the files as a scan does
 * (the path itself, or every visible file below it, in path order), reads each through the table's format and emits
 * the decoded rows in batches. Blocking, on the cache's loader thread. A line that does not decode fails the load,
 * naming file and line: the cache then keeps the rows of its previous load. Point lookups are not offered (the
 * factory supports the full cache only).
 */
final class FileLookupSource implements LookupSource {

    private static final int BATCH = 4096;
    private static final int CHUNK = 1 << 16;

    private final LookupContext context;
    private final Path root;
    private final boolean skipFirstLine;
    private RecordDecoder decoder;
    private VectorSchemaRoot batch;

    FileLookupSource(LookupContext context, Path root, boolean skipFirstLine) {
        this.context = context;
        this.root = root.toAbsolutePath().normalize();
        this.skipFirstLine = skipFirstLine;
    }

    @Override
    public void open() {
        decoder = context.createDecoder("format");
        batch = VectorSchemaRoot.create(context.schema(), context.allocator());
    }

    @Override
    public void lookup(LookupKeys keys, LookupResult result) {
        throw new UnsupportedOperationException("the filesystem connector looks tables up through a full cache only");
    }

    @Override
    public void loadAll(LookupLoadOutput output) throws Exception {
        List<String> files;
        try {
            files = FileSource.listFiles(root);
        } catch (NoSuchFileException e) {
            throw new PluginException(
                    "table '" + context.tableName() + "': no such file or directory '" + root + "'", e, false);
        }
        for (String file : files) {
            load(Path.of(file), output);
        }
    }

    /** Cuts the file's lines (\n or \r\n, a last line without terminator) and decodes them a batch at a time. */
    private void load(Path file, LookupLoadOutput output) throws Exception {
        String where = "table '" + context.tableName() + "', file '" + file + "'";
        DecodeFailures failures = new DecodeFailures("line", "line");
        BinaryRecords records = new BinaryRecords(BATCH);
        byte[] buffer = new byte[CHUNK];
        int limit = 0;
        long line = 1; // line numbers as a scan reports them
        boolean skip = skipFirstLine;
        boolean first = true;
        try (InputStream in = Files.newInputStream(file)) {
            boolean eof = false;
            while (!eof) {
                if (limit == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
                }
                int read = in.read(buffer, limit, buffer.length - limit);
                if (read < 0) {
                    eof = true;
                } else {
                    limit += read;
                }
                int pos = 0;
                if (first
                        && limit >= 3
                        && buffer[0] == (byte) 0xEF
                        && buffer[1] == (byte) 0xBB
                        && buffer[2] == (byte) 0xBF) {
                    pos = 3; // a UTF-8 byte order mark is no data
                }
                if (first && (limit >= 3 || eof)) {
                    first = false;
                }
                records.clear();
                while (true) {
                    int newline = pos;
                    while (newline < limit && buffer[newline] != '\n') {
                        newline++;
                    }
                    int end;
                    if (newline < limit) {
                        end = newline;
                    } else if (eof && pos < limit) {
                        end = limit;
                    } else {
                        break;
                    }
                    int next = Math.min(end + 1, limit);
                    if (end > pos && buffer[end - 1] == '\r') {
                        end--;
                    }
                    if (skip) {
                        skip = false;
                    } else if (end > pos) {
                        records.add(buffer, pos, end - pos, line);
                    }
                    line++;
                    pos = next;
                    if (records.count() == BATCH) {
                        decode(records, failures, output, where);
                        records.clear();
                    }
                }
                decode(records, failures, output, where);
                records.clear();
                System.arraycopy(buffer, pos, buffer, 0, limit - pos); // keep the unfinished line
                limit -= pos;
            }
        } catch (NoSuchFileException e) {
            throw new PluginException(where + ": the file vanished while it was read", e, true);
        } catch (IOException e) {
            throw new PluginException(where + ": cannot read: " + e, e, true);
        }
    }

    private void decode(BinaryRecords records, DecodeFailures failures, LookupLoadOutput output, String where) {
        if (records.count() == 0) {
            return;
        }
        batch.setRowCount(0);
        failures.reset(records);
        decoder.decode(records, batch, failures);
        failures.throwIfAny(where);
        if (batch.getRowCount() > 0) {
            output.emit(batch);
        }
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }
}
