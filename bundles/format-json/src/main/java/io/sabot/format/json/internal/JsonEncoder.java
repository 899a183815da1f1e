package io.sabot.format.json.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.format.text.Bytes;
import io.sabot.format.text.Columns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
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
 * Encodes Arrow rows as JSON objects, one per record, with one Jackson generator for the encoder's life writing
 * into one reusable buffer. Field names are pre-serialised; strings go from the vector's UTF-8 bytes to the
 * generator without a {@code String}; numbers, dates and times are formatted in place.
 */
final class JsonEncoder implements RecordEncoder {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final int[] kinds;
    private final int[] scales;
    private final SerializedString[] names;
    private final boolean plainDecimals;
    private final boolean ignoreNullFields;
    private final char separator;

    private final Output out = new Output();
    private final JsonGenerator generator;
    private final Bytes text = new Bytes(64);
    private final Bytes string = new Bytes(256);
    private char[] chars = new char[64];
    private final FieldVector[] vectors;
    private int[] ends = new int[256];

    JsonEncoder(Schema schema, boolean plainDecimals, boolean ignoreNullFields, boolean isoTimestamps) {
        List<Field> fields = schema.getFields();
        this.kinds = Columns.kinds("json", schema);
        this.scales = new int[kinds.length];
        this.names = new SerializedString[kinds.length];
        for (int c = 0; c < kinds.length; c++) {
            names[c] = new SerializedString(fields.get(c).getName());
            if (kinds[c] == Columns.DECIMAL) {
                scales[c] = ((ArrowType.Decimal) fields.get(c).getType()).getScale();
            }
        }
        this.plainDecimals = plainDecimals;
        this.ignoreNullFields = ignoreNullFields;
        this.separator = isoTimestamps ? 'T' : ' ';
        this.vectors = new FieldVector[kinds.length];
        try {
            this.generator = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null); // records are separate: nothing between the objects
    }

    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords records) {
        List<FieldVector> batchVectors = batch.getFieldVectors();
        if (batchVectors.size() != kinds.length) {
            throw new IllegalArgumentException(
                    "batch has " + batchVectors.size() + " columns, the table " + kinds.length);
        }
        batchVectors.toArray(vectors);
        int rows = batch.getRowCount();
        if (ends.length < rows) {
            ends = new int[Math.max(rows, ends.length * 2)];
        }
        out.count = 0;
        try {
            for (int row = 0; row < rows; row++) {
                generator.writeStartObject();
                for (int c = 0; c < kinds.length; c++) {
                    if (vectors[c].isNull(row)) {
                        if (!ignoreNullFields) {
                            generator.writeFieldName(names[c]);
                            generator.writeNull();
                        }
                    } else {
                        generator.writeFieldName(names[c]);
                        writeValue(c, row);
                    }
                }
                generator.writeEndObject();
                generator.flush();
                ends[row] = out.count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory only; never happens
        }
        int start = 0;
        for (int row = 0; row < rows; row++) {
            records.add(out.array, start, ends[row] - start, row);
            start = ends[row];
        }
    }

    private void writeValue(int c, int row) throws IOException {
        FieldVector vector = vectors[c];
        JsonGenerator g = generator;
        Bytes t = text;
        switch (kinds[c]) {
            case Columns.TINYINT:
                g.writeNumber(((TinyIntVector) vector).get(row));
                return;
            case Columns.SMALLINT:
                g.writeNumber(((SmallIntVector) vector).get(row));
                return;
            case Columns.INT:
                g.writeNumber(((IntVector) vector).get(row));
                return;
            case Columns.BIGINT:
                g.writeNumber(((BigIntVector) vector).get(row));
                return;
            case Columns.FLOAT:
                float f = ((Float4Vector) vector).get(row);
                if (!Float.isFinite(f)) {
                    g.writeString(nonFinite(f));
                    return;
                }
                t.clear();
                t.writeFloat(f);
                writeNumberText();
                return;
            case Columns.DOUBLE:
                double d = ((Float8Vector) vector).get(row);
                if (!Double.isFinite(d)) {
                    g.writeString(nonFinite(d));
                    return;
                }
                t.clear();
                t.writeDouble(d);
                writeNumberText();
                return;
            case Columns.DECIMAL:
                DecimalVector decimal = (DecimalVector) vector;
                ArrowBuf data = decimal.getDataBuffer();
                long low = data.getLong(row * 16L);
                long high = data.getLong(row * 16L + 8);
                t.clear();
                if (LITTLE_ENDIAN && high == (low >> 63)) {
                    t.writeDecimal(low, scales[c], plainDecimals);
                } else {
                    t.writeDecimal(decimal.getObject(row), plainDecimals);
                }
                writeNumberText();
                return;
            case Columns.BOOLEAN:
                g.writeBoolean(((BitVector) vector).get(row) != 0);
                return;
            case Columns.VARCHAR:
                VarCharVector varchar = (VarCharVector) vector;
                int length = varchar.getValueLength(row);
                string.clear();
                string.ensure(length);
                varchar.getDataBuffer().getBytes(varchar.getStartOffset(row), string.array, 0, length);
                g.writeUTF8String(string.array, 0, length);
                return;
            case Columns.DATE:
                t.clear();
                t.writeDate(((DateDayVector) vector).get(row));
                g.writeRawUTF8String(t.array, 0, t.length); // digits and '-': nothing to escape
                return;
            case Columns.TIME:
                t.clear();
                t.writeTime(((TimeMilliVector) vector).get(row), false);
                g.writeRawUTF8String(t.array, 0, t.length);
                return;
            case Columns.TIMESTAMP:
                t.clear();
                t.writeTimestamp(((TimeStampMilliVector) vector).get(row), separator);
                g.writeRawUTF8String(t.array, 0, t.length);
                return;
            default:
                throw new AssertionError(kinds[c]);
        }
    }

    /** Writes the ASCII number in {@link #text} as a JSON number. */
    private void writeNumberText() throws IOException {
        int n = text.length;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        byte[] b = text.array;
        for (int i = 0; i < n; i++) {
            chars[i] = (char) b[i];
        }
        generator.writeNumber(chars, 0, n);
    }

    /** As Jackson writes non-finite numbers by default: quoted. */
    private static String nonFinite(double d) {
        return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
    }

    /** A growable in-memory stream the generator flushes into. */
    private static final class Output extends OutputStream {
        byte[] array = new byte[1 << 16];
        int count;

        private void ensure(int extra) {
            if (count + extra > array.length) {
                array = Arrays.copyOf(array, Math.max(count + extra, array.length * 2));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            array[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, array, count, len);
            count += len;
        }
    }
}
