package io.sabot.engine.internal.column;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * VARCHAR values as UTF-8 bytes: row {@code i} is {@code bytes[offsets[i] … offsets[i + 1])}. Written row by row in
 * order: {@link #beginWrite}, then per row {@link #add}/{@link #addNull}, or {@link #appendPart} pieces closed by
 * {@link #endRow}.
 */
public final class StringColumn extends Column {
    public byte[] bytes = new byte[0];
    public int[] offsets = new int[1];
    private int writeRow;
    private int end;

    @Override
    protected void ensureValueCapacity(int n) {
        if (offsets.length < n + 1) {
            offsets = Arrays.copyOf(offsets, grow(offsets.length, n + 1));
        }
    }

    public void ensureBytes(int n) {
        if (bytes.length < n) {
            bytes = Arrays.copyOf(bytes, grow(bytes.length, n));
        }
    }

    public int start(int row) {
        return offsets[row];
    }

    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** Prepares to write {@code n} rows from the first. */
    public void beginWrite(int n) {
        reset(n);
        offsets[0] = 0;
        writeRow = 0;
        end = 0;
    }

    /** Writes the next row. */
    public void add(byte[] src, int off, int len) {
        ensureBytes(end + len);
        System.arraycopy(src, off, bytes, end, len);
        end += len;
        offsets[++writeRow] = end;
    }

    /** Writes the next row as NULL. */
    public void addNull() {
        nullsForWrite()[writeRow] = true;
        offsets[++writeRow] = end;
    }

    /** Appends bytes to the row being built. */
    public void appendPart(byte[] src, int off, int len) {
        ensureBytes(end + len);
        System.arraycopy(src, off, bytes, end, len);
        end += len;
    }

    /** Appends one byte to the row being built. */
    public void appendByte(byte b) {
        ensureBytes(end + 1);
        bytes[end++] = b;
    }

    /** Appends a string's UTF-8 bytes to the row being built. */
    public void appendString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        appendPart(b, 0, b.length);
    }

    /** Closes the row being built. */
    public void endRow() {
        offsets[++writeRow] = end;
    }

    /** Discards the row being built (it becomes empty) — for a NULL result after some parts were written. */
    public void endRowNull() {
        end = offsets[writeRow];
        addNull();
    }

    /** The write position within {@link #bytes}, for code that writes bytes directly (then {@link #advance}). */
    public int writePosition() {
        return end;
    }

    public void advance(int count) {
        end += count;
    }

    @Override
    public void appendFrom(Column source, int row) {
        StringColumn s = (StringColumn) source;
        ensureValueCapacity(size + 1);
        if (size == 0) {
            offsets[0] = 0;
        }
        appendNullFlag(s.isNull(row));
        int len = s.length(row);
        int at = offsets[size];
        ensureBytes(at + len);
        System.arraycopy(s.bytes, s.offsets[row], bytes, at, len);
        offsets[++size] = at + len;
    }

    @Override
    public void appendRows(Column source, int[] rows, int n) {
        StringColumn s = (StringColumn) source;
        ensureValueCapacity(size + n);
        if (size == 0) {
            offsets[0] = 0;
        }
        appendNullFlags(source, rows, n);
        int at = offsets[size];
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += s.length(rows[i]);
        }
        ensureBytes(at + total);
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            int len = s.offsets[r + 1] - s.offsets[r];
            System.arraycopy(s.bytes, s.offsets[r], bytes, at, len);
            at += len;
            offsets[size + i + 1] = at;
        }
        size += n;
    }

    @Override
    public void clear() {
        super.clear();
        offsets[0] = 0;
    }

    /** Row {@code i} as a Java string (for messages and slow paths). */
    public String toString(int row) {
        return new String(bytes, offsets[row], length(row), StandardCharsets.UTF_8);
    }
}
