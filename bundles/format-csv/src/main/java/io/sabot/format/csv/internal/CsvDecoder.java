package io.sabot.format.csv.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.format.text.Bytes;
import io.sabot.format.text.Columns;
import io.sabot.format.text.TextParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decodes CSV records (one line each, without its terminator) into Arrow vectors. A hand-written scanner walks the
 * bytes once; each field is parsed from the record's bytes straight into its vector (a scratch buffer is used only
 * for fields with escaped characters), so a batch allocates nothing but vector memory.
 *
 * <p>Fields map to columns by position. An empty unquoted field is NULL (with a {@code null-literal}, that literal
 * is NULL and an empty VARCHAR field is the empty string); blanks around non-VARCHAR values are ignored.
 */
final class CsvDecoder implements RecordDecoder {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int SKIPPED = 2;
    private static final byte[] EMPTY = new byte[0];

    private final String[] names;
    private final int[] kinds;
    private final int[] precisions;
    private final int[] scales;
    private final byte delimiter;
    private final int quote;
    private final int escape;
    private final boolean allowComments;
    private final boolean ignoreParseErrors;
    private final byte[] nullLiteral;

    private final TextParser parser = new TextParser();
    private final Bytes unescaped = new Bytes(256);
    private final FieldVector[] vectors;
    /** Why the current record failed. */
    private String message;

    CsvDecoder(Schema schema, CsvOptions.Dialect dialect) {
        List<Field> fields = schema.getFields();
        this.kinds = Columns.kinds("csv", schema);
        this.names = new String[kinds.length];
        this.precisions = new int[kinds.length];
        this.scales = new int[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            Field field = fields.get(c);
            names[c] = field.getName();
            if (kinds[c] == Columns.DECIMAL) {
                ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
                precisions[c] = decimal.getPrecision();
                scales[c] = decimal.getScale();
            }
        }
        this.vectors = new FieldVector[kinds.length];
        this.delimiter = dialect.delimiter();
        this.quote = dialect.quote();
        this.escape = dialect.escape();
        this.allowComments = dialect.allowComments();
        this.ignoreParseErrors = dialect.ignoreParseErrors();
        this.nullLiteral = dialect.nullLiteral();
    }

