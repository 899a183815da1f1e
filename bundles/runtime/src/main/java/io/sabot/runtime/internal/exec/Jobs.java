package io.sabot.runtime.internal.exec;

import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.Checkpoints;
import io.sabot.engine.Job;
import io.sabot.engine.JobMetrics;
import io.sabot.engine.JobStatus;
import io.sabot.metrics.spi.MetricName;
import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.Secrets;
import io.sabot.runtime.internal.DeclaredSecrets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** The container's jobs: every executor registers the jobs it starts here. */
final class Jobs implements JobRegistry {

    static final Jobs INSTANCE = new Jobs();

    private static final int RETAINED = 100;

    /** How long a savepoint request waits (the engine aborts a savepoint after its checkpoint timeout first). */
    private static final long SAVEPOINT_WAIT_MINUTES = 15;

    /**
     * A registered job; {@link #info()} snapshots it.
     *
     * @param pipelineName its {@code pipeline.name}, or null
     * @param savepointTarget where its savepoints go unless told otherwise
     * @param plan its physical plan as EXPLAIN prints it
     * @param metrics whether it records metrics in a registry
     * @param tenant the tenant it belongs to ({@code default} without one)
     * @param quotaFailure why the runtime ended it for exceeding a quota (its state size), else null; guarded by
     *     itself
     * @param secretValues the secret option values of its SQL, which {@link #info()} keeps out of its failure
     */
    record Entry(
            Job job,
            String sql,
            Instant started,
            Instant[] ended,
            String pipelineName,
            Path savepointTarget,
            String plan,
            boolean metrics,
            String tenant,
            String[] quotaFailure,
            List<String> secretValues) {
        JobInfo info() {
            return Jobs.info(this);
        }

        /** Whether {@code ref} names this job: its id, the id's first word, or its pipeline name. */
        boolean named(String ref) {
            String id = job.name();
            int space = id.indexOf(' ');
            return id.equals(ref)
                    || (space > 0 && id.substring(0, space).equals(ref))
                    || (pipelineName != null && pipelineName.equals(ref));
        }
    }

    /** Insertion-ordered, oldest first; guarded by itself. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Entry register(
            Job job,
            String sql,
            String pipelineName,
            Path savepointTarget,
            String plan,
            boolean metrics,
            String tenant,
            List<String> tableSecrets) {
        // Masked once, here, so that no surface (API, console, shell, logs) can show a secret from the registry.
        Set<String> secretKeys = DeclaredSecrets.keys();
        Set<String> values = new java.util.TreeSet<>(java.util.Comparator.comparingInt(String::length)
                .reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        values.addAll(Secrets.values(sql, secretKeys));
        values.addAll(tableSecrets);
        List<String> secretValues = List.copyOf(values); // longest first, as maskValues needs
        Entry entry = new Entry(
                job,
                Secrets.maskOptions(sql, secretKeys),
                Instant.now(),
                new Instant[1],
                pipelineName,
                savepointTarget,
                plan == null ? null : Secrets.maskValues(Secrets.maskOptions(plan, secretKeys), secretValues),
                metrics,
                tenant,
                new String[1],
                secretValues);
        synchronized (entries) {
            entries.put(job.name(), entry);
            // Forget the oldest ended jobs beyond the retention.
            int excess = entries.size() - RETAINED;
            for (var it = entries.values().iterator(); it.hasNext() && excess > 0; ) {
                if (it.next().job().status().isTerminal()) {
                    it.remove();
                    excess--;
                }
            }
        }
        return entry;
    }

    @Override
    public List<JobInfo> jobs() {
        return jobs(e -> true);
    }

    /** The jobs {@code scope} accepts, newest first. */
    List<JobInfo> jobs(Predicate<Entry> scope) {
        List<JobInfo> out = new ArrayList<>();
        synchronized (entries) {
            entries.values().stream().filter(scope).forEach(e -> out.add(0, info(e)));
        }
        return out;
    }

    /** The ids' first words of a tenant's running jobs, oldest first. */
    List<String> running(String tenant) {
        return runningEntries(tenant).stream()
                .map(e -> e.job().name().split(" ")[0])
                .toList();
    }

