package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.connector.spi.ConnectivityCheck;
import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.Job;
import io.sabot.engine.JobMetrics;
import io.sabot.engine.JobStatus;
import io.sabot.engine.StateBackendConfig;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plan.PlanNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The health checks of one job, named {@code sabot.<tenant>.<job>.<check>} like its metrics:
 *
 * <ul>
 *   <li>{@code running}: the job runs; a failed job stays unhealthy (with its failure) until a job of the same name
 *       replaces it or its executor closes;
 *   <li>{@code checkpointing} (with periodic checkpoints): a checkpoint completed within {@value
 *       #CHECKPOINT_INTERVALS} intervals (plus 10 s), or since the job started;
 *   <li>{@code watermark}: the watermark advanced within the stall timeout, or no rows arrived since it last did (an
 *       idle input is not a stuck watermark); a job without event time, or whose inputs have ended, is healthy;
 *   <li>{@code error-rate} (with metrics): the job's failed records (its {@code errors} counter, or at least the
 *       records its error handlers skipped or dead-lettered) stay under {@value #MAX_ERROR_RATE} of the records read;
 *   <li>{@code state-backend} (with a state backend plug-in): its local directory and the job's working directory in
 *       it are writable directories;
 *   <li>{@code table.<table>.connectivity} (per table whose connector implements {@code ConnectorHealth}): the
 *       table's external system answers (Kafka brokers, a path), within {@link TableHealthChecks#TIMEOUT}.
 * </ul>
 *
 * Checks are evaluated when someone asks ({@code /health}, {@code bin/sabot health}), never by the job's threads. All
 * but a failed job's {@code running} check are removed when the job ends.
 */
public final class JobHealthChecks {

    /** How many checkpoint intervals may pass without a completed checkpoint. */
    public static final int CHECKPOINT_INTERVALS = 3;

    /** The largest healthy ratio of errors to rows read. */
    public static final double MAX_ERROR_RATE = 0.01;

    /** Which check object each registry holds under a name: a later job of the same name replaces, never loses. */
    private static final Map<HealthCheckRegistry, Map<String, HealthCheck>> OWNERS = new WeakHashMap<>();

    private final HealthCheckRegistry registry;
    private final Map<String, HealthCheck> checks = new HashMap<>();
    /** The connectivity checks of the job's tables: closed when their health checks go. */
    private final List<ConnectivityCheck> connectivity = new ArrayList<>();
    /** Set when the job's checks go; guarded by {@link #connectivity}. */
    private boolean over;

    private final String prefix;

    private JobHealthChecks(HealthCheckRegistry registry, String prefix) {
        this.registry = registry;
        this.prefix = prefix;
    }

    /**
     * Registers the checks of a job that has just started; they go when it ends.
     *
     * @param metrics the registry holding the job's metrics, or null when metrics are off (no error-rate check)
     * @param checkpointInterval the periodic checkpoint interval, or null without periodic checkpoints
     * @param stallTimeout how long the watermark may stand still
     */
    public static JobHealthChecks register(
            HealthCheckRegistry registry,
            Job job,
            String tenant,
            String jobName,
            MetricRegistry metrics,
            Duration checkpointInterval,
            Duration stallTimeout) {
        String prefix = "sabot." + MetricName.segment(tenant) + "." + MetricName.segment(jobName) + ".";
        JobHealthChecks handle = new JobHealthChecks(registry, prefix);
        Instant started = Instant.now();
        handle.add("running", new HealthCheck() {
            @Override
            protected Result check() {
                JobStatus status = job.status();
                if (status == JobStatus.RUNNING) {
                    return Result.healthy("running since " + started);
                }
                if (status == JobStatus.FAILED) {
                    return Result.unhealthy("failed: "
                            + job.failure().map(Throwable::getMessage).orElse("(no reason)"));
                }
                return Result.healthy(status.toString().toLowerCase());
            }
        });
        if (checkpointInterval != null && !checkpointInterval.isZero()) {
            Duration allowed =
                    checkpointInterval.multipliedBy(CHECKPOINT_INTERVALS).plusSeconds(10);
            handle.add("checkpointing", new HealthCheck() {
                @Override
                protected Result check() {
                    List<CheckpointInfo> done = job.checkpoints();
                    Instant last = started;
                    String what = "no checkpoint yet; started " + started;
                    if (!done.isEmpty()) {
                        CheckpointInfo info = done.get(done.size() - 1);
                        last = info.triggeredAt().plusMillis(info.durationMillis());
                        what = "checkpoint " + info.id() + " completed at " + last;
                    }
                    Duration age = Duration.between(last, Instant.now());
                    String message = what + " (" + job.failedCheckpoints() + " failed; allowed " + allowed.toSeconds()
                            + " s without one)";
                    return age.compareTo(allowed) <= 0 ? Result.healthy(message) : Result.unhealthy(message);
                }
            });
        }
        handle.add("watermark", new HealthCheck() {
            private long seen = Long.MIN_VALUE;
            private long changedAt = System.nanoTime();
            private long rowsAtChange;

            @Override
            protected synchronized Result check() {
                long watermark = job.watermark();
                long rows = job.metrics().rowsIn();
                long now = System.nanoTime();
                if (watermark != seen) {
                    seen = watermark;
                    changedAt = now;
                    rowsAtChange = rows;
                }
                if (watermark == Long.MIN_VALUE) {
                    return Result.healthy("no watermark yet");
                }
                if (watermark == Long.MAX_VALUE) {
                    return Result.healthy("every input has ended");
                }
                Duration still = Duration.ofNanos(now - changedAt);
                long since = rows - rowsAtChange;
                String message = "watermark " + Instant.ofEpochMilli(watermark) + ", unchanged for "
                        + still.toSeconds() + " s while " + since + " rows arrived (allowed " + stallTimeout.toSeconds()
                        + " s)";
                return still.compareTo(stallTimeout) <= 0 || since == 0
                        ? Result.healthy(message)
                        : Result.unhealthy(message);
            }
        });
        if (metrics != null) {
            String errorsName = MetricName.job(tenant, jobName, StandardMetric.ERRORS.metricName())
                    .toString();
            handle.add("error-rate", new HealthCheck() {
                @Override
                protected Result check() {
                    Counter errors = metrics.getCounters().get(errorsName);
                    JobMetrics counts = job.metrics();
                    long count = Math.max(
                            errors == null ? 0 : errors.getCount(),
                            counts.recordsSkipped() + counts.recordsDeadLettered());
                    long rows = counts.rowsIn() + count;
                    double rate = (double) count / Math.max(1, rows);
                    String message = count + " errors for " + rows + " rows read (at most " + (MAX_ERROR_RATE * 100)
                            + " % healthy)";
                    return rate <= MAX_ERROR_RATE ? Result.healthy(message) : Result.unhealthy(message);
                }
            });
        }
        job.termination().thenAccept(status -> handle.ended(status));
        return handle;
    }

    /**
     * Adds the {@code state-backend} check of a job that keeps keyed state in a backend plug-in (none for the engine's
     * in-heap tables); it goes when the job ends.
     *
     * @param engineJob the engine's job name, {@code job-N} (its working directory is {@code job-N-…})
     */
    public void addStateBackend(java.util.Optional<StateBackendConfig> backend, String engineJob) {
        backend.ifPresent(config -> {
            synchronized (connectivity) {
                if (!over) {
                    add("state-backend", new StateBackendHealthCheck(config, engineJob));
                }
            }
        });
    }

    /**
     * Adds a connectivity check per table of the job's plan whose connector offers one ({@code
     * table.<table>.connectivity}); they go, and are closed, when the job ends.
     */
    public void addTables(PlanNode root, ConnectorResolver resolver) {
        List<TableHealthChecks.Named> tables = TableHealthChecks.of(root, resolver);
        synchronized (connectivity) {
            for (TableHealthChecks.Named table : tables) {
                if (over) { // the job ended meanwhile: its checks are gone already
                    table.connectivity().close();
                    continue;
                }
                connectivity.add(table.connectivity());
                add(table.check(), table.healthCheck());
            }
        }
    }

    private void add(String check, HealthCheck healthCheck) {
        String name = prefix + check;
        synchronized (OWNERS) {
            registry.unregister(name);
            registry.register(name, healthCheck);
            OWNERS.computeIfAbsent(registry, r -> new HashMap<>()).put(name, healthCheck);
        }
        checks.put(check, healthCheck);
    }

    /** The job ended: its checks go, but a failure stays visible. */
    private void ended(JobStatus status) {
        synchronized (connectivity) {
            over = true;
        }
        List<String> gone = new ArrayList<>(checks.keySet());
        if (status == JobStatus.FAILED) {
            gone.remove("running");
        }
        remove(gone);
        closeConnectivity();
    }

    /** Removes every check of the job (its executor closes). */
    public void removeAll() {
        synchronized (connectivity) {
            over = true;
        }
        remove(new ArrayList<>(checks.keySet()));
        closeConnectivity();
    }

    private void closeConnectivity() {
        synchronized (connectivity) {
            connectivity.forEach(ConnectivityCheck::close);
            connectivity.clear();
        }
    }

    private void remove(List<String> names) {
        synchronized (OWNERS) {
            Map<String, HealthCheck> owners = OWNERS.getOrDefault(registry, Map.of());
            for (String check : names) {
                String name = prefix + check;
                if (owners.get(name) == checks.get(check)) {
                    owners.remove(name);
                    registry.unregister(name);
                }
            }
        }
    }
}
