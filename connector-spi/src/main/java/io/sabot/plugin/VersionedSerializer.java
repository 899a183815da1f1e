package io.sabot.plugin;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serialises state a plug-in hands to checkpoints (source splits with their offsets, enumerator state, sink
 * committables) with an explicit format version, so that a checkpoint written by one version of a bundle can be
 * restored by a later one after a hot upgrade.
 *
 * <p>The runtime stores {@link #version()} next to the bytes and passes it back to {@link #deserialize}. A newer
 * serializer must read every version it ever wrote; if it cannot, it throws {@link IOException} naming the version,
 * and the restore fails with that message instead of silently starting from scratch.
 *
 * <p>Implementations are stateless and thread-safe.
 *
 * @param <T> the serialised type
 */
@ConsumerType
public interface VersionedSerializer<T> {

    /** The version written by {@link #serialize}; positive, incremented on every format change. */
    int version();

    /** Serialises {@code value}; the returned array belongs to the caller. */
    byte[] serialize(T value) throws IOException;

    /**
     * Reads bytes written by {@link #serialize} at {@code version} of this serializer.
     *
     * @throws IOException if the bytes are corrupt or the version is unknown
     */
    T deserialize(int version, byte[] serialized) throws IOException;
}
