package io.sabot.runtime;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs of this container, running and recently ended (the last 100), provided as a service by the runtime. Every
 * query started through a {@link StreamingSqlExecutor} appears here. Thread-safe; each call returns a fresh
 * snapshot.
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
}
