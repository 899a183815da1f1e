package io.sabot.engine.internal.metrics;

import static io.sabot.metrics.spi.StandardMetric.CHECKPOINTS_COMPLETED;
import static io.sabot.metrics.spi.StandardMetric.CHECKPOINTS_FAILED;
import static io.sabot.metrics.spi.StandardMetric.CHECKPOINT_ALIGNMENT_TIME;
import static io.sabot.metrics.spi.StandardMetric.CHECKPOINT_DURATION;
import static io.sabot.metrics.spi.StandardMetric.CHECKPOINT_SIZE;
import static io.sabot.metrics.spi.StandardMetric.ERRORS;
import static io.sabot.metrics.spi.StandardMetric.ERRORS_BY_TYPE;
import static io.sabot.metrics.spi.StandardMetric.LAST_CHECKPOINT;
import static io.sabot.metrics.spi.StandardMetric.MEMORY_USED;
import static io.sabot.metrics.spi.StandardMetric.UPTIME;
import static io.sabot.metrics.spi.StandardMetric.WATERMARK;
import static io.sabot.metrics.spi.StandardMetric.WATERMARK_LAG;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.MetricsConfig;
import io.sabot.errors.spi.ErrorType;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.metrics.spi.SummingHistogram;
import io.sabot.metrics.spi.SummingTimer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The metrics of one job: creates every metric object once (when the job or a task starts, or a split is first
 * seen), registers it under its {@link MetricName} and removes them all when the job ends. Without a registry the
 * objects still exist (so task code never checks) but nothing is registered anywhere. Registration is thread-safe;
 * the metric objects are Dropwizard's lock-free ones, histograms and timers over a lock-free reservoir.
 */
public final class JobMetricGroup {

    private final MetricRegistry registry;
    private final String tenant;
    private final String job;
    /** What this job registered, by name: removal removes exactly these objects. Guarded by itself. */
    private final Map<String, Metric> registered = new HashMap<>();

    private boolean closed;

    public final Counter checkpointsCompleted = new Counter();
    public final Counter checkpointsFailed = new Counter();
    public final Histogram checkpointDuration = histogram();
    public final Histogram checkpointSize = histogram();
    public final Histogram checkpointAlignment = histogram();
    public final Counter errors = new Counter();
    /** {@link #errors} by {@link ErrorType#ordinal()}. */
    private final Counter[] errorsByType = new Counter[ErrorType.values().length];

    private volatile long lastCheckpoint = -1;
    /** The state metrics of each stateful operator subtask, by operator id and subtask. */
    private final Map<String, Map<Integer, StateMetrics>> state = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param config where to register, or null to register nothing
     * @param number the job's number in its engine, its name when the config names none
     */
    public JobMetricGroup(MetricsConfig config, long number) {
        this.registry = config == null ? null : config.registry();
        this.tenant = config == null ? MetricsConfig.DEFAULT_TENANT : config.tenant();
        this.job = config == null || config.job() == null ? "job-" + number : config.job();
        for (int i = 0; i < errorsByType.length; i++) {
            errorsByType[i] = new Counter();
        }
    }

    /** A failure handed to the error handlers: counted in {@code errors} and in {@code errors-by-type}. */
    public void error(ErrorType type) {
        errors.inc();
        errorsByType[type.ordinal()].inc();
    }

    /** The failures of {@code type} handed to the error handlers so far. */
    public long errors(ErrorType type) {
        return errorsByType[type.ordinal()].getCount();
    }

    /**
     * Registers the job-scope metrics.
     *
     * @param startNanos when the current execution started
     * @param watermark the job's watermark (the least of its subtasks'), read by the gauges
     * @param memoryUsed the Arrow memory the job's allocator holds now (its tasks, state backends, sink writers)
     */
    public void registerJobMetrics(long startNanos, LongSupplier watermark, LongSupplier memoryUsed) {
        register(jobName(MEMORY_USED), (Gauge<Long>) memoryUsed::getAsLong);
        register(jobName(WATERMARK), (Gauge<Long>) watermark::getAsLong);
        register(jobName(WATERMARK_LAG), (Gauge<Long>) () -> lag(watermark.getAsLong()));
        register(jobName(CHECKPOINTS_COMPLETED), checkpointsCompleted);
        register(jobName(CHECKPOINTS_FAILED), checkpointsFailed);
        register(jobName(CHECKPOINT_DURATION), checkpointDuration);
        register(jobName(CHECKPOINT_SIZE), checkpointSize);
        register(jobName(CHECKPOINT_ALIGNMENT_TIME), checkpointAlignment);
        register(jobName(LAST_CHECKPOINT), (Gauge<Long>) () -> lastCheckpoint);
        register(jobName(UPTIME), (Gauge<Long>) () -> (System.nanoTime() - startNanos) / 1_000_000);
        register(jobName(ERRORS), errors);
        // every type from the start, at 0, so that a rate over them is defined before the first failure
        for (ErrorType type : ErrorType.values()) {
            register(MetricName.job(tenant, job, ERRORS_BY_TYPE.metricName(type.name())), errorsByType[type.ordinal()]);
        }
    }

