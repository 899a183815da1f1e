/**
 * Sources in the shape of Flink's FLIP-27: discovering work (the {@link
 * io.sabot.connector.spi.source.SplitEnumerator}, one per source, on the coordinator) is separate from reading it
 * (a {@link io.sabot.connector.spi.source.SourceReader} per parallel subtask, each reading the splits it was
 * assigned).
 *
 * <p>A <em>split</em> is a unit of work with a position: a Kafka partition and offset, a file and byte position, a
 * range of a generated sequence and the next index. Checkpoints store each reader's splits with their current
 * positions ({@link io.sabot.connector.spi.source.SourceReader#snapshotState}) through the source's versioned
 * {@link io.sabot.connector.spi.source.Source#splitSerializer()}; recovery hands the same splits back, so replay
 * starts exactly where the checkpoint was taken. A failed reader's splits return to the enumerator ({@link
 * io.sabot.connector.spi.source.SplitEnumerator#addSplitsBack}) to be reassigned.
 *
 * <p>Readers never block: {@link io.sabot.connector.spi.source.SourceReader#pollNext} emits what is ready and
 * returns; when nothing is, it returns {@link io.sabot.connector.spi.source.InputStatus#NOTHING_AVAILABLE} and
 * {@link io.sabot.connector.spi.source.SourceReader#isAvailable()} tells the task when to poll again. Barriers for
 * checkpoints are injected by the runtime between two {@code pollNext} calls, which is why a checkpoint's recorded
 * positions always sit on a batch boundary. A reader that makes large batches can keep a barrier from waiting for
 * the rest of one: it checks {@link io.sabot.connector.spi.source.SourceReaderContext#barrierPending()} every few
 * rows and, when it is true, emits the rows it has (a shorter batch) and returns, so the boundary, and the recorded
 * positions, fall exactly where it stopped (since 1.3); or it keeps the rows it made for after the barrier, emits
 * nothing more and returns, its positions still at the first row not emitted, so the barrier goes out at once (since
 * 1.5).
 *
 * <p>A reader of bytes enforces {@link io.sabot.connector.spi.source.RecordSizeLimit} (since 1.4): an oversize
 * record is a decode failure of its own, which the table's error handlers resolve.
 *
 * <p>Watermarks are per split. The runtime derives them from the table's {@code WATERMARK FOR} clause on the batches
 * a split emits; a reader only reports what it alone knows: a split that is idle, or a watermark its system
 * provides.
 */
@Version("1.5.0")
package io.sabot.connector.spi.source;

import org.osgi.annotation.versioning.Version;
