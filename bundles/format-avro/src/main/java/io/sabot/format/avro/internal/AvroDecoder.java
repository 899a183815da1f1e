package io.sabot.format.avro.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.RecordDecoder;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.avro.Schema;

/**
 * Decodes Avro binary records straight from their bytes into Arrow vectors: the fields of the writer schema in order,
 * each read by the {@link AvroPlan}'s instructions (an {@code int} switch, no per-value object), strings and bytes
 * copied once from the record into the vector. Fields that are no column are stepped over by their schema.
 *
 * <p>Strict where Avro's own reader is lenient: a boolean byte other than 0 or 1, a time of day outside the day, a
 * decimal with more digits than its precision, and bytes left after the last field make the record fail, since each
 * means the record was not written with this schema.
 */
final class AvroDecoder implements RecordDecoder {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final byte[] EMPTY = new byte[0];
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final AvroPlan plan;
    private final int[] kinds;
    private final int[] columns;
    private final int[] ops;
    private final int[] nullBranches;
    private final int[] fixedSizes;
    private final boolean[] micros;
    private final FieldVector[] vectors;

    // the record being decoded
    private byte[] b;
    private int start;
    private int pos;
    private int end;
    private int field;
    /** Where the current field starts, for messages. */
    private int fieldStart;

    AvroDecoder(AvroPlan plan) {
        this.plan = plan;
        this.kinds = plan.kinds;
        this.columns = plan.columns;
        this.ops = plan.ops;
        this.nullBranches = plan.nullBranches;
        this.fixedSizes = plan.fixedSizes;
        this.micros = plan.micros;
        this.vectors = new FieldVector[kinds.length];
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
        ensureCapacity(first, first + count);
        field = -1;
        fieldStart = 0;
        int row = first;
        for (int i = 0; i < count; i++) {
            b = records.data(i);
            start = records.offset(i);
            pos = start;
            end = start + records.length(i);
            try {
                decodeRecord(row);
                row++;
            } catch (Malformed e) {
                errors.onError(i, e.getMessage());
            }
        }
        b = null;
        target.setRowCount(row);
        return row - first;
    }

    /** Room for rows up to {@code needed} in every vector, so that fixed-width values are set without checks. */
    private void ensureCapacity(int first, int needed) {
        for (FieldVector vector : vectors) {
            if (first == 0 && vector.getValueCapacity() < needed) {
                vector.setInitialCapacity(needed);
                vector.allocateNew();
            }
            while (vector.getValueCapacity() < needed) {
                vector.reAlloc();
            }
        }
    }

    private void decodeRecord(int row) {
        for (int f = 0; f < columns.length; f++) {
            field = f;
            fieldStart = pos;
            int c = columns[f];
            if (c < 0) {
                skip(plan.skip[f]);
                continue;
            }
            int nullBranch = nullBranches[f];
            if (nullBranch >= 0) {
                int branch = readInt();
                if (branch == nullBranch) {
                    setNull(c, row);
                    continue;
                }
                if (branch != 1 - nullBranch) {
                    throw malformed("union branch " + branch + ", the field's union has 2");
                }
            }
            readValue(f, c, row);
        }
        if (pos != end) {
            field = -1;
            fieldStart = pos;
            throw malformed((end - pos) + " bytes left after the last field (a record of another schema?)");
        }
    }

