/**
 * Lookups: reading the rows of a dimension table by key, for lookup joins ({@code JOIN dim FOR SYSTEM_TIME AS OF
 * o.proc_time ON o.k = dim.k}, as in Flink).
 *
 * <p>A connector offers lookups by registering a {@link io.sabot.connector.spi.lookup.LookupSourceFactory} (one class
 * may be a {@link io.sabot.connector.spi.SourceFactory} as well) with the service property {@value
 * io.sabot.connector.spi.Connectors#CONNECTOR_PROPERTY}. A lookup join creates one {@link
 * io.sabot.connector.spi.lookup.LookupSource} per parallel subtask that looks keys up (caches NONE and PARTIAL), or,
 * with a full cache, one per join that loads the whole table for all its subtasks.
 *
 * <h2>Batches of keys, not rows</h2>
 * The runtime looks keys up a batch at a time: {@link io.sabot.connector.spi.lookup.LookupSource#lookup} receives the
 * distinct keys of the probe rows that missed the cache as Arrow vectors ({@link
 * io.sabot.connector.spi.lookup.LookupKeys}) and answers in one {@link io.sabot.connector.spi.lookup.LookupResult}:
 * the matching rows as Arrow vectors, and for each key the positions of its rows. A source should fetch a batch of
 * keys with one request to its store (one {@code IN (…)} query, one multi-get); the runtime never makes a call per
 * probe row.
 *
 * <h2>Caching</h2>
 * Caches belong to the runtime, configured with Flink's table options ({@link
 * io.sabot.connector.spi.lookup.LookupOptions}, which a factory lists among its options): {@code NONE} asks the source
 * for every batch, {@code PARTIAL} keeps looked-up keys per subtask, and {@code FULL} loads the whole table through
 * {@link io.sabot.connector.spi.lookup.LookupSource#loadAll} and reloads it periodically, answering lookups from
 * memory. A factory says which it supports ({@link
 * io.sabot.connector.spi.lookup.LookupSourceFactory#supportedCaches()}).
 *
 * <h2>Threading and blocking</h2>
 * A lookup source is used by one thread at a time: a subtask's task thread for {@code lookup}, the cache's loader
 * thread for {@code loadAll}. {@code lookup} may block that thread while it waits for the store; the subtask's input
 * waits meanwhile (asynchronous lookups are not part of this version).
 *
 * <h2>Errors</h2>
 * A lookup that fails throws: a {@link io.sabot.plugin.PluginException} marked retriable, an {@link
 * java.io.IOException} or a {@link java.util.concurrent.TimeoutException} for a failure that may pass (the runtime
 * tries again up to {@code lookup.max-retries} times, then asks the table's error handlers), anything else for one
 * that will not. A failed call must have no effect: the runtime discards the result's rows and may call again with
 * the same keys.
 *
 * <p>Checkpoints: lookups hold no state the runtime snapshots; a restored job looks rows up again.
 */
@Version("1.0.0")
package io.sabot.connector.spi.lookup;

import org.osgi.annotation.versioning.Version;
