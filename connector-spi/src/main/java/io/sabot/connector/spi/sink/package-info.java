/**
 * Sinks, with a two-phase-commit hook so that output can be exactly once.
 *
 * <p>A {@link io.sabot.connector.spi.sink.SinkWriter} per parallel subtask receives batches. At a checkpoint
 * barrier the runtime calls {@link io.sabot.connector.spi.sink.SinkWriter#prepareCommit}: the writer makes its
 * pending output durable but invisible (flushes a Kafka transaction, writes a hidden file) and returns
 * <em>committables</em> describing it. Those are stored in the checkpoint. When the checkpoint completes everywhere,
 * the {@link io.sabot.connector.spi.sink.Committer} makes them visible (commits the transaction, renames the file).
 * On recovery, committables of the restored checkpoint are committed again (so a commit must be idempotent) and
 * whatever a writer left behind after that checkpoint is aborted ({@link
 * io.sabot.connector.spi.sink.SinkWriterContext#restoredCheckpointId()}).
 *
 * <p>Sinks without transactions return no committables and are at-least-once: {@link
 * io.sabot.connector.spi.sink.SinkWriter#prepareCommit} only flushes.
 *
 * <p>A writer's failure goes to the sink table's error handlers, which may have the failed call made again; since 1.2
 * {@link io.sabot.connector.spi.sink.SinkWriter} says which failures may be repeated (a retriable failure promises
 * that the call had no effect), so that a retried write neither loses nor doubles rows. Since 1.3 a row that cannot be
 * encoded or written goes to {@link io.sabot.connector.spi.sink.SinkWriterContext#encodeErrors()} and the handlers
 * decide about that row alone.
 *
 * <p>Results that update (unwindowed aggregates, regular joins) arrive as a changelog: the batch's last column is
 * {@value io.sabot.connector.spi.sink.RowKind#COLUMN_NAME}, one {@link io.sabot.connector.spi.sink.RowKind} byte per
 * row, and only sinks that declare such a {@link io.sabot.connector.spi.sink.ChangelogMode} receive one.
 */
@Version("1.3.0")
package io.sabot.connector.spi.sink;

import org.osgi.annotation.versioning.Version;