    private void readValue(int f, int c, int row) {
        FieldVector vector = vectors[c];
        int op = ops[f];
        switch (kinds[c]) {
            case AvroPlan.BOOLEAN: {
                int v = next();
                if (v > 1) {
                    throw malformed("boolean byte " + v + ", expected 0 or 1");
                }
                ((BitVector) vector).set(row, v);
                return;
            }
            case AvroPlan.TINYINT: {
                int v = readInt();
                if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                    throw malformed(v + " is out of range for TINYINT");
                }
                ((TinyIntVector) vector).set(row, (byte) v);
                return;
            }
            case AvroPlan.SMALLINT: {
                int v = readInt();
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw malformed(v + " is out of range for SMALLINT");
                }
                ((SmallIntVector) vector).set(row, (short) v);
                return;
            }
            case AvroPlan.INT:
                ((IntVector) vector).set(row, readInt());
                return;
            case AvroPlan.BIGINT:
                ((BigIntVector) vector).set(row, op == AvroPlan.A_INT ? readInt() : readLong());
                return;
            case AvroPlan.FLOAT:
                ((Float4Vector) vector)
                        .set(
                                row,
                                op == AvroPlan.A_FLOAT
                                        ? readFloat()
                                        : op == AvroPlan.A_INT ? (float) readInt() : (float) readLong());
                return;
            case AvroPlan.DOUBLE: {
                double v;
                if (op == AvroPlan.A_DOUBLE) {
                    v = readDouble();
                } else if (op == AvroPlan.A_FLOAT) {
                    v = readFloat();
                } else {
                    v = op == AvroPlan.A_INT ? readInt() : (double) readLong();
                }
                ((Float8Vector) vector).set(row, v);
                return;
            }
            case AvroPlan.DECIMAL:
                readDecimal((DecimalVector) vector, c, row, op == AvroPlan.A_FIXED ? fixedSizes[f] : readLength());
                return;
            case AvroPlan.STRING:
            case AvroPlan.BYTES: {
                int length = readLength();
                ((BaseVariableWidthVector) vector).setSafe(row, b, pos, length);
                pos += length;
                return;
            }
            case AvroPlan.DATE:
                ((DateDayVector) vector).set(row, readInt());
                return;
            case AvroPlan.TIME: {
                long v = op == AvroPlan.A_INT ? readInt() : Math.floorDiv(readLong(), 1000L);
                if (v < 0 || v >= MILLIS_PER_DAY) {
                    throw malformed("time of day " + v + " ms is outside 0 to 86399999");
                }
                ((TimeMilliVector) vector).set(row, (int) v);
                return;
            }
            default: { // TIMESTAMP, TIMESTAMP_LTZ
                long v = readLong();
                ((TimeStampVector) vector).set(row, micros[f] ? Math.floorDiv(v, 1000L) : v);
            }
        }
    }

    /** An Avro decimal: the unscaled value as big-endian two's complement, into Arrow's 128-bit little-endian slot. */
    private void readDecimal(DecimalVector vector, int c, int row, int length) {
        if (length == 0) {
            throw malformed("a decimal of 0 bytes");
        }
        if (end - pos < length) {
            throw truncated();
        }
        int p = pos;
        int last = pos + length;
        long sign = b[p] < 0 ? -1L : 0L;
        if (length > 16) {
            // only sign bytes may precede the last 16
            for (int i = p; i < last - 16; i++) {
                if (b[i] != (byte) sign) {
                    throw malformed(decimalTooLarge(c, p, length));
                }
            }
            if ((b[last - 16] < 0 ? -1L : 0L) != sign) {
                throw malformed(decimalTooLarge(c, p, length));
            }
            p = last - 16;
        }
        long hi = sign;
        long lo = sign;
        for (int i = p; i < last; i++) {
            hi = (hi << 8) | (lo >>> 56);
            lo = (lo << 8) | (b[i] & 0xFF);
        }
        int precision = plan.precisions[c];
        boolean fits;
        if (hi == (lo >> 63)) { // fits in a long
            fits = precision >= 19 || (lo != Long.MIN_VALUE && Math.abs(lo) < POWERS_OF_TEN[precision]);
        } else {
            fits = precision > 18
                    && new BigInteger(Arrays.copyOfRange(b, pos, last)).abs().compareTo(BigInteger.TEN.pow(precision))
                            < 0; // rare: more than 18 digits
        }
        if (!fits) {
            throw malformed(decimalTooLarge(c, pos, length));
        }
        pos = last;
        if (LITTLE_ENDIAN) {
            ArrowBuf data = vector.getDataBuffer();
            long offset = (long) row * DecimalVector.TYPE_WIDTH;
            data.setLong(offset, lo);
            data.setLong(offset + 8, hi);
            BitVectorHelper.setBit(vector.getValidityBuffer(), row);
        } else {
            vector.setBigEndian(row, Arrays.copyOfRange(b, last - length, last));
        }
    }

    private String decimalTooLarge(int c, int from, int length) {
        String digits = new java.math.BigDecimal(
                        new BigInteger(Arrays.copyOfRange(b, from, from + length)), plan.scales[c])
                .toPlainString();
        return digits + " does not fit " + plan.sqlName(c);
    }

    private void setNull(int c, int row) {
        FieldVector vector = vectors[c];
        if (vector instanceof BaseVariableWidthVector variable) {
            variable.setSafe(row, EMPTY, 0, 0);
            BitVectorHelper.unsetBit(variable.getValidityBuffer(), row);
        } else {
            ((BaseFixedWidthVector) vector).setNull(row);
        }
    }

    /** Steps over a value of {@code schema}: fields that are no column, in any Avro type. */
    private void skip(Schema schema) {
        switch (schema.getType()) {
            case NULL:
                return;
            case BOOLEAN:
                skipBytes(1);
                return;
            case INT:
                readInt();
                return;
            case LONG:
                readLong();
                return;
            case FLOAT:
                skipBytes(4);
                return;
            case DOUBLE:
                skipBytes(8);
                return;
            case STRING:
            case BYTES:
                skipBytes(readLength());
                return;
            case FIXED:
                skipBytes(schema.getFixedSize());
                return;
            case ENUM:
                readInt();
                return;
            case RECORD:
                for (Schema.Field f : schema.getFields()) {
                    skip(f.schema());
                }
                return;
            case UNION: {
                int branch = readInt();
                List<Schema> branches = schema.getTypes();
                if (branch < 0 || branch >= branches.size()) {
                    throw malformed("union branch " + branch + ", the field's union has " + branches.size());
                }
                skip(branches.get(branch));
                return;
            }
            case ARRAY:
            case MAP: {
                // blocks of items, each block's count first (negative: followed by its size in bytes), 0 ends
                for (long items = readLong(); items != 0; items = readLong()) {
                    if (items < 0) {
                        readLong();
                        items = -items;
                    }
                    for (long i = 0; i < items; i++) {
                        if (schema.getType() == Schema.Type.MAP) {
                            skipBytes(readLength());
                            skip(schema.getValueType());
                        } else {
                            skip(schema.getElementType());
                        }
                    }
                }
                return;
            }
            default:
                throw new IllegalStateException("unknown Avro type " + schema.getType());
        }
    }

    private void skipBytes(int n) {
        if (end - pos < n) {
            throw truncated();
        }
        pos += n;
    }

    private int next() {
        if (pos >= end) {
            throw truncated();
        }
        return b[pos++] & 0xFF;
    }

    /** A zig-zag variable-length int: at most 5 bytes. */
    private int readInt() {
        int n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int x = next();
            n |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw malformed("an int of more than 5 bytes");
    }

    /** A zig-zag variable-length long: at most 10 bytes. */
    private long readLong() {
        long n = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            long x = next();
            n |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw malformed("a long of more than 10 bytes");
    }

    /** The length of a string or bytes value, checked against what is left of the record. */
    private int readLength() {
        long length = readLong();
        if (length < 0) {
            throw malformed("a length of " + length);
        }
        if (length > end - pos) {
            throw truncated();
        }
        return (int) length;
    }

    private float readFloat() {
        if (end - pos < 4) {
            throw truncated();
        }
        return Float.intBitsToFloat(littleEndianInt(pos));
    }

    private double readDouble() {
        if (end - pos < 8) {
            throw truncated();
        }
        long lo = littleEndianInt(pos) & 0xFFFFFFFFL;
        long hi = littleEndianInt(pos) & 0xFFFFFFFFL;
        return Double.longBitsToDouble(lo | (hi << 32));
    }

    /** The 4 bytes at {@code p}, little-endian; advances {@link #pos} past them. */
    private int littleEndianInt(int p) {
        pos = p + 4;
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private Malformed truncated() {
        return malformed("the record ends after " + (end - start) + " bytes");
    }

    private Malformed malformed(String what) {
        String where = field < 0 ? "" : "field '" + plan.fieldNames[field] + "' ";
        return new Malformed(where + "at byte " + (fieldStart - start) + ": " + what);
    }

    /** A record that does not decode; its message names the field and byte. Thrown and caught per record. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
