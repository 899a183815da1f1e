package io.sabot.state.spi.codec;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes rows of flat Arrow columns as bytes and back: the key and value encoding of the {@code rocksdb} and {@code
 * memory} state backends, shared here so that both compare keys by the same bytes. Per column: a null flag byte, then the value: the fixed-width
 * bytes as Arrow stores them, one byte for a boolean, or a 4-byte length and the bytes of a variable-width value. The
 * encoding is self-delimiting, so an encoded key is never a prefix of another key's encoding (prefix scans of one
 * key's list or map entries cannot reach into another key's), and equal values have equal bytes (the runtime
 * normalises floating point before keys reach the backend).
 *
 * <p>Works column by column over a whole batch ({@link #encodedLengths}, {@link #encode}), so the per-row cost is a
 * switch and a buffer copy, not a virtual call per value. {@link #encode} writes each row at its own position of its
 * own output array; passing the same array for every row with disjoint positions encodes a whole batch into one
 * buffer, without an allocation per row.
 *
 * <p>Not thread-safe only in the sense that the vectors it reads and writes are not; the codec itself is immutable.
 *
 * @since 1.0
 */
public final class RowCodec {

    private static final byte FIXED = 0;
    private static final byte BIT = 1;
    private static final byte VARIABLE = 2;
    private static final byte LARGE_VARIABLE = 3;

    private final byte[] kinds;
    private final int[] widths;

    /**
     * A codec for the fields of {@code schema}.
     *
     * @throws IllegalArgumentException naming the first column whose type cannot be encoded (nested types)
     */
    public RowCodec(Schema schema) {
        this(schema.getFields());
    }

    /**
     * A codec for {@code fields}, in order.
     *
     * @throws IllegalArgumentException naming the first column whose type cannot be encoded (nested types)
     */
    public RowCodec(List<Field> fields) {
        kinds = new byte[fields.size()];
        widths = new int[fields.size()];
        for (int c = 0; c < fields.size(); c++) {
            Field f = fields.get(c);
            switch (f.getType().getTypeID()) {
                case Bool -> kinds[c] = BIT;
                case Utf8, Binary -> kinds[c] = VARIABLE;
                case LargeUtf8, LargeBinary -> kinds[c] = LARGE_VARIABLE;
                case Int, FloatingPoint, Decimal, Date, Time, Timestamp, Interval, Duration, FixedSizeBinary -> {
                    kinds[c] = FIXED;
                    widths[c] = fixedWidth(f);
                }
                default -> throw new IllegalArgumentException("column '" + f.getName() + "' has type " + f.getType()
                        + ", which a state backend cannot store yet");
            }
        }
    }

    private static int fixedWidth(Field f) {
        ArrowType t = f.getType();
        return switch (t.getTypeID()) {
            case Int -> ((ArrowType.Int) t).getBitWidth() / 8;
            case FloatingPoint -> ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.DOUBLE
                    ? 8
                    : ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.SINGLE ? 4 : 2;
            case Decimal -> ((ArrowType.Decimal) t).getBitWidth() / 8;
            case Date -> ((ArrowType.Date) t).getUnit() == DateUnit.DAY ? 4 : 8;
            case Time -> ((ArrowType.Time) t).getBitWidth() / 8;
            case Interval -> switch (((ArrowType.Interval) t).getUnit()) {
                case YEAR_MONTH -> 4;
                case DAY_TIME -> 8;
                case MONTH_DAY_NANO -> 16;
            };
            case FixedSizeBinary -> ((ArrowType.FixedSizeBinary) t).getByteWidth();
            default -> 8; // Timestamp, Duration
        };
    }

    /** The number of columns this codec encodes. */
    public int columns() {
        return kinds.length;
    }

    /** Adds the encoded length of columns {@code vectors[from…from+columns)} at each row to {@code lengths[row]}. */
    public void addLengths(List<FieldVector> vectors, int from, int rows, int[] lengths) {
        for (int c = 0; c < kinds.length; c++) {
            FieldVector v = vectors.get(from + c);
            byte kind = kinds[c];
            for (int r = 0; r < rows; r++) {
                int len = 1;
                if (!v.isNull(r)) {
                    len += switch (kind) {
                        case FIXED -> widths[c];
                        case BIT -> 1;
                        case VARIABLE -> {
                            ArrowBuf offsets = ((BaseVariableWidthVector) v).getOffsetBuffer();
                            yield 4 + offsets.getInt((long) (r + 1) * 4) - offsets.getInt((long) r * 4);
                        }
                        default -> {
                            ArrowBuf offsets = ((BaseLargeVariableWidthVector) v).getOffsetBuffer();
                            yield 4 + (int) (offsets.getLong((long) (r + 1) * 8) - offsets.getLong((long) r * 8));
                        }
                    };
                }
                lengths[r] += len;
            }
        }
    }

    /**
     * Writes columns {@code vectors[from…)} of every row into {@code out[r]} at {@code positions[r]}, advancing the
     * positions.
     */
    public void encode(List<FieldVector> vectors, int from, int rows, byte[][] out, int[] positions) {
        for (int c = 0; c < kinds.length; c++) {
            FieldVector v = vectors.get(from + c);
            byte kind = kinds[c];
            for (int r = 0; r < rows; r++) {
                byte[] b = out[r];
                int p = positions[r];
                if (v.isNull(r)) {
                    b[p] = 0;
                    positions[r] = p + 1;
                    continue;
                }
                b[p++] = 1;
                switch (kind) {
                    case FIXED -> {
                        int w = widths[c];
                        v.getDataBuffer().getBytes((long) r * w, b, p, w);
                        p += w;
                    }
                    case BIT -> b[p++] = (byte) ((BitVector) v).get(r);
                    case VARIABLE -> {
                        ArrowBuf offsets = v.getOffsetBuffer();
                        int start = offsets.getInt((long) r * 4);
                        int len = offsets.getInt((long) (r + 1) * 4) - start;
                        p = putInt(b, p, len);
                        v.getDataBuffer().getBytes(start, b, p, len);
                        p += len;
                    }
                    default -> {
                        ArrowBuf offsets = v.getOffsetBuffer();
                        long start = offsets.getLong((long) r * 8);
                        int len = (int) (offsets.getLong((long) (r + 1) * 8) - start);
                        p = putInt(b, p, len);
                        v.getDataBuffer().getBytes(start, b, p, len);
                        p += len;
                    }
                }
                positions[r] = p;
            }
        }
    }

    /**
     * Reads one encoded row from {@code b} at {@code p} into row {@code row} of {@code vectors[from…)}; returns the
     * position after it. Rows must be written in increasing order (variable-width vectors need it).
     */
    public int decode(byte[] b, int p, List<FieldVector> vectors, int from, int row) {
        for (int c = 0; c < kinds.length; c++) {
            FieldVector v = vectors.get(from + c);
            if (b[p++] == 0) {
                setNull(v, row);
                continue;
            }
            switch (kinds[c]) {
                case FIXED -> {
                    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
                    while (row >= f.getValueCapacity()) {
                        f.reAlloc();
                    }
                    int w = widths[c];
                    f.getDataBuffer().setBytes((long) row * w, b, p, w);
                    BitVectorHelper.setBit(f.getValidityBuffer(), row);
                    p += w;
                }
                case BIT -> ((BitVector) v).setSafe(row, b[p++]);
                case VARIABLE -> {
                    int len = getInt(b, p);
                    ((BaseVariableWidthVector) v).setSafe(row, b, p + 4, len);
                    p += 4 + len;
                }
                default -> {
                    int len = getInt(b, p);
                    ((BaseLargeVariableWidthVector) v).setSafe(row, b, p + 4, len);
                    p += 4 + len;
                }
            }
        }
        return p;
    }

    /** The position after one encoded row starting at {@code p}. */
    public int skip(byte[] b, int p) {
        for (int c = 0; c < kinds.length; c++) {
            if (b[p++] == 0) {
                continue;
            }
            p += switch (kinds[c]) {
                case FIXED -> widths[c];
                case BIT -> 1;
                default -> 4 + getInt(b, p);
            };
        }
        return p;
    }

    /** Writes nulls into row {@code row} of columns {@code vectors[from…)}. */
    public void setNulls(List<FieldVector> vectors, int from, int row) {
        for (int c = 0; c < kinds.length; c++) {
            setNull(vectors.get(from + c), row);
        }
    }

    /** Sets row {@code row} of a fixed- or variable-width vector to null. */
    public static void setNull(FieldVector v, int row) {
        if (v instanceof BaseFixedWidthVector f) {
            f.setNull(row);
        } else if (v instanceof BaseVariableWidthVector f) {
            f.setNull(row);
        } else if (v instanceof BaseLargeVariableWidthVector f) {
            f.setNull(row);
        } else {
            throw new IllegalArgumentException("cannot write a null into " + v.getField());
        }
    }

    /** Writes {@code value} big-endian at {@code p}; returns {@code p + 4}. */
    public static int putInt(byte[] b, int p, int value) {
        b[p] = (byte) (value >>> 24);
        b[p + 1] = (byte) (value >>> 16);
        b[p + 2] = (byte) (value >>> 8);
        b[p + 3] = (byte) value;
        return p + 4;
    }

    /** Reads a big-endian int at {@code p}. */
    public static int getInt(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    /** Reads a big-endian long at {@code p}. */
    public static long getLong(byte[] b, int p) {
        return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xffffffffL);
    }

    /** Writes {@code value} big-endian at {@code p}; returns {@code p + 8}. */
    public static int putLong(byte[] b, int p, long value) {
        putInt(b, p, (int) (value >>> 32));
        return putInt(b, p + 4, (int) value);
    }

    /** A copy of {@code b} with room for {@code extra} more bytes. */
    public static byte[] extend(byte[] b, int extra) {
        return Arrays.copyOf(b, b.length + extra);
    }
}
