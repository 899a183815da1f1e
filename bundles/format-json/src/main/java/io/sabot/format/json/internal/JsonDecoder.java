package io.sabot.format.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.format.text.Bytes;
import io.sabot.format.text.Columns;
import io.sabot.format.text.TextParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Decodes JSON objects, one per record, into Arrow vectors with Jackson's non-blocking parser: one parser for the
 * decoder's life is fed record after record, so a record costs no parser, no context and no buffers. Field names
 * come back canonicalised by Jackson, so matching them to columns allocates nothing; values are parsed from the
 * parser's character buffer by hand (numbers, dates, times) or encoded to UTF-8 into the vector (strings).
 *
 * <p>Fields are matched to columns by name, case-sensitively; unknown fields are skipped; a missing field is NULL
 * (or an error with {@code fail-on-missing-field}); when a field appears twice the last one wins.
 */
final class JsonDecoder implements RecordDecoder {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();
    private static final byte[] EMPTY = new byte[0];

    /** Bounds what the parser's symbol table can hold when records bring ever new field names (map-like keys). */
    private static final int RENEW_AFTER_RECORDS = 1 << 16;

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int SKIPPED = 2;

    private final String[] names;
    private final int[] kinds;
    private final int[] precisions;
    private final int[] scales;
    private final Map<String, Integer> columnByName = new HashMap<>();
    private final boolean failOnMissingField;
    private final boolean ignoreParseErrors;

    private final TextParser text = new TextParser();
    private final Bytes scratch = new Bytes(256);
    private final FieldVector[] vectors;
    /** Per column, the stamp of the last record that had the field. */
    private final int[] seen;

    private int stamp;
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    /** Bytes fed to the current parser, to turn its locations into offsets within a record. */
    private long fed;
    /** Records fed to the current parser. */
    private int recordsFed;
    /** Why the current record failed. */
    private String message;

    JsonDecoder(Schema schema, boolean failOnMissingField, boolean ignoreParseErrors) {
        List<Field> fields = schema.getFields();
        this.kinds = Columns.kinds("json", schema);
        this.names = new String[kinds.length];
        this.precisions = new int[kinds.length];
        this.scales = new int[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            Field field = fields.get(c);
            names[c] = field.getName();
            columnByName.putIfAbsent(field.getName(), c);
            if (kinds[c] == Columns.DECIMAL) {
                ArrowType.Decimal decimal = (ArrowType.Decimal) field.getType();
                precisions[c] = decimal.getPrecision();
                scales[c] = decimal.getScale();
            }
        }
        this.vectors = new FieldVector[kinds.length];
        this.seen = new int[kinds.length];
        this.failOnMissingField = failOnMissingField;
        this.ignoreParseErrors = ignoreParseErrors;
        newParser();
    }

