package io.sabot.connector.spi.source;

import io.sabot.plugin.VersionedSerializer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One table scan of one job: a factory of the enumerator and the readers, plus the serializers that make their state
 * survive checkpoints and hot upgrades. Created by {@link io.sabot.connector.spi.SourceFactory#createSource}; holds
 * configuration only, no connections.
 *
 * @param <SplitT> the split type
 * @param <EnumStateT> the enumerator's checkpointed state (e.g. splits not yet assigned)
 */
@ConsumerType
public interface Source<SplitT extends SourceSplit, EnumStateT> {

    /** Whether the source ends. */
    Boundedness boundedness();

    /** Creates the enumerator for a fresh start (no checkpoint). */
    SplitEnumerator<SplitT, EnumStateT> createEnumerator(SplitEnumeratorContext<SplitT> context);

    /** Creates the enumerator from checkpointed state; splits held by readers are restored to the readers, not here. */
    SplitEnumerator<SplitT, EnumStateT> restoreEnumerator(SplitEnumeratorContext<SplitT> context, EnumStateT state);

    /** Creates the reader of one parallel subtask. */
    SourceReader<SplitT> createReader(SourceReaderContext context);

    /** Serialises splits with their positions into checkpoints. */
    VersionedSerializer<SplitT> splitSerializer();

    /** Serialises the enumerator's state into checkpoints. */
    VersionedSerializer<EnumStateT> enumeratorStateSerializer();
}
