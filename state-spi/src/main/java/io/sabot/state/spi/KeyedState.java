package io.sabot.state.spi;

import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What every keyed state handle offers, whatever its {@link StateType}: its descriptor, removal of whole keys, and a
 * scan of everything stored.
 *
 * <p>A handle is created by {@link KeyedStateBackend} and implemented by the backend. The rules of the package apply
 * to every method here and in the sub-interfaces:
 *
 * <ul>
 *   <li><b>Threading:</b> called only from the subtask's task thread; not thread-safe; never blocks on anything but
 *       the backend's own storage.
 *   <li><b>Keys:</b> every operation takes a {@link KeyBatch} whose columns match {@link
 *       StateDescriptor#keySchema()} and whose key groups lie in the backend's {@link KeyGroupRange}; a mismatch
 *       throws {@link IllegalArgumentException} before anything is changed.
 *   <li><b>Inputs</b> (key columns, value batches) are borrowed for the call and never modified; <b>outputs</b> are
 *       vectors the caller owns, written from row 0 in order with {@code setSafe}, value counts set.
 *   <li><b>Visibility:</b> a write is visible to every later read on the same handle (read-your-writes), and is part
 *       of the next {@linkplain KeyedStateBackend#snapshot snapshot} taken after it.
 *   <li><b>Atomicity:</b> a call that throws may have applied part of the batch. That is acceptable because every
 *       exception fails the task and the job restores from the last checkpoint: partial writes are never observed.
 * </ul>
 */
@ConsumerType
public interface KeyedState {

    /** The descriptor this handle was created for. */
    StateDescriptor descriptor();

    /**
     * Removes everything stored for each key of the batch: the value, the whole list, or every map entry. Keys with
     * nothing stored are ignored.
     *
     * @param keys the keys to clear
     */
    void clear(KeyBatch keys);

    /**
     * Reads everything this state holds for the key groups in {@code keyGroups} (intersected with the backend's range),
     * in the canonical row layout of the state's snapshot file: the columns of {@link
     * io.sabot.state.spi.snapshot.SnapshotFormat#stateFileSchema(StateDescriptor)}, that is {@code key_group}, then
     * the key, user-key (map state) and value columns. Used on cold paths: an operator rebuilding its in-memory tables
     * after a restore, a state inspection tool, a test.
     *
     * <p>The backend fills {@code batch} with at most {@code maxRows} rows at a time, sets its row count, and passes it
     * to {@code consumer}, which must consume or copy the rows before it returns (the backend then reuses the batch).
     * Rows come in non-decreasing key-group order; within a key group the order is the backend's, except that a list's
     * elements keep their list order.
     *
     * <p>The consumer must not modify this state while the scan runs.
     *
     * @param keyGroups the key groups to read
     * @param batch a root with the state's canonical file schema, owned by the caller
     * @param maxRows the maximum number of rows per batch, {@code >= 1}
     * @param consumer receives each filled batch
     * @return the number of rows read
     */
    long scan(KeyGroupRange keyGroups, VectorSchemaRoot batch, int maxRows, Consumer<VectorSchemaRoot> consumer);
}
