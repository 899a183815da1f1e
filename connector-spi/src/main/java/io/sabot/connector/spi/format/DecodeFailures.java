package io.sabot.connector.spi.format;

import io.sabot.plugin.PluginException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link DecodeErrors} of a reader that emits a batch's good rows, moves past the batch, and then reports its bad
 * records at once: it counts the failures of one batch, keeps the first few messages with each record's position,
 * and {@link #throwIfAny throws} one {@link PluginException} naming where they came from. The job's error handler
 * decides (fail: the job restores and meets the same records again; skip: reading continues after them).
 *
 * <p>Not thread-safe: one per reader.
 */
public final class DecodeFailures implements DecodeErrors {

    private static final int SHOWN = 5;

    private final String position;
    private final String record;
    private final List<String> messages = new ArrayList<>();
    private BinaryRecords batch;
    private int count;

    /**
     * @param position what a record's position is, as the message names it (e.g. {@code line}, {@code offset})
     * @param record what a record is, singular (e.g. {@code line}, {@code record}); the plural adds an {@code s}
     */
    public DecodeFailures(String position, String record) {
        this.position = position;
        this.record = record;
    }

    /** Starts a batch: forgets the previous one's failures. */
    public void reset(BinaryRecords records) {
        batch = records;
        messages.clear();
        count = 0;
    }

    @Override
    public void onError(int index, String message) {
        count++;
        if (messages.size() < SHOWN) {
            messages.add(position + " " + batch.position(index) + ": " + message);
        }
    }

    /**
     * Throws when records of the batch did not decode, once (the count is cleared first).
     *
     * @param where the records' origin for the message, e.g. {@code table 't', file '/data/a.csv'}
     * @throws PluginException {@code <where>: <n> <records> did not decode: <position> <p>: <message>; …}
     */
    public void throwIfAny(String where) {
        if (count == 0) {
            return;
        }
        String more = count > SHOWN ? "; and " + (count - SHOWN) + " more" : "";
        int failed = count;
        count = 0;
        throw new PluginException(
                where + ": " + failed + " " + record + (failed == 1 ? "" : "s") + " did not decode: "
                        + String.join("; ", messages) + more,
                false);
    }
}
