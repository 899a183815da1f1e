package io.sabot.engine.internal.column;

import io.sabot.plan.DataType;
import io.sabot.plan.TypeKind;

/** How values of a SQL type are held while computing. */
public enum Physical {
    BOOL,
    LONG,
    DOUBLE,
    DECIMAL,
    STRING;

    public static Physical of(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> BOOL;
            case TINYINT,
                    SMALLINT,
                    INTEGER,
                    BIGINT,
                    DATE,
                    TIME,
                    TIMESTAMP,
                    TIMESTAMP_LTZ,
                    INTERVAL_DAY_TIME,
                    INTERVAL_YEAR_MONTH,
                    NULL -> LONG;
            case FLOAT, DOUBLE -> DOUBLE;
            case DECIMAL -> DECIMAL;
            case VARCHAR -> STRING;
        };
    }

    public static Physical of(DataType type) {
        return of(type.kind());
    }

    /** A new, empty column for values of {@code type}. */
    public static Column newColumn(DataType type) {
        return switch (of(type.kind())) {
            case BOOL -> new BoolColumn();
            case LONG -> new LongColumn();
            case DOUBLE -> new DoubleColumn();
            case DECIMAL -> new DecimalColumn(type.scale());
            case STRING -> new StringColumn();
        };
    }
}
