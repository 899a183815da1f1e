/**
 * Sabot's streaming engine: executes a planned query ({@link io.sabot.plan.QueryPlan}) over Apache Arrow batches.
 *
 * <p>An {@link io.sabot.engine.Engine} is built once per container (or per embedding application) with a root
 * allocator, a {@link io.sabot.engine.ConnectorResolver} that finds connector and format plug-ins, and the job
 * defaults (parallelism, max-parallelism, watermark idle timeout, batch size). {@link
 * io.sabot.engine.Engine#submit} validates the plan and every table's options, starts the job's tasks and returns
 * a {@link io.sabot.engine.Job} at once.
 *
 * <h2>Execution model</h2>
 * <ul>
 *   <li><b>Batches, not rows.</b> Operators exchange Arrow {@code VectorSchemaRoot} batches; expressions are
 *       compiled into evaluators that compute a whole column per batch.
 *   <li><b>Tasks.</b> Every source reader runs in its own task (one thread, one mailbox), followed by the stateless
 *       operators chained to it. Keyed operators (window and group aggregates, joins, window Top-N) run as {@code
 *       parallelism} subtasks behind a hash exchange that routes each row by its key group ({@code
 *       io.sabot.state.spi.KeyGroups}), so results do not depend on the parallelism.
 *   <li><b>Bounded channels.</b> A full channel blocks its producer: backpressure reaches the source readers, which
 *       are then simply not polled.
 *   <li><b>Watermarks in-band.</b> Watermarks travel between batches on the same channels. A source task's
 *       watermark is the minimum over its splits' watermarks (idle splits excluded after the idle timeout); an
 *       operator's is the minimum over its input channels. A bounded job ends with the watermark {@link
 *       Long#MAX_VALUE}, which fires every open window, and then finishes.
 * </ul>
 *
 * <h2>Results</h2>
 * A {@code SELECT} job's rows arrive through {@link io.sabot.engine.Job#results()}; an {@code INSERT INTO} job
 * writes through the table's sink. Results of a changelog query carry the row kind in a last {@code TinyInt}
 * column named {@code $row_kind} ({@code io.sabot.connector.spi.sink.RowKind} codes).
 *
 * <h2>Memory</h2>
 * Every job allocates from its own child of the engine's root allocator and closes it when it ends; outstanding
 * bytes at that point fail the job with a leak report. Result batches live in a separate allocator owned by the
 * {@link io.sabot.engine.JobResults}: the caller closes each batch and the results.
 *
 * <h2>Metrics</h2>
 * Since 1.4, a job submitted with {@link io.sabot.engine.JobOptions#withMetrics} records the metrics of {@code
 * io.sabot.metrics.spi.StandardMetric} in a Dropwizard registry, per job, per operator subtask and per source split,
 * and removes them when it ends; {@link io.sabot.engine.Job#termination()} and {@link
 * io.sabot.engine.Job#watermark()} serve health checks.
 *
 * <h2>Errors</h2>
 * A table's {@code error.*} options (or the job's) choose error handlers for records its source cannot decode and,
 * since 1.5, for failed writes of its sink, which are retried on the sink's task thread when the handlers say so
 * ({@link io.sabot.engine.JobMetrics#retries()}).
 *
 * <h2>Lookup joins</h2>
 * Since 1.6 a plan's {@code LookupJoin} reads its dimension table through the lookup source the {@link
 * io.sabot.engine.ConnectorResolver#lookupSourceFactory} of its connector creates, with the cache of its {@code
 * lookup.*} options; a failed lookup goes to the dimension table's error handlers (docs/lookup-joins.md).
 *
 * <p>Since 1.7 {@link io.sabot.engine.Engine.Builder#jobNumbers} lets the engines of one container number their jobs
 * from one counter, so job ids are unique in the container.
 *
 * <p>Since 1.9 {@link io.sabot.engine.JobOptions#withMemoryLimit} caps a job's allocator ({@link
 * io.sabot.engine.MemoryLimit}); a job that needs more fails with a {@link
 * io.sabot.engine.MemoryLimitExceededException} naming the job, the limit and the setting that set it.
 */
@Version("1.9.0")
package io.sabot.engine;

import org.osgi.annotation.versioning.Version;
