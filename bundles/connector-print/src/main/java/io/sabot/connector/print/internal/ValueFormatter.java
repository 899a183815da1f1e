package io.sabot.connector.print.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Appends the values of one column as Flink prints them: the {@code toString()} of the Java class Flink converts a
 * SQL type to ({@code Row.toString()}), so that output reads the same in both. {@code NULL} is {@code null}; numbers
 * as Java prints them ({@code 1.0E10}); {@code DECIMAL} as {@link java.math.BigDecimal#toString()}; text as is;
 * binary as {@link Arrays#toString(byte[])}; {@code DATE}, {@code TIME}, {@code TIMESTAMP} as {@link LocalDate},
 * {@link LocalTime}, {@link LocalDateTime} ({@code 2024-01-01T00:00}); {@code TIMESTAMP_LTZ} as an {@link Instant}
 * ({@code 2024-01-01T00:00:00Z}); arrays as {@code [a, b]}, rows as {@code +I[a, b]}, maps as {@code {k=v}}.
 * Primitive values are read without boxing.
 */
abstract class ValueFormatter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ValueVector vector;

    ValueFormatter(ValueVector vector) {
        this.vector = vector;
    }

    /** Appends the value at {@code index}, or {@code null}. */
    final void append(StringBuilder out, int index) {
        if (vector.isNull(index)) {
            out.append("null");
        } else {
            appendValue(out, index);
        }
    }

    /** Appends the value at {@code index}, which is not null. */
    abstract void appendValue(StringBuilder out, int index);

    /** The formatter of {@code vector}'s values. */
    static ValueFormatter of(FieldVector vector) {
        if (vector instanceof BitVector) {
            BitVector v = (BitVector) vector;
            return of(v, (out, i) -> out.append(v.get(i) != 0));
        } else if (vector instanceof TinyIntVector) {
            TinyIntVector v = (TinyIntVector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof SmallIntVector) {
            SmallIntVector v = (SmallIntVector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof IntVector) {
            IntVector v = (IntVector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof BigIntVector) {
            BigIntVector v = (BigIntVector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof UInt1Vector) {
            UInt1Vector v = (UInt1Vector) vector;
            return of(v, (out, i) -> out.append(v.get(i) & 0xFF));
        } else if (vector instanceof UInt2Vector) {
            UInt2Vector v = (UInt2Vector) vector;
            return of(v, (out, i) -> out.append((int) v.get(i)));
        } else if (vector instanceof UInt4Vector) {
            UInt4Vector v = (UInt4Vector) vector;
            return of(v, (out, i) -> out.append(Integer.toUnsignedString(v.get(i))));
        } else if (vector instanceof UInt8Vector) {
            UInt8Vector v = (UInt8Vector) vector;
            return of(v, (out, i) -> out.append(Long.toUnsignedString(v.get(i))));
        } else if (vector instanceof Float2Vector) {
            Float2Vector v = (Float2Vector) vector;
            return of(v, (out, i) -> out.append(v.getValueAsFloat(i)));
        } else if (vector instanceof Float4Vector) {
            Float4Vector v = (Float4Vector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof Float8Vector) {
            Float8Vector v = (Float8Vector) vector;
            return of(v, (out, i) -> out.append(v.get(i)));
        } else if (vector instanceof DecimalVector) {
            DecimalVector v = (DecimalVector) vector;
            return of(v, (out, i) -> out.append(v.getObject(i)));
        } else if (vector instanceof Decimal256Vector) {
            Decimal256Vector v = (Decimal256Vector) vector;
            return of(v, (out, i) -> out.append(v.getObject(i)));
        } else if (vector instanceof VarCharVector || vector instanceof LargeVarCharVector) {
            BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
            return of(v, (out, i) -> out.append(new String(v.get(i), StandardCharsets.UTF_8)));
        } else if (vector.getField().getType() instanceof ArrowType.Utf8View) {
            return of(vector, (out, i) -> out.append(vector.getObject(i)));
        } else if (vector instanceof FixedSizeBinaryVector) {
            FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
            return of(v, (out, i) -> out.append(Arrays.toString(v.get(i))));
        } else if (vector instanceof BaseVariableWidthVector) { // VARBINARY, LARGEVARBINARY
            BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
            return of(v, (out, i) -> out.append(Arrays.toString(v.get(i))));
        } else if (vector instanceof DateDayVector) {
            DateDayVector v = (DateDayVector) vector;
            return of(v, (out, i) -> out.append(LocalDate.ofEpochDay(v.get(i))));
        } else if (vector instanceof DateMilliVector) {
            DateMilliVector v = (DateMilliVector) vector;
            return of(v, (out, i) -> out.append(LocalDate.ofEpochDay(Math.floorDiv(v.get(i), 86_400_000L))));
        } else if (vector instanceof TimeSecVector) {
            TimeSecVector v = (TimeSecVector) vector;
            return of(v, (out, i) -> out.append(LocalTime.ofSecondOfDay(v.get(i))));
        } else if (vector instanceof TimeMilliVector) {
            TimeMilliVector v = (TimeMilliVector) vector;
            return of(v, (out, i) -> out.append(LocalTime.ofNanoOfDay(v.get(i) * 1_000_000L)));
        } else if (vector instanceof TimeMicroVector) {
            TimeMicroVector v = (TimeMicroVector) vector;
            return of(v, (out, i) -> out.append(LocalTime.ofNanoOfDay(v.get(i) * 1_000L)));
        } else if (vector instanceof TimeNanoVector) {
            TimeNanoVector v = (TimeNanoVector) vector;
            return of(v, (out, i) -> out.append(LocalTime.ofNanoOfDay(v.get(i))));
        } else if (vector instanceof TimeStampVector) {
            return timestamp((TimeStampVector) vector);
        } else if (vector instanceof MapVector) {
            return map((MapVector) vector);
        } else if (vector instanceof ListVector
                || vector instanceof LargeListVector
                || vector instanceof FixedSizeListVector) {
            return list((BaseListVector) vector);
        } else if (vector instanceof StructVector) {
            return struct((StructVector) vector);
        }
        // intervals, durations, unions, extension types: their Java object's text
        return of(vector, (out, i) -> out.append(vector.getObject(i)));
    }

    /** A formatter from a lambda; the null check stays in {@link #append}. */
    private static ValueFormatter of(ValueVector vector, Appender appender) {
        return new ValueFormatter(vector) {
            @Override
            void appendValue(StringBuilder out, int index) {
                appender.append(out, index);
            }
        };
    }

    @FunctionalInterface
    private interface Appender {
        void append(StringBuilder out, int index);
    }

    /** {@code TIMESTAMP} as a {@link LocalDateTime}, {@code TIMESTAMP_LTZ} (with a zone) as an {@link Instant}. */
    private static ValueFormatter timestamp(TimeStampVector v) {
        ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
        long perSecond = type.getUnit() == TimeUnit.SECOND
                ? 1
                : type.getUnit() == TimeUnit.MILLISECOND
                        ? 1_000
                        : type.getUnit() == TimeUnit.MICROSECOND ? 1_000_000 : NANOS_PER_SECOND;
        long nanosPerUnit = NANOS_PER_SECOND / perSecond;
        boolean instant = type.getTimezone() != null;
        return of(v, (out, i) -> {
            long value = v.get(i);
            long seconds = Math.floorDiv(value, perSecond);
            int nanos = (int) (Math.floorMod(value, perSecond) * nanosPerUnit);
            if (instant) {
                out.append(Instant.ofEpochSecond(seconds, nanos));
            } else {
                out.append(LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC));
            }
        });
    }

    /** An array: {@code [a, b, null]}. */
    private static ValueFormatter list(BaseListVector v) {
        ValueFormatter elements = of((FieldVector) v.getChildrenFromFields().get(0));
        return of(v, (out, i) -> {
            out.append('[');
            for (int e = v.getElementStartIndex(i); e < v.getElementEndIndex(i); e++) {
                if (e > v.getElementStartIndex(i)) {
                    out.append(", ");
                }
                elements.append(out, e);
            }
            out.append(']');
        });
    }

    /** A nested row, as Flink's {@code Row.toString()}: {@code +I[a, b]}. */
    private static ValueFormatter struct(StructVector v) {
        List<FieldVector> children = v.getChildrenFromFields();
        ValueFormatter[] fields = new ValueFormatter[children.size()];
        for (int f = 0; f < fields.length; f++) {
            fields[f] = of(children.get(f));
        }
        return of(v, (out, i) -> {
            out.append("+I[");
            for (int f = 0; f < fields.length; f++) {
                if (f > 0) {
                    out.append(", ");
                }
                fields[f].append(out, i);
            }
            out.append(']');
        });
    }

    /** A map, as {@code java.util.Map.toString()}: {@code {k=v, k2=v2}}. */
    private static ValueFormatter map(MapVector v) {
        StructVector entries = (StructVector) v.getDataVector();
        ValueFormatter keys = of(entries.getChildrenFromFields().get(0));
        ValueFormatter values = of(entries.getChildrenFromFields().get(1));
        return of(v, (out, i) -> {
            out.append('{');
            for (int e = v.getElementStartIndex(i); e < v.getElementEndIndex(i); e++) {
                if (e > v.getElementStartIndex(i)) {
                    out.append(", ");
                }
                keys.append(out, e);
                out.append('=');
                values.append(out, e);
            }
            out.append('}');
        });
    }
}
