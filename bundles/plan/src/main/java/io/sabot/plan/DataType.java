package io.sabot.plan;

import java.util.Objects;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A SQL type with nullability, precision and scale (for {@code DECIMAL}; for {@code VARCHAR} the declared length or
 * {@link #MAX_LENGTH}) and, for timestamps, whether it is a time attribute.
 *
 * @param kind the type
 * @param nullable whether values may be null
 * @param precision decimal precision, varchar length, or 0
 * @param scale decimal scale, or 0
 * @param timeAttribute for timestamps, whether the column is a rowtime or proctime attribute
 */
public record DataType(TypeKind kind, boolean nullable, int precision, int scale, TimeAttribute timeAttribute) {

    /** The length of {@code STRING} and unbounded {@code VARCHAR}. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE;

    public DataType {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timeAttribute, "timeAttribute");
        if (kind == TypeKind.DECIMAL && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("DECIMAL(" + precision + ", " + scale + ") is out of range");
        }
        if (timeAttribute != TimeAttribute.NONE && kind != TypeKind.TIMESTAMP && kind != TypeKind.TIMESTAMP_LTZ) {
            throw new IllegalArgumentException("only timestamps can be time attributes, not " + kind);
        }
    }

    /** A nullable type without precision. */
    public static DataType of(TypeKind kind) {
        return new DataType(kind, true, kind == TypeKind.VARCHAR ? MAX_LENGTH : 0, 0, TimeAttribute.NONE);
    }

    /** A nullable {@code DECIMAL(precision, scale)}. */
    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeKind.DECIMAL, true, precision, scale, TimeAttribute.NONE);
    }

    public DataType withNullable(boolean newNullable) {
        return new DataType(kind, newNullable, precision, scale, timeAttribute);
    }

    public DataType withTimeAttribute(TimeAttribute attribute) {
        return new DataType(kind, nullable, precision, scale, attribute);
    }

    /** The Arrow type of vectors holding values of this type. */
    public ArrowType toArrowType() {
        return switch (kind) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT, INTERVAL_DAY_TIME -> new ArrowType.Int(64, true);
            case INTERVAL_YEAR_MONTH -> new ArrowType.Int(32, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            case TIMESTAMP_LTZ -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
            case NULL -> ArrowType.Null.INSTANCE;
        };
    }

    /** An Arrow field of this type. */
    public Field toArrowField(String name) {
        return new Field(name, new FieldType(nullable, toArrowType(), null), null);
    }

    /** SQL spelling, e.g. {@code DECIMAL(10, 2) NOT NULL}, {@code TIMESTAMP(3) *ROWTIME*} as Flink prints it. */
    @Override
    public String toString() {
        String base =
                switch (kind) {
                    case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
                    case VARCHAR -> precision == MAX_LENGTH ? "STRING" : "VARCHAR(" + precision + ")";
                    case TIMESTAMP -> "TIMESTAMP(3)";
                    case TIMESTAMP_LTZ -> "TIMESTAMP_LTZ(3)";
                    case INTERVAL_DAY_TIME -> "INTERVAL DAY TO SECOND";
                    case INTERVAL_YEAR_MONTH -> "INTERVAL YEAR TO MONTH";
                    default -> kind.name();
                };
        return base
                + (nullable ? "" : " NOT NULL")
                + switch (timeAttribute) {
                    case ROWTIME -> " *ROWTIME*";
                    case PROCTIME -> " *PROCTIME*";
                    case NONE -> "";
                };
    }
}
