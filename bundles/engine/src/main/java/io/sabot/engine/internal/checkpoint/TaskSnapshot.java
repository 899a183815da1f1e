package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.KeyGroupRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one task copied at barrier {@code checkpointId}: its operators' state and, for a source task, its splits. */
public final class TaskSnapshot implements AutoCloseable {

    /** One operator's subtask state. */
    public record OperatorPart(String operatorId, int subtask, int parallelism, OperatorStateWriter writer) {}

    /** A source subtask's splits, serialized with the split serializer of {@code version}. */
    public record SourcePart(String sourceId, int subtask, int parallelism, int version, List<byte[]> splits) {}

    final long checkpointId;
    final List<OperatorPart> operators = new ArrayList<>();
    final Map<String, SourcePart> sources = new LinkedHashMap<>();
    long alignmentNanos;
    /** {@link System#nanoTime()} when the task started this snapshot (for a source task: the barrier's injection). */
    final long startedNanos = System.nanoTime();

    final java.nio.file.Path directory;

    /**
     * @param directory the checkpoint's directory, where state backends write their files; null when the job takes
     *     no checkpoints
     */
    public TaskSnapshot(long checkpointId, java.nio.file.Path directory, boolean savepoint) {
        this.checkpointId = checkpointId;
        this.directory = directory;
        this.savepoint = savepoint;
    }

    /** Whether this is a savepoint, which state backends always write in the canonical format. */
    final boolean savepoint;

    public long checkpointId() {
        return checkpointId;
    }

    /** A writer for an operator of this task; its content becomes part of the checkpoint. */
    public OperatorStateWriter operator(
            String operatorId, int subtask, int parallelism, KeyGroupRange keyGroups, int maxParallelism) {
        OperatorStateWriter w =
                new OperatorStateWriter(operatorId, keyGroups, maxParallelism, checkpointId, directory, savepoint);
        operators.add(new OperatorPart(operatorId, subtask, parallelism, w));
        return w;
    }

    public void source(SourcePart part) {
        sources.put(part.sourceId(), part);
    }

    public void alignment(long nanos) {
        this.alignmentNanos = nanos;
    }

    @Override
    public void close() {
        for (OperatorPart p : operators) {
            p.writer().close();
        }
    }
}
