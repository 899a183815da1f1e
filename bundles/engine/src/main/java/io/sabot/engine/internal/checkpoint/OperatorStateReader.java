package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.StateFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

/**
 * The restored state of one operator for one new subtask: the rows of its key groups from every file that overlaps
 * them (files of several former subtasks when the parallelism changed), and the values every former subtask wrote.
 */
public final class OperatorStateReader {

    /** Receives restored rows; the batch is only valid during the call. */
    public interface RowConsumer {
        void accept(VectorSchemaRoot rows) throws Exception;
    }

    private final String operatorId;
    private final Path directory;
    private final OperatorStateManifest manifest;
    private final Map<String, List<byte[]>> values;
    private final KeyGroupRange keyGroups;
    private final BufferAllocator allocator;

    OperatorStateReader(
            String operatorId,
            Path directory,
            OperatorStateManifest manifest,
            Map<String, List<byte[]>> values,
            KeyGroupRange keyGroups,
            BufferAllocator allocator) {
        this.operatorId = operatorId;
        this.directory = directory;
        this.manifest = manifest;
        this.values = values;
        this.keyGroups = keyGroups;
        this.allocator = allocator;
    }

    public KeyGroupRange keyGroups() {
        return keyGroups;
    }

    /**
     * Passes every restored row of state {@code name} in this subtask's key groups to {@code consumer}, batch by
     * batch, in the file schema (key group first). Nothing if the state was not in the checkpoint.
     *
     * @throws IOException naming the file that cannot be read or is corrupt
     */
    public void readRows(String name, RowConsumer consumer) throws Exception {
        if (manifest == null) {
            return;
        }
        if (manifest.isNative()) {
            throw new IllegalArgumentException("the state of " + operatorId + " in checkpoint "
                    + manifest.checkpointId() + " is an incremental checkpoint in the native format of the '"
                    + manifest.backend() + "' state backend: restore it with SET 'state.backend.type' = '"
                    + manifest.backend() + "', or restore from a savepoint (always in the canonical format)");
        }
        for (StateFile file : manifest.filesOverlapping(keyGroups)) {
            if (file.kind() != StateFile.Kind.STATE || !file.name().equals(name)) {
                continue;
            }
            Path path = directory.resolve(file.path());
            long rows = 0;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
                    ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                while (reader.loadNextBatch()) {
                    rows += root.getRowCount();
                    deliver(root, consumer);
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read state file '" + path + "' of operator " + operatorId + ": " + e, e);
            }
            if (rows != file.rows()) {
                throw new IOException(
                        "state file '" + path + "' holds " + rows + " rows, its manifest says " + file.rows());
            }
        }
    }

    private void deliver(VectorSchemaRoot root, RowConsumer consumer) throws Exception {
        IntVector groups = (IntVector) root.getVector(0);
        int n = root.getRowCount();
        int inRange = 0;
        for (int i = 0; i < n; i++) {
            if (keyGroups.contains(groups.get(i))) {
                inRange++;
            }
        }
        if (inRange == n) {
            consumer.accept(root);
            return;
        }
        if (inRange == 0) {
            return;
        }
        try (VectorSchemaRoot part = VectorSchemaRoot.create(root.getSchema(), allocator)) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (keyGroups.contains(groups.get(i))) {
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        part.getVector(c).copyFromSafe(i, k, root.getVector(c));
                    }
                    k++;
                }
            }
            part.setRowCount(k);
            consumer.accept(part);
        }
    }

    /** Restores this subtask's key groups of the operator's snapshot into {@code backend}, if it holds any. */
    public void restoreInto(io.sabot.state.spi.KeyedStateBackend backend) throws java.io.IOException {
        java.util.Optional<io.sabot.state.spi.snapshot.StateRestore> restore = stateRestore();
        if (restore.isPresent()) {
            backend.restore(restore.get());
        }
    }

    /**
     * This subtask's part of the operator's snapshot for a state backend's {@code restore}: the manifest and the files
     * overlapping this subtask's key groups; empty when the checkpoint holds no keyed state of the operator.
     */
    public java.util.Optional<io.sabot.state.spi.snapshot.StateRestore> stateRestore() {
        if (manifest == null) {
            return java.util.Optional.empty();
        }
        List<StateFile> files = manifest.filesOverlapping(keyGroups);
        return java.util.Optional.of(new io.sabot.state.spi.snapshot.StateRestore() {
            @Override
            public OperatorStateManifest manifest() {
                return manifest;
            }

            @Override
            public List<StateFile> files() {
                return files;
            }

            @Override
            public java.nio.channels.SeekableByteChannel open(StateFile file) throws IOException {
                if (!files.contains(file)) {
                    throw new IllegalArgumentException("file '" + file.path() + "' is not one of this restore's");
                }
                return FileChannel.open(
                        CheckpointStorage.resolve(directory.getParent(), operatorId, file), StandardOpenOption.READ);
            }
        });
    }

    /** The values every former subtask wrote under {@code name}, former subtasks in order. */
    public List<byte[]> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The least long value any former subtask wrote under {@code name}. */
    public OptionalLong minLong(String name) {
        OptionalLong min = OptionalLong.empty();
        for (byte[] v : values(name)) {
            long x = ByteBuffer.wrap(v).getLong();
            if (min.isEmpty() || x < min.getAsLong()) {
                min = OptionalLong.of(x);
            }
        }
        return min;
    }
}
