/**
 * Sabot's SQL front end: from Flink-dialect SQL scripts to catalog changes and physical plans.
 *
 * <p>A {@link io.sabot.sql.SqlFrontEnd} creates {@link io.sabot.sql.SqlSession}s. A session owns an in-memory
 * catalog (tables and views, by case-sensitive name) and session settings ({@code SET 'key' = 'value'}). It splits a
 * script into {@link io.sabot.sql.Statement}s ({@link io.sabot.sql.SqlSession#parseScript}), substituting
 * {@code ${NAME}} and {@code ${NAME:-default}} variables first, and executes them one at a time
 * ({@link io.sabot.sql.SqlSession#execute}): DDL changes the catalog, {@code SET}/{@code RESET} the settings,
 * {@code SHOW}/{@code DESCRIBE} return a small table, {@code EXPLAIN} returns text, and {@code SELECT} and
 * {@code INSERT INTO} return an {@link io.sabot.plan.QueryPlan} for the runtime to run. The front end never
 * executes a query.
 *
 * <h2>Errors</h2>
 * Every error is a {@link io.sabot.sql.SqlException} that names where it is: the line and column in the script (not
 * in the statement), and the statement's text. Validation of {@code CREATE TABLE} reports every problem at once
 * ({@link io.sabot.sql.SqlException#problems()}).
 *
 * <h2>Threading</h2>
 * A {@link io.sabot.sql.SqlFrontEnd} is thread-safe. A {@link io.sabot.sql.SqlSession} is not: it is meant for one
 * user's script or shell, one statement at a time; use one session per thread.
 *
 * <h2>What stays inside</h2>
 * The front end is built on Apache Calcite, which stays private to this bundle: no Calcite type appears here.
 */
@Version("1.2.0")
package io.sabot.sql;

import org.osgi.annotation.versioning.Version;
