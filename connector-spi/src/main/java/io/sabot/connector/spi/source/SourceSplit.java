package io.sabot.connector.spi.source;

/**
 * A unit of work with its position, e.g. a partition and an offset. Splits are values: a reader that advances makes
 * a new split object (or mutates one it alone owns) and hands copies to {@link SourceReader#snapshotState}.
 */
public interface SourceSplit {

    /**
     * A stable identifier, unique within its source (e.g. {@code trades-3} for partition 3), used in metrics,
     * watermarks per split and error messages.
     */
    String splitId();
}
