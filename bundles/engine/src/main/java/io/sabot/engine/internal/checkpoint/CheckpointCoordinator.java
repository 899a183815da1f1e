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
 *   <li><b>Trigger</b> (by interval, or on demand): ask every source task to inject barrier {@code n} (a reader that
 *       checks for it cuts its batch in progress), then snapshot the split enumerators. At most one checkpoint is in
 *       flight.
 *   <li><b>Acknowledge</b>: each task, once it has seen barrier {@code n} on all its inputs, copies its operators'
 *       state and forwards the barrier; the copy is written to Arrow IPC files on the job's worker pool while the task
 *       goes on processing.
 *   <li><b>Complete</b>: when every task has acknowledged, the operator manifests and then {@code _metadata.json}
 *       are written (atomically, last). Then the sinks' committables are committed, sources and enumerators hear of
 *       it, and checkpoints beyond the retained number are deleted.
 *   <li><b>Abort</b> on timeout, on a task declining or finishing first: its files are deleted; committables sinks
 *       pre-committed for it are carried into the next checkpoint, so that nothing written is lost.
 * </ol>
 *
 * <p>A <b>savepoint</b> goes through the same steps into a directory of the caller's choice ({@code
 * <target>/savepoint-<id>-<random>}), is marked as one in its metadata and is never deleted by retention. A job
 * without checkpointing still has a coordinator (no periodic checkpoints, no job directory) for savepoints. A
 * <b>stop-with-savepoint</b> has every source task stop emitting right after its barrier; when the savepoint is
 * complete and its output committed the job is stopped, and if it fails the sources resume.
 */
public final class CheckpointCoordinator {

    /** Null for a job without checkpointing: savepoints only. */
    private final CheckpointConfig config;

    private final Path jobDirectory;
    private final String jobName;
    private final java.time.Duration timeout;
    /** The directory of each checkpoint in flight, read by the writers on the worker pool. */
    private final Map<Long, Path> directories = new java.util.concurrent.ConcurrentHashMap<>();
    /** Requests not answered yet: failed when the job ends first. */
    private final Set<CompletableFuture<CheckpointInfo>> outstanding =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    /** The next checkpoint's id and directory, valid while {@link #lastId} is {@code preparedAfter} (see {@link #prepareNext}). */
    private long preparedId;

    private Path preparedDirectory;
    private long preparedAfter = -1;
    private int consecutiveFailures;
    /** Savepoints waiting for the checkpoint in flight: periodic checkpoints hold back meanwhile. */
    private int savepointsWaiting;

    private volatile boolean triggered;

    private volatile boolean stopped;
    private volatile ScheduledFuture<?> ticker;
    private boolean started;
    /** Time between periodic checkpoints; {@link java.time.Duration#ZERO}: none. Changed live by setInterval. */
    private volatile java.time.Duration interval;

