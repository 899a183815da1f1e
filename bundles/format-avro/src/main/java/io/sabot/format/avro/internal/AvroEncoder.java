package io.sabot.format.avro.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.PluginException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Encodes Arrow rows as Avro binary records (no container, no schema id), all of a batch into one reusable buffer,
 * values read from the vectors and written by hand: zig-zag varints, little-endian floats, strings and bytes copied
 * from the vector's data buffer, decimals as their minimal big-endian two's complement (as Avro's own conversion).
 */
final class AvroEncoder implements RecordEncoder {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final AvroPlan plan;
    private final int[] kinds;
    private final int[] columns;
    private final int[] ops;
    private final int[] nullBranches;
    private final int[] fixedSizes;
    private final boolean[] micros;
    private final FieldVector[] vectors;
    private final byte[] decimal = new byte[16];

    private byte[] out = new byte[4096];
    private int pos;
    private int[] ends = new int[256];

    AvroEncoder(AvroPlan plan) {
        this.plan = plan;
        this.kinds = plan.kinds;
        this.columns = plan.columns;
        this.ops = plan.ops;
        this.nullBranches = plan.nullBranches;
        this.fixedSizes = plan.fixedSizes;
        this.micros = plan.micros;
        this.vectors = new FieldVector[kinds.length];
    }

    /**
     * @throws PluginException when a NULL meets a field of the user's schema that is not nullable, naming the column
     *     and the row
     */
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
        pos = 0;
        for (int row = 0; row < rows; row++) {
            for (int f = 0; f < columns.length; f++) {
                int c = columns[f];
                int nullBranch = nullBranches[f];
                if (c < 0 || vectors[c].isNull(row)) {
                    if (nullBranch < 0) {
                        if (c < 0) {
                            continue; // a field of type null: nothing to write
                        }
                        throw new PluginException(
                                "format 'avro': column '" + plan.columnNames[c] + "' is NULL in row " + row
                                        + ", but field '" + plan.fieldNames[f] + "' of 'avro.schema' is not "
                                        + "nullable (declare it as [\"null\", …])",
                                false);
                    }
                    writeLong(nullBranch);
                    continue;
                }
                if (nullBranch >= 0) {
                    writeLong(1 - nullBranch);
                }
                writeValue(f, c, row);
            }
            ends[row] = pos;
        }
        int start = 0;
        for (int row = 0; row < rows; row++) {
            records.add(out, start, ends[row] - start, row);
            start = ends[row];
        }
    }

    private void writeValue(int f, int c, int row) {
        FieldVector vector = vectors[c];
        int op = ops[f];
        switch (kinds[c]) {
            case AvroPlan.BOOLEAN:
                ensure(1);
                out[pos++] = (byte) ((BitVector) vector).get(row);
                return;
            case AvroPlan.TINYINT:
                writeLong(((TinyIntVector) vector).get(row));
                return;
            case AvroPlan.SMALLINT:
                writeLong(((SmallIntVector) vector).get(row));
                return;
            case AvroPlan.INT:
                writeLong(((IntVector) vector).get(row));
                return;
            case AvroPlan.BIGINT:
                writeLong(((BigIntVector) vector).get(row));
                return;
            case AvroPlan.FLOAT: {
                float v = ((Float4Vector) vector).get(row);
                if (op == AvroPlan.A_DOUBLE) {
                    writeDouble(v);
                } else {
                    writeLittleEndianInt(Float.floatToRawIntBits(v));
                }
                return;
            }
            case AvroPlan.DOUBLE:
                writeDouble(((Float8Vector) vector).get(row));
                return;
            case AvroPlan.DECIMAL:
                writeDecimal((DecimalVector) vector, f, c, row, op == AvroPlan.A_FIXED);
                return;
            case AvroPlan.STRING:
            case AvroPlan.BYTES: {
                BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
                long from = variable.getStartOffset(row);
                int length = variable.getValueLength(row);
                writeLong(length);
                ensure(length);
                variable.getDataBuffer().getBytes(from, out, pos, length);
                pos += length;
                return;
            }
            case AvroPlan.DATE:
                writeLong(((DateDayVector) vector).get(row));
                return;
            case AvroPlan.TIME: {
                long millis = ((TimeMilliVector) vector).get(row);
                writeLong(micros[f] ? millis * 1000L : millis);
                return;
            }
            default: { // TIMESTAMP, TIMESTAMP_LTZ
                long millis = ((TimeStampVector) vector).get(row);
                writeLong(micros[f] ? Math.multiplyExact(millis, 1000L) : millis);
            }
        }
    }

    /** The unscaled value as big-endian two's complement: minimal for bytes, sign-extended to the size for fixed. */
    private void writeDecimal(DecimalVector vector, int f, int c, int row, boolean fixed) {
        byte[] d = decimal;
        long lo;
        long hi;
        if (LITTLE_ENDIAN) {
            ArrowBuf data = vector.getDataBuffer();
            long offset = (long) row * DecimalVector.TYPE_WIDTH;
            lo = data.getLong(offset);
            hi = data.getLong(offset + 8);
        } else {
            java.math.BigInteger unscaled = vector.getObject(row).unscaledValue();
            lo = unscaled.longValue();
            hi = unscaled.shiftRight(64).longValue();
        }
        for (int i = 0; i < 8; i++) {
            d[i] = (byte) (hi >>> (56 - 8 * i));
            d[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        int first = 0; // drop leading bytes that only repeat the sign
        while (first < 15 && ((d[first] == 0 && d[first + 1] >= 0) || (d[first] == (byte) -1 && d[first + 1] < 0))) {
            first++;
        }
        int length = 16 - first;
        if (fixed) {
            int size = fixedSizes[f];
            if (length > size) {
                throw new PluginException(
                        "format 'avro': the value of column '" + plan.columnNames[c] + "' in row " + row
                                + " needs " + length + " bytes, field '" + plan.fieldNames[f] + "' is fixed to "
                                + size,
                        false);
            }
            ensure(size);
            Arrays.fill(out, pos, pos + size - length, d[first] < 0 ? (byte) -1 : 0);
            pos += size - length;
        } else {
            writeLong(length);
            ensure(length);
        }
        System.arraycopy(d, first, out, pos, length);
        pos += length;
    }

    private void writeDouble(double v) {
        long bits = Double.doubleToRawLongBits(v);
        writeLittleEndianInt((int) bits);
        writeLittleEndianInt((int) (bits >>> 32));
    }

    private void writeLittleEndianInt(int v) {
        ensure(4);
        byte[] o = out;
        int p = pos;
        o[p] = (byte) v;
        o[p + 1] = (byte) (v >>> 8);
        o[p + 2] = (byte) (v >>> 16);
        o[p + 3] = (byte) (v >>> 24);
        pos = p + 4;
    }

    /** A zig-zag variable-length long (an int is the same for its values). */
    private void writeLong(long value) {
        ensure(10);
        long n = (value << 1) ^ (value >> 63);
        byte[] o = out;
        int p = pos;
        while ((n & ~0x7FL) != 0) {
            o[p++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        o[p++] = (byte) n;
        pos = p;
    }

    private void ensure(int n) {
        if (out.length - pos < n) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, pos + n));
        }
    }
}
