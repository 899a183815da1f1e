package io.sabot.sql.internal;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A statement the front end rejects, thrown from deep inside planning; the session turns it into an {@link
 * io.sabot.sql.SqlException} with script positions.
 */
public final class PlanningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient SqlParserPos pos;

    /**
     * @param message the reason, phrased for the user (Flink's wording where Flink has one)
     * @param pos where in the statement, or null for the whole statement
     */
    public PlanningException(String message, SqlParserPos pos) {
        super(message);
        this.pos = pos;
    }

    public PlanningException(String message) {
        this(message, null);
    }

    public SqlParserPos pos() {
        return pos;
    }
}
