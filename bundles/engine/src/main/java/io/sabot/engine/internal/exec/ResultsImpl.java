package io.sabot.engine.internal.exec;

import io.sabot.engine.JobFailedException;
import io.sabot.engine.JobResults;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The result queue of a SELECT: the collecting task puts batches (in the results' own allocator) and blocks while
 * {@code capacity} of them wait for the caller; the caller takes them. The end or a failure travels as a last
 * element, which needs no room: it never displaces a batch the caller has not taken. Closing the results before
 * the end cancels the job.
 */
public final class ResultsImpl implements JobResults {

    private static final Object END = new Object();

    private final Schema schema;
    private final boolean changelog;
    private final BufferAllocator allocator;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Room for batches: one permit per batch the queue may still take. */
    private final Semaphore room;

    private final String jobName;
    private final Runnable cancelJob;
    private Object next;
    private boolean finished;
    private volatile boolean closed;
    private boolean jobEnded;
    private boolean allocatorClosed;

    public ResultsImpl(
            Schema schema,
            boolean changelog,
            BufferAllocator allocator,
            int capacity,
            String jobName,
            Runnable cancelJob) {
        this.schema = schema;
        this.changelog = changelog;
        this.allocator = allocator;
        this.room = new Semaphore(capacity);
        this.jobName = jobName;
        this.cancelJob = cancelJob;
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    /** Called by the collecting task; blocks while the caller has not taken earlier batches. */
    public void put(VectorSchemaRoot batch) throws InterruptedException {
        try {
            while (!room.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    batch.close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            batch.close();
            throw e;
        }
        synchronized (this) {
            if (closed) {
                room.release();
                batch.close();
                return;
            }
            queue.add(batch);
        }
    }

    /** The results are complete. */
    void end() {
        queue.add(END);
    }

    /** The job failed or was cancelled; the caller sees it after the batches still queued. */
    void fail(Throwable cause) {
        queue.add(new Failure(cause));
    }

    /** An element taken from the queue: a batch frees its room. */
    private Object taken(Object element) {
        if (element instanceof VectorSchemaRoot) {
            room.release();
        }
        return element;
    }

    /** The job's tasks have all exited: no more batches will come. */
    synchronized void jobTerminated() {
        jobEnded = true;
        if (closed) {
            drain();
            closeAllocator();
        }
    }

    private record Failure(Throwable cause) {}

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean isChangelog() {
        return changelog;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            next = taken(queue.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailedException("interrupted while waiting for the results of " + jobName, e);
        }
        return check();
    }

    private boolean check() {
        if (next == END) {
            next = null;
            finished = true;
            return false;
        }
        if (next instanceof Failure f) {
            next = null;
            finished = true;
            throw new JobFailedException("job " + jobName + " failed: " + f.cause.getMessage(), f.cause);
        }
        return true;
    }

    @Override
    public VectorSchemaRoot next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results");
        }
        VectorSchemaRoot batch = (VectorSchemaRoot) next;
        next = null;
        return batch;
    }

    @Override
    public VectorSchemaRoot poll(long timeout, TimeUnit unit) throws InterruptedException {
        if (next == null && !finished) {
            next = taken(queue.poll(timeout, unit));
            if (next == null || !check()) {
                return null;
            }
        }
        if (next == null) {
            return null;
        }
        VectorSchemaRoot batch = (VectorSchemaRoot) next;
        next = null;
        return batch;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (next instanceof VectorSchemaRoot r) {
                r.close();
            }
            next = null;
            drain();
        }
        if (!finished) {
            cancelJob.run();
        }
        synchronized (this) {
            if (jobEnded) {
                closeAllocator();
            }
        }
    }

    /** Closes the queued batches; keeps the end or failure, which a caller blocked in another thread must see. */
    private void drain() {
        Object o;
        Object last = null;
        while ((o = taken(queue.poll())) != null) {
            if (o instanceof VectorSchemaRoot r) {
                r.close();
            } else {
                last = o;
            }
        }
        if (last != null) {
            queue.offer(last);
        }
    }

    private void closeAllocator() {
        if (allocatorClosed) {
            return;
        }
        allocatorClosed = true;
        long leaked = allocator.getAllocatedMemory();
        if (leaked != 0) {
            throw new IllegalStateException(
                    "result batches of job " + jobName + " were not closed: " + leaked + " bytes still allocated");
        }
        allocator.close();
    }
}
