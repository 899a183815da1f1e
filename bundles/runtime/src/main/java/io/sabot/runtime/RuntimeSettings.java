package io.sabot.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's defaults for jobs (parallelism, checkpoint interval and storage, state backend, watermark idle timeout,
 * memory limit), from the Config Admin configuration {@value #PID}, live: a change applies to jobs
 * started afterwards, and the checkpoint interval also to the running jobs that take the default (see {@link
 * #lastNotice()}). Provided as a service by the
 * runtime; each getter returns the value of the latest valid configuration.
 */
@ProviderType
public interface RuntimeSettings {

    /** The configuration PID. */
    String PID = "io.sabot.runtime";

    /** Parallelism of a job that does not set its own. */
    int defaultParallelism();

    /** The number of key groups: the upper bound for rescaling keyed state. */
    int maxParallelism();

    /** Identifier of the default state backend ({@code memory}, {@code rocksdb}, …). */
    String stateBackend();

    /** Interval between checkpoints; zero disables periodic checkpoints. */
    Duration checkpointInterval();

    /** How long a split without data may hold back the watermark before it counts as idle. */
    Duration watermarkIdleTimeout();

    /** How long a job whose plug-in went away waits for a replacement before failing. */
    Duration pluginSwapTimeout();

    /**
     * Why the latest configuration was rejected (naming the property), or empty when it was applied. A rejected
     * configuration leaves the previous values in force.
     */
    String lastError();

    /**
     * What the latest applied configuration changed under running jobs, and which of its changes wait for a restart
     * of which running jobs (e.g. {@code default.parallelism changed: applies to jobs started from now on; the running
     * jobs job-3 keep the previous value until they are restarted}); empty when there was nothing to say.
     *
     * @since 1.8
     */
    default String lastNotice() {
        return "";
    }

    /**
     * Where the container's jobs write their checkpoints ({@code <dir>/<job name>}) unless they SET {@code
     * 'state.checkpoints.dir'}; empty for {@code <state path>/checkpoints}.
     *
     * @since 1.9
     */
    default Optional<Path> checkpointDirectory() {
        return Optional.empty();
    }

    /**
     * How many completed checkpoints each job keeps unless it SETs {@code 'state.checkpoints.num-retained'}.
     *
     * @since 1.9
     */
    default int checkpointsRetained() {
        return 1;
    }

    /**
     * The most bytes a job's Arrow allocator may hold unless the job SETs {@code 'sabot.job.memory.max'}; 0 for no
     * limit of the job's own (a tenant's memory quota still applies).
     *
     * @since 1.9
     */
    default long jobMaxMemoryBytes() {
        return 0;
    }

    /** How many configurations have been applied since the runtime started, starting at 1 for the initial one. */
    long revision();
}