    @Override
    public int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors) {
        List<FieldVector> targetVectors = target.getFieldVectors();
        if (targetVectors.size() != kinds.length) {
            throw new IllegalArgumentException(
                    "batch has " + targetVectors.size() + " columns, the table " + kinds.length);
        }
        targetVectors.toArray(vectors);
        int first = target.getRowCount();
        int count = records.count();
        if (first == 0) {
            presize(count);
        }
        int row = first;
        for (int i = 0; i < count; i++) {
            byte[] bytes = records.data(i);
            int from = records.offset(i);
            int to = from + records.length(i);
            if (allowComments && to > from && bytes[from] == '#') {
                errors.onSkipped(i);
                continue;
            }
            int status = decodeRecord(bytes, from, to, row);
            if (status == OK) {
                row++;
            } else if (status == FAILED) {
                errors.onError(i, message);
            } else {
                errors.onSkipped(i);
            }
        }
        target.setRowCount(row);
        return row - first;
    }

    private void presize(int rows) {
        for (FieldVector vector : vectors) {
            if (vector.getValueCapacity() < rows) {
                vector.setInitialCapacity(rows);
                vector.allocateNew();
            }
        }
    }

    /** Scans one record and writes its fields into row {@code row}; OK, FAILED (with {@link #message}) or SKIPPED. */
    private int decodeRecord(byte[] b, int from, int to, int row) {
        int columns = kinds.length;
        int pos = from;
        int field = 0;
        while (true) {
            int start;
            int end;
            boolean quoted = false;
            boolean escaped = false;
            if (pos < to && b[pos] == quote) {
                quoted = true;
                start = ++pos;
                while (true) {
                    if (pos >= to) {
                        return broken(field, "unterminated quoted field");
                    }
                    byte c = b[pos];
                    if (c == quote) {
                        if (pos + 1 < to && b[pos + 1] == quote) {
                            escaped = true;
                            pos += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == escape) {
                        escaped = true;
                        pos += 2;
                        continue;
                    }
                    pos++;
                }
                end = pos++;
                if (pos < to && b[pos] != delimiter) {
                    return broken(field, "unexpected character after the closing quote");
                }
            } else {
                start = pos;
                while (pos < to) {
                    byte c = b[pos];
                    if (c == delimiter) {
                        break;
                    }
                    pos += c == escape ? 2 : 1;
                    escaped |= c == escape;
                }
                if (pos > to) {
                    pos = to;
                }
                end = pos;
            }
            if (field < columns && !decodeField(field, b, start, end, quoted, escaped, row)) {
                if (!ignoreParseErrors) {
                    return FAILED;
                }
                setNull(field, row);
            }
            field++;
            if (pos < to) { // b[pos] is a delimiter
                pos++;
                continue;
            }
            break;
        }
        if (field != columns) {
            if (!ignoreParseErrors) {
                message = "expected " + columns + " fields, found " + field;
                return FAILED;
            }
            for (int c = field; c < columns; c++) {
                setNull(c, row);
            }
        }
        return OK;
    }

    /** A record that is not CSV at all: reported, or skipped with ignore-parse-errors. */
    private int broken(int field, String why) {
        if (ignoreParseErrors) {
            return SKIPPED;
        }
        message = "field " + (field + 1) + ": " + why;
        return FAILED;
    }

    /** Writes field {@code [start, end)} into column {@code c}; false (with {@link #message}) if it does not parse. */
    private boolean decodeField(int c, byte[] b, int start, int end, boolean quoted, boolean escaped, int row) {
        if (!quoted && nullLiteral != null && isNullLiteral(b, start, end)) {
            setNull(c, row);
            return true;
        }
        if (escaped) {
            unescape(b, start, end, quoted);
            b = unescaped.array;
            start = 0;
            end = unescaped.length;
        }
        int kind = kinds[c];
        if (kind == Columns.VARCHAR) {
            if (start == end && !quoted && nullLiteral == null) {
                setNull(c, row);
            } else {
                ((VarCharVector) vectors[c]).setSafe(row, b, start, end - start);
            }
            return true;
        }
        while (start < end && TextParser.isBlank(b[start])) {
            start++;
        }
        while (end > start && TextParser.isBlank(b[end - 1])) {
            end--;
        }
        if (start == end) {
            setNull(c, row);
            return true;
        }
        TextParser p = parser;
        FieldVector vector = vectors[c];
        switch (kind) {
            case Columns.TINYINT:
                if (!p.parseLong(b, start, end, Byte.MIN_VALUE, Byte.MAX_VALUE)) {
                    return fieldError(c, b, start, end);
                }
                ((TinyIntVector) vector).setSafe(row, (byte) p.longValue);
                return true;
            case Columns.SMALLINT:
                if (!p.parseLong(b, start, end, Short.MIN_VALUE, Short.MAX_VALUE)) {
                    return fieldError(c, b, start, end);
                }
                ((SmallIntVector) vector).setSafe(row, (short) p.longValue);
                return true;
            case Columns.INT:
                if (!p.parseLong(b, start, end, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                    return fieldError(c, b, start, end);
                }
                ((IntVector) vector).setSafe(row, (int) p.longValue);
                return true;
            case Columns.BIGINT:
                if (!p.parseLong(b, start, end, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    return fieldError(c, b, start, end);
                }
                ((BigIntVector) vector).setSafe(row, p.longValue);
                return true;
            case Columns.FLOAT:
                if (!p.parseFloat(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((Float4Vector) vector).setSafe(row, p.floatValue);
                return true;
            case Columns.DOUBLE:
                if (!p.parseDouble(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((Float8Vector) vector).setSafe(row, p.doubleValue);
                return true;
            case Columns.DECIMAL:
                if (!p.parseDecimal(b, start, end, precisions[c], scales[c])) {
                    return fieldError(c, b, start, end);
                }
                if (p.bigValue != null) {
                    ((DecimalVector) vector).setSafe(row, p.bigValue);
                } else {
                    ((DecimalVector) vector).setSafe(row, p.longValue);
                }
                return true;
            case Columns.BOOLEAN:
                if (!p.parseBoolean(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((BitVector) vector).setSafe(row, (int) p.longValue);
                return true;
            case Columns.DATE:
                if (!p.parseDate(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((DateDayVector) vector).setSafe(row, (int) p.longValue);
                return true;
            case Columns.TIME:
                if (!p.parseTime(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((TimeMilliVector) vector).setSafe(row, (int) p.longValue);
                return true;
            case Columns.TIMESTAMP:
                if (!p.parseTimestamp(b, start, end)) {
                    return fieldError(c, b, start, end);
                }
                ((TimeStampMilliVector) vector).setSafe(row, p.longValue);
                return true;
            default:
                throw new AssertionError(kind);
        }
    }

    private boolean isNullLiteral(byte[] b, int start, int end) {
        byte[] literal = nullLiteral;
        if (end - start != literal.length) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[start + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code [start, end)} into {@link #unescaped}, resolving escapes and (when quoted) doubled quotes. */
    private void unescape(byte[] b, int start, int end, boolean quoted) {
        Bytes out = unescaped;
        out.clear();
        out.ensure(end - start);
        byte[] dst = out.array;
        int n = 0;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == escape || (quoted && c == quote)) {
                if (++i == end) {
                    break; // a trailing escape stands for nothing
                }
                c = b[i];
            }
            dst[n++] = c;
        }
        out.length = n;
    }

    private void setNull(int c, int row) {
        FieldVector vector = vectors[c];
        if (kinds[c] == Columns.VARCHAR) {
            // an empty value keeps the offsets right when a failed record's row is written again
            VarCharVector varchar = (VarCharVector) vector;
            varchar.setSafe(row, EMPTY, 0, 0);
            BitVectorHelper.unsetBit(varchar.getValidityBuffer(), row);
        } else {
            ((BaseFixedWidthVector) vector).setNull(row);
        }
    }

    private boolean fieldError(int c, byte[] b, int start, int end) {
        String problem = parser.problem;
        if (problem == TextParser.OUT_OF_RANGE) {
            problem = "out of range for " + typeName(c);
        }
        message = "column '" + names[c] + "' (field " + (c + 1) + "): " + problem + ", got '" + excerpt(b, start, end)
                + "'";
        return false;
    }

    private String typeName(int c) {
        return kinds[c] == Columns.DECIMAL
                ? "DECIMAL(" + precisions[c] + ", " + scales[c] + ")"
                : Columns.SQL_NAMES[kinds[c]];
    }

    static String excerpt(byte[] b, int start, int end) {
        int max = 40;
        if (end - start <= max) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        return new String(b, start, max, StandardCharsets.UTF_8) + "…";
    }
}
