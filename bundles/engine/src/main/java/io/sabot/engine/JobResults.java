package io.sabot.engine;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The result batches of a {@code SELECT} job, in the order the job produced them.
 *
 * <p><b>Ownership.</b> Each batch returned by {@link #next()} belongs to the caller, who must close it; its buffers
 * live in an allocator of the results, which {@link #close()} checks and closes (closing the results also closes
 * batches not yet taken). A job whose results are not consumed stops when the results buffer is full: that is
 * backpressure, as with any other sink.
 *
 * <p><b>Blocking.</b> {@link #hasNext()} blocks until a batch is ready or the results end. It throws {@link
 * JobFailedException} if the job failed or was cancelled before the end. Use from one thread at a time.
 */
@ProviderType
public interface JobResults extends Iterator<VectorSchemaRoot>, AutoCloseable {

    /** The batches' schema: the query's columns, then {@code $row_kind} for a changelog. */
    Schema schema();

    /** Whether the batches carry a {@code $row_kind} column. */
    boolean isChangelog();

    /**
     * Waits up to {@code timeout} for the next batch.
     *
     * @return the batch (the caller's to close), or null if none arrived in time or the results have ended (then
     *     {@link #hasNext()} returns false)
     * @throws JobFailedException if the job failed or was cancelled
     */
    VectorSchemaRoot poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Closes batches not yet taken and the results' allocator; reports batches the caller did not close. */
    @Override
    void close();
}
