package io.sabot.engine.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The input of a task: one bounded queue shared by every channel that feeds it (each upstream subtask of each
 * input). A full queue blocks its producers, which is how backpressure travels upstream. Channels are numbered per
 * gate; {@link #inputOf(int)} says which logical input (a join's left or right) a channel belongs to.
 */
public final class InputGate {

    private final BlockingQueue<Envelope> queue;
    private final List<Integer> channelInputs = new ArrayList<>();

    public InputGate(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
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

    /** Blocks while the gate is full. */
    public void put(Envelope envelope) throws InterruptedException {
        queue.put(envelope);
    }

    public Envelope poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Closes the batches still queued (after the job stopped). */
    public void drain() {
        Envelope e;
        while ((e = queue.poll()) != null) {
            if (e.batch() != null) {
                e.batch().close();
            }
        }
    }
}
