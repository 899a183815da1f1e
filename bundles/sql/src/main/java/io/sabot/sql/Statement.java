package io.sabot.sql;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One parsed statement of a script, ready to be {@linkplain SqlSession#execute executed} by the session that parsed
 * it. Immutable; it holds no reference to the catalog, so it may be executed after earlier statements changed it
 * (a script's {@code SELECT} parses before its {@code CREATE TABLE} ran).
 */
@ProviderType
public interface Statement {

    StatementKind kind();

    /** The statement's text after variable substitution, without the terminating semicolon. */
    String sql();

    /** The script line (1-based) where the statement starts. */
    int line();

    /** The column (1-based) in {@link #line()} where the statement starts. */
    int column();
}
