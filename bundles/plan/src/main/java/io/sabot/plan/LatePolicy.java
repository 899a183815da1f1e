package io.sabot.plan;

import java.util.Objects;

/**
 * What a window operator does with a late row: one that arrives when the watermark has already passed the end of
 * (every) window it belongs to. Set per job with {@code SET 'sabot.late-data' = 'drop' | 'update' | 'dead-letter'}
 * and {@code SET 'table.exec.emit.allow-lateness' = '…'} (Flink's key).
 *
 * <ul>
 *   <li>{@link Mode#DROP}: late rows are dropped and counted (the job's {@code lateRowsDropped} metric); a window's
 *       state is released when it fires. The allowed lateness is ignored.
 *   <li>{@link Mode#UPDATE} with an allowed lateness above zero: a window keeps its state until the watermark passes
 *       its end plus the allowed lateness; a late row within that bound updates the window and the operator emits
 *       the change ({@code -U} old row and {@code +U} new row, {@code +I} for a group the window did not have, as
 *       Flink's allow-lateness): the operator's output is a changelog. Rows later than the bound are dropped and
 *       counted. With an allowed lateness of zero it behaves as {@code DROP}. SESSION windows merge a late row into
 *       the sessions it touches, fired ones included (or open one for it), and retract the fired sessions that
 *       changed ({@code -U}/{@code +U}, or {@code -D} and {@code +I} when their bounds changed). Window Top-N has no
 *       update mode (nor has Flink's): its rows are final when its window fires.
 *   <li>{@link Mode#DEAD_LETTER} (since 1.2.0): as {@code DROP}, but each late row goes to the job's dead-letter
 *       target (its {@code error.dead-letter.*} options) with its values, event time, the watermark and the window
 *       it missed, and is counted as dead-lettered (the job's {@code recordsDeadLettered}). The allowed lateness is
 *       ignored.
 * </ul>
 *
 * Rows are never silently lost: either they update a result, or they are counted, or they are dead-lettered.
 *
 * @param mode what to do with late rows
 * @param allowedLatenessMillis how long after a window's end (in event time) late rows still update it, {@code >= 0}
 */
public record LatePolicy(Mode mode, long allowedLatenessMillis) {

    /** How late rows are handled. */
    public enum Mode {
        /** Drop and count late rows. */
        DROP,
        /** Update the emitted result within the allowed lateness; drop and count rows beyond it. */
        UPDATE,
        /**
         * Send late rows to the job's dead-letter target.
         *
         * @since 1.2.0
         */
        DEAD_LETTER
    }

    /** The default: drop and count, no allowed lateness. */
    public static final LatePolicy DROP = new LatePolicy(Mode.DROP, 0);

    /**
     * Late rows go to the job's dead-letter target.
     *
     * @since 1.2.0
     */
    public static final LatePolicy DEAD_LETTER = new LatePolicy(Mode.DEAD_LETTER, 0);

    public LatePolicy {
        Objects.requireNonNull(mode, "mode");
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowed lateness must be >= 0 ms, got " + allowedLatenessMillis);
        }
    }

    /** Update mode with the given allowed lateness. */
    public static LatePolicy update(long allowedLatenessMillis) {
        return new LatePolicy(Mode.UPDATE, allowedLatenessMillis);
    }

    /** Whether late rows within the allowed lateness update emitted results (so the output is a changelog). */
    public boolean emitsUpdates() {
        return mode == Mode.UPDATE && allowedLatenessMillis > 0;
    }

    /**
     * Whether late rows go to the job's dead-letter target (instead of being dropped).
     *
     * @since 1.2.0
     */
    public boolean deadLetters() {
        return mode == Mode.DEAD_LETTER;
    }

    /**
     * The event time up to which the state of a window ending at {@code windowEnd} (exclusive) is kept: its last
     * millisecond plus the allowed lateness when updating, else its last millisecond (saturating).
     */
    public long retainUntil(long windowEnd) {
        long last = windowEnd - 1;
        long lateness = emitsUpdates() ? allowedLatenessMillis : 0;
        return last > Long.MAX_VALUE - lateness ? Long.MAX_VALUE : last + lateness;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case DROP -> "drop";
            case DEAD_LETTER -> "dead-letter";
            case UPDATE -> "update(allowedLateness=" + allowedLatenessMillis + "ms)";
        };
    }
}
