package io.sabot.connector.spi.source;

/** What {@link SourceReader#pollNext} found, telling the task how to schedule the next call. */
public enum InputStatus {
    /** More is ready now: call again soon (after the task has handled other mail such as barriers). */
    MORE_AVAILABLE,
    /** Nothing is ready: wait for {@link SourceReader#isAvailable()} before calling again. */
    NOTHING_AVAILABLE,
    /** Every assigned split is finished and no more will come: the reader is done. */
    END_OF_INPUT
}
