package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceSplit;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.errors.spi.ErrorType;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The enumerator side of one table scan: runs the source's {@link SplitEnumerator} on the job's coordinator thread
 * and delivers its assignments to the reader tasks' mailboxes. Blocking discovery work ({@link #callAsync}) runs on
 * the job's worker pool and its result comes back on the coordinator thread.
 */
public final class SourceCoordinator<SplitT extends SourceSplit> implements SplitEnumeratorContext<SplitT> {

    private final JobRuntime job;
    private final Source<SplitT, ?> source;
    private final ScheduledExecutorService coordinator;
    private final ExecutorService workers;
    private final SourceTask[] readers;
    private SplitEnumerator<SplitT, ?> enumerator;
    /**
     * What one enumerator callback told each reader (splits, no more splits), delivered as one mail per reader when
     * the callback returns: a reader then registers all splits of an assignment before it polls, so a split assigned
     * together with another never starts behind a watermark the other already advanced.
     */
    private final java.util.Map<Integer, List<Runnable>> outbox = new java.util.LinkedHashMap<>();

    public SourceCoordinator(
            JobRuntime job,
            Source<SplitT, ?> source,
            int parallelism,
            ScheduledExecutorService coordinator,
            ExecutorService workers) {
        this.job = job;
        this.source = source;
        this.coordinator = coordinator;
        this.workers = workers;
        this.readers = new SourceTask[parallelism];
    }

    public Source<SplitT, ?> source() {
        return source;
    }

    void setReader(int subtask, SourceTask task) {
        readers[subtask] = task;
    }

    /** Creates (or restores from serialized state) and starts the enumerator on the coordinator thread. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void start(int restoredVersion, byte[] restoredState) {
        run(() -> {
            if (restoredState != null) {
                Object state = source.enumeratorStateSerializer().deserialize(restoredVersion, restoredState);
                enumerator = ((Source) source).restoreEnumerator(this, state);
            } else {
                enumerator = source.createEnumerator(this);
            }
            enumerator.start();
        });
    }

    /** The enumerator's state for checkpoint {@code id}, serialized; on the coordinator thread. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    io.sabot.engine.internal.checkpoint.CheckpointHost.Serialized snapshot(long id) throws Exception {
        if (enumerator == null) {
            throw new IllegalStateException("the split enumerator has not started");
        }
        Object state = enumerator.snapshotState(id);
        io.sabot.plugin.VersionedSerializer serializer = source.enumeratorStateSerializer();
        return new io.sabot.engine.internal.checkpoint.CheckpointHost.Serialized(
                serializer.version(), serializer.serialize(state));
    }

    void notifyCheckpointComplete(long id) throws Exception {
        try {
            if (enumerator != null) {
                enumerator.notifyCheckpointComplete(id);
            }
        } finally {
            flush();
        }
    }

    /** Delivers what the last enumerator callback assigned, one mail per reader. Coordinator thread. */
    private void flush() {
        for (var e : outbox.entrySet()) {
            List<Runnable> actions = List.copyOf(e.getValue());
            readers[e.getKey()].mail(() -> actions.forEach(Runnable::run));
        }
        outbox.clear();
    }

    SourceTask reader(int subtask) {
        return readers[subtask];
    }

    /** A reader has started: tell the enumerator (after its start). */
    void readerStarted(int subtask) {
        run(() -> enumerator.addReader(subtask));
    }

    void splitRequest(int subtask) {
        run(() -> enumerator.handleSplitRequest(subtask));
    }

    /** Closes the enumerator on the coordinator thread; waits for it. */
    public void close() {
        try {
            coordinator
                    .submit(() -> {
                        if (enumerator != null) {
                            enumerator.close();
                            enumerator = null;
                        }
                        return null;
                    })
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            job.fail(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
        }
    }

    private void run(ThrowingRunnable action) {
        try {
            coordinator.execute(() -> {
                try {
                    action.run();
                } catch (Throwable t) {
                    // discovering and assigning splits coordinates the job: an ORCHESTRATOR failure
                    job.fail(ErrorType.ORCHESTRATOR, "split enumerator failed: " + t, t);
                } finally {
                    flush();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the job is shutting down
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public int parallelism() {
        return readers.length;
    }

    @Override
    public void assignSplit(SplitT split, int subtaskId) {
        SourceTask task = readers[subtaskId];
        outbox.computeIfAbsent(subtaskId, k -> new java.util.ArrayList<>()).add(() -> task.addSplits(List.of(split)));
    }

    @Override
    public void signalNoMoreSplits(int subtaskId) {
        SourceTask task = readers[subtaskId];
        outbox.computeIfAbsent(subtaskId, k -> new java.util.ArrayList<>()).add(task::noMoreSplits);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        try {
            workers.execute(() -> callAndHandOver(callable, handler));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the job is shutting down
        }
    }

    @Override
    public <T> void callAsync(
            Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelayMillis, long periodMillis) {
        coordinator.scheduleAtFixedRate(
                () -> callAsync(callable, handler), initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private <T> void callAndHandOver(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        T result = null;
        Throwable failure = null;
        try {
            result = callable.call();
        } catch (Throwable t) {
            failure = t;
        }
        T r = result;
        Throwable f = failure;
        run(() -> handler.accept(r, f));
    }
}
