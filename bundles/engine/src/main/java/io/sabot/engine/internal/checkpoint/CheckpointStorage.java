package io.sabot.engine.internal.checkpoint;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import io.sabot.state.spi.snapshot.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The files of a job's checkpoints: {@code <job directory>/chk-<n>/<operator id>/…} in the canonical snapshot format
 * and {@code chk-<n>/_metadata.json}, written last and atomically, which makes the checkpoint complete.
 */
public final class CheckpointStorage {

    public static final String METADATA_FILE = "_metadata.json";
    /** The engine's own in-operator state, written as the canonical format; restores on any backend. */
    static final String BACKEND = "memory";

    static final String BACKEND_VERSION = "1.0.0";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private CheckpointStorage() {}

    public static Path checkpointDirectory(Path jobDirectory, long id) {
        return jobDirectory.resolve("chk-" + id);
    }

    /** A savepoint's directory under the caller's target: {@code savepoint-<id>-<6 random hex digits>}. */
    public static Path savepointDirectory(Path target, long id) {
        return target.resolve("savepoint-" + id + "-"
                + String.format(
                        "%06x", java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 24)));
    }

    /** The operator directory name: the id with anything but letters, digits, '-', '_' and '.' replaced. */
    static String operatorDirectory(String operatorId) {
        return operatorId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The directory of files shared between checkpoints of an operator: {@code <job>/shared/<operator dir>}. */
    static Path sharedDirectory(Path checkpoint, String operatorId) {
        return checkpoint.getParent().resolve("shared").resolve(operatorDirectory(operatorId));
    }

    /** Where a manifest's file is: in the operator's directory of the checkpoint, or in its shared directory. */
    static Path resolve(Path checkpoint, String operatorId, StateFile file) {
        if (file.isShared()) {
            return sharedDirectory(checkpoint, operatorId)
                    .resolve(file.path().substring(SnapshotFormat.SHARED_PREFIX.length()));
        }
        return checkpoint.resolve(operatorDirectory(operatorId)).resolve(file.path());
    }

    /**
     * Deletes the shared files of {@code jobDirectory} that no complete checkpoint refers to any more (after older
     * checkpoints were deleted); called between checkpoints, when none is being written.
     */
    static void deleteUnreferencedShared(Path jobDirectory) throws IOException {
        Path shared = jobDirectory.resolve("shared");
        if (!Files.isDirectory(shared)) {
            return;
        }
        java.util.Set<Path> referenced = new java.util.HashSet<>();
        for (long id : completedCheckpoints(jobDirectory)) {
            Path checkpoint = checkpointDirectory(jobDirectory, id);
            try (Stream<Path> dirs = Files.list(checkpoint)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    Path manifest = dir.resolve(SnapshotFormat.MANIFEST_FILE);
                    if (!Files.exists(manifest)) {
                        continue;
                    }
                    OperatorStateManifest m = ManifestJson.read(Files.readAllBytes(manifest));
                    for (StateFile f : m.files()) {
                        if (f.isShared()) {
                            referenced.add(
                                    resolve(checkpoint, m.operatorId(), f).normalize());
                        }
                    }
                }
            }
        }
        try (Stream<Path> files = Files.walk(shared)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!referenced.contains(f.normalize())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Writes one subtask's keyed state files of an operator; returns what it wrote. */
    static KeyedStateSnapshot writeKeyed(Path checkpoint, TaskSnapshot.OperatorPart part, BufferAllocator allocator)
            throws IOException {
        OperatorStateWriter w = part.writer();
        KeyGroupRange range = w.keyGroups();
        Path operatorDir = checkpoint.resolve(operatorDirectory(part.operatorId()));
        List<StateDescriptor> descriptors = new ArrayList<>();
        List<StateFile> files = new ArrayList<>();
        for (OperatorStateWriter.StateRows state : w.states().values()) {
            StateDescriptor d = state.descriptor();
            descriptors.add(d);
            String relative = SnapshotFormat.stateFilePath(d.name(), range);
            Path file = operatorDir.resolve(relative);
            Files.createDirectories(file.getParent());
            long rows = 0;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    VectorSchemaRoot out = VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(d), allocator);
                    ArrowFileWriter writer = new ArrowFileWriter(out, null, channel)) {
                writer.start();
                VectorLoader loader = new VectorLoader(out);
                if (sorted(state.batches())) {
                    for (VectorSchemaRoot batch : state.batches()) {
                        try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
                            loader.load(record);
                        }
                        rows += batch.getRowCount();
                        writer.writeBatch();
                    }
                } else {
                    rows = writeSorted(state.batches(), range, out, writer);
                }
                writer.end();
                channel.force(true);
            }
            files.add(new StateFile(StateFile.Kind.STATE, d.name(), relative, range, rows, Files.size(file)));
        }
        w.close();
        String backend = BACKEND;
        String version = BACKEND_VERSION;
        for (java.util.concurrent.CompletableFuture<KeyedStateSnapshot> pending : w.backendParts()) {
            KeyedStateSnapshot written;
            try {
                written = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the state backend of " + part.operatorId() + " wrote", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(
                        "the state backend of " + part.operatorId() + " could not write its snapshot: " + e.getCause(),
                        e.getCause());
            }
            descriptors.addAll(written.states());
            files.addAll(written.files());
            backend = written.backend();
            version = written.backendVersion();
        }
        return new KeyedStateSnapshot(part.subtask(), range, backend, version, descriptors, List.of(), files);
    }

    private static boolean sorted(List<VectorSchemaRoot> batches) {
        int last = Integer.MIN_VALUE;
        for (VectorSchemaRoot b : batches) {
            org.apache.arrow.vector.IntVector g = (org.apache.arrow.vector.IntVector) b.getVector(0);
            for (int i = 0; i < b.getRowCount(); i++) {
                int kg = g.get(i);
                if (kg < last) {
                    return false;
                }
                last = kg;
            }
        }
        return true;
    }

    /**
     * Writes the rows of {@code batches} in key-group order (a counting sort over the subtask's range), in batches of
     * at most 65,536 rows. Runs off the task thread, so copying value by value is acceptable here.
     */
    private static long writeSorted(
            List<VectorSchemaRoot> batches, KeyGroupRange range, VectorSchemaRoot out, ArrowFileWriter writer)
            throws IOException {
        int total = 0;
        for (VectorSchemaRoot b : batches) {
            total += b.getRowCount();
        }
        int[] counts = new int[range.size() + 1];
        for (VectorSchemaRoot b : batches) {
            org.apache.arrow.vector.IntVector g = (org.apache.arrow.vector.IntVector) b.getVector(0);
            for (int i = 0; i < b.getRowCount(); i++) {
                counts[g.get(i) - range.first() + 1]++;
            }
        }
        for (int k = 1; k < counts.length; k++) {
            counts[k] += counts[k - 1];
        }
        int[] batchOf = new int[total];
        int[] rowOf = new int[total];
        for (int bi = 0; bi < batches.size(); bi++) {
            VectorSchemaRoot b = batches.get(bi);
            org.apache.arrow.vector.IntVector g = (org.apache.arrow.vector.IntVector) b.getVector(0);
            for (int i = 0; i < b.getRowCount(); i++) {
                int at = counts[g.get(i) - range.first()]++;
                batchOf[at] = bi;
                rowOf[at] = i;
            }
        }
        int columns = out.getFieldVectors().size();
        for (int from = 0; from < total; from += 65_536) {
            int n = Math.min(65_536, total - from);
            out.allocateNew();
            for (int r = 0; r < n; r++) {
                VectorSchemaRoot src = batches.get(batchOf[from + r]);
                int row = rowOf[from + r];
                for (int c = 0; c < columns; c++) {
                    out.getVector(c).copyFromSafe(row, r, src.getVector(c));
                }
            }
            out.setRowCount(n);
            writer.writeBatch();
        }
        return total;
    }

    static long writeManifest(Path checkpoint, OperatorStateManifest manifest) throws IOException {
        Path dir = checkpoint.resolve(operatorDirectory(manifest.operatorId()));
        Files.createDirectories(dir);
        return writeAtomically(dir.resolve(SnapshotFormat.MANIFEST_FILE), ManifestJson.write(manifest));
    }

    static OperatorStateManifest readManifest(Path checkpoint, String operatorId) throws IOException {
        Path file = checkpoint.resolve(operatorDirectory(operatorId)).resolve(SnapshotFormat.MANIFEST_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return ManifestJson.read(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw new IOException("corrupt state manifest '" + file + "': " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to a temporary file, syncs it, and renames it over {@code target}. */
    static long writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // directories cannot be synced everywhere; the rename stands
        }
        return bytes.length;
    }

    /** The ids of the complete checkpoints (with metadata) in a job directory, newest first. */
    public static List<Long> completedCheckpoints(Path jobDirectory) {
        if (!Files.isDirectory(jobDirectory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(jobDirectory)) {
            return entries.map(p -> {
                        Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
                        return m.matches() && Files.exists(p.resolve(METADATA_FILE)) ? Long.parseLong(m.group(1)) : -1L;
                    })
                    .filter(id -> id >= 0)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in '" + jobDirectory + "': " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint of a job directory. */
    public static Optional<Path> latest(Path jobDirectory) {
        List<Long> ids = completedCheckpoints(jobDirectory);
        return ids.isEmpty() ? Optional.empty() : Optional.of(checkpointDirectory(jobDirectory, ids.get(0)));
    }

    /**
     * Deletes a savepoint directory after checking that it is one (its {@code _metadata.json} says so).
     *
     * @throws IllegalArgumentException naming the directory if it is not a savepoint (a checkpoint, or not a snapshot)
     * @throws IOException if a file cannot be deleted (naming it)
     */
    public static void disposeSavepoint(Path directory) throws IOException {
        CheckpointMetadata metadata;
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("'" + directory + "' is not a directory: nothing to dispose");
        }
        if (!Files.isRegularFile(directory.resolve(METADATA_FILE))) {
            throw new IllegalArgumentException(
                    "'" + directory + "' is not a savepoint: it has no " + METADATA_FILE + " (refusing to delete it)");
        }
        try {
            metadata = CheckpointMetadata.read(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "'" + directory + "' is not a readable savepoint (refusing to delete" + " it): " + e.getMessage(),
                    e);
        }
        if (!metadata.savepoint()) {
            throw new IllegalArgumentException("'" + directory + "' is checkpoint " + metadata.checkpointId()
                    + ", not a savepoint: checkpoints belong to their job and are removed by its retention");
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new IOException("cannot delete '" + p + "' of savepoint '" + directory + "': " + e, e);
                }
            }
        }
    }

    /** Deletes a directory tree, best effort. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a later cleanup retries
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** Bytes under a directory. */
    public static long sizeOf(Path dir) {
        return size(dir);
    }

    /** Bytes under a directory. */
    static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
