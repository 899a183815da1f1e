package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What one subtask of one operator puts into a checkpoint: keyed state as Arrow batches in the canonical file layout
 * of {@link SnapshotFormat#stateFileSchema} (key group first, in any order: the files are sorted by key group when
 * written), and operator values (small byte strings per subtask, such as the operator's watermark) that
 * a restore hands to every new subtask. The batches belong to the writer once added; it writes them to files off the
 * task thread and closes them.
 */
public final class OperatorStateWriter implements AutoCloseable {

    /** The batches of one state. */
    record StateRows(StateDescriptor descriptor, List<VectorSchemaRoot> batches) {}

    private final String operatorId;
    private final KeyGroupRange keyGroups;
    private final int maxParallelism;
    private final Map<String, StateRows> states = new LinkedHashMap<>();
    private final Map<String, List<byte[]>> values = new LinkedHashMap<>();
    private final List<Object> committables = new ArrayList<>();
    private final long checkpointId;
    private final Path operatorDirectory;
    private final Path sharedDirectory;
    private final boolean savepoint;
    private final List<CompletableFuture<KeyedStateSnapshot>> backendParts = new ArrayList<>();

    OperatorStateWriter(
            String operatorId,
            KeyGroupRange keyGroups,
            int maxParallelism,
            long checkpointId,
            Path checkpoint,
            boolean savepoint) {
        this.operatorId = operatorId;
        this.keyGroups = keyGroups;
        this.maxParallelism = maxParallelism;
        this.checkpointId = checkpointId;
        this.operatorDirectory =
                checkpoint == null ? null : checkpoint.resolve(CheckpointStorage.operatorDirectory(operatorId));
        this.sharedDirectory = checkpoint == null ? null : CheckpointStorage.sharedDirectory(checkpoint, operatorId);
        this.savepoint = savepoint;
    }

    /**
     * Snapshots a state backend's keyed state into this checkpoint, in the canonical format: the backend takes its
     * copy now (task thread) and writes its files asynchronously; the checkpoint waits for them before it
     * acknowledges this subtask.
     */
    public void addBackend(KeyedStateBackend backend) {
        if (operatorDirectory == null) {
            throw new IllegalStateException("no checkpoint directory for " + operatorId);
        }
        backendParts.add(backend.snapshot(
                checkpointId, new FileSnapshotLocation(operatorDirectory, sharedDirectory, checkpointId, savepoint)));
    }

    List<CompletableFuture<KeyedStateSnapshot>> backendParts() {
        return backendParts;
    }

    public String operatorId() {
        return operatorId;
    }

    /** The key groups of this subtask: every row added must lie in them. */
    public KeyGroupRange keyGroups() {
        return keyGroups;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    /**
     * Adds rows of a keyed state; ownership of {@code rows} passes to the writer (also when this throws).
     *
     * @throws IllegalArgumentException if the schema is not the descriptor's file schema, a key group lies outside
     *     this subtask's range, or the key groups decrease
     */
    public void addRows(StateDescriptor descriptor, VectorSchemaRoot rows) {
        try {
            StateRows state = states.get(descriptor.name());
            if (state == null) {
                if (!rows.getSchema().equals(SnapshotFormat.stateFileSchema(descriptor))) {
                    throw new IllegalArgumentException("rows of state '" + descriptor.name() + "' of " + operatorId
                            + " do not have the state's file schema: " + rows.getSchema());
                }
                state = new StateRows(descriptor, new ArrayList<>());
                states.put(descriptor.name(), state);
            } else if (!state.descriptor().equals(descriptor)) {
                throw new IllegalArgumentException(
                        "state '" + descriptor.name() + "' of " + operatorId + " was added with two descriptors");
            }
            IntVector groups = (IntVector) rows.getVector(0);
            for (int i = 0; i < rows.getRowCount(); i++) {
                int g = groups.get(i);
                if (!keyGroups.contains(g)) {
                    throw new IllegalArgumentException("state '" + descriptor.name() + "' of " + operatorId + ": row "
                            + i + " has key group " + g + ", outside " + keyGroups);
                }
            }
            if (rows.getRowCount() > 0) {
                state.batches().add(rows);
                rows = null;
            }
        } finally {
            if (rows != null) {
                rows.close();
            }
        }
    }

    /** Adds a value of this subtask under {@code name} (several values under one name keep their order). */
    public void addValue(String name, byte[] value) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value.clone());
    }

    public void addLong(String name, long value) {
        addValue(name, java.nio.ByteBuffer.allocate(8).putLong(value).array());
    }

    /** Sink committables pre-committed at this barrier, committed when the checkpoint completes. */
    public void addCommittables(List<?> pending) {
        committables.addAll(pending);
    }

    Map<String, StateRows> states() {
        return states;
    }

    Map<String, List<byte[]>> values() {
        return values;
    }

    List<Object> committables() {
        return committables;
    }

    boolean isEmpty() {
        return states.isEmpty() && values.isEmpty() && committables.isEmpty() && backendParts.isEmpty();
    }

    /** Releases batches not written (the checkpoint was aborted or writing failed). */
    @Override
    public void close() {
        for (StateRows s : states.values()) {
            for (VectorSchemaRoot b : s.batches()) {
                b.close();
            }
            s.batches().clear();
        }
    }
}
