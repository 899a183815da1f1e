package io.sabot.sql;

/** What a statement does. */
public enum StatementKind {
    CREATE_TABLE,
    CREATE_VIEW,
    DROP_TABLE,
    DROP_VIEW,
    /** {@code SET 'key' = 'value'}, or {@code SET} alone, which lists the settings. */
    SET,
    /** {@code RESET 'key'} or {@code RESET} (all keys). */
    RESET,
    SHOW_TABLES,
    SHOW_VIEWS,
    /** {@code DESCRIBE name} / {@code DESC name}. */
    DESCRIBE,
    /** {@code EXPLAIN [PLAN FOR] SELECT|INSERT …}. */
    EXPLAIN,
    /** A query: {@code SELECT}, {@code WITH}, {@code VALUES}, set operations. */
    SELECT,
    /** {@code INSERT INTO table …}. */
    INSERT
}
