/**
 * The physical plan: what the SQL front end ({@code io.sabot.sql}) produces from a query and the runtime executes.
 * It is Sabot's own vocabulary, free of Calcite types, so that Calcite stays private to the SQL bundle and the
 * runtime never depends on a planner.
 *
 * <p>A plan is a tree of immutable {@link io.sabot.plan.PlanNode}s (a DAG only through shared inputs). Each node has
 * an output {@link io.sabot.plan.RowType}; expressions ({@link io.sabot.plan.Expr}) refer to the node's input
 * columns by position. The runtime decides exchanges: a keyed operator ({@link io.sabot.plan.WindowAggregate},
 * {@link io.sabot.plan.GroupAggregate}, {@link io.sabot.plan.Join}, {@link io.sabot.plan.WindowJoin}, {@link
 * io.sabot.plan.WindowRank}) is preceded by
 * a hash exchange on its keys by key group when the parallelism is above one.
 *
 * <h2>Values</h2>
 * Every {@link io.sabot.plan.TypeKind} has one Arrow representation ({@link io.sabot.plan.DataType#toArrowType()})
 * and one Java representation for literals ({@link io.sabot.plan.Literal}): integers as {@code Long}, approximate
 * numbers as {@code Double}, decimals as {@code BigDecimal}, strings as {@code String}, booleans as {@code
 * Boolean}, dates as {@code Integer} days since the epoch, times as {@code Integer} milliseconds of the day,
 * timestamps as {@code Long} milliseconds since the epoch (UTC, no zone for {@code TIMESTAMP}), day-time intervals
 * as {@code Long} milliseconds and year-month intervals as {@code Integer} months.
 *
 * <h2>Changelogs</h2>
 * Each node says whether its output is insert-only or a changelog ({@link io.sabot.plan.PlanNode#changelog()}). A
 * changelog batch carries the row kind in an extra last column, {@code $row_kind} (see the connector SPI's {@code
 * RowKind}), which is not part of the node's {@link io.sabot.plan.RowType}.
 *
 * <h2>Late data</h2>
 * A {@link io.sabot.plan.WindowAggregate} carries the job's {@link io.sabot.plan.LatePolicy} (since 1.1.0; the
 * constructor without it keeps the default, drop and count): in update mode with an allowed lateness, windows keep
 * their state that much longer, late rows update the emitted results, and the node's output is a changelog. Since
 * 1.2.0 the policy may send late rows to the job's dead-letter target ({@link io.sabot.plan.LatePolicy#DEAD_LETTER}),
 * and a {@link io.sabot.plan.WindowRank} carries the policy too.
 *
 * <h2>Windows over windows</h2>
 * Since 1.3.0 a {@link io.sabot.plan.WindowSpec} may be <em>attached</em>: rows carry their window in the {@code
 * window_start} and {@code window_end} columns of an earlier window aggregation, so a {@link
 * io.sabot.plan.WindowAggregate} can aggregate the results of another per window (insert-only, released when the
 * window fires), and a {@link io.sabot.plan.WindowJoin} joins two inputs with the same windows window by window.
 *
 * <h2>Lookup joins</h2>
 * Since 1.4.0 a {@link io.sabot.plan.LookupJoin} joins each input row with the rows a dimension table's connector
 * returns for its key when the row is processed ({@code FOR SYSTEM_TIME AS OF} a processing-time attribute). It keeps
 * no state and needs no exchange: it runs in its input's subtasks.
 *
 * <h2>Constraints</h2>
 * Since 1.5.0 a {@link io.sabot.plan.Sink} says what a row with a null in a {@code NOT NULL} column of its table does
 * ({@link io.sabot.plan.Sink.NotNullEnforcer}: fail as a {@code VALIDATION} error, or be dropped); the constructor
 * without it keeps the default, {@code ERROR}.
 *
 * <h2>Upsert sources</h2>
 * Since 1.6.0 a {@link io.sabot.plan.TableScan} may read an upsert changelog keyed by the table's primary key
 * ({@link io.sabot.plan.TableScan#upsert()}), which a {@link io.sabot.plan.ChangelogNormalize} above it turns into a
 * proper changelog, keeping the last row per key in keyed state.
 *
 * <h2>Upsert sinks</h2>
 * Since 1.7.0 a {@link io.sabot.plan.SinkUpsertMaterialize} before a {@link io.sabot.plan.Sink} with a primary key
 * keeps the rows per sink key so that a changelog not keyed by that key reaches the sink as correct upserts; the
 * planner adds it according to {@link io.sabot.plan.SinkUpsertMaterialize.Mode}.
 */
@Version("1.7.0")
package io.sabot.plan;

import org.osgi.annotation.versioning.Version;
