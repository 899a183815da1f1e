package io.sabot.connector.spi.format;

import io.sabot.plugin.PluginException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link DecodeErrors} of a reader that emits a batch's good rows, moves past the batch, and then reports its bad
 * records at once. Each bad record first goes to the job's {@link RecordFailurePolicy} while its bytes are valid: the
 * error handlers may skip it or send it to a dead-letter target, and reading goes on. The rest are counted, the first
 * few messages kept with each record's position, and {@link #throwIfAny} throws one {@link PluginException} naming
 * where they came from (the job fails, restores, and meets the same records again).
 *
 * <p>Not thread-safe: one per reader.
 */
public final class DecodeFailures implements DecodeErrors {

    private static final int SHOWN = 5;

    private final String position;
    private final String record;
    private final RecordFailurePolicy policy;
    private final List<String> messages = new ArrayList<>();
    private BinaryRecords batch;
    private String split;
    private int count;
    /** Indexes of the batch's records that added no row (failed or skipped), ascending. */
    private int[] rejected = new int[8];

    private int rejectedCount;

    /**
     * A collector whose failures all fail the read.
     *
     * @param position what a record's position is, as the message names it (e.g. {@code line}, {@code offset})
     * @param record what a record is, singular (e.g. {@code line}, {@code record}); the plural adds an {@code s}
     */
    public DecodeFailures(String position, String record) {
        this(position, record, RecordFailurePolicy.FAIL);
    }

    /**
     * A collector that asks {@code policy} about each failure first.
     *
     * @param position what a record's position is, as the message names it (e.g. {@code line}, {@code offset})
     * @param record what a record is, singular (e.g. {@code line}, {@code record}); the plural adds an {@code s}
     * @param policy the job's policy, from {@code SourceReaderContext#recordFailurePolicy()}
     * @since 1.2
     */
    public DecodeFailures(String position, String record, RecordFailurePolicy policy) {
        this.position = position;
        this.record = record;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Starts a batch of an unnamed split: forgets the previous one's failures. */
    public void reset(BinaryRecords records) {
        reset(records, null);
    }

    /**
     * Starts a batch: forgets the previous one's failures.
     *
     * @param records the batch about to be decoded
     * @param splitId the split it was read from, for the policy (dead letters keep it)
     * @since 1.2
     */
    public void reset(BinaryRecords records, String splitId) {
        batch = records;
        split = splitId;
        messages.clear();
        count = 0;
        rejectedCount = 0;
    }

    /**
     * How many records of the current batch added no row (failed, whatever the policy decided, or skipped). With {@link #rejected(int)} a reader lines up what it
     * knows per record (a Kafka offset, a line's metadata) with the decoded rows.
     *
     * @since 1.3
     */
    public int rejectedCount() {
        return rejectedCount;
    }

    /**
     * The index in the batch of the {@code i}-th record that added no row, in ascending order.
     *
     * @since 1.3
     */
    public int rejected(int i) {
        if (i < 0 || i >= rejectedCount) {
            throw new IndexOutOfBoundsException("rejected record " + i + " of " + rejectedCount);
        }
        return rejected[i];
    }

    @Override
    public void onSkipped(int index) {
        reject(index);
    }

    private void reject(int index) {
        if (rejectedCount == rejected.length) {
            rejected = java.util.Arrays.copyOf(rejected, rejectedCount * 2);
        }
        rejected[rejectedCount++] = index;
    }

    @Override
    public void onError(int index, String message) {
        reject(index);
        String where = position + " " + batch.position(index);
        if (policy.recordFailed(split, where, batch.data(index), batch.offset(index), batch.length(index), message)) {
            return;
        }
        count++;
        if (messages.size() < SHOWN) {
            messages.add(where + ": " + message);
        }
    }

    /**
     * Throws when records of the batch did not decode and the policy left them to fail, once (the count is cleared
     * first).
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
