package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.IncompatibleStateException;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A checkpoint or savepoint a job starts from: its metadata and operator manifests, read and checked (every data file
 * present with the size its manifest records) before the job starts, so that a damaged checkpoint fails fast with the
 * file named.
 */
public final class RestoredCheckpoint {

    private final Path directory;
    private final CheckpointMetadata metadata;
    private final Map<String, OperatorStateManifest> manifests = new HashMap<>();

    private RestoredCheckpoint(Path directory, CheckpointMetadata metadata) {
        this.directory = directory;
        this.metadata = metadata;
    }

    /**
     * Reads and checks a checkpoint directory.
     *
     * @throws IOException naming the missing, truncated or corrupt file
     */
    public static RestoredCheckpoint open(Path directory) throws IOException {
        CheckpointMetadata metadata = CheckpointMetadata.read(directory);
        RestoredCheckpoint r = new RestoredCheckpoint(directory, metadata);
        for (var e : metadata.operators().entrySet()) {
            if (!e.getValue().keyed()) {
                continue;
            }
            OperatorStateManifest m = CheckpointStorage.readManifest(directory, e.getKey());
            if (m == null) {
                throw new IOException(
                        "checkpoint '" + directory + "' lacks the state manifest of operator " + e.getKey());
            }
            for (StateFile f : m.files()) {
                Path file = CheckpointStorage.resolve(directory, e.getKey(), f);
                if (!Files.exists(file)) {
                    throw new IOException("state file '" + file + "' is missing");
                }
                long size = Files.size(file);
                if (size != f.bytes()) {
                    throw new IOException("state file '" + file + "' has " + size + " bytes, its manifest says "
                            + f.bytes() + " (truncated or overwritten)");
                }
            }
            r.manifests.put(e.getKey(), m);
        }
        return r;
    }

    /**
     * The newest complete checkpoint of {@code jobDirectory} that reads back; a newer one that does not is reported
     * to {@code skipped} (naming the file) and the previous one is tried.
     *
     * @throws IOException if there is none, or none reads back (the last problem as cause)
     */
    public static RestoredCheckpoint latest(Path jobDirectory, Consumer<String> skipped) throws IOException {
        List<Long> ids = CheckpointStorage.completedCheckpoints(jobDirectory);
        if (ids.isEmpty()) {
            throw new IOException("no complete checkpoint in '" + jobDirectory + "'");
        }
        IOException last = null;
        for (long id : ids) {
            try {
                return open(CheckpointStorage.checkpointDirectory(jobDirectory, id));
            } catch (IOException e) {
                skipped.accept("checkpoint " + id + " cannot be restored, trying an older one: " + e.getMessage());
                last = last == null ? e : last;
            }
        }
        throw new IOException("no checkpoint in '" + jobDirectory + "' can be restored: " + last.getMessage(), last);
    }

    public Path directory() {
        return directory;
    }

    public CheckpointMetadata metadata() {
        return metadata;
    }

    public long checkpointId() {
        return metadata.checkpointId();
    }

    /**
     * Checks that the checkpoint fits a job: the same max-parallelism, and every stateful operator of the checkpoint
     * still in the job.
     *
     * @throws IncompatibleStateException naming what does not fit
     */
    public void checkFits(int maxParallelism, java.util.Set<String> operatorIds, java.util.Set<String> sourceIds) {
        if (metadata.maxParallelism() != maxParallelism) {
            throw new IncompatibleStateException("checkpoint '" + directory + "' was taken with max-parallelism "
                    + metadata.maxParallelism() + "; this job has " + maxParallelism
                    + " (key groups would change meaning: set 'pipeline.max-parallelism' to "
                    + metadata.maxParallelism() + ")");
        }
        List<String> missing = new ArrayList<>();
        for (String id : metadata.operators().keySet()) {
            if (!operatorIds.contains(id)) {
                missing.add("operator " + id);
            }
        }
        for (String id : metadata.sources().keySet()) {
            if (!sourceIds.contains(id)) {
                missing.add("source " + id);
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompatibleStateException("checkpoint '" + directory + "' holds state of " + missing
                    + ", which this job does not have (was the query changed?); this job's stateful operators are "
                    + operatorIds + " and sources " + sourceIds);
        }
    }

    /**
     * Checks that a job on state backend {@code backend} ({@code memory} for the heap) can read every operator's
     * state: an incremental checkpoint in a backend's native format restores only on that backend.
     *
     * @throws IncompatibleStateException naming the operator, the backend that wrote it and what to do
     */
    public void checkBackend(String backend) {
        for (Map.Entry<String, OperatorStateManifest> e : manifests.entrySet()) {
            OperatorStateManifest m = e.getValue();
            if (m.isNative() && !m.backend().equals(backend)) {
                throw new IncompatibleStateException("checkpoint '" + directory + "' holds the state of operator "
                        + e.getKey() + " as an incremental checkpoint in the native format of the '" + m.backend()
                        + "' state backend, and this job runs on '" + backend + "': restore it with SET"
                        + " 'state.backend.type' = '" + m.backend() + "', or restore from a savepoint (always in the"
                        + " canonical format)");
            }
        }
    }

    /** The reader of an operator's state for a new subtask owning {@code keyGroups}. */
    public OperatorStateReader reader(String operatorId, KeyGroupRange keyGroups, BufferAllocator allocator) {
        CheckpointMetadata.Operator op = metadata.operators().get(operatorId);
        return new OperatorStateReader(
                operatorId,
                directory.resolve(CheckpointStorage.operatorDirectory(operatorId)),
                manifests.get(operatorId),
                op == null ? Map.of() : op.values(),
                keyGroups,
                allocator);
    }

    /**
     * The serialized splits new subtask {@code subtask} of {@code parallelism} takes over: its former splits at the
     * same parallelism, else every former split dealt out in turn.
     */
    public List<byte[]> splitsFor(String sourceId, int subtask, int parallelism) {
        CheckpointMetadata.Source s = metadata.sources().get(sourceId);
        if (s == null) {
            return List.of();
        }
        if (s.splits().size() == parallelism) {
            return s.splits().get(subtask);
        }
        List<byte[]> all = new ArrayList<>();
        s.splits().forEach(all::addAll);
        List<byte[]> mine = new ArrayList<>();
        for (int i = subtask; i < all.size(); i += parallelism) {
            mine.add(all.get(i));
        }
        return mine;
    }

    public CheckpointMetadata.Source source(String sourceId) {
        return metadata.sources().get(sourceId);
    }

    /** Committables of the checkpoint, by sink id. */
    public Map<String, CheckpointMetadata.Committables> committables() {
        return new LinkedHashMap<>(metadata.committables());
    }
}
