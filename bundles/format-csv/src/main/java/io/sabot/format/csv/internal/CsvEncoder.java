package io.sabot.format.csv.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.EncodeErrors;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.format.text.Bytes;
import io.sabot.format.text.Columns;
import io.sabot.plugin.PluginException;
import java.nio.ByteOrder;
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
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes Arrow rows as CSV records in the dialect the decoder reads: values are formatted straight into one
 * reusable buffer, and a field is quoted only when it must be (it holds the delimiter, the quote or escape
 * character, a line break, equals the null literal, is an empty string, or would start a comment line).
 */
final class CsvEncoder implements RecordEncoder {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** The characters each kind's text form may contain, to know which columns need the quoting check. */
    private static final String[] CHARACTERS = {
        "0123456789-",
        "0123456789-",
        "0123456789-",
        "0123456789-",
        "0123456789-+.EeNaInfity",
        "0123456789-+.EeNaInfity",
        "0123456789-+.E",
        "truefals",
        "",
        "0123456789-+",
        "0123456789:.",
        "0123456789-+:. T"
    };

    private final String[] names;
    private final int[] kinds;
    private final int[] scales;
    private final boolean[] mayNeedQuotes;
    private final byte delimiter;
    private final int quote;
    private final int escape;
    private final boolean allowComments;
    private final byte[] nullLiteral;
    private final boolean plainDecimals;

    private final Bytes out = new Bytes(1 << 16);
    private final Bytes text = new Bytes(256);
    private final FieldVector[] vectors;
    private int[] ends = new int[256];

