package io.sabot.engine.internal.errors;

import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.plugin.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One dead-letter target of a job: a bounded queue that task threads put records into, and one dispatcher thread
 * that writes them to the target's {@link DeadLetterSink}. A full queue blocks the task that dead-letters
 * (backpressure); records are never dropped to make room. A write that fails is retried with back-off until the
 * dead-letter timeout; then the target is failed, and every later {@link #add} or {@link #flush} throws, which fails
 * the job (nothing is lost: it restores and meets the same records again).
 */
final class DeadLetterQueue {

    private static final int CAPACITY = 10_000;
    private static final int WRITE_BATCH = 512;

    private final String target;
    private final DeadLetterSink sink;
    private final Duration timeout;
    private final ArrayBlockingQueue<DeadLetterRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Records added so far, and of those the ones known durable: a flush with nothing new does no I/O. */
    private final AtomicLong added = new AtomicLong();

    private volatile long durable;
    private final ExecutorService dispatcher;
    private volatile Exception failure;

    DeadLetterQueue(String target, DeadLetterSink sink, Duration timeout) {
        this.target = target;
        this.sink = sink;
        this.timeout = timeout;
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sabot-dead-letters-" + target);
            t.setDaemon(true);
            return t;
        });
    }

    String target() {
        return target;
    }

    /** Queues a record; blocks while the queue is full. */
    void add(DeadLetterRecord record) {
        checkHealthy();
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering to '" + target + "'", e);
        }
        added.incrementAndGet();
        if (scheduled.compareAndSet(false, true)) {
            dispatcher.execute(this::drain);
        }
    }

    /** Writes everything queued so far and makes it durable; throws if that cannot be done within the timeout. */
    void flush() throws Exception {
        checkHealthy();
        long upTo = added.get();
        if (upTo == durable) {
            return;
        }
        Future<?> done = dispatcher.submit(() -> {
            drain();
            if (failure == null) {
                withRetries("flush", sink::flush);
            }
            return null;
        });
        try {
            done.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            done.cancel(true);
            throw new PluginException("dead-letter target '" + target + "' did not flush within " + timeout, true);
        }
        checkHealthy();
        durable = upTo;
    }

    /** Flushes (when asked and possible) and closes the sink and the dispatcher. */
    void close(boolean flush) throws Exception {
        Exception error = null;
        if (flush) {
            try {
                flush();
            } catch (Exception e) {
                error = e;
            }
        }
        dispatcher.shutdownNow();
        try {
            dispatcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } catch (Exception e) {
            if (error == null) {
                error = e;
            }
        }
        if (error != null) {
            throw error;
        }
    }

    private void checkHealthy() {
        Exception e = failure;
        if (e != null) {
            throw new IllegalStateException("dead-letter target '" + target + "' failed: " + e.getMessage(), e);
        }
    }

    /** On the dispatcher: writes the queued records in batches, in order. */
    private void drain() {
        scheduled.set(false);
        List<DeadLetterRecord> batch = new ArrayList<>();
        while (failure == null && queue.drainTo(batch, WRITE_BATCH) > 0) {
            List<DeadLetterRecord> records = List.copyOf(batch);
            batch.clear();
            withRetries("write", () -> sink.write(records));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Retries a failing call with back-off until the timeout; a non-retriable failure ends it at once. */
    private void withRetries(String what, Call call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long delay = 50;
        while (true) {
            try {
                call.run();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                return;
            } catch (Exception e) {
                boolean retriable = !(e instanceof PluginException p) || p.isRetriable();
                if (!retriable || System.nanoTime() + delay * 1_000_000 > deadline) {
                    failure = new PluginException(
                            "dead-letter target '" + target + "': " + what + " failed"
                                    + (retriable ? " for " + timeout : "") + ": " + e.getMessage(),
                            e,
                            false);
                    return;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    failure = e;
                    return;
                }
                delay = Math.min(delay * 2, 5_000);
            }
        }
    }
}