    /**
     * @param config the job's checkpointing, or null for savepoints only
     * @param jobName the job's name in state manifests (its checkpoint directory's name when it has one)
     */
    public CheckpointCoordinator(
            CheckpointConfig config,
            String jobName,
            CheckpointHost host,
            ScheduledExecutorService coordinator,
            ExecutorService io,
            BufferAllocator allocator,
            int maxParallelism) {
        this.config = config;
        this.jobDirectory = config == null ? null : config.directory();
        this.jobName = jobName;
        this.timeout = config == null ? java.time.Duration.ofMinutes(10) : config.timeout();
        this.interval = config == null ? java.time.Duration.ZERO : config.interval();
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
    public synchronized void start() {
        started = true;
        schedule();
    }

    /**
     * Changes the time between periodic checkpoints of the running job ({@link java.time.Duration#ZERO} stops them);
     * the next one starts once the new interval has passed since the last.
     *
     * @throws IllegalStateException if the job has no checkpoint directory
     */
    public synchronized void setInterval(java.time.Duration newInterval) {
        if (newInterval.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval must not be negative: " + newInterval);
        }
        if (jobDirectory == null) {
            throw new IllegalStateException("job " + jobName + " runs without checkpoints: it has no checkpoint"
                    + " directory, so no interval applies");
        }
        interval = newInterval;
        if (started && !stopped) { // stop() cancels under this lock too: no ticker outlives it
            schedule();
        }
    }

    /** The time between periodic checkpoints now; zero: none. */
    public java.time.Duration interval() {
        return interval;
    }

    /** Under the lock setInterval takes, so that a ticker it schedules cannot outlive the stop. */
    private synchronized void cancelTicker() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    /** (Re)schedules the ticker for the current interval: it looks ten times per interval, at most once a second. */
    private synchronized void schedule() {
        cancelTicker();
        java.time.Duration every = interval;
        if (config != null && !every.isZero()) {
            long tick = Math.max(10, Math.min(1000, every.toMillis() / 10));
            ticker = coordinator.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        java.time.Duration every = interval;
        if (pending == null
                && !every.isZero()
                && savepointsWaiting == 0
                && now - lastEndNanos >= config.minPause().toNanos()
                && now - lastTriggerNanos >= every.toNanos()) {
            trigger(false, null, false);
        }
    }

    /** Triggers a checkpoint now; the future completes with it, or fails if it cannot be taken or is aborted. */
    public CompletableFuture<CheckpointInfo> triggerNow(boolean savepoint) {
        if (jobDirectory == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the job runs without checkpoints: take a savepoint into a directory instead"));
        }
        return triggerNow(savepoint, null, false);
    }

    /**
     * Triggers a savepoint into {@code <target>/savepoint-<id>-<random>}; with {@code stop}, the job stops once it is
     * complete and committed.
     */
    public CompletableFuture<CheckpointInfo> triggerSavepoint(Path target, boolean stop) {
        return triggerNow(true, target, stop);
    }

    private CompletableFuture<CheckpointInfo> triggerNow(boolean savepoint, Path target, boolean stop) {
        CompletableFuture<CheckpointInfo> result = new CompletableFuture<>();
        outstanding.add(result);
        result.whenComplete((info, error) -> outstanding.remove(result));
        if (stopped) {
            result.completeExceptionally(new IllegalStateException("the job has ended"));
            return result;
        }
        try {
            coordinator.execute(() -> {
                if (savepoint && pending != null && !stopped) {
                    // as in Flink, a savepoint waits for the checkpoint in flight rather than fail
                    savepointsWaiting++;
                    awaitIdle(result, System.nanoTime() + timeout.toNanos(), () -> {
                        savepointsWaiting--;
                        start(result, savepoint, target, stop);
                    });
                    return;
                }
                start(result, savepoint, target, stop);
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the job has ended"));
        }
        return result;
    }

    /** Runs {@code then} on the coordinator thread once no checkpoint is in flight, or fails {@code result}. */
    private void awaitIdle(CompletableFuture<CheckpointInfo> result, long deadline, Runnable then) {
        if (pending == null || stopped || result.isDone()) {
            then.run();
            return;
        }
        if (System.nanoTime() > deadline) {
            savepointsWaiting--;
            result.completeExceptionally(
                    new IllegalStateException("checkpoint " + pending.id + " did not finish within " + timeout));
            return;
        }
        try {
            coordinator.schedule(() -> awaitIdle(result, deadline, then), 5, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the job has ended"));
        }
    }

    private void start(CompletableFuture<CheckpointInfo> result, boolean savepoint, Path target, boolean stop) {
        if (result.isDone()) {
            return;
        }
        Pending p = trigger(savepoint, target, stop);
        if (p == null) {
            result.completeExceptionally(new IllegalStateException(
                    pending != null
                            ? "checkpoint " + pending.id + " is still in progress"
                            : "the job cannot take checkpoints any more (a task has finished or the job is stopping)"));
            return;
        }
        p.future.whenComplete((info, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(info);
            }
        });
    }

    /** Starts a checkpoint: null if none can start now, else its pending state (failed already if it could not). */
    private Pending trigger(boolean savepoint, Path target, boolean stop) {
        if (stopped || pending != null || host.anyTaskFinished()) {
            return null;
        }
        triggered = true;
        long start = System.nanoTime(); // the trigger: the start of the initiation and of the duration
        long id;
        Path directory;
        if (target == null) {
            if (preparedAfter != lastId) {
                prepareNext();
            }
            id = preparedId;
            directory = preparedDirectory;
        } else {
            id = lastId + 1;
            directory = CheckpointStorage.savepointDirectory(target, id);
        }
        lastId = id;
        lastTriggerNanos = start;
        if (target != null && Files.exists(directory)) {
            Pending p = new Pending(id, savepoint, directory, stop, start);
            failed(p, "cannot start " + p.kind() + " " + id + " in '" + directory + "': it exists");
            return p; // its future has failed with the reason
        }
        if (savepoint) {
            savepointIds.add(id);
        }
        // before the sources are asked: a source task may take its barrier at once, and its files are written there
        directories.put(id, directory);
        // the sources' pending flag first, with nothing before it that could wait: a reader filling a batch stops at
        // its next check, keeps the rest for after the barrier and its task takes the barrier, while this thread does
        // the bookkeeping below
        host.askSources(id, stop);
        Pending p = new Pending(id, savepoint, directory, stop, start);
        pending = p;
        // then the barriers, in order behind the split assignments already queued: enumerators run on this thread, so
        // none assigns a split between the sources' barriers and its snapshot below; every writer of the checkpoint
        // creates the directories it writes into, and acknowledgements are handled on this thread after this.
        host.triggerSources(id, stop);
        p.timeout = coordinator.schedule(
                () -> {
                    if (pending == p) {
                        String why = host.whyNotAcknowledged(p.acked);
                        abort(
                                p,
                                p.kind() + " " + p.id + " expired: not complete within " + timeout.toMillis()
                                        + " ms (execution.checkpointing.timeout)" + (why.isEmpty() ? "" : ": " + why));
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            p.enumerators = host.snapshotEnumerators(id); // its directory is made off this thread, by the writers
        } catch (Exception e) {
            abort(p, "cannot start " + p.kind() + " " + id + ": the sources' enumerators failed to snapshot: " + e);
        }
        if (jobDirectory != null) {
            prepareNext();
        }
        return p;
    }

    /**
     * Finds the next checkpoint's id and directory ahead of its trigger, which then has nothing to look up on disk
     * before it asks the sources for their barriers: a restore from an older checkpoint or savepoint continues its
     * numbering, skipping directories in use.
     */
    private void prepareNext() {
        long id = lastId + 1;
        while (Files.exists(CheckpointStorage.checkpointDirectory(jobDirectory, id))) {
            id++;
        }
        preparedId = id;
        preparedDirectory = CheckpointStorage.checkpointDirectory(jobDirectory, id);
        preparedAfter = lastId;
    }

    /** Whether checkpoint {@code id} (being taken) is a savepoint. Any thread. */
    public boolean isSavepoint(long id) {
        return savepointIds.contains(id);
    }

    /** Ids of savepoints triggered, read by task threads at their barriers. */
    private final Set<Long> savepointIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The directory of checkpoint or savepoint {@code id}, where tasks' state backends write their files: a savepoint's
     * is under its target directory (and a job without checkpointing has no job directory).
     */
    public Path directoryOf(long id) {
        Path directory = directories.get(id);
        return directory != null ? directory : CheckpointStorage.checkpointDirectory(jobDirectory, id);
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
        Path dir = directories.get(snapshot.checkpointId);
        List<KeyedStateSnapshot> keyed = new ArrayList<>();
        Throwable error = null;
        try {
            if (dir == null) {
                throw new IllegalStateException("checkpoint " + snapshot.checkpointId + " is no longer in progress");
            }
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
            Files.createDirectories(p.directory); // a job without state has written nothing into it
            Instant now = Instant.now();
            Map<String, CheckpointMetadata.Operator> operators = new LinkedHashMap<>();
            for (var e : p.keyed.entrySet()) {
                String op = e.getKey();
                boolean hasState =
                        e.getValue().stream().anyMatch(k -> !k.states().isEmpty());
                if (hasState) {
                    OperatorStateManifest manifest = OperatorStateManifest.merge(
                            "default", jobName, op, p.id, p.savepoint, now, maxParallelism, e.getValue());
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
        directories.remove(p.id);
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
            if (!p.stop && e instanceof io.sabot.plugin.PluginException plugin && plugin.isRetriable()) {
                // the target is away for now (a broker restarting): the next checkpoint records and commits it again
                // (commits are idempotent); failing the job would only restart it to do the same
                problems.add("committing checkpoint " + p.id + " failed, to be committed with the next one: " + e);
            } else {
                host.failJob(new IllegalStateException("committing checkpoint " + p.id + " failed: " + e, e));
            }
        }
        completed.add(info);
        host.checkpointRecorded(info);
        host.stateWritten(stateBytes(p));
        host.checkpointCompleted(p.id);
        if (!p.savepoint) {
            retain();
        }
        if (p.stop) {
            // nothing after the savepoint may be committed: no further checkpoint, and the job stops uncommitted
            stopped = true;
            cancelTicker();
        }
        // answer first: stopping the job fails what is still outstanding
        p.future.complete(info);
        if (p.stop) {
            host.stopAfterSavepoint(info);
        }
    }

    /** The bytes of each operator subtask's keyed state files in {@code p}. */
    private static Map<String, Map<Integer, Long>> stateBytes(Pending p) {
        Map<String, Map<Integer, Long>> out = new LinkedHashMap<>();
        p.keyed.forEach((operator, parts) -> {
            Map<Integer, Long> bySubtask = new TreeMap<>();
            for (KeyedStateSnapshot part : parts) {
                long bytes = 0;
                for (io.sabot.state.spi.snapshot.StateFile file : part.files()) {
                    bytes += file.bytes();
                }
                bySubtask.merge(part.subtaskIndex(), bytes, Long::sum);
            }
            out.put(operator, bySubtask);
        });
        return out;
    }

    private void commit(Map<String, List<Object>> committables) throws Exception {
        for (var e : committables.entrySet()) {
            if (!e.getValue().isEmpty()) {
                host.sinks().get(e.getKey()).commit(e.getValue());
            }
        }
    }

    private void retain() {
        if (jobDirectory == null) {
            return;
        }
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
        try {
            CheckpointStorage.deleteUnreferencedShared(jobDirectory);
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("could not delete shared state files no checkpoint refers to: " + e);
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
        directories.remove(p.id);
        lastEndNanos = System.nanoTime();
        failed(p, reason);
    }

    private void failed(Pending p, String reason) {
        problems.add(reason);
        p.future.completeExceptionally(new IllegalStateException(reason));
        if (p.stop) {
            host.resumeSources(); // a failed stop-with-savepoint leaves the job running, as in Flink
        }
        if (stopped || p.savepoint) {
            return; // a failed savepoint does not count towards the tolerable checkpoint failures
        }
        failedCount.incrementAndGet();
        host.checkpointFailed(reason);
        consecutiveFailures++;
        if (config != null && config.tolerableFailures() >= 0 && consecutiveFailures > config.tolerableFailures()) {
            host.failJob(new IllegalStateException(consecutiveFailures + " checkpoints failed in a row (tolerable: "
                    + config.tolerableFailures() + "); last: " + reason));
        }
    }

    /** A task declined checkpoint {@code id} (it could not snapshot): abort it. Any thread. */
    public void decline(long id, int taskIndex, Throwable cause, TaskSnapshot snapshot) {
        // released here, not on the coordinator thread: a job ending drops what that thread has not run yet
        carry(snapshot);
        snapshot.close();
        run(() -> {
            if (pending != null && pending.id == id) {
                abort(pending, "task " + taskIndex + " declined checkpoint " + id + ": " + cause);
            }
        });
    }

    /** A task has finished: a checkpoint it has not acknowledged can no longer complete. Any thread. */
    public void taskFinished(int taskIndex) {
        run(() -> {
            if (pending != null && !pending.acked.contains(taskIndex)) {
                Pending p = pending;
                abort(p, p.kind() + " " + p.id + " aborted: a task finished before it");
                if (!p.savepoint) {
                    consecutiveFailures--;
                }
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
                            directories.remove(p.id);
                            p.future.completeExceptionally(new IllegalStateException(
                                    p.kind() + " " + p.id + " could not complete: the job ended first"));
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
        if (jobDirectory == null) {
            return all; // savepoints only: the job's end commits without a final checkpoint
        }
        long id = ++lastId;
        while (Files.exists(CheckpointStorage.checkpointDirectory(jobDirectory, id))) {
            id = ++lastId;
        }
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
        cancelTicker();
        for (CompletableFuture<CheckpointInfo> f : List.copyOf(outstanding)) {
            f.completeExceptionally(new IllegalStateException("the job ended before the snapshot completed"));
        }
    }

    /** Whether a checkpoint or savepoint was ever started (its files may still be being written). */
    public boolean anyTriggered() {
        return triggered;
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
        final boolean stop;
        final Instant triggeredAt = Instant.now();
        final long startNanos;
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

        Pending(long id, boolean savepoint, Path directory, boolean stop, long startNanos) {
            this.id = id;
            this.startNanos = startNanos;
            this.savepoint = savepoint;
            this.directory = directory;
            this.stop = stop;
        }

        String kind() {
            return savepoint ? "savepoint" : "checkpoint";
        }
    }
}
