package io.sabot.engine.internal.checkpoint;

import io.sabot.engine.CheckpointConfig;
import io.sabot.engine.CheckpointInfo;
import io.sabot.state.spi.snapshot.KeyedStateSnapshot;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Drives a job's checkpoints (asynchronous barrier snapshots). All its state lives on the job's coordinator thread.
 *
 * <ol>
 *   <li><b>Trigger</b> (by interval, or on demand): snapshot the split enumerators, then ask every source task to
 *       inject barrier {@code n} after its current batch. At most one checkpoint is in flight.
 *   <li><b>Acknowledge</b>: each task, once it has seen barrier {@code n} on all its inputs, copies its operators'
 *       state and forwards the barrier; the copy is written to Arrow IPC files on the job's worker pool while the task
 *       goes on processing.
 *   <li><b>Complete</b>: when every task has acknowledged, the operator manifests and then {@code _metadata.json}
 *       are written (atomically, last). Then the sinks' committables are committed, sources and enumerators hear of
 *       it, and checkpoints beyond the retained number are deleted.
 *   <li><b>Abort</b> on timeout, on a task declining or finishing first: its files are deleted; committables sinks
 *       pre-committed for it are carried into the next checkpoint, so that nothing written is lost.
 * </ol>
 */
public final class CheckpointCoordinator {

    private final CheckpointConfig config;
    private final Path jobDirectory;
    private final CheckpointHost host;
    private final ScheduledExecutorService coordinator;
    private final ExecutorService io;
    private final BufferAllocator allocator;
    private final int maxParallelism;
    private final List<CheckpointInfo> completed = new CopyOnWriteArrayList<>();
    private final AtomicLong failedCount = new AtomicLong();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Committables not known to be committed, by sink id: carried into every checkpoint until committed. */
    private final Map<String, List<Object>> uncommitted = new LinkedHashMap<>();

    private long lastId;
    private Pending pending;
    private long lastEndNanos = System.nanoTime();
    private long lastTriggerNanos = System.nanoTime();
    private int consecutiveFailures;
    private volatile boolean stopped;
    private ScheduledFuture<?> ticker;

    public CheckpointCoordinator(
            CheckpointConfig config,
            CheckpointHost host,
            ScheduledExecutorService coordinator,
            ExecutorService io,
            BufferAllocator allocator,
            int maxParallelism) {
        this.config = config;
        this.jobDirectory = config.directory();
        this.host = host;
        this.coordinator = coordinator;
        this.io = io;
        this.allocator = allocator;
        this.maxParallelism = maxParallelism;
    }

    /** Continues numbering after a restored checkpoint and takes over its committables (already committed again). */
    public void restoredFrom(RestoredCheckpoint restored) {
        lastId = Math.max(lastId, restored.checkpointId());
    }

