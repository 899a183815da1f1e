package io.sabot.runtime.internal.exec;

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

    private record Entry(Job job, String sql, Instant started, Instant[] ended) {}

    /** Insertion-ordered, oldest first; guarded by itself. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void register(Job job, String sql) {
        synchronized (entries) {
            entries.put(job.name(), new Entry(job, sql, Instant.now(), new Instant[1]));
            // Forget the oldest ended jobs beyond the retention.
            int excess = entries.size() - RETAINED;
            for (var it = entries.values().iterator(); it.hasNext() && excess > 0; ) {
                if (it.next().job().status().isTerminal()) {
                    it.remove();
                    excess--;
                }
            }
        }
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

    private static JobInfo info(Entry entry) {
        JobStatus status = entry.job().status();
        if (status.isTerminal() && entry.ended()[0] == null) {
            entry.ended()[0] = Instant.now(); // first seen ended: close enough for an overview
        }
        JobMetrics metrics = entry.job().metrics();
        return new JobInfo(
                entry.job().name(),
                entry.sql(),
                JobInfo.State.valueOf(status.name()),
                entry.started(),
                Optional.ofNullable(entry.ended()[0]),
                entry.job().failure().map(Throwable::getMessage),
                metrics.rowsIn(),
                metrics.rowsOut(),
                metrics.lateRowsDropped());
    }
}
