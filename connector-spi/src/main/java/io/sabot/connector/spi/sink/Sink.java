package io.sabot.connector.spi.sink;

import io.sabot.plugin.VersionedSerializer;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One {@code INSERT INTO} of one job: creates writers and, for exactly-once sinks, the committer. Holds
 * configuration only.
 *
 * @param <CommT> what a writer's pre-committed output is described by (a transaction id, a pending file name)
 */
@ConsumerType
public interface Sink<CommT> {

    /** Which changes the sink accepts. Default: inserts only. */
    default ChangelogMode changelogMode() {
        return ChangelogMode.INSERT_ONLY;
    }

    /** Creates the writer of one parallel subtask. */
    SinkWriter<CommT> createWriter(SinkWriterContext context) throws Exception;

    /** The committer for exactly-once output; empty for an at-least-once sink (the default). */
    default Optional<Committer<CommT>> createCommitter() {
        return Optional.empty();
    }

    /**
     * Serialises committables into checkpoints; required when {@link #createCommitter()} is not empty.
     *
     * @throws UnsupportedOperationException for a sink without committer (the default)
     */
    default VersionedSerializer<CommT> committableSerializer() {
        throw new UnsupportedOperationException("this sink has no committables");
    }
}
