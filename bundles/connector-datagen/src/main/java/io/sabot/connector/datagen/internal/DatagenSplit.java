package io.sabot.connector.datagen.internal;

import io.sabot.connector.spi.source.SourceSplit;

/**
 * A range {@code [start, end)} of the source's global row index, with the next index to generate. The seed travels
 * with the split, so a split restored from a checkpoint regenerates the same rows even when the job restarts without
 * a {@code seed} option (and so with a new random seed for its new splits).
 *
 * @param number the split's number, 0-based; the enumerator's first choice of reader is {@code number % parallelism}
 * @param seed the seed of the rows' random values
 * @param start the first global row index of the split
 * @param end the index after the split's last row
 * @param next the next row to generate, {@code start <= next <= end}
 */
record DatagenSplit(int number, long seed, long start, long end, long next) implements SourceSplit {

    DatagenSplit {
        if (number < 0 || start > next || next > end) {
            throw new IllegalArgumentException(
                    "invalid datagen split " + number + " [" + start + ", " + end + ") at " + next);
        }
    }

    @Override
    public String splitId() {
        return "datagen-" + number;
    }

    /** The rows left. */
    long remaining() {
        return end - next;
    }

    /** This split, positioned at {@code position}. */
    DatagenSplit at(long position) {
        return new DatagenSplit(number, seed, start, end, position);
    }
}
