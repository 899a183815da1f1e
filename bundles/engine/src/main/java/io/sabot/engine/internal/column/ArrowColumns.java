package io.sabot.engine.internal.column;

import io.sabot.plan.DataType;
import io.sabot.plan.TypeKind;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Moves values between Arrow vectors and {@link Column}s: one type-specialised loop per column and batch, reading
 * and writing the vectors' buffers directly.
 */
public final class ArrowColumns {

    private ArrowColumns() {}

    /**
     * Reads the first {@code n} rows of {@code vector}, holding values of {@code kind}, into {@code target} (of the
     * kind's physical class).
     */
    public static void read(FieldVector vector, TypeKind kind, Column target, int n) {
        target.reset(n);
        if (kind == TypeKind.NULL || vector instanceof NullVector) {
            boolean[] nulls = target.nullsForWrite();
            java.util.Arrays.fill(nulls, 0, n, true);
            return;
        }
        switch (kind) {
            case BOOLEAN -> {
                BoolColumn c = (BoolColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = BitVectorHelper.get(data, i) != 0;
                }
            }
            case TINYINT -> {
                LongColumn c = (LongColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getByte(i);
                }
            }
            case SMALLINT -> {
                LongColumn c = (LongColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getShort((long) i << 1);
                }
            }
            case INTEGER, DATE, TIME, INTERVAL_YEAR_MONTH -> {
                LongColumn c = (LongColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getInt((long) i << 2);
                }
            }
            case BIGINT, TIMESTAMP, TIMESTAMP_LTZ, INTERVAL_DAY_TIME -> {
                LongColumn c = (LongColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getLong((long) i << 3);
                }
            }
            case FLOAT -> {
                DoubleColumn c = (DoubleColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getFloat((long) i << 2);
                }
            }
            case DOUBLE -> {
                DoubleColumn c = (DoubleColumn) target;
                ArrowBuf data = vector.getDataBuffer();
                for (int i = 0; i < n; i++) {
                    c.values[i] = data.getDouble((long) i << 3);
                }
            }
            case DECIMAL -> readDecimal((DecimalVector) vector, (DecimalColumn) target, n);
            case VARCHAR -> readString((VarCharVector) vector, (StringColumn) target, n);
            default -> throw new IllegalStateException("unreadable type " + kind);
        }
        if (vector.getNullCount() > 0) {
            boolean[] nulls = target.nullsForWrite();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int i = 0; i < n; i++) {
                nulls[i] = BitVectorHelper.get(validity, i) == 0;
            }
        }
    }

    private static void readDecimal(DecimalVector vector, DecimalColumn c, int n) {
        ArrowBuf data = vector.getDataBuffer();
        int shift = c.scale - vector.getScale();
        for (int i = 0; i < n; i++) {
            long low = data.getLong((long) i << 4);
            long high = data.getLong(((long) i << 4) + 8);
            if (high != (low >> 63)) {
                if (vector.isNull(i)) {
                    continue;
                }
                throw new ArithmeticException("DECIMAL value " + vector.getObject(i)
                        + " has more than 18 digits, beyond what the engine computes with");
            }
            c.values[i] = shift == 0 ? low : Decimals.rescale(low, vector.getScale(), c.scale);
        }
    }

    private static void readString(VarCharVector vector, StringColumn c, int n) {
        ArrowBuf offsets = vector.getOffsetBuffer();
        if (n == 0) {
            c.offsets[0] = 0;
            return;
        }
        int first = offsets.getInt(0);
        int last = offsets.getInt((long) n << 2);
        int total = last - first;
        c.ensureBytes(total);
        vector.getDataBuffer().getBytes(first, c.bytes, 0, total);
        int[] o = c.offsets;
        for (int i = 0; i <= n; i++) {
            o[i] = offsets.getInt((long) i << 2) - first;
        }
    }

    /**
     * Writes rows of {@code column} into {@code vector} (allocating it): row {@code i} of the vector is row {@code
     * sel[i]} of the column, or row {@code i} when {@code sel} is null.
     */
    public static void write(Column column, DataType type, FieldVector vector, int[] sel, int n) {
        TypeKind kind = type.kind();
        if (vector instanceof NullVector nv) {
            nv.setValueCount(n);
            return;
        }
        switch (kind) {
            case BOOLEAN -> {
                BitVector v = (BitVector) vector;
                v.allocateNew(n);
                boolean[] values = ((BoolColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, values[row(sel, i)] ? 1 : 0);
                }
            }
            case TINYINT -> {
                TinyIntVector v = (TinyIntVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (byte) values[row(sel, i)]);
                }
            }
            case SMALLINT -> {
                SmallIntVector v = (SmallIntVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (short) values[row(sel, i)]);
                }
            }
            case INTEGER, INTERVAL_YEAR_MONTH -> {
                IntVector v = (IntVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (int) values[row(sel, i)]);
                }
            }
            case DATE -> {
                DateDayVector v = (DateDayVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (int) values[row(sel, i)]);
                }
            }
            case TIME -> {
                TimeMilliVector v = (TimeMilliVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (int) values[row(sel, i)]);
                }
            }
            case BIGINT, INTERVAL_DAY_TIME -> {
                BigIntVector v = (BigIntVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, values[row(sel, i)]);
                }
            }
            case TIMESTAMP, TIMESTAMP_LTZ -> {
                TimeStampVector v = (TimeStampVector) vector;
                v.allocateNew(n);
                long[] values = ((LongColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, values[row(sel, i)]);
                }
            }
            case FLOAT -> {
                Float4Vector v = (Float4Vector) vector;
                v.allocateNew(n);
                double[] values = ((DoubleColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, (float) values[row(sel, i)]);
                }
            }
            case DOUBLE -> {
                Float8Vector v = (Float8Vector) vector;
                v.allocateNew(n);
                double[] values = ((DoubleColumn) column).values;
                for (int i = 0; i < n; i++) {
                    v.set(i, values[row(sel, i)]);
                }
            }
            case DECIMAL -> writeDecimal((DecimalColumn) column, (DecimalVector) vector, sel, n);
            case VARCHAR -> writeString((StringColumn) column, (VarCharVector) vector, sel, n);
            case NULL -> throw new IllegalStateException("NULL columns are written as NullVector");
        }
        if (column.hasNulls()) {
            boolean[] nulls = column.nulls();
            ArrowBuf validity = vector.getValidityBuffer();
            for (int i = 0; i < n; i++) {
                if (nulls[row(sel, i)]) {
                    BitVectorHelper.unsetBit(validity, i);
                }
            }
        }
        vector.setValueCount(n);
    }

    private static int row(int[] sel, int i) {
        return sel == null ? i : sel[i];
    }

    private static void writeDecimal(DecimalColumn c, DecimalVector v, int[] sel, int n) {
        v.allocateNew(n);
        ArrowBuf data = v.getDataBuffer();
        ArrowBuf validity = v.getValidityBuffer();
        long[] values = c.values;
        boolean rescale = v.getScale() != c.scale;
        for (int i = 0; i < n; i++) {
            long value = values[row(sel, i)];
            if (rescale && !c.isNull(row(sel, i))) {
                value = Decimals.rescale(value, c.scale, v.getScale());
            }
            data.setLong((long) i << 4, value);
            data.setLong(((long) i << 4) + 8, value >> 63);
            BitVectorHelper.setBit(validity, i);
        }
    }

    private static void writeString(StringColumn c, VarCharVector v, int[] sel, int n) {
        int total;
        if (sel == null) {
            total = n == 0 ? 0 : c.offsets[n] - c.offsets[0];
        } else {
            total = 0;
            for (int i = 0; i < n; i++) {
                total += c.length(sel[i]);
            }
        }
        v.allocateNew(Math.max(1, total), n);
        ArrowBuf offsets = v.getOffsetBuffer();
        ArrowBuf data = v.getDataBuffer();
        ArrowBuf validity = v.getValidityBuffer();
        if (sel == null && n > 0 && c.offsets[0] == 0) {
            data.setBytes(0, c.bytes, 0, total);
            for (int i = 0; i <= n; i++) {
                offsets.setInt((long) i << 2, c.offsets[i]);
            }
        } else {
            int at = 0;
            offsets.setInt(0, 0);
            for (int i = 0; i < n; i++) {
                int r = row(sel, i);
                int len = c.length(r);
                data.setBytes(at, c.bytes, c.offsets[r], len);
                at += len;
                offsets.setInt((long) (i + 1) << 2, at);
            }
        }
        for (int i = 0; i < n; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        v.setLastSet(n - 1);
    }

    /** A Java value for a vector slot, in the plan's literal representation (tests, messages). */
    public static Object value(FieldVector vector, TypeKind kind, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN -> ((BitVector) vector).get(row) != 0;
            case TINYINT -> (long) ((TinyIntVector) vector).get(row);
            case SMALLINT -> (long) ((SmallIntVector) vector).get(row);
            case INTEGER -> (long) ((IntVector) vector).get(row);
            case BIGINT, INTERVAL_DAY_TIME -> ((BigIntVector) vector).get(row);
            case INTERVAL_YEAR_MONTH -> ((IntVector) vector).get(row);
            case DATE -> ((DateDayVector) vector).get(row);
            case TIME -> ((TimeMilliVector) vector).get(row);
            case TIMESTAMP, TIMESTAMP_LTZ -> ((TimeStampVector) vector).get(row);
            case FLOAT -> (double) ((Float4Vector) vector).get(row);
            case DOUBLE -> ((Float8Vector) vector).get(row);
            case DECIMAL -> ((DecimalVector) vector).getObject(row);
            case VARCHAR -> new String(((VarCharVector) vector).get(row), java.nio.charset.StandardCharsets.UTF_8);
            case NULL -> null;
        };
    }
}
