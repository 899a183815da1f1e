package io.sabot.runtime;

import java.util.Iterator;
import java.util.List;
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

    /** Waits for the query to end, for INSERT statements and bounded inputs. */
    void awaitTermination() throws InterruptedException;

    /** Stops the query. */
    void cancel();

    @Override
    void close();
}
