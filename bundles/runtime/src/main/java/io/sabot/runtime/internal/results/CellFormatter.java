package io.sabot.runtime.internal.results;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Text of one cell of a result, as Flink's CSV output writes it: timestamps {@code yyyy-MM-dd HH:mm:ss.SSS}, dates
 * {@code yyyy-MM-dd}, decimals in plain notation, doubles as Java prints them, NULL as null. Used on the output path
 * (CLI, result files), one call per cell; the data path never formats text.
 */
public final class CellFormatter {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private CellFormatter() {}

    /** The cell's text, or null for SQL NULL. */
    public static String format(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof BigIntVector v) {
            return Long.toString(v.get(row));
        } else if (vector instanceof IntVector v) {
            return Integer.toString(v.get(row));
        } else if (vector instanceof SmallIntVector v) {
            return Short.toString(v.get(row));
        } else if (vector instanceof TinyIntVector v) {
            return Byte.toString(v.get(row));
        } else if (vector instanceof Float8Vector v) {
            return Double.toString(v.get(row));
        } else if (vector instanceof Float4Vector v) {
            return Float.toString(v.get(row));
        } else if (vector instanceof BitVector v) {
            return v.get(row) == 1 ? "true" : "false";
        } else if (vector instanceof VarCharVector v) {
            return new String(v.get(row), java.nio.charset.StandardCharsets.UTF_8);
        } else if (vector instanceof DecimalVector v) {
            BigDecimal value = v.getObject(row);
            return value.toPlainString();
        } else if (vector instanceof TimeStampMilliVector v) {
            return TIMESTAMP.format(Instant.ofEpochMilli(v.get(row)).atOffset(ZoneOffset.UTC));
        } else if (vector instanceof TimeStampMilliTZVector v) {
            return TIMESTAMP.format(Instant.ofEpochMilli(v.get(row)).atOffset(ZoneOffset.UTC));
        } else if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(row)).toString();
        } else if (vector instanceof TimeMilliVector v) {
            LocalTime time = LocalTime.ofNanoOfDay(v.get(row) * 1_000_000L);
            return time.getNano() == 0 ? TIME.format(time) : time.toString();
        }
        Object value = vector.getObject(row);
        return value == null ? null : value.toString();
    }
}
