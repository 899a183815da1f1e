package io.sabot.state.spi.snapshot;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a backend restores from: the operator's manifest in a checkpoint or savepoint, the data files that overlap the
 * backend's key-group range, and a way to open them. Provided by the runtime for one call of {@link
 * io.sabot.state.spi.KeyedStateBackend#restore}; valid only during that call.
 *
 * <p>A restore after rescaling reads the files of several old subtasks: {@link #files()} lists every file whose range
 * overlaps the new one, and the backend keeps only the rows of its own key groups (see the restore rules in {@link
 * io.sabot.state.spi.snapshot}).
 *
 * <p><b>Threading.</b> Thread-safe: a backend may read several files at once on {@link
 * io.sabot.state.spi.StateBackendContext#ioExecutor()}, as long as {@code restore} does not return before they are
 * read.
 */
@ProviderType
public interface StateRestore {

    /**
     * The operator's manifest; the backend checks it with {@link OperatorStateManifest#checkRestorable(int)} before
     * reading anything.
     */
    OperatorStateManifest manifest();

    /**
     * The files of {@link #manifest()} that overlap the backend's key-group range, i.e. {@code
     * manifest().filesOverlapping(range)}, state and timer files alike.
     */
    List<StateFile> files();

    /**
     * Opens a data file for reading with Arrow's {@code ArrowFileReader} (or, for a {@link StateFile.Kind#NATIVE}
     * file, for the backend to copy; a shared one is found in the operator's shared directory). The caller closes the
     * channel.
     *
     * @param file one of {@link #files()}
     * @return a channel positioned at the start of the file
     * @throws IllegalArgumentException if {@code file} is not listed in the manifest
     * @throws IOException if the file is missing or cannot be read
     */
    SeekableByteChannel open(StateFile file) throws IOException;
}
