package io.sabot.plan;

import java.math.BigDecimal;

/**
 * A constant, in the Java representation of its type (see the package documentation): {@code Long}, {@code
 * Double}, {@code BigDecimal}, {@code String}, {@code Boolean}, {@code Integer} (dates, times, months) or null.
 *
 * @param value the value, null for SQL NULL
 * @param type its type
 */
public record Literal(Object value, DataType type) implements Expr {

    public Literal {
        if (value != null && !expectedClass(type.kind()).isInstance(value)) {
            throw new IllegalArgumentException("a " + type.kind() + " literal must be a "
                    + expectedClass(type.kind()).getSimpleName() + ", not "
                    + value.getClass().getSimpleName());
        }
    }

    static Class<?> expectedClass(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> Boolean.class;
            case TINYINT, SMALLINT, INTEGER, BIGINT, TIMESTAMP, TIMESTAMP_LTZ, INTERVAL_DAY_TIME -> Long.class;
            case FLOAT, DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case VARCHAR -> String.class;
            case DATE, TIME, INTERVAL_YEAR_MONTH -> Integer.class;
            case NULL -> Void.class;
        };
    }

    /** A {@code VARCHAR NOT NULL} literal, also used for symbolic operands such as time units. */
    public static Literal symbol(String value) {
        return new Literal(value, DataType.of(TypeKind.VARCHAR).withNullable(false));
    }

    @Override
    public String toString() {
        if (value == null) {
            return "null:" + type.kind();
        }
        return value instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(value);
    }
}
