package io.sabot.engine;

/**
 * Why a job failed when an allocation would have taken its Arrow allocator beyond its {@link MemoryLimit}: the
 * message names the job, the limit and the setting to raise. The cause is Arrow's {@code OutOfMemoryException}.
 *
 * @since 1.9
 */
public class MemoryLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String job;
    private final long limitBytes;
    private final String setting;

    public MemoryLimitExceededException(String job, MemoryLimit limit, Throwable cause) {
        super(
                job + " exceeded its memory limit of " + limit.bytes() + " bytes (" + limit.setting()
                        + "): raise the limit, or lower the job's parallelism or the state it keeps in memory ("
                        + cause.getMessage() + ")",
                cause);
        this.job = job;
        this.limitBytes = limit.bytes();
        this.setting = limit.setting();
    }

    /** The job's id ({@code job-3}). */
    public String job() {
        return job;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Where the limit comes from ({@link MemoryLimit#setting()}). */
    public String setting() {
        return setting;
    }
}
