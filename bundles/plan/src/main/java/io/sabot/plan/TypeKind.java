package io.sabot.plan;

/** The SQL types the engine computes with. */
public enum TypeKind {
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INTEGER,
    BIGINT,
    FLOAT,
    DOUBLE,
    /** Fixed precision and scale, {@link DataType#precision()} ≤ 38. */
    DECIMAL,
    /** Character strings of any length (VARCHAR, CHAR and STRING all map here). */
    VARCHAR,
    DATE,
    /** Time of day, millisecond precision. */
    TIME,
    /** Timestamp without time zone, millisecond precision. */
    TIMESTAMP,
    /** Timestamp with local time zone: an instant, millisecond precision. */
    TIMESTAMP_LTZ,
    /** A day-time interval, in milliseconds. */
    INTERVAL_DAY_TIME,
    /** A year-month interval, in months. */
    INTERVAL_YEAR_MONTH,
    /** The type of an untyped {@code NULL} literal. */
    NULL;

    /** Whether values are exact or approximate numbers. */
    public boolean isNumeric() {
        return switch (this) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    /** Whether values are integers held as {@code long} in the engine. */
    public boolean isIntegral() {
        return switch (this) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
            default -> false;
        };
    }

    /** Whether values are points in time ({@code DATE}, {@code TIMESTAMP}, {@code TIMESTAMP_LTZ}). */
    public boolean isDateTime() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMP_LTZ;
    }
}
