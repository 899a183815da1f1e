package io.sabot.connector.spi.source;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's side of an enumerator: readers, assignment, asynchronous work. Provided by the runtime; its methods
 * are called from the coordinator thread only.
 */
@ProviderType
public interface SplitEnumeratorContext<SplitT extends SourceSplit> {

    /** The number of reader subtasks. */
    int parallelism();

    /** Assigns a split to a reader; the runtime delivers it with {@link SourceReader#addSplits}. */
    void assignSplit(SplitT split, int subtaskId);

    /** Tells a reader it will get no more splits, so it can end when its splits are done (bounded sources). */
    void signalNoMoreSplits(int subtaskId);

    /**
     * Runs {@code callable} on a worker thread and hands the result (or the failure) to {@code handler} back on the
     * coordinator thread. For blocking discovery work.
     */
    <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler);

    /** Like {@link #callAsync(Callable, BiConsumer)}, repeated every {@code periodMillis} (partition discovery). */
    <T> void callAsync(
            Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis);
}
