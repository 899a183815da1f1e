package io.sabot.sql;

import java.util.List;

/**
 * A statement could not be parsed, validated, planned or executed. The message says what and where, e.g.
 * {@code SQL parse failed. Encountered "FORM" at line 12, column 8.}; the accessors give the parts.
 *
 * <p>Positions are in the script that was parsed (1-based), not in the statement. Where a problem has no more
 * precise position, they are the statement's start.
 */
public class SqlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String excerpt;
    private final List<String> problems;

    /**
     * @param message the full message, positions included
     * @param line the script line, or 0 if unknown
     * @param column the column, or 0 if unknown
     * @param excerpt the statement's text (or the script line) the error is about, may be empty
     * @param problems each problem's message when there are several (validation reports all at once); empty or a
     *     single entry otherwise
     * @param cause the underlying exception, or null
     */
    public SqlException(String message, int line, int column, String excerpt, List<String> problems, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
        this.excerpt = excerpt == null ? "" : excerpt;
        this.problems = List.copyOf(problems);
    }

    /** The line (1-based) in the script, 0 if unknown. */
    public int line() {
        return line;
    }

    /** The column (1-based) in the line, 0 if unknown. */
    public int column() {
        return column;
    }

    /** The text of the statement in error (after variable substitution), or empty. */
    public String excerpt() {
        return excerpt;
    }

    /** Every problem found, each with its own position, when validation found several; else one or none. */
    public List<String> problems() {
        return problems;
    }
}
