package io.sabot.errors.spi;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes dead-letter records to one target: a Kafka topic, a file, a log. Created by a {@link DeadLetterSinkFactory}
 * for a configured target.
 *
 * <p><b>Threading and blocking.</b> Task threads never call a sink: they hand records to a bounded queue, and one
 * dispatcher thread per target calls {@link #write} and {@link #flush}, never concurrently. Both may block on I/O.
 * While the sink is slow the queue fills, and a full queue backpressures the tasks that dead-letter: records are never
 * dropped to make room.
 *
 * <p><b>Guarantee: at least once, tied to checkpoints.</b> Before a checkpoint is acknowledged, the runtime calls
 * {@link #flush}, and the checkpoint completes only if every record dead-lettered before its barrier is durable in the
 * target. After a restore the replayed input may dead-letter the same records again, so targets may receive
 * duplicates ({@link DeadLetterRecord} carries the source coordinates to deduplicate by).
 *
 * <p><b>Errors.</b> An exception from {@link #write} or {@link #flush} is retried by the dispatcher with back-off; if
 * the target keeps failing beyond the runtime's dead-letter timeout, the affected jobs fail with a {@code CONNECTOR}
 * failure (which a handler cannot send to the same target). A {@link io.sabot.plugin.PluginException} with {@code
 * isRetriable() == false} (e.g. a record larger than the target accepts) fails them at once.
 */
@ConsumerType
public interface DeadLetterSink extends AutoCloseable {

    /**
     * Writes records, in order. May buffer: records need not be durable until {@link #flush} returns.
     *
     * @param records the records; the list and the records are the runtime's, immutable, and may be kept
     * @throws Exception if the records cannot be written; the dispatcher retries the same list
     */
    void write(List<DeadLetterRecord> records) throws Exception;

    /**
     * Makes everything written so far durable in the target (Kafka producer flush, file fsync). Called before a
     * checkpoint completes, and before {@link #close}.
     *
     * @throws Exception if that cannot be guaranteed; the checkpoint then does not complete
     */
    void flush() throws Exception;

    /** Releases resources; called once, after a final {@link #flush}, also after failures. */
    @Override
    void close() throws Exception;
}
