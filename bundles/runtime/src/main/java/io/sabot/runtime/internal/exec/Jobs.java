package io.sabot.runtime.internal.exec;

import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.Job;
import io.sabot.engine.JobMetrics;
import io.sabot.engine.JobStatus;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The container's jobs: every executor registers the jobs it starts here. */
final class Jobs implements JobRegistry {

    static final Jobs INSTANCE = new Jobs();

    private static final int RETAINED = 100;

    /** A registered job; {@link #info()} snapshots it. */
    record Entry(Job job, String sql, Instant started, Instant[] ended) {
        JobInfo info() {
            return Jobs.info(this);
        }
    }

    /** Insertion-ordered, oldest first; guarded by itself. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Entry register(Job job, String sql) {
        Entry entry = new Entry(job, sql, Instant.now(), new Instant[1]);
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
        List<JobInfo> out = new ArrayList<>();
        synchronized (entries) {
            entries.values().forEach(e -> out.add(0, info(e)));
        }
        return out;
    }

    @Override
    public Optional<JobInfo> job(String id) {
        synchronized (entries) {
            Entry entry = entries.get(id);
            return entry == null ? Optional.empty() : Optional.of(info(entry));
        }
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

    /** The engine's status as the API's state. */
    static JobInfo.State state(JobStatus status) {
        return switch (status) {
            case RUNNING -> JobInfo.State.RUNNING;
            case FINISHED -> JobInfo.State.FINISHED;
            case FAILED -> JobInfo.State.FAILED;
            case CANCELED -> JobInfo.State.CANCELED;
        };
    }

    private static JobInfo info(Entry entry) {
        JobStatus status = entry.job().status();
        Instant ended;
        synchronized (entry.ended()) {
            if (status.isTerminal() && entry.ended()[0] == null) {
                entry.ended()[0] = Instant.now(); // first seen ended: close enough for an overview
            }
            ended = entry.ended()[0];
        }
        JobMetrics metrics = entry.job().metrics();
        List<CheckpointInfo> checkpoints = entry.job().checkpoints();
        return new JobInfo(
                entry.job().name(),
                entry.sql(),
                state(status),
                entry.started(),
                Optional.ofNullable(ended),
                entry.job().failure().map(Throwable::getMessage),
                metrics.rowsIn(),
                metrics.rowsOut(),
                metrics.lateRowsDropped(),
                checkpoints.size(),
                entry.job().failedCheckpoints(),
                checkpoints.isEmpty()
                        ? Optional.empty()
                        : Optional.of(checkpoint(checkpoints.get(checkpoints.size() - 1))));
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
