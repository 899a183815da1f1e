package io.sabot.connector.spi.source;

/** Whether a source ends. A job over bounded sources finishes (flushing its windows) when all of them end. */
public enum Boundedness {
    /** Reads a finite amount of data, then every reader returns {@link InputStatus#END_OF_INPUT}. */
    BOUNDED,
    /** May produce data forever (a topic, a generator without a row limit). */
    CONTINUOUS_UNBOUNDED
}
