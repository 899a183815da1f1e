package io.sabot.runtime.internal;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.internal.exec.ProgressLine;
import java.time.Duration;
import java.time.Instant;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell commands: {@code sabot:jobs} and {@code sabot:cancel <id>}. */
@Component(
        service = JobCommands.class,
        property = {"osgi.command.scope=sabot", "osgi.command.function=jobs", "osgi.command.function=cancel"})
public final class JobCommands {

    @Reference
    private JobRegistry jobs;

    /** The container's jobs, newest first. */
    public String jobs() {
        if (jobs.jobs().isEmpty()) {
            return "No jobs.\n";
        }
        TextTable table =
                new TextTable("ID", "STATE", "STARTED", "DURATION", "ROWS IN", "ROWS OUT", "CHECKPOINT", "SQL");
        for (JobInfo job : jobs.jobs()) {
            Duration duration = Duration.between(job.started(), job.ended().orElse(Instant.now()));
            String sql = job.sql().strip().replaceAll("\\s+", " ");
            table.row(
                    job.id(),
                    job.state(),
                    job.started(),
                    duration.toMillis() + " ms",
                    job.rowsIn(),
                    job.rowsOut(),
                    ProgressLine.checkpoint(job),
                    sql.length() > 60 ? sql.substring(0, 57) + "..." : sql);
        }
        return table.toString();
    }

    /** Cancels a running job. */
    public String cancel(String id) {
        return jobs.cancel(id) ? "Cancelled " + id + ".\n" : "No running job " + id + ".\n";
    }
}
