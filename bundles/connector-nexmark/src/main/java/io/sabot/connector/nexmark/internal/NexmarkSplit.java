package io.sabot.connector.nexmark.internal;

import io.sabot.connector.spi.source.SourceSplit;

/**
 * One of {@code count} interleaved shares of the global event sequence: event numbers are dealt out in blocks of
 * {@code block} consecutive numbers (one proportion cycle, so that every split sees every kind), block {@code j}
 * going to split {@code j % count}. Event time therefore advances alike in every split. The split holds the event
 * numbers below {@code end} and is positioned at {@code next}.
 *
 * <p>The base time travels with the split, so a split restored from a checkpoint keeps the timestamps of the run
 * that created it even when {@code base-time} is not configured (and a new job start would pick a new one).
 *
 * @param number the split's number, {@code 0 … count - 1}; the enumerator's first choice of reader is {@code number
 *     % parallelism}
 * @param count how many splits share the sequence
 * @param block the number of consecutive events in a block
 * @param end the event number after the last one of the source ({@link NexmarkConfig#UNBOUNDED} for none)
 * @param baseTime the timestamp of event 0, epoch milliseconds
 * @param next the next event number to generate: one of the split's, or at least {@code end} when it is finished
 */
record NexmarkSplit(int number, int count, int block, long end, long baseTime, long next) implements SourceSplit {

    NexmarkSplit {
        if (count < 1 || number < 0 || number >= count || block < 1 || end < 0 || next < 0) {
            throw new IllegalArgumentException("invalid nexmark split " + number + " of " + count + " (blocks of "
                    + block + ", end " + end + ") at " + next);
        }
        if (next < end && (next / block) % count != number) {
            throw new IllegalArgumentException("event " + next + " is not in nexmark split " + number + " of " + count
                    + " (blocks of " + block + ")");
        }
    }

    /** The first event number of split {@code number} of {@code count}, positioned at its start. */
    static NexmarkSplit first(int number, int count, int block, long end, long baseTime) {
        return new NexmarkSplit(number, count, block, end, baseTime, (long) number * block);
    }

    @Override
    public String splitId() {
        return "nexmark-" + number;
    }

    /** Whether the split has no events left. */
    boolean finished() {
        return next >= end;
    }

    /** The split's event number after {@code eventNumber} (one of its own). */
    long after(long eventNumber) {
        long following = eventNumber + 1;
        if (following % block != 0) {
            return following;
        }
        long jumped = following + (long) (count - 1) * block;
        return jumped < following ? Long.MAX_VALUE : jumped; // saturate near the end of the long range
    }

    /** The number of the split's events below {@code limit}. */
    long countBelow(long limit) {
        long cycle = (long) block * count;
        long inLastCycle = limit % cycle - (long) number * block;
        return (limit / cycle) * block + Math.max(0, Math.min(block, inLastCycle));
    }

    /** The events left, from {@code position} (one of the split's) to the end. */
    long remainingFrom(long position) {
        return position >= end ? 0 : countBelow(end) - countBelow(position);
    }

    /** This split, positioned at {@code position}. */
    NexmarkSplit at(long position) {
        return new NexmarkSplit(number, count, block, end, baseTime, position);
    }
}