    /** A completed checkpoint or savepoint (coordinator thread). */
    public void checkpointCompleted(CheckpointInfo info) {
        checkpointsCompleted.inc();
        checkpointDuration.update(info.durationMillis());
        checkpointSize.update(info.sizeBytes());
        checkpointAlignment.update(info.alignmentMillis());
        lastCheckpoint = info.id();
    }

    /** Wall-clock time minus {@code watermark}: -1 before the first watermark, 0 after the final one. */
    public static long lag(long watermark) {
        if (watermark == Long.MIN_VALUE) {
            return -1;
        }
        return watermark == Long.MAX_VALUE ? 0 : System.currentTimeMillis() - watermark;
    }

    /** The state metrics of operator {@code operatorId}'s subtask {@code subtask}, made on first use. */
    StateMetrics stateMetrics(String operatorId, int subtask) {
        return state.computeIfAbsent(operatorId, k -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(subtask, k -> new StateMetrics());
    }

    /**
     * A checkpoint or savepoint completed with these bytes of keyed state files per operator and subtask (coordinator
     * thread). Subtasks it has no files of held no state: 0 bytes.
     */
    public void stateWritten(Map<String, Map<Integer, Long>> bytes) {
        state.forEach((operator, subtasks) -> {
            Map<Integer, Long> written = bytes.getOrDefault(operator, Map.of());
            subtasks.forEach((subtask, metrics) -> metrics.bytes = written.getOrDefault(subtask, 0L));
        });
    }

    /** Whether metrics are registered anywhere. */
    public boolean enabled() {
        return registry != null;
    }

    public MetricName jobName(StandardMetric metric) {
        return MetricName.job(tenant, job, metric.metricName());
    }

    /** {@code sabot.<tenant>.<job>.<table>.<metric>}, {@code table} the qualified table name. */
    public MetricName tableName(String table, StandardMetric metric) {
        return MetricName.table(tenant, job, table, metric.metricName());
    }

    public MetricName taskName(String operator, int subtask, StandardMetric metric) {
        return MetricName.task(tenant, job, operator, subtask, metric.metricName());
    }

    public MetricName splitName(String operator, int subtask, String split, StandardMetric metric) {
        return MetricName.split(tenant, job, operator, subtask, split, metric.metricName());
    }

    /**
     * A histogram whose updates take no lock (Dropwizard's default reservoir does), keeping its exact sum for
     * exporters.
     */
    public static Histogram histogram() {
        return new SummingHistogram(
                LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    public static Timer timer() {
        return new SummingTimer(LockFreeExponentiallyDecayingReservoir.builder().build());
    }

    public static Meter meter() {
        return new Meter();
    }

    /**
     * Registers {@code metric} under {@code name} (replacing a metric of that name another job left, which happens only
     * when two running jobs share a name) and returns it; after {@link #close()} registers nothing.
     */
    public <T extends Metric> T register(MetricName name, T metric) {
        if (registry == null) {
            return metric;
        }
        String key = name.toString();
        synchronized (registered) {
            if (closed) {
                return metric;
            }
            try {
                registry.register(key, metric);
            } catch (IllegalArgumentException exists) {
                registry.remove(key);
                registry.register(key, metric);
            }
            registered.put(key, metric);
        }
        return metric;
    }

    /** Removes every metric this job registered (those another job replaced stay); idempotent. */
    public void close() {
        if (registry == null) {
            return;
        }
        Map<String, Metric> mine;
        synchronized (registered) {
            if (closed) {
                return;
            }
            closed = true;
            mine = new HashMap<>(registered);
            registered.clear();
        }
        registry.removeMatching((name, metric) -> mine.get(name) == metric);
    }
}
