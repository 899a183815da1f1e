package io.sabot.runtime.internal.exec;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.engine.Job;
import io.sabot.engine.JobStatus;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container's count of job restarts, by tenant and job name ({@code pipeline.name}): an execution of a named job
 * that starts after the previous execution of that name failed is a restart, whichever executor runs it. That covers a
 * managed job restarted by its restart strategy (each restart is a new execution that restores the latest
 * checkpoint) and a failed job submitted again by hand. A job cancelled, stopped or finished and started again is not
 * restarted; jobs without a name ({@code job-<n>}) are never restarted. Counts live as long as the container (the
 * runtime bundle): a new container starts from zero.
 *
 * <p>Each execution registers the name's one {@link Counter} as its {@code restarts} metric while it runs, so the
 * metric keeps counting across executions.
 */
final class JobRestarts {

    static final JobRestarts INSTANCE = new JobRestarts();

    private static final class Name {
        final Counter restarts = new Counter();
        /** Whether the latest execution of the name failed: the next one is a restart. */
        boolean failed;
    }

    private final Map<String, Name> names = new ConcurrentHashMap<>();

    /**
     * Job {@code job} (named {@code name}, or null) started: counts a restart if the name's previous execution failed,
     * registers the name's counter in {@code registry} (if any) until the job ends, and notes how it ended.
     */
    void started(Job job, String tenant, String name, MetricRegistry registry) {
        Counter counter;
        Name entry = name == null ? null : names.computeIfAbsent(tenant + '\0' + name, k -> new Name());
        if (entry != null) {
            synchronized (entry) {
                if (entry.failed) {
                    entry.restarts.inc();
                    entry.failed = false;
                }
            }
            counter = entry.restarts;
        } else {
            counter = new Counter(); // an unnamed job is never restarted
        }
        String metric = null;
        if (registry != null) {
            metric = MetricName.job(
                            tenant,
                            name != null ? name : job.name().split(" ")[0],
                            StandardMetric.RESTARTS.metricName())
                    .toString();
            try {
                registry.register(metric, counter);
            } catch (IllegalArgumentException exists) {
                registry.remove(metric); // a running job of the same name: the later one's metrics win
                registry.register(metric, counter);
            }
        }
        String registered = metric;
        job.termination().whenComplete((status, error) -> {
            if (entry != null && status == JobStatus.FAILED) {
                synchronized (entry) {
                    entry.failed = true;
                }
            }
            if (registered != null) {
                registry.removeMatching((n, m) -> n.equals(registered) && m == counter);
            }
        });
    }

    /** The restarts counted for {@code name} (of tenant {@code tenant}); 0 if it never ran. */
    long restarts(String tenant, String name) {
        Name entry = names.get(tenant + '\0' + name);
        return entry == null ? 0 : entry.restarts.getCount();
    }
}
