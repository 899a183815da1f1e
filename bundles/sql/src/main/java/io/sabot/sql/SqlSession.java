package io.sabot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One user's SQL session: a catalog of tables and views plus settings, and the statements that change or query
 * them. Not thread-safe: one statement at a time.
 */
@ProviderType
public interface SqlSession {

    /**
     * Splits a script into statements and parses each.
     *
     * <p>Statements end with {@code ;} outside string literals, quoted identifiers and comments; the last may omit
     * it. Before parsing, {@code ${NAME}} is replaced by the variable's value and {@code ${NAME:-default}} by the
     * value or, when the variable is not defined, the default (shell style); variables are substituted in string
     * literals too (the usual place, e.g. {@code 'path' = '${DATA}/bid.csv'}) but not in comments.
     *
     * @param script the SQL text
     * @param variables values for {@code ${NAME}}
     * @return the statements in order; empty for a script of only comments
     * @throws SqlException for the first statement that does not parse or an undefined variable without default,
     *     naming its line and column in the script
     */
    List<Statement> parseScript(String script, Map<String, String> variables);

    /**
     * Parses one statement (a trailing {@code ;} is allowed).
     *
     * @throws SqlException if it does not parse, or the text holds more or less than one statement
     */
    default Statement parse(String sql) {
        List<Statement> statements = parseScript(sql, Map.of());
        if (statements.size() != 1) {
            throw new SqlException("Expected one statement, found " + statements.size(), 1, 1, sql, List.of(), null);
        }
        return statements.get(0);
    }

    /**
     * Executes a statement of this session: changes the catalog or settings, or plans the query.
     *
     * @throws SqlException if the statement is invalid in the current catalog (unknown table, type error, a query
     *     a streaming engine cannot run, …); the catalog is unchanged then
     */
    StatementResult execute(Statement statement);

    /** Parses and executes every statement of a script in order, stopping at the first error (which it throws). */
    default List<StatementResult> executeScript(String script, Map<String, String> variables) {
        List<StatementResult> results = new ArrayList<>();
        for (Statement statement : parseScript(script, variables)) {
            results.add(execute(statement));
        }
        return results;
    }

    /** The current settings, in the order they were set. */
    Map<String, String> settings();

    /** Names of the tables in the catalog, sorted. */
    List<String> tableNames();

    /** Names of the views in the catalog, sorted. */
    List<String> viewNames();
}
