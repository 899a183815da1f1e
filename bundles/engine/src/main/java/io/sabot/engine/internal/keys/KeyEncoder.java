package io.sabot.engine.internal.keys;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.DecimalColumn;
import io.sabot.engine.internal.column.DoubleColumn;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.engine.internal.expr.EvalInput;
import io.sabot.plan.DataType;
import java.util.Arrays;

/**
 * Encodes the key columns of each row into one byte string, column by column (one type-specialised loop per key
 * column and batch), and hashes it. Per column: a null flag byte, then 8 bytes for numbers, dates and times (all
 * integers widened to {@code long}, doubles normalised so that {@code -0.0 = 0.0}), 1 byte for booleans, or a 4-byte
 * length and the UTF-8 bytes for strings. Equal keys encode to equal bytes whatever the width of their integer type,
 * which lets a join match an INTEGER key with a BIGINT one.
 */
public final class KeyEncoder {

    private final int[] keyColumns;
    private final Physical[] physical;
    private final int fixedWidth;
    private final boolean hasStrings;

    /** Row {@code i}'s key is {@code bytes[offsets[i] … offsets[i + 1])}. */
    public byte[] bytes = new byte[0];

    public int[] offsets = new int[1];
    public int[] hashes = new int[0];
    /** Whether any key column of row {@code i} is NULL (joins never match such rows). */
    public boolean[] anyNull = new boolean[0];

    private int rows;
    private final Column[] inputColumns;

    public KeyEncoder(int[] keyColumns, DataType[] types) {
        this.keyColumns = keyColumns.clone();
        this.inputColumns = new Column[keyColumns.length];
        this.physical = new Physical[types.length];
        int width = 0;
        boolean strings = false;
        for (int c = 0; c < types.length; c++) {
            physical[c] = Physical.of(types[c]);
            width += 1 + widthOf(physical[c]);
            strings |= physical[c] == Physical.STRING;
        }
        this.fixedWidth = width;
        this.hasStrings = strings;
    }

    private static int widthOf(Physical p) {
        return switch (p) {
            case BOOL -> 1;
            case STRING -> 4;
            default -> 8;
        };
    }

    public int rows() {
        return rows;
    }

    public int start(int row) {
        return offsets[row];
    }

    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    /** Encodes and hashes the keys of every row of {@code input}. */
    public void encode(EvalInput input) {
        int n = input.rowCount();
        rows = n;
        if (offsets.length < n + 1) {
            offsets = new int[Math.max(n + 1, offsets.length * 2)];
            hashes = new int[offsets.length];
            anyNull = new boolean[offsets.length];
        }
        Column[] columns = inputColumns;
        for (int c = 0; c < keyColumns.length; c++) {
            columns[c] = input.column(keyColumns[c]);
        }
        encode(columns, n);
    }

