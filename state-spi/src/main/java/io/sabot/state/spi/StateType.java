package io.sabot.state.spi;

/**
 * The kinds of keyed state, as in Flink. The type decides which handle a backend returns, what a key maps to, and the
 * layout of the state's rows in the canonical snapshot file (see {@link io.sabot.state.spi.snapshot}).
 */
public enum StateType {

    /**
     * One value row per key ({@link ValueState}). Snapshot rows: {@code key_group, key…, value…}, one per key.
     */
    VALUE,

    /**
     * An ordered list of element rows per key ({@link ListState}). Snapshot rows: {@code key_group, key…, value…}, one
     * per element, a key's elements in list order.
     */
    LIST,

    /**
     * A map from user-key rows to value rows per key ({@link MapState}), e.g. a join side keyed by join key and row
     * id. Snapshot rows: {@code key_group, key…, user key…, value…}, one per entry.
     */
    MAP,

    /**
     * One value row per key that new values are folded into with a {@link BatchReduceFunction} ({@link
     * ReducingState}). Stored and snapshotted like {@link #VALUE}; the function is not stored.
     */
    REDUCING,

    /**
     * One accumulator row per key that inputs are added to with a {@link BatchAggregateFunction}, read as the
     * function's result ({@link AggregatingState}). Stored and snapshotted like {@link #VALUE}, the value columns being
     * the accumulator's; the function is not stored.
     */
    AGGREGATING
}
