package io.sabot.connector.spi.source;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Discovers splits and assigns them to readers. There is one per source per job, on the job's coordinator; all its
 * methods are called from one coordinator thread, never concurrently. Long discovery work (listing a directory,
 * asking a broker for partitions) goes through {@link SplitEnumeratorContext#callAsync}, never blocks that thread.
 *
 * @param <SplitT> the split type
 * @param <EnumStateT> the checkpointed state
 */
@ConsumerType
public interface SplitEnumerator<SplitT extends SourceSplit, EnumStateT> extends AutoCloseable {

    /** Starts discovery; may assign splits right away through the context. */
    void start();

    /** A reader asks for work (pull-based sources such as files); push-based sources may ignore it. */
    void handleSplitRequest(int subtaskId);

    /**
     * Splits come back from a failed reader, with the positions of the last completed checkpoint; assign them again.
     * As in Flink, this is called before the restarted reader registers again with {@link #addReader}: hold splits
     * meant for that subtask until then.
     */
    void addSplitsBack(List<SplitT> splits, int subtaskId);

    /** A reader of subtask {@code subtaskId} has started (or restarted) and can take splits. */
    void addReader(int subtaskId);

    /** The enumerator's state at checkpoint {@code checkpointId}: typically the splits not yet assigned. */
    EnumStateT snapshotState(long checkpointId) throws Exception;

    /** The checkpoint has completed everywhere; e.g. commit discovery progress. Default: nothing. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {}

    /** Releases resources; called once, on the coordinator thread. */
    @Override
    void close() throws Exception;
}
