package io.sabot.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs of this container, running and recently ended (the last 100), provided as a service by the runtime. Every
 * query started through a {@link StreamingSqlExecutor} appears here. Thread-safe; each call returns a fresh
 * snapshot.
 *
 * <p>A job is named by its id as {@link #jobs()} shows it ({@code job-3 (INSERT INTO …)}), by the id's first word
 * ({@code job-3}) when that is unique, or by its {@code pipeline.name}.
 */
@ProviderType
public interface JobRegistry {

    /** Every known job, the newest first. */
    List<JobInfo> jobs();

    /** One job by id. */
    Optional<JobInfo> job(String id);

    /**
     * Cancels a running job.
     *
     * @return false if there is no such running job
     */
    boolean cancel(String id);

    /**
     * Takes a savepoint of a running job and waits for it (see {@link StreamingSqlExecutor#savepoint}).
     *
     * @param targetDirectory where to create the savepoint's directory; null for the job's default ({@code
     *     state.savepoints.dir}, else {@code <state_path>/savepoints/<job name>})
     * @throws IllegalArgumentException if there is no such job (listing the jobs there are)
     * @throws IllegalStateException if the job has ended, or the savepoint failed (saying why)
     * @since 1.2
     */
    SavepointInfo savepoint(String job, Path targetDirectory);

    /**
     * Stops a running job with a savepoint and waits until it has stopped (see {@link
     * StreamingSqlExecutor#stopWithSavepoint}).
     *
     * @since 1.2
     */
    SavepointInfo stopWithSavepoint(String job, Path targetDirectory);

    /**
     * Deletes a savepoint directory after checking that it is one.
     *
     * @throws IllegalArgumentException if the directory is not a savepoint (nothing is deleted)
     * @since 1.2
     */
    void disposeSavepoint(Path savepoint);

    /**
     * One job in detail, named as {@link #savepoint} names it: its id, the id's first word ({@code job-3}) or its
     * {@code pipeline.name} (a running job wins over ended ones of the same name).
     *
     * @return empty if no job has that name
     * @throws IllegalArgumentException if the name is blank or names several running jobs (listing them)
     * @since 1.6
     */
    default Optional<JobDetails> details(String job) {
        throw new UnsupportedOperationException(
                "job details are not supported by " + getClass().getName());
    }

    /**
     * Runs a SQL script in this container as a job of its own, as the HTTP API's {@code POST /jobs} does: the script's
     * {@code CREATE}, {@code SET} and other statements take effect in a fresh session, then each {@code INSERT INTO}
     * starts a job with the settings in force at its line, all of them or, if a statement fails, none. The jobs run
     * until they finish, fail or are cancelled or stopped (see {@link #cancel}, {@link #stopWithSavepoint}); they are
     * not restarted after a failure (declare a job as configuration for that).
     *
     * <p>The session starts from the container's runtime settings (parallelism, max parallelism, checkpoint interval;
     * state under {@code data/state} of the Sabot home), then {@code settings} apply as {@code SET} statements before
     * the script.
     *
     * @param script one or more statements separated by {@code ;}, with at least one {@code INSERT INTO} and no
     *     {@code SELECT}
     * @param name the jobs' {@code pipeline.name} (the second and later {@code INSERT}s get {@code -2}, {@code -3}, …
     *     appended), or null to keep the script's own
     * @param settings {@code SET} keys and values applied before the script, e.g. {@code
     *     execution.checkpointing.interval = 10 s}
     * @return the started jobs, in the order of their statements
     * @throws io.sabot.sql.SqlException if a statement does not parse, validate or plan, naming its line and column in
     *     the script (also for a {@code SELECT})
     * @throws io.sabot.plugin.OptionValidationException if tables' options are invalid, listing every problem
     * @throws IllegalArgumentException if the script has no {@code INSERT INTO}, or a setting is invalid
     * @since 1.6
     */
    default List<JobInfo> submit(String script, String name, Map<String, String> settings) {
        throw new UnsupportedOperationException(
                "submitting jobs is not supported by " + getClass().getName());
    }

    /**
     * This registry as one tenant sees it: its {@link #jobs()}, {@link #details}, {@link #cancel}, savepoints and stops
     * reach only the tenant's own jobs (another tenant's job is "no job" to it, so its existence does not leak), and
     * {@link #submit} runs the script as the tenant's: its allowed connectors, its quotas (checked before anything
     * starts, the refusal naming the tenant, the quota and its value), its memory limit, its state directory {@code
     * <state_path>/tenants/<tenant>} and its metric namespace {@code sabot.<tenant>.…}. The registry itself (what an
     * administrator uses) sees every tenant's jobs.
     *
     * <pre>{@code
     * JobRegistry acme = jobs.forTenant("acme");
     * acme.submit("CREATE TABLE ...; INSERT INTO ...", "hourly", Map.of());
     * acme.jobs();                          // acme's jobs only
     * }</pre>
     *
     * @param tenant a tenant's id ({@link Tenants})
     * @throws IllegalArgumentException if no tenant has that id (naming it and the tenants there are)
     * @since 1.7
     */
    default JobRegistry forTenant(String tenant) {
        throw new UnsupportedOperationException(
                "tenants are not supported by " + getClass().getName());
    }

    /**
     * The tenant a job belongs to, named as {@link #details} names it: a tenant's id, or {@code default} for a job
     * started without a tenant; empty if there is no such job (in this view).
     *
     * @since 1.7
     */
    default Optional<String> tenantOf(String job) {
        return Optional.empty();
    }
}
