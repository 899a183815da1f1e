package io.sabot.plan;

/** Columns a window aggregation appends after its aggregates. */
public enum WindowProperty {
    /** Inclusive start, TIMESTAMP(3). */
    WINDOW_START,
    /** Exclusive end, TIMESTAMP(3). */
    WINDOW_END,
    /** {@code end - 1 ms}, a rowtime attribute usable by a downstream window ({@code TUMBLE_ROWTIME}). */
    WINDOW_TIME
}