    CsvEncoder(Schema schema, CsvOptions.Dialect dialect) {
        this.kinds = Columns.kinds("csv", schema);
        this.names = new String[kinds.length];
        this.scales = new int[kinds.length];
        this.mayNeedQuotes = new boolean[kinds.length];
        this.delimiter = dialect.delimiter();
        this.quote = dialect.quote();
        this.escape = dialect.escape();
        this.allowComments = dialect.allowComments();
        this.nullLiteral = dialect.nullLiteral();
        this.plainDecimals = dialect.plainDecimals();
        for (int c = 0; c < kinds.length; c++) {
            names[c] = schema.getFields().get(c).getName();
            if (kinds[c] == Columns.DECIMAL) {
                scales[c] = ((ArrowType.Decimal) schema.getFields().get(c).getType()).getScale();
            }
            String characters = CHARACTERS[kinds[c]];
            mayNeedQuotes[c] = nullLiteral != null
                    || characters.indexOf(delimiter) >= 0
                    || (quote >= 0 && characters.indexOf(quote) >= 0)
                    || (escape >= 0 && characters.indexOf(escape) >= 0);
        }
        this.vectors = new FieldVector[kinds.length];
    }

    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords records) {
        encode(batch, records, null);
    }

    /** Encodes the batch; a row the dialect cannot represent goes to {@code errors}, or fails it when that is null. */
    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords records, EncodeErrors errors) {
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
        Bytes o = out;
        o.clear();
        for (int row = 0; row < rows; row++) {
            int start = o.length;
            try {
                for (int c = 0; c < kinds.length; c++) {
                    if (c > 0) {
                        o.write(delimiter);
                    }
                    writeField(c, row);
                }
                ends[row] = o.length;
            } catch (Unwritable e) {
                if (errors == null) {
                    throw new PluginException("format 'csv' cannot write row " + row + ": " + e.getMessage(), false);
                }
                o.length = start; // the row adds no record
                ends[row] = -1;
                errors.onError(row, e.getMessage());
            }
        }
        // the buffer may have grown while writing: reference the final array only
        int start = 0;
        for (int row = 0; row < rows; row++) {
            if (ends[row] >= 0) {
                records.add(o.array, start, ends[row] - start, row);
                start = ends[row];
            }
        }
    }

    private void writeField(int c, int row) {
        FieldVector vector = vectors[c];
        if (vector.isNull(row)) {
            if (nullLiteral != null) {
                out.write(nullLiteral, 0, nullLiteral.length);
            }
            return;
        }
        if (kinds[c] == Columns.VARCHAR) {
            VarCharVector varchar = (VarCharVector) vector;
            int start = varchar.getStartOffset(row);
            int length = varchar.getValueLength(row);
            text.clear();
            text.ensure(length);
            varchar.getDataBuffer().getBytes(start, text.array, 0, length);
            text.length = length;
            writeText(c, text.array, length);
        } else if (mayNeedQuotes[c]) {
            text.clear();
            writeValue(text, c, row);
            writeText(c, text.array, text.length);
        } else {
            writeValue(out, c, row);
        }
    }

    private void writeValue(Bytes o, int c, int row) {
        FieldVector vector = vectors[c];
        switch (kinds[c]) {
            case Columns.TINYINT:
                o.writeLong(((TinyIntVector) vector).get(row));
                break;
            case Columns.SMALLINT:
                o.writeLong(((SmallIntVector) vector).get(row));
                break;
            case Columns.INT:
                o.writeLong(((IntVector) vector).get(row));
                break;
            case Columns.BIGINT:
                o.writeLong(((BigIntVector) vector).get(row));
                break;
            case Columns.FLOAT:
                o.writeFloat(((Float4Vector) vector).get(row));
                break;
            case Columns.DOUBLE:
                o.writeDouble(((Float8Vector) vector).get(row));
                break;
            case Columns.DECIMAL:
                DecimalVector decimal = (DecimalVector) vector;
                ArrowBuf data = decimal.getDataBuffer();
                long low = data.getLong(row * 16L);
                long high = data.getLong(row * 16L + 8);
                if (LITTLE_ENDIAN && high == (low >> 63)) {
                    o.writeDecimal(low, scales[c], plainDecimals);
                } else {
                    o.writeDecimal(decimal.getObject(row), plainDecimals);
                }
                break;
            case Columns.BOOLEAN:
                o.writeAscii(((BitVector) vector).get(row) != 0 ? "true" : "false");
                break;
            case Columns.DATE:
                o.writeDate(((DateDayVector) vector).get(row));
                break;
            case Columns.TIME:
                o.writeTime(((TimeMilliVector) vector).get(row), false);
                break;
            case Columns.TIMESTAMP:
                o.writeTimestamp(((TimeStampMilliVector) vector).get(row), ' ');
                break;
            default:
                throw new AssertionError(kinds[c]);
        }
    }

    /** Writes {@code length} bytes of {@code b} as field {@code c}, quoted or escaped where needed. */
    private void writeText(int c, byte[] b, int length) {
        Bytes o = out;
        if (length == 0) {
            // an empty string; NULL is the empty field unless there is a null literal
            if (nullLiteral == null && quote >= 0) {
                o.write(quote);
                o.write(quote);
            }
            return;
        }
        boolean protect =
                (nullLiteral != null && equals(b, length, nullLiteral)) || (allowComments && c == 0 && b[0] == '#');
        boolean special = false;
        for (int i = 0; i < length; i++) {
            byte x = b[i];
            if (x == delimiter || x == '\n' || x == '\r' || x == quote || x == escape) {
                special = true;
                break;
            }
        }
        if (!special && !protect) {
            o.write(b, 0, length);
            return;
        }
        if (quote >= 0) {
            o.ensure(2 * length + 2);
            o.write(quote);
            for (int i = 0; i < length; i++) {
                byte x = b[i];
                if (x == quote) {
                    o.write(escape >= 0 ? escape : quote);
                } else if (x == escape) {
                    o.write(escape);
                }
                o.write(x);
            }
            o.write(quote);
        } else if (escape >= 0) {
            o.ensure(2 * length);
            for (int i = 0; i < length; i++) {
                byte x = b[i];
                if ((i == 0 && protect) || x == delimiter || x == escape || x == '\n' || x == '\r') {
                    o.write(escape);
                }
                o.write(x);
            }
        } else {
            throw new Unwritable("column '" + names[c] + "': the value "
                    + (protect
                            ? "would read back as NULL or a comment"
                            : "contains the field delimiter or a line break")
                    + ", and quoting is disabled without an escape character (format 'csv')");
        }
    }

    /** A value this dialect cannot write; rare, so an exception without a stack trace is cheap enough. */
    private static final class Unwritable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unwritable(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean equals(byte[] b, int length, byte[] literal) {
        if (length != literal.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[i] != literal[i]) {
                return false;
            }
        }
        return true;
    }
}
