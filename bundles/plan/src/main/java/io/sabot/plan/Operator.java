package io.sabot.plan;

/**
 * The scalar operators of the engine. Unless stated otherwise an operator returns NULL when any operand is NULL,
 * and its operands have already been cast by the planner to a common type (e.g. {@code BIGINT + DOUBLE} arrives as
 * {@code CAST(x AS DOUBLE) + y}). Symbolic operands (time units, trim modes) are {@link Literal#symbol} strings.
 */
public enum Operator {
    // arithmetic: operands of the result's type, except date/time arithmetic below
    PLUS,
    MINUS,
    MULTIPLY,
    /** Integer division truncates toward zero; division by zero raises an error naming the expression. */
    DIVIDE,
    MOD,
    /** Unary minus. */
    NEGATE,
    /**
     * {@code DATETIME_PLUS(datetime, interval)}: a timestamp or date plus a day-time interval (milliseconds) or a
     * year-month interval (months). {@code ts - INTERVAL '5' SECOND} arrives as {@code DATETIME_MINUS}.
     */
    DATETIME_PLUS,
    DATETIME_MINUS,

    // comparison: operands of one type; result BOOLEAN
    EQUALS,
    NOT_EQUALS,
    LESS_THAN,
    LESS_THAN_OR_EQUAL,
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL,
    /** Null-safe inequality: never NULL. */
    IS_DISTINCT_FROM,
    IS_NOT_DISTINCT_FROM,

    // logic (three-valued, never NULL-propagating in the simple sense: FALSE AND NULL = FALSE)
    AND,
    OR,
    NOT,
    IS_NULL,
    IS_NOT_NULL,
    IS_TRUE,
    IS_NOT_TRUE,
    IS_FALSE,
    IS_NOT_FALSE,

    // conditional
    /**
     * {@code CASE(cond1, value1, cond2, value2, …, else)}: an odd number of operands, the last the ELSE value (a NULL
     * literal when the SQL had none).
     */
    CASE,
    /** First non-null operand. */
    COALESCE,
    /** {@code CAST(x)} to the call's type; a value that does not convert raises an error naming value and types. */
    CAST,
    /** Like CAST, but NULL when the value does not convert. */
    TRY_CAST,

    // strings
    UPPER,
    LOWER,
    /** {@code SUBSTRING(s, start [, length])}, 1-based. */
    SUBSTRING,
    /** Concatenation of two or more strings ({@code ||} and {@code CONCAT}). */
    CONCAT,
    CHAR_LENGTH,
    /** {@code TRIM(mode, characters, s)} with mode {@code 'BOTH'}, {@code 'LEADING'} or {@code 'TRAILING'}. */
    TRIM,
    /** {@code REPLACE(s, search, replacement)}. */
    REPLACE,
    /** {@code LIKE(s, pattern [, escape])}, SQL wildcards {@code %} and {@code _}. */
    LIKE,
    /** {@code SPLIT_INDEX(s, delimiter, index)}: the 0-based index-th part, NULL if absent (Flink). */
    SPLIT_INDEX,
    /** {@code REGEXP_EXTRACT(s, regex [, group])}, Java regular expressions, group 1 by default (Flink). */
    REGEXP_EXTRACT,
    /** {@code POSITION(needle, haystack)}, 1-based, 0 if absent. */
    POSITION,

    // math
    ABS,
    /** {@code CEIL(x)} for numbers; for date/time see {@link #CEIL_TIME}. */
    CEIL,
    FLOOR,
    /** {@code ROUND(x [, digits])}. */
    ROUND,
    POWER,
    SQRT,
    EXP,
    LN,
    LOG10,

    // date and time
    /** {@code EXTRACT(unit, datetime)}: unit one of YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND. */
    EXTRACT,
    /** {@code FLOOR_TIME(unit, datetime)}: {@code FLOOR(ts TO HOUR)}. */
    FLOOR_TIME,
    CEIL_TIME,
    /** {@code DATE_FORMAT(timestamp, javaPattern)} (Flink: SimpleDateFormat patterns). */
    DATE_FORMAT,
    /** {@code TIMESTAMPADD(unit, count, datetime)}. */
    TIMESTAMPADD,
    /** {@code TIMESTAMPDIFF(unit, from, to)}. */
    TIMESTAMPDIFF,
    /** The current processing time as TIMESTAMP_LTZ: evaluated once per batch. */
    PROCTIME,
    CURRENT_TIMESTAMP
}
