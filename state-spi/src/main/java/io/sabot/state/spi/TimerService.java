package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The timers of one operator subtask in one {@link TimeDomain}, kept in state: registered, deleted and fired in
 * batches, snapshotted with the keyed state and redistributed with their key groups on rescale. A window operator
 * registers a timer per (key, window end) and, when the watermark passes, polls the expired ones to emit the
 * windows' results.
 *
 * <p>A timer is the tuple <em>(key group, timestamp, key…)</em> with the key columns of {@link
 * TimerDescriptor#keySchema()}; registering an existing tuple again changes nothing, and a timer belongs to the key
 * group of its key, like keyed state.
 *
 * <p><b>Firing is pulled, never pushed.</b> The backend runs no thread and calls no callback: the task thread calls
 * {@link #pollExpired} when its time advances (a new watermark for event time, a mailbox wake-up scheduled from
 * {@link #nextTimestamp()} for processing time) and processes the returned batch itself. Timers therefore fire on the
 * task thread, between batches, in the same order on every replay.
 *
 * <p>All rules of {@link KeyedState} apply: task thread only, key groups within the backend's range, borrowed inputs,
 * caller-owned outputs, visibility in the next snapshot.
 *
 * <h2>Example: a tumbling-window aggregate</h2>
 *
 * <pre>{@code
 * // key schema (user_id, window_end); fired batches have (key_group, timestamp, user_id, window_end)
 * TimerService windowEnds = backend.timerService(TimerDescriptor.eventTime("window-end", TIMER_KEY));
 * VectorSchemaRoot fired = VectorSchemaRoot.create(SnapshotFormat.timerFileSchema(windowEnds.descriptor()), allocator);
 *
 * // for every input batch: one timer per (user, window) the batch touched, at the window's last millisecond
 * windowEnds.register(KeyBatch.of(List.of(userIds, windowEndColumn), keyGroups, rows), lastMillisOfWindow);
 *
 * // for every watermark: fire in bounded batches, emitting the windows the watermark closed
 * int count;
 * do {
 *     fired.clear();
 *     count = windowEnds.pollExpired(watermark, 4096, fired);
 *     emitAndClearWindows(fired);        // reads those keys' accumulators, emits final rows, clears the state
 * } while (count == 4096);
 * }</pre>
 */
@ConsumerType
public interface TimerService {

    /** The descriptor this service was created for. */
    TimerDescriptor descriptor();

    /**
     * Registers a timer for every row: (key group {@code i}, {@code timestamps[i]}, key {@code i}).
     *
     * @param keys the timers' keys, columns matching the timer key schema
     * @param timestamps the timers' timestamps in epoch milliseconds, at least {@code keys.rowCount()} long
     */
    void register(KeyBatch keys, long[] timestamps);

    /**
     * Registers a timer at the same {@code timestamp} for every key of the batch (all windows ending at one time).
     *
     * @param keys the timers' keys
     * @param timestamp the timestamp in epoch milliseconds
     */
    void register(KeyBatch keys, long timestamp);

    /**
     * Deletes the timer (key group {@code i}, {@code timestamps[i]}, key {@code i}) for every row; timers that do not
     * exist (never registered, or already fired) are ignored.
     *
     * @param keys the timers' keys
     * @param timestamps their timestamps, at least {@code keys.rowCount()} long
     */
    void delete(KeyBatch keys, long[] timestamps);

    /**
     * Deletes the timer at {@code timestamp} of every key of the batch; absent timers are ignored.
     *
     * @param keys the timers' keys
     * @param timestamp their timestamp
     */
    void delete(KeyBatch keys, long timestamp);

    /**
     * The earliest timestamp of any registered timer, or {@link Long#MAX_VALUE} when there is none. Cheap: the task
     * thread calls it after every change to schedule its next processing-time wake-up.
     */
    long nextTimestamp();

    /**
     * Removes up to {@code maxTimers} timers with timestamp {@code <= time} and writes them into {@code out}, in
     * ascending timestamp order (ties in ascending key-group order, then in the backend's order): column {@value
     * io.sabot.state.spi.snapshot.SnapshotFormat#KEY_GROUP_COLUMN} (int32), column {@value
     * io.sabot.state.spi.snapshot.SnapshotFormat#TIMESTAMP_COLUMN} (int64, epoch milliseconds), then the key columns:
     * the schema {@link io.sabot.state.spi.snapshot.SnapshotFormat#timerFileSchema(TimerDescriptor)}. Sets {@code
     * out}'s row count.
     *
     * <p>Call it repeatedly until it returns fewer than {@code maxTimers}, processing each batch in between: that
     * bounds memory when a watermark jump expires millions of timers. Timers the operator registers while processing a
     * batch, with timestamps {@code <= time}, are returned by a later call with the same {@code time}.
     *
     * <p>Removed timers are gone from state at once; if the task fails before the next checkpoint, the restore brings
     * them back and they fire again, which is what exactly-once replay requires.
     *
     * @param time the watermark (event time) or the current wall-clock time (processing time), epoch milliseconds
     * @param maxTimers the most timers to return, {@code >= 1}
     * @param out where fired timers are written; a root with the timer file schema, owned by the caller
     * @return the number of timers written
     */
    int pollExpired(long time, int maxTimers, VectorSchemaRoot out);

    /** The number of registered timers, for metrics; may be an estimate for backends that cannot count cheaply. */
    long size();
}
