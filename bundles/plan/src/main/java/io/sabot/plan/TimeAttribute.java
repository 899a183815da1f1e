package io.sabot.plan;

/** Whether a timestamp column drives time: Flink's rowtime (event time, with watermarks) and proctime attributes. */
public enum TimeAttribute {
    NONE,
    /** An event-time attribute: the table declares {@code WATERMARK FOR} it; windows may group by it. */
    ROWTIME,
    /** A processing-time attribute ({@code PROCTIME()}). */
    PROCTIME
}
