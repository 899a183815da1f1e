package io.sabot.runtime.internal.exec;

import io.sabot.engine.Job;
import io.sabot.runtime.JobInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running jobs and the runtime's defaults ({@code io.sabot.runtime}): the container's jobs that take the default
 * checkpoint interval (submitted or declared as configuration, without {@code SET 'execution.checkpointing.interval'})
 * follow a change of it live; for the other defaults the runtime names the running jobs that keep the old value until
 * they are restarted.
 */
public final class RuntimeDefaults {

    private static final Set<Job> FOLLOWERS = ConcurrentHashMap.newKeySet();

    private RuntimeDefaults() {}

    /** {@code job} takes the default checkpoint interval from now on, until it ends. */
    static void follow(Job job) {
        FOLLOWERS.add(job);
        job.termination().whenComplete((status, e) -> FOLLOWERS.remove(job));
    }

    /**
     * Applies a changed default checkpoint interval to the running jobs that follow it.
     *
     * @return the ids of the jobs now checkpointing at {@code interval}
     */
    public static List<String> applyCheckpointInterval(Duration interval) {
        List<String> changed = new ArrayList<>();
        for (Job job : FOLLOWERS) {
            if (job.status().isTerminal()) {
                FOLLOWERS.remove(job);
                continue;
            }
            try {
                job.setCheckpointInterval(interval);
                changed.add(job.name().split(" ")[0]);
            } catch (IllegalStateException e) {
                FOLLOWERS.remove(job); // ended meanwhile
            }
        }
        changed.sort(null);
        return changed;
    }

    /** The ids of the container's running jobs. */
    public static List<String> runningJobs() {
        List<String> ids = new ArrayList<>();
        for (JobInfo job : Jobs.INSTANCE.jobs()) {
            if (job.state() == JobInfo.State.RUNNING) {
                ids.add(job.id());
            }
        }
        ids.sort(null);
        return ids;
    }
}
