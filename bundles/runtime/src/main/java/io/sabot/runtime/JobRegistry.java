package io.sabot.runtime;

import java.nio.file.Path;
import java.util.List;
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
}