    /**
     * Replaces the parser: after a record left it in an unknown state, and now and then, because its symbol table
     * keeps every field name it has seen (closing it merges the names back into the factory's table, within
     * Jackson's limits).
     */
    private void newParser() {
        try {
            if (parser != null) {
                parser.close();
            }
            parser = FACTORY.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no I/O involved; never happens
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        fed = 0;
        recordsFed = 0;
    }

    @Override
    public int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors) {
        List<FieldVector> targetVectors = target.getFieldVectors();
        if (targetVectors.size() != kinds.length) {
            throw new IllegalArgumentException(
                    "batch has " + targetVectors.size() + " columns, the table " + kinds.length);
        }
        targetVectors.toArray(vectors);
        if (recordsFed >= RENEW_AFTER_RECORDS) {
            newParser();
        }
        int first = target.getRowCount();
        int count = records.count();
        recordsFed += count;
        if (first == 0) {
            for (FieldVector vector : vectors) {
                if (vector.getValueCapacity() < count) {
                    vector.setInitialCapacity(count);
                    vector.allocateNew();
                }
            }
        }
        int row = first;
        for (int i = 0; i < count; i++) {
            int from = records.offset(i);
            int status = decodeRecord(records.data(i), from, from + records.length(i), row);
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

    private int decodeRecord(byte[] b, int from, int to, int row) {
        int start = from;
        while (start < to && isWhitespace(b[start])) {
            start++;
        }
        if (start == to) {
            return broken("empty record, expected a JSON object");
        }
        if (b[start] != '{') {
            // checked here: a scalar at the root would leave the streaming parser waiting for more input
            return broken("expected a JSON object, found '" + excerpt(b, start, to) + "'");
        }
        if (++stamp == 0) {
            Arrays.fill(seen, 0);
            stamp = 1;
        }
        long base = fed;
        try {
            feeder.feedInput(b, from, to);
            fed += to - from;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return brokenParser("expected a JSON object");
            }
            int expected = 0;
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_OBJECT) {
                    break;
                }
                if (token != JsonToken.FIELD_NAME) {
                    return brokenParser("truncated JSON object");
                }
                int c = column(parser.currentName(), expected);
                token = parser.nextToken();
                if (token == JsonToken.NOT_AVAILABLE) {
                    return brokenParser("truncated JSON object");
                }
                if (c < 0) {
                    if (!skip(token)) {
                        return brokenParser("truncated JSON object");
                    }
                    continue;
                }
                expected = c + 1;
                seen[c] = stamp;
                int status = readValue(c, token, row, b, from, to, base);
                if (status == SKIPPED) {
                    return brokenParser("truncated JSON object");
                }
                if (status == FAILED) {
                    if (!ignoreParseErrors) {
                        newParser(); // drop the rest of the record
                        return FAILED;
                    }
                    setNull(c, row);
                }
            }
            int rest = parser.releaseBuffered(DISCARD);
            if (rest > 0) {
                for (int i = to - rest; i < to; i++) {
                    if (!isWhitespace(b[i])) {
                        return brokenParser("unexpected content after the JSON object: '" + excerpt(b, i, to) + "'");
                    }
                }
                parser.nextToken(); // consumes the trailing blanks
            }
        } catch (JsonProcessingException e) {
            return brokenParser(e.getOriginalMessage());
        } catch (IOException e) {
            return brokenParser(e.getMessage());
        }
        for (int c = 0; c < kinds.length; c++) {
            if (seen[c] != stamp) {
                if (failOnMissingField) {
                    message = "missing field '" + names[c] + "'";
                    return FAILED;
                }
                setNull(c, row);
            }
        }
        return OK;
    }

    /** The column of a field name: the one after the previous field's is the likely one. */
    private int column(String name, int expected) {
        if (expected < names.length && names[expected].equals(name)) {
            return expected;
        }
        Integer c = columnByName.get(name);
        return c == null ? -1 : c;
    }

    /** Skips the value starting with {@code token}; false if the record ends inside it. */
    private boolean skip(JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return true;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.NOT_AVAILABLE || t == null) {
                return false;
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            }
        }
        return true;
    }

    /**
     * Writes the value starting with {@code token} (consuming all of it) into column {@code c}: OK, FAILED with
     * {@link #message}, or SKIPPED when the record ends inside the value.
     */
    private int readValue(int c, JsonToken token, int row, byte[] record, int from, int to, long base)
            throws IOException {
        int kind = kinds[c];
        if (token == JsonToken.VALUE_NULL) {
            setNull(c, row);
            return OK;
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            if (kind != Columns.VARCHAR) {
                return skip(token)
                        ? fieldError(c, token == JsonToken.START_OBJECT ? "an object" : "an array")
                        : SKIPPED;
            }
            // Flink reads a nested value into a STRING column as its JSON text: copy the record's bytes
            int start = (int) (parser.currentTokenLocation().getByteOffset() - base);
            // the non-blocking parser reports the offset after the opening bracket: step back onto it
            byte open = (byte) (token == JsonToken.START_OBJECT ? '{' : '[');
            while (start > 0 && (start >= to - from || record[from + start] != open)) {
                start--;
            }
            if (!skip(token)) {
                return SKIPPED;
            }
            int end = (int) (parser.currentLocation().getByteOffset() - base);
            ((VarCharVector) vectors[c]).setSafe(row, record, from + start, end - start);
            return OK;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        boolean string = token == JsonToken.VALUE_STRING;
        if (kind == Columns.VARCHAR) {
            utf8(chars, offset, length);
            ((VarCharVector) vectors[c]).setSafe(row, scratch.array, 0, scratch.length);
            return OK;
        }
        boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        boolean bool = token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        // numbers may come as JSON numbers or strings, booleans as true/false or strings, temporals as strings
        boolean accepted;
        switch (kind) {
            case Columns.BOOLEAN:
                accepted = bool || string;
                break;
            case Columns.DATE:
            case Columns.TIME:
            case Columns.TIMESTAMP:
                accepted = string;
                break;
            case Columns.TINYINT:
            case Columns.SMALLINT:
            case Columns.INT:
            case Columns.BIGINT:
                accepted = token == JsonToken.VALUE_NUMBER_INT || string;
                break;
            default:
                accepted = number || string;
        }
        int n = ascii(chars, offset, length);
        byte[] b = scratch.array;
        int start = 0;
        int end = n;
        if (string) {
            while (start < end && TextParser.isBlank(b[start])) {
                start++;
            }
            while (end > start && TextParser.isBlank(b[end - 1])) {
                end--;
            }
            if (start == end) {
                setNull(c, row); // an empty string is NULL for every type but VARCHAR
                return OK;
            }
        }
        if (!accepted) {
            text.problem = null;
            return fieldError(c, null);
        }
        TextParser p = text;
        FieldVector vector = vectors[c];
        switch (kind) {
            case Columns.TINYINT:
                if (!p.parseLong(b, start, end, Byte.MIN_VALUE, Byte.MAX_VALUE)) {
                    return fieldError(c, null);
                }
                ((TinyIntVector) vector).setSafe(row, (byte) p.longValue);
                return OK;
            case Columns.SMALLINT:
                if (!p.parseLong(b, start, end, Short.MIN_VALUE, Short.MAX_VALUE)) {
                    return fieldError(c, null);
                }
                ((SmallIntVector) vector).setSafe(row, (short) p.longValue);
                return OK;
            case Columns.INT:
                if (!p.parseLong(b, start, end, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                    return fieldError(c, null);
                }
                ((IntVector) vector).setSafe(row, (int) p.longValue);
                return OK;
            case Columns.BIGINT:
                if (!p.parseLong(b, start, end, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    return fieldError(c, null);
                }
                ((BigIntVector) vector).setSafe(row, p.longValue);
                return OK;
            case Columns.FLOAT:
                if (!p.parseFloat(b, start, end)) {
                    return fieldError(c, null);
                }
                ((Float4Vector) vector).setSafe(row, p.floatValue);
                return OK;
            case Columns.DOUBLE:
                if (!p.parseDouble(b, start, end)) {
                    return fieldError(c, null);
                }
                ((Float8Vector) vector).setSafe(row, p.doubleValue);
                return OK;
            case Columns.DECIMAL:
                if (!p.parseDecimal(b, start, end, precisions[c], scales[c])) {
                    return fieldError(c, null);
                }
                if (p.bigValue != null) {
                    ((DecimalVector) vector).setSafe(row, p.bigValue);
                } else {
                    ((DecimalVector) vector).setSafe(row, p.longValue);
                }
                return OK;
            case Columns.BOOLEAN:
                if (!p.parseBoolean(b, start, end)) {
                    return fieldError(c, null);
                }
                ((BitVector) vector).setSafe(row, (int) p.longValue);
                return OK;
            case Columns.DATE:
                if (!p.parseDate(b, start, end)) {
                    return fieldError(c, null);
                }
                ((DateDayVector) vector).setSafe(row, (int) p.longValue);
                return OK;
            case Columns.TIME:
                if (!p.parseTime(b, start, end)) {
                    return fieldError(c, null);
                }
                ((TimeMilliVector) vector).setSafe(row, (int) p.longValue);
                return OK;
            case Columns.TIMESTAMP:
                if (!p.parseTimestamp(b, start, end)) {
                    return fieldError(c, null);
                }
                ((TimeStampMilliVector) vector).setSafe(row, p.longValue);
                return OK;
            default:
                throw new AssertionError(kind);
        }
    }

    /** Copies ASCII characters into {@link #scratch} (others become {@code ?}, which no parser accepts). */
    private int ascii(char[] chars, int offset, int length) {
        Bytes out = scratch;
        out.clear();
        out.ensure(length);
        byte[] dst = out.array;
        for (int i = 0; i < length; i++) {
            char ch = chars[offset + i];
            dst[i] = ch < 128 ? (byte) ch : (byte) '?';
        }
        out.length = length;
        return length;
    }

    /** Encodes UTF-16 characters as UTF-8 into {@link #scratch}; a lone surrogate becomes {@code ?}. */
    private void utf8(char[] chars, int offset, int length) {
        Bytes out = scratch;
        out.clear();
        out.ensure(length * 3);
        byte[] dst = out.array;
        int n = 0;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char ch = chars[i];
            if (ch < 0x80) {
                dst[n++] = (byte) ch;
            } else if (ch < 0x800) {
                dst[n++] = (byte) (0xC0 | (ch >> 6));
                dst[n++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(ch, chars[++i]);
                dst[n++] = (byte) (0xF0 | (cp >> 18));
                dst[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                dst[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                dst[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                dst[n++] = '?';
            } else {
                dst[n++] = (byte) (0xE0 | (ch >> 12));
                dst[n++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                dst[n++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        out.length = n;
    }

    private int fieldError(int c, String found) throws IOException {
        String problem;
        if (found != null) {
            problem = "expected " + expectation(c) + ", got " + found;
        } else {
            String got = parser.currentToken() == JsonToken.VALUE_STRING
                    ? "\"" + shorten(parser.getText()) + "\""
                    : shorten(parser.getText());
            problem = text.problem == TextParser.OUT_OF_RANGE
                    ? "out of range for " + typeName(c) + ", got " + got
                    : "expected " + expectation(c) + ", got " + got;
        }
        message = "column '" + names[c] + "': " + problem;
        return FAILED;
    }

    private String expectation(int c) {
        switch (kinds[c]) {
            case Columns.TINYINT:
            case Columns.SMALLINT:
            case Columns.INT:
            case Columns.BIGINT:
                return "an integer";
            case Columns.FLOAT:
            case Columns.DOUBLE:
            case Columns.DECIMAL:
                return "a number";
            case Columns.BOOLEAN:
                return "true or false";
            case Columns.DATE:
                return "a date string yyyy-MM-dd";
            case Columns.TIME:
                return "a time string HH:mm:ss[.SSS]";
            case Columns.TIMESTAMP:
                return "a timestamp string yyyy-MM-dd HH:mm:ss[.SSS]";
            default:
                return "a string";
        }
    }

    private String typeName(int c) {
        return kinds[c] == Columns.DECIMAL
                ? "DECIMAL(" + precisions[c] + ", " + scales[c] + ")"
                : Columns.SQL_NAMES[kinds[c]];
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** A record that is not a JSON object: reported, or skipped with ignore-parse-errors. */
    private int broken(String why) {
        if (ignoreParseErrors) {
            return SKIPPED;
        }
        message = why;
        return FAILED;
    }

    /** Like {@link #broken}, after a failure that leaves the parser in an unknown state. */
    private int brokenParser(String why) {
        newParser();
        return broken(why);
    }

    private void setNull(int c, int row) {
        FieldVector vector = vectors[c];
        if (kinds[c] == Columns.VARCHAR) {
            VarCharVector varchar = (VarCharVector) vector;
            varchar.setSafe(row, EMPTY, 0, 0);
            BitVectorHelper.unsetBit(varchar.getValidityBuffer(), row);
        } else {
            ((BaseFixedWidthVector) vector).setNull(row);
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String excerpt(byte[] b, int start, int end) {
        int max = 40;
        if (end - start <= max) {
            return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        return new String(b, start, max, StandardCharsets.UTF_8) + "…";
    }
}
