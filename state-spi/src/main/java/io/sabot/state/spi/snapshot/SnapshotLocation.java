package io.sabot.state.spi.snapshot;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.WritableByteChannel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a backend writes its data files for one snapshot: the operator directory of one checkpoint, on whatever
 * storage the runtime is configured with (a local or shared file system now, an object store later). Provided by the
 * runtime for one call of {@link io.sabot.state.spi.KeyedStateBackend#snapshot}, valid until its future completes.
 *
 * <p><b>Threading.</b> Thread-safe: the backend calls it from its asynchronous writer threads, possibly several files
 * at once. Never call it from the task thread, since opening a file may block.
 *
 * <p><b>Cleanup.</b> The runtime owns the directory: it deletes the files of a snapshot that fails or is aborted, and
 * of checkpoints superseded by newer ones. A backend never deletes what it wrote here.
 */
@ProviderType
public interface SnapshotLocation {

    /** The checkpoint's id. */
    long checkpointId();

    /** Whether the snapshot is a savepoint (a backend offering a faster native format must still write this one). */
    boolean isSavepoint();

    /** Where the operator directory is, for messages and logs, e.g. {@code file:/var/sabot/checkpoints/…/op-3/}. */
    URI uri();

    /**
     * Creates a new file and opens it for writing, for Arrow's {@code ArrowFileWriter}. The caller closes the channel;
     * the file counts as written once the channel is closed without error.
     *
     * @param relativePath the path relative to the operator directory, from {@link SnapshotFormat#stateFilePath} or
     *     {@link SnapshotFormat#timerFilePath}; parent directories are created as needed
     * @return a channel positioned at the start of the new, empty file
     * @throws IllegalArgumentException if the path is not a safe relative path ({@link
     *     SnapshotFormat#checkRelativePath})
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (two writers for one key-group range: a bug)
     * @throws IOException if the storage fails; the snapshot fails, the job continues
     */
    WritableByteChannel create(String relativePath) throws IOException;

    /**
     * Creates a file shared between checkpoints, for an incremental checkpoint's native files (an immutable RocksDB
     * table file that later checkpoints refer to again instead of writing it anew). The file becomes visible under
     * {@code name} only when the channel is closed without error, so {@link #sharedExists} never sees a partial file.
     * The manifest refers to it as {@link SnapshotFormat#SHARED_PREFIX} + {@code name}; the runtime deletes it once
     * no retained checkpoint refers to it.
     *
     * @param name a relative path ({@link SnapshotFormat#checkRelativePath}), unique for the file's content
     * @throws UnsupportedOperationException if this location cannot share files (the default): the backend then
     *     writes a full snapshot
     * @throws java.nio.file.FileAlreadyExistsException if a shared file of that name exists
     * @since 1.1
     */
    default WritableByteChannel createShared(String name) throws IOException {
        throw new UnsupportedOperationException("this snapshot location does not share files between checkpoints");
    }

    /**
     * Whether a shared file of that name exists (written completely by an earlier checkpoint and not yet deleted),
     * so that this checkpoint may refer to it instead of writing it. Default: false.
     *
     * @since 1.1
     */
    default boolean sharedExists(String name) {
        return false;
    }
}
