package io.sabot.plan;

/** Event-time or processing-time windows, as in Flink. */
public enum WindowKind {
    /** Fixed-size, non-overlapping: {@code size}. */
    TUMBLE,
    /** Fixed-size, overlapping, sliding by {@code slide}. */
    HOP,
    /** Windows of activity separated by a {@code gap} of inactivity, per key. */
    SESSION,
    /** Windows that all start at the same time and grow by {@code slide} up to {@code size} (Flink's CUMULATE). */
    CUMULATE
}