    /** Starts periodic checkpoints (if an interval is configured). */
    public void start() {
        if (config.periodic()) {
            long tick = Math.max(10, Math.min(1000, config.interval().toMillis() / 10));
            ticker = coordinator.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (pending == null
                && now - lastEndNanos >= config.minPause().toNanos()
                && now - lastTriggerNanos >= config.interval().toNanos()) {
            trigger(false);
        }
    }

    /** Triggers a checkpoint now; the future completes with it, or fails if it cannot be taken or is aborted. */
    public CompletableFuture<CheckpointInfo> triggerNow(boolean savepoint) {
        CompletableFuture<CheckpointInfo> result = new CompletableFuture<>();
        try {
            coordinator.execute(() -> {
                Pending p = trigger(savepoint);
                if (p == null) {
                    result.completeExceptionally(
                            new IllegalStateException(
                                    pending != null
                                            ? "checkpoint " + pending.id + " is still in progress"
                                            : "the job cannot take checkpoints any more (a task has finished or the job is stopping)"));
                } else {
                    p.future.whenComplete((info, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else {
                            result.complete(info);
                        }
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the job has ended"));
        }
        return result;
    }

    private Pending trigger(boolean savepoint) {
        if (stopped || pending != null || host.anyTaskFinished()) {
            return null;
        }
        long id = ++lastId;
        lastTriggerNanos = System.nanoTime();
        Pending p = new Pending(id, savepoint, CheckpointStorage.checkpointDirectory(jobDirectory, id));
        try {
            Files.createDirectories(p.directory);
            p.enumerators = host.snapshotEnumerators(id);
        } catch (Exception e) {
            failed(p, "cannot start checkpoint " + id + ": " + e);
            return null;
        }
        pending = p;
        p.timeout = coordinator.schedule(
                () -> {
                    if (pending == p) {
                        abort(p, "checkpoint " + id + " timed out after " + config.timeout());
                    }
                },
                config.timeout().toMillis(),
                TimeUnit.MILLISECONDS);
        host.triggerSources(id);
        return p;
    }

    /** A task's snapshot at barrier {@code snapshot.checkpointId()}; any thread. Ownership passes. */
    public void acknowledge(int taskIndex, TaskSnapshot snapshot) {
        try {
            io.execute(() -> writeFiles(taskIndex, snapshot));
        } catch (RejectedExecutionException e) {
            snapshot.close();
        }
    }

    private void writeFiles(int taskIndex, TaskSnapshot snapshot) {
        Path dir = CheckpointStorage.checkpointDirectory(jobDirectory, snapshot.checkpointId);
        List<KeyedStateSnapshot> keyed = new ArrayList<>();
        Throwable error = null;
        try {
            for (TaskSnapshot.OperatorPart part : snapshot.operators) {
                keyed.add(CheckpointStorage.writeKeyed(dir, part, allocator));
            }
        } catch (Throwable t) {
            error = t;
        } finally {
            snapshot.close();
        }
        Throwable failure = error;
        run(() -> acknowledged(taskIndex, snapshot, keyed, failure));
    }

    private void acknowledged(int taskIndex, TaskSnapshot snapshot, List<KeyedStateSnapshot> keyed, Throwable error) {
        Pending p = pending;
        if (p == null || p.id != snapshot.checkpointId) {
            // a late acknowledgement of an aborted checkpoint: keep what its sinks pre-committed
            carry(snapshot);
            return;
        }
        if (error != null) {
            carry(snapshot);
            abort(p, "task " + taskIndex + " could not write its state for checkpoint " + p.id + ": " + error);
            return;
        }
        if (!p.acked.add(taskIndex)) {
            return;
        }
        p.alignmentNanos = Math.max(p.alignmentNanos, snapshot.alignmentNanos);
        if (!snapshot.sources.isEmpty()) {
            p.initiationNanos = Math.max(p.initiationNanos, snapshot.startedNanos - p.startNanos);
        }
        for (int i = 0; i < snapshot.operators.size(); i++) {
            TaskSnapshot.OperatorPart part = snapshot.operators.get(i);
            p.parallelism.put(part.operatorId(), part.parallelism());
            p.keyed.computeIfAbsent(part.operatorId(), k -> new ArrayList<>()).add(keyed.get(i));
            p.values
                    .computeIfAbsent(part.operatorId(), k -> new TreeMap<>())
                    .put(part.subtask(), part.writer().values());
            if (!part.writer().committables().isEmpty()) {
                p.committables
                        .computeIfAbsent(part.operatorId(), k -> new ArrayList<>())
                        .addAll(part.writer().committables());
            }
        }
        for (TaskSnapshot.SourcePart s : snapshot.sources.values()) {
            p.sources.computeIfAbsent(s.sourceId(), k -> new TreeMap<>()).put(s.subtask(), s);
        }
        if (p.acked.size() == host.taskCount()) {
            p.timeout.cancel(false);
            try {
                io.execute(() -> finalizeCheckpoint(p));
            } catch (RejectedExecutionException e) {
                // the job is ending
            }
        }
    }

    private void carry(TaskSnapshot snapshot) {
        synchronized (uncommitted) {
            for (TaskSnapshot.OperatorPart part : snapshot.operators) {
                if (!part.writer().committables().isEmpty()) {
                    uncommitted
                            .computeIfAbsent(part.operatorId(), k -> new ArrayList<>())
                            .addAll(part.writer().committables());
                }
            }
        }
    }

    /** Writes manifests and metadata (worker thread), then completes on the coordinator thread. */
    private void finalizeCheckpoint(Pending p) {
        try {
            Instant now = Instant.now();
            Map<String, CheckpointMetadata.Operator> operators = new LinkedHashMap<>();
            for (var e : p.keyed.entrySet()) {
                String op = e.getKey();
                boolean hasState =
                        e.getValue().stream().anyMatch(k -> !k.states().isEmpty());
                if (hasState) {
                    OperatorStateManifest manifest = OperatorStateManifest.merge(
                            "default",
                            jobDirectory.getFileName().toString(),
                            op,
                            p.id,
                            p.savepoint,
                            now,
                            maxParallelism,
                            e.getValue());
                    CheckpointStorage.writeManifest(p.directory, manifest);
                }
                Map<String, List<byte[]>> values = new LinkedHashMap<>();
                for (Map<String, List<byte[]>> subtask : p.values.get(op).values()) {
                    subtask.forEach((k, v) ->
                            values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
                }
                if (hasState || !values.isEmpty()) {
                    operators.put(op, new CheckpointMetadata.Operator(p.parallelism.get(op), hasState, values));
                }
            }
            Map<String, CheckpointMetadata.Source> sources = new LinkedHashMap<>();
            for (var e : p.sources.entrySet()) {
                List<List<byte[]>> splits = new ArrayList<>();
                int version = 0;
                for (TaskSnapshot.SourcePart s : e.getValue().values()) {
                    splits.add(s.splits());
                    version = s.version();
                }
                CheckpointHost.Serialized en = p.enumerators.get(e.getKey());
                sources.put(
                        e.getKey(),
                        new CheckpointMetadata.Source(
                                version, splits, en == null ? 0 : en.version(), en == null ? null : en.bytes()));
            }
            Map<String, List<Object>> toCommit = new LinkedHashMap<>();
            synchronized (uncommitted) {
                uncommitted.forEach((k, v) ->
                        toCommit.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
            p.committables.forEach((k, v) ->
                    toCommit.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            CheckpointMetadata metadata = new CheckpointMetadata(
                    p.id, p.savepoint, false, now, maxParallelism, sources, operators, serialize(toCommit));
            CheckpointStorage.writeAtomically(p.directory.resolve(CheckpointStorage.METADATA_FILE), metadata.toJson());
            long size = CheckpointStorage.size(p.directory);
            run(() -> completed(p, toCommit, size));
        } catch (Throwable t) {
            run(() -> {
                if (pending == p) {
                    abort(p, "checkpoint " + p.id + " could not be written: " + t);
                }
            });
        }
    }

    private Map<String, CheckpointMetadata.Committables> serialize(Map<String, List<Object>> committables)
            throws Exception {
        Map<String, CheckpointMetadata.Committables> out = new LinkedHashMap<>();
        for (var e : committables.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue; // a sink without committer (at-least-once) has no serializer to ask
            }
            CheckpointHost.SinkHandle sink = host.sinks().get(e.getKey());
            List<byte[]> items = new ArrayList<>();
            for (Object c : e.getValue()) {
                items.add(sink.serialize(c));
            }
            out.put(e.getKey(), new CheckpointMetadata.Committables(sink.version(), items));
        }
        return out;
    }

    private void completed(Pending p, Map<String, List<Object>> toCommit, long size) {
        pending = null;
        lastEndNanos = System.nanoTime();
        consecutiveFailures = 0;
        CheckpointInfo info = new CheckpointInfo(
                p.id,
                p.savepoint,
                p.directory,
                p.triggeredAt,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - p.startNanos),
                size,
                TimeUnit.NANOSECONDS.toMillis(p.alignmentNanos),
                TimeUnit.NANOSECONDS.toMicros(p.initiationNanos));
        // commit what this checkpoint and earlier aborted ones pre-committed; on failure keep it for the next
        try {
            commit(toCommit);
            synchronized (uncommitted) {
                uncommitted.clear();
            }
        } catch (Exception e) {
            synchronized (uncommitted) {
                uncommitted.clear();
                uncommitted.putAll(toCommit);
            }
            host.failJob(new IllegalStateException("committing checkpoint " + p.id + " failed: " + e, e));
        }
        completed.add(info);
        host.checkpointCompleted(p.id);
        if (!p.savepoint) {
            retain();
        }
        p.future.complete(info);
    }

    private void commit(Map<String, List<Object>> committables) throws Exception {
        for (var e : committables.entrySet()) {
            if (!e.getValue().isEmpty()) {
                host.sinks().get(e.getKey()).commit(e.getValue());
            }
        }
    }

    private void retain() {
        List<Long> ids = CheckpointStorage.completedCheckpoints(jobDirectory);
        Set<Long> savepoints = new HashSet<>();
        for (CheckpointInfo c : completed) {
            if (c.savepoint()) {
                savepoints.add(c.id());
            }
        }
        int kept = 0;
        for (long id : ids) {
            if (savepoints.contains(id)) {
                continue;
            }
            if (++kept > config.retained()) {
                CheckpointStorage.deleteTree(CheckpointStorage.checkpointDirectory(jobDirectory, id));
            }
        }
    }

    private void abort(Pending p, String reason) {
        if (pending == p) {
            pending = null;
        }
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        synchronized (uncommitted) {
            p.committables.forEach((k, v) ->
                    uncommitted.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        CheckpointStorage.deleteTree(p.directory);
        lastEndNanos = System.nanoTime();
        failed(p, reason);
    }

    private void failed(Pending p, String reason) {
        problems.add(reason);
        p.future.completeExceptionally(new IllegalStateException(reason));
        if (stopped) {
            return;
        }
        failedCount.incrementAndGet();
        consecutiveFailures++;
        if (config.tolerableFailures() >= 0 && consecutiveFailures > config.tolerableFailures()) {
            host.failJob(new IllegalStateException(consecutiveFailures + " checkpoints failed in a row (tolerable: "
                    + config.tolerableFailures() + "); last: " + reason));
        }
    }

    /** A task declined checkpoint {@code id} (it could not snapshot): abort it. Any thread. */
    public void decline(long id, int taskIndex, Throwable cause, TaskSnapshot snapshot) {
        boolean queued = run(() -> {
            carry(snapshot);
            snapshot.close();
            if (pending != null && pending.id == id) {
                abort(pending, "task " + taskIndex + " declined checkpoint " + id + ": " + cause);
            }
        });
        if (!queued) {
            snapshot.close();
        }
    }

    /** A task has finished: a checkpoint it has not acknowledged can no longer complete. Any thread. */
    public void taskFinished(int taskIndex) {
        run(() -> {
            if (pending != null && !pending.acked.contains(taskIndex)) {
                Pending p = pending;
                abort(p, "checkpoint " + p.id + " aborted: a task finished before it");
                consecutiveFailures--;
            }
        });
    }

    /**
     * At the end of a job whose every task finished: writes a final checkpoint holding the committables of the end of
     * input and every earlier uncommitted one, which the caller then commits. A restore of it only commits again.
     * Called on the finishing thread after the coordinator thread has stopped.
     *
     * @return the committables to commit, by sink id
     */
    public Map<String, List<Object>> writeFinal(Map<String, List<Object>> endOfInput) throws Exception {
        stopped = true;
        // A checkpoint still in flight will never complete: what its sinks pre-committed belongs to the final one.
        // The caller let the worker pool finish first, so every acknowledgement is queued before this.
        try {
            coordinator
                    .submit(() -> {
                        Pending p = pending;
                        if (p != null) {
                            pending = null;
                            if (p.timeout != null) {
                                p.timeout.cancel(false);
                            }
                            synchronized (uncommitted) {
                                p.committables.forEach((k, v) -> uncommitted
                                        .computeIfAbsent(k, x -> new ArrayList<>())
                                        .addAll(v));
                            }
                            CheckpointStorage.deleteTree(p.directory);
                            p.future.completeExceptionally(
                                    new IllegalStateException("checkpoint " + p.id + " superseded by the job's end"));
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the coordinator has stopped: nothing is in flight any more
        }
        Map<String, List<Object>> all = new LinkedHashMap<>();
        synchronized (uncommitted) {
            uncommitted.forEach(
                    (k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        endOfInput.forEach(
                (k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        long id = ++lastId;
        Path dir = CheckpointStorage.checkpointDirectory(jobDirectory, id);
        Files.createDirectories(dir);
        CheckpointMetadata metadata = new CheckpointMetadata(
                id, false, true, Instant.now(), maxParallelism, Map.of(), Map.of(), serialize(all));
        CheckpointStorage.writeAtomically(dir.resolve(CheckpointStorage.METADATA_FILE), metadata.toJson());
        completed.add(new CheckpointInfo(id, false, dir, Instant.now(), 0, CheckpointStorage.size(dir), 0));
        retain();
        return all;
    }

    /** Stops triggering; a checkpoint in flight is abandoned. */
    public void stop() {
        stopped = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    public List<CheckpointInfo> completedCheckpoints() {
        return List.copyOf(completed);
    }

    /** Checkpoints that failed while the job ran (declined, timed out, not writable), since it started. */
    public long failedCount() {
        return failedCount.get();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Runs {@code action} on the coordinator thread; false if the job has ended. */
    private boolean run(Runnable action) {
        try {
            coordinator.execute(action);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static final class Pending {
        final long id;
        final boolean savepoint;
        final Path directory;
        final Instant triggeredAt = Instant.now();
        final long startNanos = System.nanoTime();
        final CompletableFuture<CheckpointInfo> future = new CompletableFuture<>();
        final Set<Integer> acked = new HashSet<>();
        final Map<String, Integer> parallelism = new LinkedHashMap<>();
        final Map<String, List<KeyedStateSnapshot>> keyed = new LinkedHashMap<>();
        final Map<String, TreeMap<Integer, Map<String, List<byte[]>>>> values = new LinkedHashMap<>();
        final Map<String, TreeMap<Integer, TaskSnapshot.SourcePart>> sources = new LinkedHashMap<>();
        final Map<String, List<Object>> committables = new LinkedHashMap<>();
        Map<String, CheckpointHost.Serialized> enumerators = Map.of();
        ScheduledFuture<?> timeout;
        long alignmentNanos;
        long initiationNanos;

        Pending(long id, boolean savepoint, Path directory) {
            this.id = id;
            this.savepoint = savepoint;
            this.directory = directory;
        }
    }
}
