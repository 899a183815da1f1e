/**
 * Connector SPI: how Sabot reads tables from and writes tables to the outside world.
 *
 * <p>A connector bundle registers a {@link io.sabot.connector.spi.SourceFactory} and/or a {@link
 * io.sabot.connector.spi.SinkFactory} as an OSGi service with the service property {@value
 * io.sabot.connector.spi.Connectors#CONNECTOR_PROPERTY} set to its identifier (the word users write in {@code
 * 'connector'='…'}). The runtime tracks these services dynamically: a connector bundle can be installed, updated or
 * removed while jobs run, and a job that used it pauses and resumes on the replacement from its last checkpoint.
 *
 * <h2>Data</h2>
 * Data crosses the SPI as Apache Arrow {@link org.apache.arrow.vector.VectorSchemaRoot} batches whose schema is the
 * table's physical schema (see {@link io.sabot.connector.spi.TableContext#schema()}). Connectors never see rows one
 * at a time through a virtual call; they fill or read column vectors.
 *
 * <h2>Threading and blocking</h2>
 * Each source reader and each sink writer is driven by exactly one task thread (the mailbox thread of its subtask):
 * it needs no locks of its own, but must not keep that thread waiting. {@link
 * io.sabot.connector.spi.source.SourceReader#pollNext} never blocks; a reader with nothing to emit says so and
 * offers a future that completes when it has. Factories are stateless, thread-safe services.
 *
 * <h2>Ownership of Arrow memory</h2>
 * Every buffer belongs to exactly one allocator. A reader allocates from the allocator its context gives it and
 * hands each batch over with {@link io.sabot.connector.spi.source.BatchOutput#emit}: the runtime transfers the
 * buffers out, so after {@code emit} returns the reader's root has zero rows and may be refilled. A sink writer
 * receives batches it does not own: it must copy what it keeps beyond {@link
 * io.sabot.connector.spi.sink.SinkWriter#write}. Whoever creates a reader or writer closes it, and closing releases
 * every buffer it still holds; the runtime checks its allocators for leaks at job end.
 *
 * <h2>Errors</h2>
 * Invalid options never reach a factory: the runtime validates them against the factory's descriptors first and
 * reports all problems at once. At run time a connector throws {@link io.sabot.plugin.PluginException} for problems
 * of the outside world (naming table, partition or file, and offset), which the job's error handler resolves, and
 * any other exception for a bug, which fails the task and restarts it from the last checkpoint.
 *
 * <h2>Health</h2>
 * A factory that also implements {@link io.sabot.connector.spi.ConnectorHealth} (since 1.3) gives each table of a
 * running job a {@link io.sabot.connector.spi.ConnectivityCheck}, run when the node's health is asked for.
 *
 * <h2>Upsert sources</h2>
 * Since 1.4 a source factory may declare that it reads an upsert changelog keyed by the table's primary key ({@link
 * io.sabot.connector.spi.SourceFactory#scanChangelogMode()}): its batches carry a row-kind column, and the planner
 * normalises them into a proper changelog.
 */
@Version("1.4.0")
package io.sabot.connector.spi;

import org.osgi.annotation.versioning.Version;
