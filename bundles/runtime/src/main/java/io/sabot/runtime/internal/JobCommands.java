package io.sabot.runtime.internal;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.internal.exec.ProgressLine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands: {@code sabot:submit <file|script> [name]}, {@code sabot:jobs}, {@code sabot:cancel <job>},
 * {@code sabot:savepoint <job> [dir]}, {@code sabot:stop <job> [dir]} (stop with a savepoint) and {@code
 * sabot:dispose <savepoint dir>} — the HTTP API's operations (docs/http-api.md) in the shell.
 *
 * <p>Gogo resolves an unscoped {@code stop} to any scope's {@code stop}, so {@code stop 0} (quit the console) may reach
 * {@code sabot:stop}: numeric arguments that name no job are bundle ids and stop those bundles, as {@code felix:stop}
 * does.
 */
@Component(
        service = JobCommands.class,
        property = {
            "osgi.command.scope=sabot",
            "osgi.command.function=submit",
            "osgi.command.function=jobs",
            "osgi.command.function=cancel",
            "osgi.command.function=savepoint",
            "osgi.command.function=stop",
            "osgi.command.function=dispose"
        })
public final class JobCommands {

    @Reference
    private JobRegistry jobs;

    private BundleContext context;

    public JobCommands() {}

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** For tests and tools outside DS. */
    public JobCommands(JobRegistry jobs) {
        this.jobs = jobs;
    }

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

    /**
     * Runs a SQL script as jobs of the container, as {@code POST /sabot/api/v1/jobs} does: {@code script} is a file's
     * path, or the script itself when no such file exists.
     */
    public String submit(String script) throws java.io.IOException {
        return submit(script, null);
    }

    /** Like {@link #submit(String)}, naming the jobs ({@code pipeline.name}). */
    public String submit(String script, String name) throws java.io.IOException {
        Path file = script.contains("\n") || script.contains(";") ? null : Path.of(script);
        String sql = file != null && java.nio.file.Files.isRegularFile(file)
                ? java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8)
                : script;
        StringBuilder out = new StringBuilder();
        for (JobInfo job : jobs.submit(sql, name, java.util.Map.of())) {
            out.append("Submitted ")
                    .append(job.id())
                    .append(": ")
                    .append(job.state())
                    .append('\n');
        }
        return out.toString();
    }

    /** Cancels a running job, named by its id, the id's first word ({@code job-3}) or its pipeline name. */
    public String cancel(String id) {
        String full = jobs.details(id).map(d -> d.info().id()).orElse(id);
        return jobs.cancel(full) ? "Cancelled " + full + ".\n" : "No running job " + id + ".\n";
    }

    /** Takes a savepoint of a job into its default directory. */
    public String savepoint(String job) {
        return jobs.savepoint(job, null).describe() + "\n";
    }

    /** Takes a savepoint of a job into {@code dir}. */
    public String savepoint(String job, String dir) {
        return jobs.savepoint(job, Path.of(dir)).describe() + "\n";
    }

    /** Stops a job with a savepoint into its default directory ({@code stop 0} still stops the framework). */
    public String stop(String job) throws BundleException {
        if (stopsBundles(job)) {
            return "";
        }
        return jobs.stopWithSavepoint(job, null).describe() + "\n";
    }

    /** Stops a job with a savepoint into {@code dir}. */
    public String stop(String job, String dir) throws BundleException {
        if (stopsBundles(job, dir)) {
            return "";
        }
        return jobs.stopWithSavepoint(job, Path.of(dir)).describe() + "\n";
    }

    /** {@code felix:stop} for bundle ids that reached this command because Gogo matched the unscoped name. */
    private boolean stopsBundles(String... ids) throws BundleException {
        if (context == null) {
            return false;
        }
        for (String id : ids) {
            if (!id.matches("\\d{1,18}")) {
                return false;
            }
        }
        if (jobs.jobs().stream().anyMatch(j -> j.id().equals(ids[0]))) {
            return false;
        }
        for (String id : ids) {
            Bundle bundle = context.getBundle(Long.parseLong(id));
            if (bundle == null) {
                throw new IllegalArgumentException("no job or bundle " + id);
            }
            bundle.stop();
        }
        return true;
    }

    /** Deletes a savepoint directory (refused for anything that is not a savepoint). */
    public String dispose(String savepoint) {
        jobs.disposeSavepoint(Path.of(savepoint));
        return "Disposed of savepoint " + savepoint + ".\n";
    }
}
