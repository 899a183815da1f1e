package io.sabot.engine.internal.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The input of a task: one bounded queue per channel (each upstream subtask of each input). A full channel blocks
 * its producer, which is how backpressure travels upstream. A channel can be blocked by the consumer while it aligns
 * checkpoint barriers: its elements stay queued (and its producer stalls once the queue is full) until the barriers
 * of every channel have arrived, so no element after a barrier slips into the checkpoint before it. Channels are
 * numbered per gate; {@link #inputOf(int)} says which logical input (a join's left or right) a channel belongs to.
 */
public final class InputGate {

    private final int capacity;
    private final List<Integer> channelInputs = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private ArrayDeque<Envelope>[] queues;
    private Condition[] notFull;
    private boolean[] blocked;
    private int next;

    /** @param capacity elements the gate holds in all, shared out between its channels (at least 2 each) */
    public InputGate(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a channel of logical input {@code input}; returns its number. Called while wiring, before start. */
    public synchronized int addChannel(int input) {
        channelInputs.add(input);
        return channelInputs.size() - 1;
    }

    public int channelCount() {
        return channelInputs.size();
    }

    public int inputOf(int channel) {
        return channelInputs.get(channel);
    }

    @SuppressWarnings("unchecked")
    private void ensureQueues() {
        if (queues == null) {
            int n = channelInputs.size();
            queues = new ArrayDeque[n];
            notFull = new Condition[n];
            blocked = new boolean[n];
            for (int c = 0; c < n; c++) {
                queues[c] = new ArrayDeque<>();
                notFull[c] = lock.newCondition();
            }
        }
    }

    private int perChannel() {
        return Math.max(2, (capacity + queues.length - 1) / Math.max(1, queues.length));
    }

    /**
     * A channel's producer as the gate sees it: whether a checkpoint barrier waits to be sent after what the producer
     * is sending now. While it does, the producer is let past a full channel, so the barrier does not wait for the
     * consumer to make room; the channel then holds at most the rest of the producer's current batch and the barrier
     * beyond its capacity, still in order.
     */
    @FunctionalInterface
    public interface Producer {
        Producer NONE = () -> false;

        /** Called on the producer's thread, only when its channel is full. */
        boolean barrierPending();
    }

    /** Blocks while the envelope's channel is full; returns the nanoseconds it was blocked (backpressure). */
    public long put(Envelope envelope) throws InterruptedException {
        return put(envelope, Producer.NONE);
    }

    /**
     * Blocks while the envelope's channel is full, unless {@code producer} has a barrier pending (then, or when
     * {@link #wake} is called for the channel, it looks again); returns the nanoseconds it was blocked.
     */
    public long put(Envelope envelope, Producer producer) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            ensureQueues();
            int c = envelope.channel();
            int limit = perChannel();
            long blocked = 0;
            if (queues[c].size() >= limit && !producer.barrierPending()) {
                long start = System.nanoTime();
                while (queues[c].size() >= limit && !producer.barrierPending()) {
                    notFull[c].await();
                }
                blocked = System.nanoTime() - start;
            }
            queues[c].addLast(envelope);
            notEmpty.signal();
            return blocked;
        } finally {
            lock.unlock();
        }
    }

    /** The next element of a channel that is not blocked (channels in turn), or null after the timeout. */
    public Envelope poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            ensureQueues();
            while (true) {
                int n = queues.length;
                for (int i = 0; i < n; i++) {
                    int c = (next + i) % n;
                    if (!blocked[c] && !queues[c].isEmpty()) {
                        next = (c + 1) % n;
                        Envelope e = queues[c].pollFirst();
                        notFull[c].signal();
                        return e;
                    }
                }
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the producer of a channel if it waits for room, to look at {@link Producer#barrierPending()} again. Any
     * thread (the checkpoint coordinator's, after it asked the producer for a barrier).
     */
    public void wake(int channel) {
        lock.lock();
        try {
            ensureQueues();
            notFull[channel].signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops delivering the channel's elements until {@link #unblockAll()}. */
    public void block(int channel) {
        lock.lock();
        try {
            ensureQueues();
            blocked[channel] = true;
        } finally {
            lock.unlock();
        }
    }

    public void unblockAll() {
        lock.lock();
        try {
            ensureQueues();
            java.util.Arrays.fill(blocked, false);
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the batches still queued (after the job stopped) and wakes blocked producers. */
    public void drain() {
        lock.lock();
        try {
            ensureQueues();
            for (int c = 0; c < queues.length; c++) {
                Envelope e;
                while ((e = queues[c].pollFirst()) != null) {
                    if (e.batch() != null) {
                        e.batch().close();
                    }
                }
                notFull[c].signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