    /** Encodes and hashes columns already read (the key columns, in key order). */
    public void encode(Column[] columns, int n) {
        rows = n;
        if (offsets.length < n + 1) {
            offsets = new int[Math.max(n + 1, offsets.length * 2)];
            hashes = new int[offsets.length];
            anyNull = new boolean[offsets.length];
        }
        // row offsets
        offsets[0] = 0;
        if (hasStrings) {
            for (int i = 0; i < n; i++) {
                int len = fixedWidth;
                for (int c = 0; c < columns.length; c++) {
                    if (physical[c] == Physical.STRING && !columns[c].isNull(i)) {
                        len += ((StringColumn) columns[c]).length(i);
                    }
                }
                offsets[i + 1] = offsets[i] + len;
            }
        } else {
            for (int i = 0; i < n; i++) {
                offsets[i + 1] = offsets[i] + fixedWidth;
            }
        }
        int total = offsets[n];
        if (bytes.length < total) {
            bytes = new byte[Math.max(total, bytes.length * 2)];
        }
        Arrays.fill(anyNull, 0, n, false);
        // column by column, with a cursor per row
        int[] cursor = cursor(n);
        System.arraycopy(offsets, 0, cursor, 0, n);
        byte[] b = bytes;
        for (int c = 0; c < columns.length; c++) {
            Column col = columns[c];
            boolean nulls = col.hasNulls();
            switch (physical[c]) {
                case LONG -> {
                    long[] v = ((LongColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        int at = cursor[i];
                        boolean isNull = nulls && col.isNull(i);
                        b[at] = isNull ? 0 : (byte) 1;
                        Hashing.putLong(b, at + 1, isNull ? 0 : v[i]);
                        cursor[i] = at + 9;
                    }
                }
                case DECIMAL -> {
                    long[] v = ((DecimalColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        int at = cursor[i];
                        boolean isNull = nulls && col.isNull(i);
                        b[at] = isNull ? 0 : (byte) 1;
                        Hashing.putLong(b, at + 1, isNull ? 0 : v[i]);
                        cursor[i] = at + 9;
                    }
                }
                case DOUBLE -> {
                    double[] v = ((DoubleColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        int at = cursor[i];
                        boolean isNull = nulls && col.isNull(i);
                        double d = v[i] == 0.0 ? 0.0 : v[i];
                        b[at] = isNull ? 0 : (byte) 1;
                        Hashing.putLong(b, at + 1, isNull ? 0 : Double.doubleToLongBits(d));
                        cursor[i] = at + 9;
                    }
                }
                case BOOL -> {
                    boolean[] v = ((BoolColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        int at = cursor[i];
                        boolean isNull = nulls && col.isNull(i);
                        b[at] = isNull ? 0 : (byte) 1;
                        b[at + 1] = (byte) (!isNull && v[i] ? 1 : 0);
                        cursor[i] = at + 2;
                    }
                }
                case STRING -> {
                    StringColumn s = (StringColumn) col;
                    for (int i = 0; i < n; i++) {
                        int at = cursor[i];
                        boolean isNull = nulls && col.isNull(i);
                        int len = isNull ? 0 : s.length(i);
                        b[at] = isNull ? 0 : (byte) 1;
                        Hashing.putInt(b, at + 1, len);
                        System.arraycopy(s.bytes, s.offsets[i], b, at + 5, len);
                        cursor[i] = at + 5 + len;
                    }
                }
            }
            if (nulls) {
                for (int i = 0; i < n; i++) {
                    anyNull[i] |= col.isNull(i);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            hashes[i] = Hashing.hash(b, offsets[i], offsets[i + 1] - offsets[i]);
        }
    }

    private int[] cursorScratch = new int[0];

    private int[] cursor(int n) {
        if (cursorScratch.length < n) {
            cursorScratch = new int[Math.max(n, cursorScratch.length * 2)];
        }
        return cursorScratch;
    }

    /**
     * Decodes the keys {@code ids} of {@code table} into {@code out} (one column per key column, key order): the
     * inverse of {@link #encode}, column by column.
     */
    public void decode(BytesKeyTable table, int[] ids, int n, Column[] out) {
        int[] cursor = cursor(n);
        for (int i = 0; i < n; i++) {
            cursor[i] = table.offset(ids[i]);
        }
        decodeFrom(table.arena(), cursor, n, out);
    }

    /**
     * Decodes {@code n} keys encoded in {@code b} at offsets {@code starts[0…n)} (keys embedded in longer byte
     * strings, such as a DISTINCT set's (group, value) entries) into {@code out}.
     */
    public void decode(byte[] b, int[] starts, int n, Column[] out) {
        int[] cursor = cursor(n);
        System.arraycopy(starts, 0, cursor, 0, n);
        decodeFrom(b, cursor, n, out);
    }

    private void decodeFrom(byte[] b, int[] cursor, int n, Column[] out) {
        for (int c = 0; c < physical.length; c++) {
            Column col = out[c];
            if (col instanceof StringColumn s) {
                s.beginWrite(n);
                for (int i = 0; i < n; i++) {
                    int at = cursor[i];
                    int len = Hashing.getInt(b, at + 1);
                    if (b[at] == 0) {
                        s.addNull();
                    } else {
                        s.add(b, at + 5, len);
                    }
                    cursor[i] = at + 5 + len;
                }
                continue;
            }
            col.reset(n);
            switch (physical[c]) {
                case LONG -> {
                    long[] v = ((LongColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        v[i] = Hashing.getLong(b, cursor[i] + 1);
                    }
                }
                case DECIMAL -> {
                    long[] v = ((DecimalColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        v[i] = Hashing.getLong(b, cursor[i] + 1);
                    }
                }
                case DOUBLE -> {
                    double[] v = ((DoubleColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        v[i] = Double.longBitsToDouble(Hashing.getLong(b, cursor[i] + 1));
                    }
                }
                case BOOL -> {
                    boolean[] v = ((BoolColumn) col).values;
                    for (int i = 0; i < n; i++) {
                        v[i] = b[cursor[i] + 1] != 0;
                    }
                }
                default -> throw new IllegalStateException();
            }
            boolean anyNullHere = false;
            for (int i = 0; i < n; i++) {
                anyNullHere |= b[cursor[i]] == 0;
            }
            if (anyNullHere) {
                boolean[] nulls = col.nullsForWrite();
                for (int i = 0; i < n; i++) {
                    nulls[i] = b[cursor[i]] == 0;
                }
            }
            int width = 1 + widthOf(physical[c]);
            for (int i = 0; i < n; i++) {
                cursor[i] += width;
            }
        }
    }
}
