package io.sabot.state.spi;

/** Which clock a {@link TimerService}'s timers follow. Timestamps are epoch milliseconds in both domains. */
public enum TimeDomain {

    /**
     * Event time: a timer fires when the operator's input watermark reaches its timestamp, i.e. when the operator
     * calls {@link TimerService#pollExpired} with the new watermark. Deterministic on replay: the same input gives the
     * same firings.
     */
    EVENT_TIME,

    /**
     * Processing time: a timer fires when the wall clock of the node running the subtask reaches its timestamp. The
     * task thread asks {@link TimerService#nextTimestamp()}, schedules a wake-up in its mailbox, and polls when it
     * comes; the backend never fires timers from a thread of its own. After a restore, timers already due fire at once.
     */
    PROCESSING_TIME
}
