package io.sabot.runtime;

import io.sabot.plugin.PluginFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs streaming SQL from Java: DDL and settings, then continuous queries whose results arrive as Arrow batches.
 *
 * <pre>{@code
 * try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
 *         .stateBackend("memory").checkpointInterval(Duration.ofSeconds(60)).maxParallelism(16)
 *         .watermarkIdleTimeout(Duration.ofSeconds(30)).build()) {
 *     executor.executeDdl("CREATE TABLE trades (...) WITH ('connector'='datagen', ...)");
 *     try (QueryResult results = executor.executeStreamingSql("SELECT symbol, COUNT(*) FROM trades GROUP BY symbol")) {
 *         for (VectorSchemaRoot batch : results) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Inside the Sabot container {@link Builder#build()} uses the installed plug-ins (whatever connector and format
 * bundles are active); elsewhere name the plug-ins with {@link Builder#plugins}. An executor holds one SQL session
 * (its catalog and {@code SET} values); it is safe to use from one thread at a time, and its query results from
 * another.
 *
 * <p>Statement errors are {@code io.sabot.sql.SqlException}s naming line and column; option errors are {@link
 * io.sabot.plugin.OptionValidationException}s listing every problem.
 */
@ProviderType
public interface StreamingSqlExecutor extends AutoCloseable {

    /** Starts configuring an executor. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Executes one or more statements that are not queries ({@code CREATE}, {@code DROP}, {@code SET}, {@code
     * SHOW}, {@code DESCRIBE}, {@code EXPLAIN}), separated by {@code ;}.
     *
     * @return what the statements report, one line or table per statement
     * @throws IllegalArgumentException if a statement is a query (use {@link #executeStreamingSql})
     */
    String executeDdl(String statements);

    /**
     * Starts one {@code SELECT} (whose rows the result delivers) or {@code INSERT INTO} (whose result has no rows
     * and ends when the job does).
     */
    QueryResult executeStreamingSql(String statement);

    /** The physical plan of a query, as {@code EXPLAIN} prints it. */
    String explain(String query);

    /**
     * Executes a script statement by statement, with {@code ${NAME}} / {@code ${NAME:-default}} substituted from
     * {@code variables}: the listener hears each statement's outcome, and each query's result, which it consumes
     * (or closes) before the next statement runs.
     */
    void executeScript(String script, Map<String, String> variables, ScriptListener listener);

    /**
     * Takes a savepoint of one of this executor's running jobs (Flink's {@code flink savepoint <job> [dir]}) and
     * waits until it is durable and the output it covers is committed. The job goes on. Checkpointing need not be
     * enabled.
     *
     * <pre>{@code
     * QueryResult insert = executor.executeStreamingSql("INSERT INTO counts SELECT ...");
     * SavepointInfo sp = executor.savepoint(insert.jobId(), Path.of("/backups"));  // /backups/savepoint-4-3fa9c1
     * ...
     * executor.executeDdl("SET 'execution.savepoint.path' = '" + sp.path() + "'");  // later, any parallelism
     * }</pre>
     *
     * @param jobId the job's id ({@link QueryResult#jobId()}), the id's first word ({@code job-3}) or its {@code
     *     pipeline.name}
     * @param targetDirectory the directory to create the savepoint in ({@code savepoint-<id>-<random>}); null for
     *     {@code SET 'state.savepoints.dir'}, else {@code <state_path>/savepoints/<job name>}
     * @throws IllegalArgumentException if this executor has no such job
     * @throws IllegalStateException if the job has ended, or the savepoint failed (the message says why; the job
     *     goes on)
     * @since 1.2
     */
    default SavepointInfo savepoint(String jobId, Path targetDirectory) {
        throw new UnsupportedOperationException(
                "savepoints are not supported by " + getClass().getName());
    }

    /**
     * Stops one of this executor's jobs with a savepoint (Flink's {@code flink stop}): the sources stop emitting
     * right after the savepoint's barrier, the sinks commit what it covers, and the job ends {@link
     * JobInfo.State#STOPPED}. Nothing after the savepoint is committed, so a job restored from it continues exactly.
     * If the savepoint fails the job goes on and this throws.
     *
     * @since 1.2
     */
    default SavepointInfo stopWithSavepoint(String jobId, Path targetDirectory) {
        throw new UnsupportedOperationException(
                "savepoints are not supported by " + getClass().getName());
    }

    /**
     * Deletes a savepoint (Flink's {@code flink savepoint --dispose}) after checking that the directory is one.
     *
     * @throws IllegalArgumentException naming the directory if it is not a savepoint (a checkpoint, or anything
     *     else); nothing is deleted then
     * @since 1.2
     */
    default void disposeSavepoint(Path savepoint) {
        throw new UnsupportedOperationException(
                "savepoints are not supported by " + getClass().getName());
    }

    /**
     * The Dropwizard registry this executor's jobs record their metrics in (with {@code enable_metrics}, the default):
     * inside the container the node's registry (the {@code MetricRegistry} service with {@code
     * sabot.metrics.registry=node}) when there is one, else a registry of the executor's own, which an embedding
     * program can read or hand to a reporter. Names follow {@code io.sabot.metrics.spi.MetricName}, e.g. {@code
     * sabot.default.job-1.s1-0-windowaggregate.0.records-in}; a job's metrics are removed when it ends.
     *
     * <pre>{@code
     * ConsoleReporter.forRegistry(executor.metricRegistry()).build().start(10, TimeUnit.SECONDS);
     * }</pre>
     *
     * @since 1.4
     */
    default com.codahale.metrics.MetricRegistry metricRegistry() {
        throw new UnsupportedOperationException(
                "metrics are not supported by " + getClass().getName());
    }

    /**
     * The health checks of this executor's jobs (with {@code enable_health_checks}): the node's registry inside the
     * container (what {@code /health} and {@code bin/sabot health} run), else the executor's own. Per job {@code
     * sabot.<tenant>.<job>.running}, {@code .checkpointing} (with periodic checkpoints), {@code .watermark} and, with
     * metrics, {@code .error-rate}.
     *
     * @since 1.4
     */
    default com.codahale.metrics.health.HealthCheckRegistry healthChecks() {
        throw new UnsupportedOperationException(
                "health checks are not supported by " + getClass().getName());
    }

    /** The options this executor was built with. */
    ExecutorOptions options();

    /**
     * Cancels running queries, waits until they have stopped (each then reports {@link JobInfo.State#CANCELED}), and
     * releases everything.
     *
     * @throws IllegalStateException if a query did not stop within 30 s, or memory was not returned (a result batch
     *     the caller still holds)
     */
    @Override
    void close();

    /** Hears the outcome of each statement of a script. */
    interface ScriptListener {
        /** A statement that is not a query reported {@code text} (a message, a table, a plan). */
        void onMessage(String text);

        /** A query started; consume or close {@code result} before returning. */
        void onQuery(String sql, QueryResult result) throws Exception;
    }

    /** Configures a {@link StreamingSqlExecutor}; every option is validated at {@link #build()}, all at once. */
    final class Builder {
        private final Map<String, Object> options = new LinkedHashMap<>();
        private final List<PluginFactory> plugins = new ArrayList<>();
        private String tenant;

        private Builder() {}

        /**
         * Runs this executor's jobs as a tenant's ({@link Tenants}): its tables may use only its allowed connectors
         * (checked at {@code CREATE TABLE}, naming the table and the connector), each query is refused when it would
         * exceed one of its quotas (running jobs, parallelism), its jobs draw Arrow memory from the tenant's limit,
         * keep state and checkpoints under {@code <state_path>/tenants/<tenant>} (a {@code SET} of a checkpoint or
         * savepoint directory elsewhere is refused), and record metrics as {@code sabot.<tenant>.…}. The catalog is
         * the executor's own, as always: another tenant never sees its tables.
         *
         * @param id a configured tenant's id; {@link #build()} refuses an unknown one, naming it
         * @since 1.7
         */
        public Builder tenant(String id) {
            this.tenant = id;
            return this;
        }

        /** Sets an option by its seed name ({@code state_backend}, {@code max_parallelism}, …; see {@link ExecutorOptions}). */
        public Builder option(String key, Object value) {
            options.put(key, value);
            return this;
        }

        /** Sets options by their seed names. */
        public Builder options(Map<String, ?> values) {
            options.putAll(values);
            return this;
        }

        public Builder parallelism(int value) {
            return option(ExecutorOptions.PARALLELISM.key(), value);
        }

        public Builder maxParallelism(int value) {
            return option(ExecutorOptions.MAX_PARALLELISM.key(), value);
        }

        public Builder stateBackend(String identifier) {
            return option(ExecutorOptions.STATE_BACKEND.key(), identifier);
        }

        public Builder checkpointInterval(Duration interval) {
            return option(ExecutorOptions.CHECKPOINT_INTERVAL_SECONDS.key(), interval.toSeconds());
        }

        public Builder watermarkIdleTimeout(Duration timeout) {
            return option(ExecutorOptions.WATERMARK_IDLE_TIMEOUT_MS.key(), timeout.toMillis());
        }

        /**
         * Uses these connector and format factories instead of the container's plug-ins (for embedding in a plain
         * Java program and for tests).
         */
        public Builder plugins(List<? extends PluginFactory> factories) {
            plugins.addAll(factories);
            return this;
        }

        /**
         * Validates the options and creates the executor.
         *
         * @throws io.sabot.plugin.OptionValidationException listing every bad option
         * @throws IllegalStateException outside the container when no plug-ins were given
         * @throws IllegalArgumentException naming the tenant if {@link #tenant} names one that is not configured, or
         *     its parallelism exceeds the tenant's {@code max.parallelism}
         */
        public StreamingSqlExecutor build() {
            Map<String, Object> all = options;
            if (tenant != null) {
                // the tenant's state, checkpoints and savepoints live in a directory of its own
                all = new LinkedHashMap<>(options);
                Object base =
                        all.getOrDefault(ExecutorOptions.STATE_PATH.key(), ExecutorOptions.STATE_PATH.defaultValue());
                all.put(
                        ExecutorOptions.STATE_PATH.key(),
                        Path.of(String.valueOf(base).strip())
                                .resolve("tenants")
                                .resolve(tenant.strip())
                                .toString());
            }
            ExecutorOptions validated = ExecutorOptions.of(all);
            return io.sabot.runtime.internal.exec.Executors.create(validated, List.copyOf(plugins), tenant);
        }
    }
}
