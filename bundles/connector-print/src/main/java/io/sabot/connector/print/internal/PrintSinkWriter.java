package io.sabot.connector.print.internal;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.connector.spi.sink.SinkWriter;
import java.io.PrintStream;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Prints each row of a batch as Flink's print sink does: the prefix, the row kind's short string and the values in
 * brackets, {@code +I[1, abc, 2024-01-01T00:00]}. A batch is formatted into one buffer and written with one call, so
 * the lines of parallel writers sharing a stream never interleave within a batch.
 */
final class PrintSinkWriter implements SinkWriter<Void> {

    private static final String LINE_SEPARATOR = System.lineSeparator();

    private final PrintStream stream;
    private final String prefix;
    private final StringBuilder buffer = new StringBuilder(4096);

    /** For tests too: writes to {@code stream}, each line starting with {@code prefix}. */
    PrintSinkWriter(PrintStream stream, String prefix) {
        this.stream = stream;
        this.prefix = prefix;
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        int columns = vectors.size();
        TinyIntVector kinds = null;
        if (columns > 0 && isRowKindColumn(vectors.get(columns - 1))) {
            kinds = (TinyIntVector) vectors.get(--columns);
        }
        ValueFormatter[] formatters = new ValueFormatter[columns];
        for (int c = 0; c < columns; c++) {
            formatters[c] = ValueFormatter.of(vectors.get(c));
        }
        int rows = batch.getRowCount();
        buffer.setLength(0);
        for (int row = 0; row < rows; row++) {
            buffer.append(prefix).append(kind(kinds, row).shortString()).append('[');
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    buffer.append(", ");
                }
                formatters[c].append(buffer, row);
            }
            buffer.append(']').append(LINE_SEPARATOR);
        }
        if (rows > 0) {
            stream.print(buffer);
            stream.flush();
        }
        if (buffer.capacity() > (1 << 20)) {
            buffer.setLength(0);
            buffer.trimToSize(); // do not keep a huge batch's buffer for the small ones after it
        }
    }

    static boolean isRowKindColumn(FieldVector vector) {
        return vector instanceof TinyIntVector && RowKind.COLUMN_NAME.equals(vector.getName());
    }

    private static RowKind kind(TinyIntVector kinds, int row) {
        if (kinds == null) {
            return RowKind.INSERT;
        }
        if (kinds.isNull(row)) {
            throw new IllegalArgumentException("row " + row + " of the batch has no row kind");
        }
        return RowKind.fromCode(kinds.get(row));
    }

    @Override
    public List<Void> prepareCommit(long checkpointId) {
        stream.flush();
        return List.of();
    }

    @Override
    public void endOfInput() {
        stream.flush();
    }

    /** Flushes; never closes the stream, which is standard output or error. */
    @Override
    public void close() {
        stream.flush();
    }
}
