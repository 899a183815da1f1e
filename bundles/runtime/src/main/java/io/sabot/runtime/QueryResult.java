package io.sabot.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The running result of one query: its batches, in arrival order, until the query ends (bounded sources) or is
 * cancelled. A changelog result (an unwindowed aggregate, an outer join) carries each row's kind in a last column
 * named {@code $row_kind} (the connector SPI's {@code RowKind} codes).
 *
 * <p><b>Ownership.</b> Iterating hands out batches that stay valid until the next call to {@code next()} or {@code
 * hasNext()}: the result closes each batch when moving on, so a for-each loop leaks nothing; copy what must live
 * longer. Closing the result cancels the query if it still runs.
 *
 * <p><b>Outcome.</b> {@link #status()} and {@link #failure()} say how the query ended: for an {@code INSERT INTO},
 * whose result has no rows to fail on, they are the only way to tell a job that finished (every row written and
 * committed) from one that failed or was cancelled.
 *
 * <pre>{@code
 * try (QueryResult insert = executor.executeStreamingSql("INSERT INTO out SELECT ...")) {
 *     insert.awaitTermination();
 *     if (insert.status() == JobInfo.State.FAILED) {
 *         throw new IllegalStateException("INSERT failed", insert.failure().orElseThrow());
 *     }
 * }
 * }</pre>
 */
@ProviderType
public interface QueryResult extends Iterable<VectorSchemaRoot>, AutoCloseable {

    /** The job's id in the job registry. */
    String jobId();

    /** The result's column names (without {@code $row_kind}). */
    List<String> columns();

    /** Whether batches carry {@code $row_kind}. */
    boolean isChangelog();

    /**
     * The batches; may be called once. {@code hasNext} blocks until a batch arrives or the query ends.
     *
     * @throws IllegalStateException if the query failed: its cause names the operator or table
     */
    @Override
    Iterator<VectorSchemaRoot> iterator();

    /**
     * The batches as a reactive stream, honouring the subscriber's demand; alternative to {@link #iterator()}, one
     * of the two per result. Each batch is valid during {@code onNext} only.
     */
    Flow.Publisher<VectorSchemaRoot> publisher();

    /**
     * Waits for the query to end, for INSERT statements and bounded inputs; {@link #status()} then says how it
     * ended. A SELECT whose batches are not taken stops when its results buffer is full (backpressure): consume or
     * close the result rather than only waiting on it.
     */
    void awaitTermination() throws InterruptedException;

    /**
     * Where the query is now: {@link JobInfo.State#RUNNING} until it ends, then {@link JobInfo.State#FINISHED}
     * (bounded inputs read to the end, every window fired, the sink committed, all memory returned), {@link
     * JobInfo.State#FAILED} (see {@link #failure()}) or {@link JobInfo.State#CANCELED} (by {@link #cancel()},
     * {@link #close()} or the {@link JobRegistry}). Never blocks; an ended state does not change.
     *
     * @since 1.1
     */
    JobInfo.State status();

    /**
     * Why the query failed, once its {@link #status()} is {@link JobInfo.State#FAILED}: the first error of a task,
     * a connector (reader, writer, committer), the split enumerator or the final memory check, naming the operator
     * or table. Empty while running, and after it finished or was cancelled.
     *
     * @since 1.1
     */
    Optional<Throwable> failure();

    /**
     * The job as the {@link JobRegistry} shows it now: state, times, failure message and counters (rows read and
     * written, late rows dropped). A fresh snapshot on each call.
     *
     * @since 1.1
     */
    JobInfo info();

    /**
     * Takes a savepoint of this query's job and waits for it; see {@link StreamingSqlExecutor#savepoint}.
     *
     * @since 1.2
     */
    default SavepointInfo savepoint(java.nio.file.Path targetDirectory) {
        throw new UnsupportedOperationException(
                "savepoints are not supported by " + getClass().getName());
    }

    /**
     * Stops this query's job with a savepoint and waits until it has stopped; see {@link
     * StreamingSqlExecutor#stopWithSavepoint}.
     *
     * @since 1.2
     */
    default SavepointInfo stopWithSavepoint(java.nio.file.Path targetDirectory) {
        throw new UnsupportedOperationException(
                "savepoints are not supported by " + getClass().getName());
    }

    /** Stops the query. */
    void cancel();

    @Override
    void close();
}
