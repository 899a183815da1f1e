package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.metrics.SplitMetrics;
import io.sabot.engine.internal.metrics.TaskMetrics;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-split watermarks of one source task. A split's watermark is the largest value its rows produced (or its
 * reader reported); the task's watermark is the minimum over splits that are not idle. A split becomes idle when
 * its reader says so or when it has had no data for the idle timeout, and active again with its next batch.
 * Task thread only.
 */
public final class SplitTracker {

    private final long idleTimeoutNanos;
    private final long createdAt = System.nanoTime();
    private final Map<String, Integer> ids = new HashMap<>();
    private long[] watermarks = new long[4];
    private long[] lastActive = new long[4];
    private boolean[] idle = new boolean[4];
    private SplitMetrics[] metrics = new SplitMetrics[4];
    private final TaskMetrics taskMetrics;
    private int count;
    private int current = -1;

    /** @param idleTimeoutNanos 0 or less: splits never become idle by time */
    public SplitTracker(long idleTimeoutNanos) {
        this(idleTimeoutNanos, null);
    }

    /** @param taskMetrics where each split's metrics are made when it is first seen, or null for none */
    public SplitTracker(long idleTimeoutNanos, TaskMetrics taskMetrics) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.taskMetrics = taskMetrics;
    }

    /** The split's index, registering it (active, watermark unknown) if new. */
    public int register(String splitId) {
        Integer id = ids.get(splitId);
        if (id != null) {
            return id;
        }
        if (count == watermarks.length) {
            watermarks = Arrays.copyOf(watermarks, count * 2);
            lastActive = Arrays.copyOf(lastActive, count * 2);
            idle = Arrays.copyOf(idle, count * 2);
            metrics = Arrays.copyOf(metrics, count * 2);
        }
        metrics[count] = taskMetrics == null ? null : taskMetrics.split(splitId);
        watermarks[count] = Long.MIN_VALUE;
        lastActive[count] = System.nanoTime();
        idle[count] = false;
        ids.put(splitId, count);
        return count++;
    }

    /** A batch of the split arrives: it is active and becomes the current split for the operators that follow. */
    public void onBatch(String splitId) {
        int id = register(splitId);
        lastActive[id] = System.nanoTime();
        idle[id] = false;
        current = id;
    }

    /** Like {@link #onBatch(String)}, counting the batch's rows and Arrow bytes for the split. */
    public void onBatch(String splitId, int rows, long bytes) {
        onBatch(splitId);
        SplitMetrics m = metrics[current];
        if (m != null) {
            m.recordsIn.mark(rows);
            m.bytesIn.mark(bytes);
        }
    }

    /** The split of the batch being processed. */
    public int current() {
        return current;
    }

    public void advance(int split, long watermark) {
        if (watermark > watermarks[split]) {
            watermarks[split] = watermark;
            if (metrics[split] != null) {
                metrics[split].watermark(watermark);
            }
        }
    }

    /** A watermark reported by the reader. */
    public void advance(String splitId, long watermark) {
        int id = register(splitId);
        idle[id] = false;
        lastActive[id] = System.nanoTime();
        advance(id, watermark);
    }

    public void markIdle(String splitId) {
        idle[register(splitId)] = true;
    }

    /**
     * Marks splits idle whose last data is older than the timeout, least recently active first, as if each had been
     * noticed at its own deadline: returns the highest watermark the remaining splits reached along the way
     * ({@code Long.MIN_VALUE} if none), which the task may still emit before it declares itself idle.
     */
    public long checkIdle(long now) {
        long best = Long.MIN_VALUE;
        if (idleTimeoutNanos <= 0) {
            return best;
        }
        while (true) {
            int victim = -1;
            for (int i = 0; i < count; i++) {
                if (!idle[i]
                        && now - lastActive[i] >= idleTimeoutNanos
                        && (victim < 0 || lastActive[i] < lastActive[victim])) {
                    victim = i;
                }
            }
            if (victim < 0) {
                return best;
            }
            idle[victim] = true;
            best = Math.max(best, combined());
        }
    }

    /** Whether no split holds the watermark back (all idle, or none assigned for the idle timeout). */
    public boolean allIdle(long now) {
        if (count == 0) {
            return idleTimeoutNanos > 0 && now - createdAt >= idleTimeoutNanos;
        }
        for (int i = 0; i < count; i++) {
            if (!idle[i]) {
                return false;
            }
        }
        return true;
    }

    /** The minimum watermark over active splits ({@code Long.MIN_VALUE} while any is unknown). */
    public long combined() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < count; i++) {
            if (!idle[i]) {
                min = Math.min(min, watermarks[i]);
                any = true;
            }
        }
        return any ? min : Long.MIN_VALUE;
    }
}
