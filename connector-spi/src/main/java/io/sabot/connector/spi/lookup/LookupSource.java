package io.sabot.connector.spi.lookup;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads rows of one dimension table by key, for one subtask of a lookup join (or loads all of them for its full
 * cache). Created by {@link LookupSourceFactory#createLookupSource}; used by one thread at a time.
 */
@ConsumerType
public interface LookupSource extends AutoCloseable {

    /** Connects and allocates. Called once before anything else, on the thread that will use the source. */
    default void open() throws Exception {}

    /**
     * Finds the rows of every key of {@code keys}: appends them to {@code result.rows()} and records with {@link
     * LookupResult#match} which key each belongs to. Keys without rows get no match. Called with 1 to a batch's worth
     * of distinct, non-NULL keys; may block while the store answers.
     *
     * @param keys the keys, in the order of {@link LookupContext#keyColumns()}; borrowed for the call
     * @param result empty on entry
     * @throws Exception when the store fails: a retriable {@link io.sabot.plugin.PluginException}, an {@link
     *     java.io.IOException} or a {@link java.util.concurrent.TimeoutException} for a failure worth retrying. The
     *     runtime discards what the call put into {@code result}.
     * @throws UnsupportedOperationException from a source whose factory supports only {@link LookupCache#FULL} (the
     *     runtime never calls it then)
     */
    void lookup(LookupKeys keys, LookupResult result) throws Exception;

    /**
     * Reads every row of the table, for a full cache, emitting them in batches. Called on the cache's loader thread,
     * once at the start and once per reload; the runtime swaps in the new rows only when this returns normally, so a
     * failure keeps the rows of the last load.
     *
     * @throws Exception when the table cannot be read, naming the table and what failed (file and line)
     * @throws UnsupportedOperationException by default: sources whose factory supports {@link LookupCache#FULL}
     *     implement it
     */
    default void loadAll(LookupLoadOutput output) throws Exception {
        throw new UnsupportedOperationException("this lookup source cannot load the whole table");
    }

    /** Releases connections and every buffer; called once, also after a failure. */
    @Override
    void close() throws Exception;
}
