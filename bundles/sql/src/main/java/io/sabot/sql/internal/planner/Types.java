package io.sabot.sql.internal.planner;

import io.sabot.plan.DataType;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.sql.internal.PlanningException;
import org.apache.calcite.rel.type.RelDataType;

/** Calcite types to plan types. */
public final class Types {

    private Types() {}

    /** Whether Sabot can hold values of the type. */
    public static boolean isSupported(RelDataType type) {
        return kind(type) != null;
    }

    /**
     * The plan type of a Calcite type, without time attribute.
     *
     * @throws PlanningException for types the engine does not compute with (binary, collections, rows, …)
     */
    public static DataType toDataType(RelDataType type) {
        TypeKind kind = kind(type);
        if (kind == null) {
            throw new PlanningException("Type " + describe(type) + " is not supported yet");
        }
        int precision = 0;
        int scale = 0;
        if (kind == TypeKind.DECIMAL) {
            precision = type.getPrecision();
            scale = type.getScale();
        } else if (kind == TypeKind.VARCHAR) {
            precision = type.getPrecision() <= 0 ? DataType.MAX_LENGTH : type.getPrecision();
        }
        if (type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.SYMBOL) {
            return new DataType(TypeKind.VARCHAR, false, DataType.MAX_LENGTH, 0, TimeAttribute.NONE);
        }
        return new DataType(kind, type.isNullable(), precision, scale, TimeAttribute.NONE);
    }

    /** The user's spelling of a type, Flink style ({@code STRING}, {@code BYTES}, {@code TIMESTAMP_LTZ(3)}). */
    public static String describe(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case VARCHAR -> type.getPrecision() == Integer.MAX_VALUE ? "STRING" : type.getFullTypeString();
            case VARBINARY -> type.getPrecision() == Integer.MAX_VALUE ? "BYTES" : type.getFullTypeString();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMP_LTZ(" + type.getPrecision() + ")";
            default -> type.getFullTypeString().replace(" NOT NULL", "");
        };
    }

    private static TypeKind kind(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> TypeKind.BOOLEAN;
            case TINYINT -> TypeKind.TINYINT;
            case SMALLINT -> TypeKind.SMALLINT;
            case INTEGER -> TypeKind.INTEGER;
            case BIGINT -> TypeKind.BIGINT;
            case REAL, FLOAT -> TypeKind.FLOAT;
            case DOUBLE -> TypeKind.DOUBLE;
            case DECIMAL -> type.getPrecision() <= 38 ? TypeKind.DECIMAL : null;
            case CHAR, VARCHAR, SYMBOL -> TypeKind.VARCHAR;
            case DATE -> TypeKind.DATE;
            case TIME -> TypeKind.TIME;
            case TIMESTAMP -> TypeKind.TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TypeKind.TIMESTAMP_LTZ;
            case INTERVAL_DAY,
                    INTERVAL_DAY_HOUR,
                    INTERVAL_DAY_MINUTE,
                    INTERVAL_DAY_SECOND,
                    INTERVAL_HOUR,
                    INTERVAL_HOUR_MINUTE,
                    INTERVAL_HOUR_SECOND,
                    INTERVAL_MINUTE,
                    INTERVAL_MINUTE_SECOND,
                    INTERVAL_SECOND -> TypeKind.INTERVAL_DAY_TIME;
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> TypeKind.INTERVAL_YEAR_MONTH;
            case NULL -> TypeKind.NULL;
            default -> null;
        };
    }

    /** Whether a value of {@code from} needs a CAST to be used as {@code to}: kinds differ, or decimal scales do. */
    public static boolean needsCast(DataType from, DataType to) {
        if (from.kind() != to.kind()) {
            return true;
        }
        return from.kind() == TypeKind.DECIMAL && (from.precision() != to.precision() || from.scale() != to.scale());
    }
}
