package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.checkpoint.CheckpointCoordinator;
import io.sabot.engine.internal.checkpoint.TaskSnapshot;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.errors.spi.ErrorType;
import java.util.List;

/**
 * One subtask: a thread running a mailbox loop that feeds its operator chain. Subclasses read their input (a source
 * reader, constants, an input gate); this class opens and closes the chain and reports the outcome to the job.
 */
public abstract class Task implements Runnable {

    protected final String name;
    protected final JobRuntime job;
    protected final OperatorChain chain;
    protected final OperatorContext context;
    private volatile Thread thread;
    /** This task's number in the job, which acknowledges checkpoints. */
    int index;
    /** Where the chain's window operators send late rows ('sabot.late-data' = 'dead-letter'); usually none. */
    List<LateRows> lateRows = List.of();
    /** The error handling of the chain's operators that dead-letter rows their expressions fail on; usually none. */
    List<io.sabot.engine.internal.errors.ExpressionErrors> expressionErrors = List.of();

    protected Task(String name, JobRuntime job, OperatorChain chain, OperatorContext context) {
        this.name = name;
        this.job = job;
        this.chain = chain;
        this.context = context;
    }

    public String name() {
        return name;
    }

    /** Runs until the input ends; throws on failure or cancellation. */
    protected abstract void invoke() throws Exception;

    /** Releases what the input side holds (readers, queued batches); called once, after the chain is closed. */
    protected void cleanup() throws Exception {}

    @Override
    public final void run() {
        thread = Thread.currentThread();
        Throwable failure = null;
        try {
            chain.open(context);
            if (job.restored() != null) {
                try {
                    chain.restore(job.restored(), context);
                } catch (Exception e) {
                    if (e instanceof InterruptedException || job.isStopping()) {
                        throw e;
                    }
                    // the checkpoint's state does not read back into the task's operators (or their backend)
                    job.fail(
                            ErrorType.STATE,
                            "task " + name + " cannot restore its state from checkpoint '"
                                    + job.restored().directory() + "': " + e.getMessage(),
                            e);
                    throw new InterruptedException("job " + job.name() + " is stopping");
                }
            }
            invoke();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            chain.close();
        } catch (Throwable t) {
            failure = merge(failure, t);
        }
        try {
            cleanup();
        } catch (Throwable t) {
            failure = merge(failure, t);
        }
        job.taskExited(this, failure);
    }

    private static Throwable merge(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }

    /** Interrupts the task's thread (cancellation, or another task failed). */
    void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Hook for a source task to add its splits to the snapshot. */
    protected void snapshotInput(TaskSnapshot snapshot) throws Exception {}

    /**
     * Takes this task's part of checkpoint {@code id} at the barrier: copies the chain's state (and a source's
     * splits), forwards the barrier, and hands the copy to the coordinator, which writes it off this thread.
     */
    protected void checkpoint(long id, long alignmentNanos) throws Exception {
        CheckpointCoordinator coordinator = job.checkpointCoordinator();
        TaskSnapshot snapshot = new TaskSnapshot(
                id,
                coordinator == null ? null : coordinator.directoryOf(id),
                coordinator != null && coordinator.isSavepoint(id));
        snapshot.alignment(alignmentNanos);
        Exception failure = null;
        try {
            // late rows dead-lettered before the barrier are durable before it is acknowledged
            for (LateRows target : lateRows) {
                target.flush();
            }
            // and so are the rows the chain's expressions failed on
            for (io.sabot.engine.internal.errors.ExpressionErrors target : expressionErrors) {
                target.flush();
            }
            snapshotInput(snapshot);
            chain.snapshot(snapshot, context);
        } catch (Exception e) {
            failure = e;
        }
        try {
            chain.emitBarrier(id);
        } catch (Throwable t) {
            // interrupted while forwarding the barrier (the job is stopping): the copy must not outlive the job
            decline(coordinator, id, failure != null ? failure : t, snapshot);
            throw t;
        }
        if (failure != null) {
            decline(coordinator, id, failure, snapshot);
        } else if (coordinator != null) {
            coordinator.acknowledge(index, snapshot);
        } else {
            snapshot.close();
        }
    }

    private void decline(CheckpointCoordinator coordinator, long id, Throwable cause, TaskSnapshot snapshot) {
        if (coordinator != null) {
            coordinator.decline(id, index, cause, snapshot);
        } else {
            snapshot.close();
        }
    }

    protected void checkRunning() throws InterruptedException {
        if (job.isStopping() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("job " + job.name() + " is stopping");
        }
    }
}