    /** A tenant's running jobs, oldest first. */
    private List<Entry> runningEntries(String tenant) {
        List<Entry> out = new ArrayList<>();
        synchronized (entries) {
            for (Entry e : entries.values()) {
                if (e.tenant().equals(tenant) && !e.job().status().isTerminal()) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Cancels every running job of a tenant (its configuration went away); their checkpoints stay. */
    void cancelAll(String tenant) {
        for (Entry e : runningEntries(tenant)) {
            end(
                    e,
                    "tenant " + tenant + " was removed (its configuration " + io.sabot.runtime.Tenants.PID
                            + " was deleted)");
        }
    }

    /**
     * Ends each running job of a tenant whose latest checkpoint is larger than {@code maxStateBytes}, saying so in its
     * failure.
     */
    void enforceStateSize(String tenant, long maxStateBytes) {
        for (Entry e : runningEntries(tenant)) {
            List<CheckpointInfo> checkpoints = e.job().checkpoints();
            if (checkpoints.isEmpty()) {
                continue;
            }
            CheckpointInfo latest = checkpoints.get(checkpoints.size() - 1);
            if (latest.sizeBytes() > maxStateBytes) {
                end(
                        e,
                        "tenant " + tenant + ": max.state.bytes = " + maxStateBytes + " exceeded: checkpoint "
                                + latest.id() + " of job " + e.job().name().split(" ")[0] + " holds "
                                + latest.sizeBytes()
                                + " bytes");
            }
        }
    }

    /** Cancels a job the runtime ends for a reason of its own, which its failure then shows. */
    private static void end(Entry e, String reason) {
        synchronized (e.quotaFailure()) {
            if (e.quotaFailure()[0] == null) {
                e.quotaFailure()[0] = reason;
            }
        }
        e.job().cancel();
    }

    @Override
    public Optional<JobInfo> job(String id) {
        synchronized (entries) {
            Entry entry = entries.get(id);
            return entry == null ? Optional.empty() : Optional.of(info(entry));
        }
    }

    @Override
    public Optional<JobDetails> details(String job) {
        return details(job, e -> true, "this container");
    }

    /** {@link #details(String)} among the jobs {@code scope} accepts. */
    Optional<JobDetails> details(String job, Predicate<Entry> scope, String where) {
        Entry entry;
        try {
            entry = find(job, scope, where);
        } catch (IllegalArgumentException e) {
            if (job == null || job.isBlank() || !e.getMessage().startsWith("no job ")) {
                throw e;
            }
            return Optional.empty();
        }
        String metricsJob = entry.pipelineName() != null
                ? entry.pipelineName()
                : entry.job().name().split(" ")[0];
        Optional<String> prefix = entry.metrics()
                ? Optional.of(MetricName.job(entry.tenant(), metricsJob, "x")
                        .toString()
                        .replaceFirst("\\.x$", ""))
                : Optional.empty();
        return Optional.of(new JobDetails(
                info(entry),
                Optional.ofNullable(entry.pipelineName()),
                entry.job().watermark(),
                prefix,
                entry.plan() == null ? "" : entry.plan()));
    }

    @Override
    public boolean cancel(String id) {
        Entry entry;
        synchronized (entries) {
            entry = entries.get(id);
        }
        if (entry == null || entry.job().status().isTerminal()) {
            return false;
        }
        entry.job().cancel();
        return true;
    }

    @Override
    public SavepointInfo savepoint(String job, Path targetDirectory) {
        return savepoint(find(job, e -> true, "this container"), targetDirectory, false);
    }

    @Override
    public SavepointInfo stopWithSavepoint(String job, Path targetDirectory) {
        return savepoint(find(job, e -> true, "this container"), targetDirectory, true);
    }

    @Override
    public void disposeSavepoint(Path savepoint) {
        dispose(savepoint);
    }

    static void dispose(Path savepoint) {
        try {
            Checkpoints.disposeSavepoint(savepoint);
        } catch (IOException e) {
            throw new IllegalStateException("disposing of savepoint '" + savepoint + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * The one job {@code ref} names among those {@code scope} accepts; a running one wins over ended ones of the same
     * name (a pipeline run again).
     *
     * @throws IllegalArgumentException if none or several running jobs match, listing the candidates
     */
    Entry find(String ref, Predicate<Entry> scope, String where) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("name a job: its id as 'sabot:jobs' shows it, or its pipeline.name");
        }
        String name = ref.strip();
        List<Entry> matches = new ArrayList<>();
        List<String> known = new ArrayList<>();
        synchronized (entries) {
            for (Entry e : entries.values()) {
                if (!scope.test(e)) {
                    continue;
                }
                known.add(e.job().name().split(" ")[0]);
                if (e.named(name)) {
                    matches.add(e);
                }
            }
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no job '" + name + "' in " + where
                    + (known.isEmpty() ? " (it has no jobs)" : "; its jobs are " + known));
        }
        List<Entry> running =
                matches.stream().filter(e -> !e.job().status().isTerminal()).toList();
        if (running.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' names " + running.size() + " running jobs: "
                    + running.stream().map(e -> e.job().name()).toList() + "; give the full id");
        }
        return running.isEmpty() ? matches.get(matches.size() - 1) : running.get(0);
    }

    /** Takes (and with {@code stop}, stops with) a savepoint and waits for it. */
    static SavepointInfo savepoint(Entry entry, Path targetDirectory, boolean stop) {
        Job job = entry.job();
        if (job.status().isTerminal()) {
            throw new IllegalStateException("job " + job.name() + " has ended (" + state(job.status())
                    + "): there is nothing to take a savepoint of");
        }
        Path target = targetDirectory != null ? targetDirectory.toAbsolutePath() : entry.savepointTarget();
        CompletableFuture<CheckpointInfo> future = stop ? job.stopWithSavepoint(target) : job.triggerSavepoint(target);
        CheckpointInfo info;
        try {
            info = future.get(SAVEPOINT_WAIT_MINUTES, TimeUnit.MINUTES);
            if (stop) {
                job.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(
                    (stop ? "stop-with-savepoint" : "savepoint") + " of job " + job.name() + " failed: "
                            + cause.getMessage(),
                    cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "savepoint of job " + job.name() + " did not complete within " + SAVEPOINT_WAIT_MINUTES + " min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the savepoint of job " + job.name());
        }
        return new SavepointInfo(
                job.name(), info.id(), info.path(), info.triggeredAt(), info.durationMillis(), info.sizeBytes(), stop);
    }

    /** The engine's status as the API's state. */
    static JobInfo.State state(JobStatus status) {
        return switch (status) {
            case RUNNING -> JobInfo.State.RUNNING;
            case FINISHED -> JobInfo.State.FINISHED;
            case FAILED -> JobInfo.State.FAILED;
            case CANCELED -> JobInfo.State.CANCELED;
            case STOPPED -> JobInfo.State.STOPPED;
        };
    }

    private static JobInfo info(Entry entry) {
        JobStatus status = entry.job().status();
        String quotaFailure;
        synchronized (entry.quotaFailure()) {
            quotaFailure = entry.quotaFailure()[0];
        }
        Instant ended;
        synchronized (entry.ended()) {
            if (status.isTerminal() && entry.ended()[0] == null) {
                entry.ended()[0] = Instant.now(); // first seen ended: close enough for an overview
            }
            ended = entry.ended()[0];
        }
        JobMetrics metrics = entry.job().metrics();
        List<CheckpointInfo> checkpoints = entry.job().checkpoints();
        boolean endedByQuota = quotaFailure != null && status.isTerminal() && status != JobStatus.FINISHED;
        return new JobInfo(
                entry.job().name(),
                entry.sql(),
                endedByQuota ? JobInfo.State.FAILED : state(status),
                entry.started(),
                Optional.ofNullable(ended),
                endedByQuota
                        ? Optional.of(quotaFailure)
                        : entry.job()
                                .failure()
                                .map(f -> Secrets.maskValues(
                                        Secrets.maskOptions(failure(entry, f), DeclaredSecrets.keys()),
                                        entry.secretValues())),
                metrics.rowsIn(),
                metrics.rowsOut(),
                metrics.lateRowsDropped(),
                checkpoints.size(),
                entry.job().failedCheckpoints(),
                checkpoints.isEmpty()
                        ? Optional.empty()
                        : Optional.of(checkpoint(checkpoints.get(checkpoints.size() - 1))),
                metrics.recordsSkipped(),
                metrics.recordsDeadLettered(),
                metrics.retries());
    }

    /**
     * A failure's message; Arrow's out-of-memory error names the job's own memory limit, or a tenant's job's memory quota,
     * whichever was hit: that is what the user has to change.
     */
    private static String failure(Entry entry, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.sabot.engine.MemoryLimitExceededException) {
                return t.getMessage(); // the job's own limit, which names its setting
            }
            if (t instanceof org.apache.arrow.memory.OutOfMemoryException) {
                var tenant = io.sabot.runtime.internal.tenant.TenantRegistry.INSTANCE.get(entry.tenant());
                if (tenant.isPresent() && tenant.get().quotas().maxMemoryBytes() > 0) {
                    return "tenant " + entry.tenant() + ": max.memory.bytes = "
                            + tenant.get().quotas().maxMemoryBytes() + " exceeded (" + t.getMessage() + ")";
                }
            }
        }
        return failure.getMessage();
    }

    static JobInfo.Checkpoint checkpoint(CheckpointInfo c) {
        return new JobInfo.Checkpoint(
                c.id(),
                c.savepoint(),
                c.path().toString(),
                c.triggeredAt().plusMillis(c.durationMillis()),
                c.durationMillis(),
                c.sizeBytes(),
                c.alignmentMillis());
    }
}
