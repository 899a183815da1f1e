package io.sabot.state.spi.snapshot;

import io.sabot.state.spi.KeyGroupRange;
import java.util.Objects;

/**
 * One data file of a snapshot, as listed in a {@link KeyedStateSnapshot} and in the {@code files} array of an {@link
 * OperatorStateManifest}: which state or timer service it belongs to, where it is, which key groups it covers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind whether the file holds a state's rows or a timer service's timers
 * @param name the state's or timer service's name, as in its descriptor
 * @param path the path relative to the operator directory, per {@link SnapshotFormat#checkRelativePath}; writers use
 *     {@link SnapshotFormat#stateFilePath} or {@link SnapshotFormat#timerFilePath}
 * @param keyGroups the key groups the file may contain rows of (the writing subtask's range); non-empty
 * @param rows the number of rows written, {@code >= 0}
 * @param bytes the file's size in bytes, {@code >= 0}
 */
public record StateFile(Kind kind, String name, String path, KeyGroupRange keyGroups, long rows, long bytes) {

    /** What a data file holds. */
    public enum Kind {
        /** Rows of a keyed state, laid out per {@link SnapshotFormat#stateFileSchema}. */
        STATE,
        /** Timers of a timer service, laid out per {@link SnapshotFormat#timerFileSchema}. */
        TIMERS,
        /**
         * A backend's own file of an incremental checkpoint (a RocksDB table file, say), readable only by that
         * backend: {@code name} is the backend's identifier, {@code rows} is 0. A path starting with {@value
         * SnapshotFormat#SHARED_PREFIX} names a file shared between checkpoints ({@link
         * SnapshotLocation#createShared}); other paths are relative to the operator directory as usual. Savepoints
         * never hold native files.
         *
         * @since 1.1
         */
        NATIVE
    }

    /** Whether this is a native file shared between checkpoints ({@link Kind#NATIVE}, path under {@code shared/}). */
    public boolean isShared() {
        return kind == Kind.NATIVE && path.startsWith(SnapshotFormat.SHARED_PREFIX);
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException for an unsafe path, an empty range or negative counts
     */
    public StateFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        SnapshotFormat.checkRelativePath(path);
        Objects.requireNonNull(keyGroups, "keyGroups");
        if (keyGroups.isEmpty()) {
            throw new IllegalArgumentException("data file '" + path + "' covers no key group");
        }
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("data file '" + path + "' has negative rows or bytes");
        }
    }
}
