package io.sabot.sql;

import java.util.List;
import java.util.Map;

/** Sessions with the tables the tests share. */
final class TestSessions {

    private TestSessions() {}

    static final SqlFrontEnd FRONT_END = SqlFrontEnd.create();

    /** Nexmark's bid (rowtime dateTime), a table without watermark, a proctime table and a sink. */
    static final String TABLES =
            """
            CREATE TABLE bid (
              auction   BIGINT,
              bidder    BIGINT,
              price     BIGINT,
              channel   STRING,
              url       STRING,
              dateTime  TIMESTAMP(3),
              extra     STRING,
              WATERMARK FOR dateTime AS dateTime - INTERVAL '5' SECOND
            ) WITH ('connector' = 'datagen');
            CREATE TABLE plain (a INT, ts TIMESTAMP(3), s STRING) WITH ('connector' = 'datagen');
            CREATE TABLE clicks (
              user_id BIGINT NOT NULL,
              url STRING,
              cost DECIMAL(10, 2),
              proc AS PROCTIME(),
              url_len AS CHAR_LENGTH(url),
              PRIMARY KEY (user_id) NOT ENFORCED
            ) COMMENT 'clicks' WITH ('connector' = 'datagen', 'rows-per-second' = '10');
            CREATE TABLE sink_t (a BIGINT, b STRING, c DOUBLE) WITH ('connector' = 'print');
            """;

    static SqlSession session() {
        SqlSession session = FRONT_END.newSession();
        session.executeScript(TABLES, Map.of());
        return session;
    }

    /** Executes a script and returns the last statement's result. */
    static StatementResult last(SqlSession session, String script) {
        List<StatementResult> results = session.executeScript(script, Map.of());
        return results.get(results.size() - 1);
    }
}
