package io.sabot.metrics.spi;

import static io.sabot.metrics.spi.MetricScope.JOB;
import static io.sabot.metrics.spi.MetricScope.NODE;
import static io.sabot.metrics.spi.MetricScope.SPLIT;
import static io.sabot.metrics.spi.MetricScope.TABLE;
import static io.sabot.metrics.spi.MetricScope.TASK;
import static io.sabot.metrics.spi.MetricScope.TENANT;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.Timer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The metrics the runtime maintains, with the Dropwizard type it registers them as, their unit, the scopes they
 * appear in, and what they mean. Exporters use this to add units, help texts and metric types (a Prometheus exporter
 * writes {@link #description()} as {@code # HELP}); the documentation table of metrics is generated from it.
 *
 * <p>Names are {@link #metricName()} in the scheme of {@link MetricName}, e.g. {@code
 * MetricName.task(tenant, job, operator, subtask, RECORDS_IN.metricName())}. Meters also give rates (per second,
 * one-, five- and fifteen-minute averages); histograms and timers give quantiles over a sliding window.
 */
public enum StandardMetric {

    /** Rows received by an operator; for a source, rows read from the outside world (per split at SPLIT scope). */
    RECORDS_IN("records-in", Meter.class, "rows", "Rows received; for sources, rows read", TASK, SPLIT),

    /** Rows emitted by an operator; for a sink, rows written to the outside world. */
    RECORDS_OUT("records-out", Meter.class, "rows", "Rows emitted; for sinks, rows written", TASK),

    /** Bytes received: Arrow buffer bytes for operators, bytes read from the outside world for sources. */
    BYTES_IN("bytes-in", Meter.class, "bytes", "Bytes received; for sources, bytes read", TASK, SPLIT),

    /** Bytes emitted: Arrow buffer bytes for operators, bytes written to the outside world for sinks. */
    BYTES_OUT("bytes-out", Meter.class, "bytes", "Bytes emitted; for sinks, bytes written", TASK),

    /** Rows per batch received, showing whether batches stay large enough for vectorised work. */
    BATCH_SIZE("batch-size", Histogram.class, "rows", "Rows per batch received", TASK),

    /**
     * For each batch, milliseconds from when its rows were read by a source to when this operator processed it; at a
     * sink, the end-to-end latency through the job.
     */
    LATENCY("latency", Histogram.class, "milliseconds", "Time since the batch's rows were read by the source", TASK),

    /**
     * At a sink whose rows carry event time (a rowtime attribute in its input), for each batch written: wall-clock
     * time when the write returned minus the event time of the batch's oldest row, i.e. an upper bound of the
     * event-time-to-emit latency of every row of the batch. One value per batch, not per row.
     *
     * @since 1.4
     */
    EVENT_TIME_LATENCY(
            "event-time-latency",
            Histogram.class,
            "milliseconds",
            "Wall-clock time at write minus the event time of each batch's oldest row",
            TASK),

    /** Time this operator spent processing each batch. */
    PROCESSING_TIME("processing-time", Timer.class, "nanoseconds", "Time spent processing each batch", TASK),

    /**
     * The current event-time watermark (epoch milliseconds); {@code Long.MIN_VALUE} before the first one. At {@code JOB}
     * scope (since 1.4) the least watermark of the job's subtasks that have one.
     */
    WATERMARK("watermark", Gauge.class, "epoch milliseconds", "Current event-time watermark", TASK, SPLIT, JOB),

    /**
     * Wall-clock time minus the current watermark: how far event time trails behind; {@code -1} before the first
     * watermark, {@code 0} after the final one. At {@code JOB} scope (since 1.4) that of the job's watermark.
     */
    WATERMARK_LAG("watermark-lag", Gauge.class, "milliseconds", "Wall-clock time minus the watermark", TASK, JOB),

    /**
     * Rows available in the source but not read yet (Kafka: end offset minus position), per split; at TASK scope the
     * sum over the subtask's splits. {@code -1} when the source cannot tell. <b>Not recorded yet</b>: the source SPI
     * has no way to report a backlog; reserved so that exporters and dashboards agree on the name.
     */
    LAG(
            "lag",
            Gauge.class,
            "rows",
            "**Not recorded yet** (reserved): rows available in the source and not read yet",
            TASK,
            SPLIT),

    /** Time the task was blocked because a downstream channel was full (backpressure). */
    BACKPRESSURED_TIME("backpressured-time", Counter.class, "milliseconds", "Time blocked on full output", TASK),

    /** Rows later than their window's allowed lateness, whatever the late-row policy did with them. */
    LATE_RECORDS("late-records", Counter.class, "rows", "Rows behind the watermark beyond allowed lateness", TASK),

    /**
     * Rows (or records that did not decode) dropped by a {@code SKIP} decision of the error handlers: per operator,
     * per table whose handlers decided (since 1.3), and for the job (since 1.3).
     */
    RECORDS_SKIPPED("records-skipped", Counter.class, "rows", "Rows skipped by error handling", TASK, TABLE, JOB),

    /** Rows (or records) sent to a dead-letter target: per operator, per table (since 1.3) and for the job (since 1.3). */
    RECORDS_DEAD_LETTERED(
            "records-dead-lettered", Counter.class, "rows", "Rows sent to dead-letter targets", TASK, TABLE, JOB),

    /** Failures handed to the error handlers, whatever they decided. */
    ERRORS(
            "errors",
            Counter.class,
            "failures",
            "Failures handed to the error handlers, and failures of the job itself (checkpoints, state restore, split"
                    + " enumerators)",
            JOB),

    /**
     * Failures handed to the error handlers, one counter per error type ({@code io.sabot.errors.spi.ErrorType}): a
     * {@linkplain #label() labelled} metric registered as {@code errors-by-type-connector}, {@code
     * errors-by-type-operator}, …; label-based exporters write it as one family with the label {@code type} ({@code
     * type="CONNECTOR"}). Every type is registered when the job starts, at 0.
     *
     * @since 1.5
     */
    ERRORS_BY_TYPE(
            "errors-by-type",
            "type",
            Counter.class,
            "failures",
            "`errors` by error type (label `type`: CONNECTOR, OPERATOR, …)",
            JOB),

    /**
     * Failed operations attempted again after a {@code RETRY} decision (today: a sink's writes, pre-commits and
     * flushes).
     *
     * @since 1.2
     */
    RETRIES("retries", Counter.class, "retries", "Failed operations attempted again by error handling", TASK),

    /**
     * The circuit breaker guarding the table a sink subtask writes: 0 closed, 1 open (writes held), 2 half-open
     * (probing). Registered only for tables whose error handlers keep a circuit ({@code circuit-breaker}).
     *
     * @since 1.2
     */
    CIRCUIT_BREAKER_STATE(
            "circuit-breaker-state",
            Gauge.class,
            "state",
            "Circuit breaker of the sink's table: 0 closed, 1 open, 2 half-open",
            TASK),

    /**
     * State changes of that circuit breaker since the job started (closed to open, open to half-open, half-open to
     * closed or open).
     *
     * @since 1.2
     */
    CIRCUIT_BREAKER_TRANSITIONS(
            "circuit-breaker-transitions",
            Counter.class,
            "transitions",
            "State changes of the circuit breaker of the sink's table",
            TASK),

    /**
     * Keys a lookup join sent to its dimension table's lookup source (one per distinct key of a batch that the cache
     * did not answer).
     *
     * @since 1.4
     */
    LOOKUPS("lookups", Counter.class, "keys", "Keys looked up in a dimension table's source", TASK),

    /**
     * Probe rows of a lookup join whose key the cache answered (a full cache answers every row).
     *
     * @since 1.4
     */
    LOOKUP_CACHE_HITS("lookup-cache-hits", Counter.class, "rows", "Probe rows answered by the lookup cache", TASK),

    /**
     * Probe rows of a lookup join whose key was not in the cache (or with {@code lookup.cache} NONE), so was looked
     * up in the source.
     *
     * @since 1.4
     */
    LOOKUP_CACHE_MISSES(
            "lookup-cache-misses", Counter.class, "rows", "Probe rows whose key was looked up in the source", TASK),

    /**
     * The time of each call of a lookup join to its dimension table's source (a batch of keys), retries included.
     *
     * @since 1.4
     */
    LOOKUP_LATENCY(
            "lookup-latency", Timer.class, "nanoseconds", "Time of each batch lookup in a dimension table", TASK),

    /**
     * Completed loads of a dimension table into a lookup join's full cache, the first one included; every subtask
     * shows the join's one cache.
     *
     * @since 1.4
     */
    LOOKUP_CACHE_LOADS("lookup-cache-loads", Gauge.class, "loads", "Completed loads of the full lookup cache", TASK),

    /**
     * Reloads of a full lookup cache that failed; the cache kept the rows of the last load.
     *
     * @since 1.4
     */
    LOOKUP_CACHE_LOAD_FAILURES(
            "lookup-cache-load-failures",
            Gauge.class,
            "loads",
            "Failed reloads of the full lookup cache (it kept the previous rows)",
            TASK),

    /**
     * Bytes of the files holding a stateful operator subtask's keyed state in the latest completed checkpoint or
     * savepoint (since 1.4; -1 before the first).
     */
    STATE_SIZE("state-size", Gauge.class, "bytes", "Keyed state bytes in the latest completed checkpoint", TASK),

    /**
     * What a stateful operator subtask's keyed state holds now: groups (aggregation), groups per open window (window
     * aggregation), sessions, buffered rows (joins, window Top-N); -1 when the operator cannot tell cheaply (state in
     * a backend plug-in).
     *
     * @since 1.4
     */
    STATE_ENTRIES("state-entries", Gauge.class, "entries", "Groups, sessions or rows held in keyed state now", TASK),

    /** Checkpoints completed since the job started. */
    CHECKPOINTS_COMPLETED("checkpoints-completed", Counter.class, "checkpoints", "Checkpoints completed", JOB),

    /** Checkpoints that failed, timed out or were declined. */
    CHECKPOINTS_FAILED("checkpoints-failed", Counter.class, "checkpoints", "Checkpoints failed or aborted", JOB),

    /** Milliseconds from triggering a checkpoint to its completion. */
    CHECKPOINT_DURATION("checkpoint-duration", Histogram.class, "milliseconds", "Time from trigger to completion", JOB),

    /** Bytes written per completed checkpoint. */
    CHECKPOINT_SIZE("checkpoint-size", Histogram.class, "bytes", "Bytes written per checkpoint", JOB),

    /**
     * For each completed checkpoint, the longest time a task waited for the barriers of all its inputs.
     *
     * @since 1.1
     */
    CHECKPOINT_ALIGNMENT_TIME(
            "checkpoint-alignment-time",
            Histogram.class,
            "milliseconds",
            "Longest barrier alignment per checkpoint",
            JOB),

    /** The id of the latest completed checkpoint; {@code -1} before the first. */
    LAST_CHECKPOINT("last-checkpoint", Gauge.class, "checkpoint id", "Id of the latest completed checkpoint", JOB),

    /**
     * Executions of the job (by name) started after its previous execution failed: a managed job's restarts, or a
     * failed job submitted again; counted for the container's life, across executions (recorded since 1.4).
     */
    RESTARTS("restarts", Counter.class, "restarts", "Executions started after a failed one of the same job", JOB),

    /** Milliseconds since the job's current execution started. */
    UPTIME("uptime", Gauge.class, "milliseconds", "Time since the current execution started", JOB),

    /** Jobs running on the node, or of the tenant on the node. */
    JOBS_RUNNING("jobs-running", Gauge.class, "jobs", "Jobs running", NODE, TENANT),

    /**
     * Arrow memory allocated, on the node, by the tenant's jobs on the node, or (since 1.5) by one job (its tasks,
     * state backends and sink writers; not the result batches waiting for the caller).
     */
    MEMORY_USED("memory-used", Gauge.class, "bytes", "Arrow memory allocated", NODE, TENANT, JOB),

    /** The Arrow memory limit of the node or of the tenant on the node. */
    MEMORY_LIMIT("memory-limit", Gauge.class, "bytes", "Arrow memory limit", NODE, TENANT),

    /** Plug-in services that failed to bind (invalid identifier, duplicate, failed validation of declarations). */
    PLUGINS_FAILED("plugins-failed", Gauge.class, "plug-ins", "Plug-ins that failed to bind", NODE);

    private final String metricName;
    private final String label;
    private final Class<? extends Metric> type;
    private final String unit;
    private final String description;
    private final Set<MetricScope> scopes;

    StandardMetric(
            String metricName,
            Class<? extends Metric> type,
            String unit,
            String description,
            MetricScope first,
            MetricScope... rest) {
        this(metricName, null, type, unit, description, first, rest);
    }

    StandardMetric(
            String metricName,
            String label,
            Class<? extends Metric> type,
            String unit,
            String description,
            MetricScope first,
            MetricScope... rest) {
        this.metricName = metricName;
        this.label = label;
        this.type = type;
        this.unit = unit;
        this.description = description;
        this.scopes = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The metric segment of the name, e.g. {@code records-in}. */
    public String metricName() {
        return metricName;
    }

    /**
     * The name of its label, or null: a labelled metric is registered once per label value, under {@link
     * #metricName(String)}.
     *
     * @since 1.5
     */
    public String label() {
        return label;
    }

    /**
     * The metric segment for one value of its {@link #label()}: {@code <metricName>-<value in lower case>}, e.g.
     * {@code errors-by-type-connector} for {@code CONNECTOR}.
     *
     * @throws IllegalStateException if it has no label
     * @since 1.5
     */
    public String metricName(String labelValue) {
        if (label == null) {
            throw new IllegalStateException(metricName + " has no label");
        }
        return metricName + "-" + labelValue.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * The labelled metric and label value of a metric segment made by {@link #metricName(String)} ({@code
     * errors-by-type-connector} gives {@link #ERRORS_BY_TYPE} and {@code CONNECTOR}), or empty.
     *
     * @since 1.5
     */
    public static java.util.Optional<java.util.Map.Entry<StandardMetric, String>> forLabelledName(String metricName) {
        for (StandardMetric metric : values()) {
            String prefix = metric.metricName + "-";
            if (metric.label != null && metricName.startsWith(prefix) && metricName.length() > prefix.length()) {
                String value = metricName
                        .substring(prefix.length())
                        .toUpperCase(java.util.Locale.ROOT)
                        .replace('-', '_');
                return java.util.Optional.of(java.util.Map.entry(metric, value));
            }
        }
        return java.util.Optional.empty();
    }

    /** The Dropwizard type the runtime registers it as ({@link Counter}, {@link Gauge}, {@link Meter}, …). */
    public Class<? extends Metric> type() {
        return type;
    }

    /** The unit of its values (of counts for meters), in words, e.g. {@code rows} or {@code milliseconds}. */
    public String unit() {
        return unit;
    }

    /** One line for help texts and the documentation table. */
    public String description() {
        return description;
    }

    /** The scopes it is registered in. */
    public Set<MetricScope> scopes() {
        return scopes;
    }

    /** The standard metric with segment {@code metricName}, or null: for exporters annotating parsed names. */
    public static StandardMetric forMetricName(String metricName) {
        for (StandardMetric metric : values()) {
            if (metric.metricName.equals(metricName)) {
                return metric;
            }
        }
        return null;
    }
}
