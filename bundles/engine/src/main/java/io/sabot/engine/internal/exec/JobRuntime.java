package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceSplit;
import io.sabot.engine.CheckpointConfig;
import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.Engine;
import io.sabot.engine.Job;
import io.sabot.engine.JobMetrics;
import io.sabot.engine.JobOptions;
import io.sabot.engine.JobResults;
import io.sabot.engine.JobStatus;
import io.sabot.engine.MemoryLimit;
import io.sabot.engine.MemoryLimitExceededException;
import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.checkpoint.CheckpointCoordinator;
import io.sabot.engine.internal.checkpoint.CheckpointHost;
import io.sabot.engine.internal.checkpoint.CheckpointMetadata;
import io.sabot.engine.internal.checkpoint.RestoredCheckpoint;
import io.sabot.engine.internal.errors.JobErrors;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.engine.internal.metrics.TaskMetrics;
import io.sabot.errors.spi.ErrorType;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.Sink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One running job: its graph of tasks (one thread each), the coordinator thread that drives the split enumerators,
 * the sinks' committables, the results, and the end: when every task has exited, sinks commit (if all went well),
 * enumerators close, queued batches are released, and the job's allocator must be back to zero bytes.
 */
public final class JobRuntime implements Job {

    private final Engine engine;
    private final String name;
    private final BufferAllocator allocator;
    private final JobCounters counters = new JobCounters();
    private final JobMetricGroup metricGroup;
    private final List<TaskMetrics> taskMetrics = new ArrayList<>();
    private final CompletableFuture<JobStatus> termination = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private final JobErrors errors;
    private final ResultsImpl results;
    private final ScheduledExecutorService coordinator;
    private final ExecutorService workers;
    private final List<SourceCoordinator<?>> coordinators = new ArrayList<>();
    private final List<SinkState> sinks = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Set<Stage> sourceStages = new java.util.LinkedHashSet<>();
    private final List<InputGate> gates = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger running = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final JobOptions options;
    private final Set<String> statefulOperators = new HashSet<>();
    private final Set<String> sourceIds = new HashSet<>();
    private final AtomicBoolean taskFinished = new AtomicBoolean();
    private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    private CheckpointCoordinator checkpoints;
    private RestoredCheckpoint restored;
    /** The job's state backend plug-in, or null for the heap ({@code memory}). */
    private final BackendPlugin stateBackends;
    /** Stateful operators that keep heap state although the job selected a backend plug-in. */
    private final Set<String> heapOperators = new java.util.LinkedHashSet<>();

    private volatile JobStatus status = JobStatus.RUNNING;
    private volatile boolean stopping;
    private volatile boolean cancelled;
    /** Set when a stop-with-savepoint completed: the job ends {@link JobStatus#STOPPED}. */
    private volatile boolean stoppedWithSavepoint;
    /** Without checkpointing: why this job cannot take a savepoint (an operator without checkpointed state). */
    private String savepointBlocker;

    private JobRuntime(Engine engine, QueryPlan plan, long number, JobOptions options) {
        this.engine = engine;
        this.options = options;
        this.metricGroup = new JobMetricGroup(options.metrics().orElse(null), number);
        String sql = plan.sql() == null ? "" : plan.sql().strip();
        int eol = sql.indexOf('\n');
        this.name = "job-" + number + (sql.isEmpty() ? "" : " (" + (eol < 0 ? sql : sql.substring(0, eol)) + ")");
        this.allocator = engine.allocator()
                .newChildAllocator(
                        "job-" + number,
                        0,
                        options.memoryLimit().map(MemoryLimit::bytes).orElse(Long.MAX_VALUE));
        this.coordinator = Executors.newSingleThreadScheduledExecutor(daemon("job-" + number + "-coordinator"));
        this.workers = Executors.newCachedThreadPool(daemon("job-" + number + "-worker"));
        this.errors = new JobErrors(
                JobErrors.TENANT,
                "job-" + number,
                engine.resolver(),
                options.errorOptions(),
                counters.recordsSkipped,
                counters.recordsDeadLettered,
                counters.retries,
                metricGroup);
        BackendPlugin backends = null;
        try {
            backends = options.stateBackend()
                    // a heap backend that lets operators keep their own tables (memory's default) needs no instance
                    .filter(c -> !c.factory().operatorHeapTables(c.options()))
                    .map(c -> new BackendPlugin(c, "job-" + number, allocator))
                    .orElse(null);
        } catch (RuntimeException e) {
            coordinator.shutdownNow();
            workers.shutdownNow();
            allocator.close();
            metricGroup.close(); // the error counters JobErrors registered
            throw e;
        }
        this.stateBackends = backends;
        if (plan.root() instanceof Sink) {
            this.results = null;
        } else {
            this.results = new ResultsImpl(
                    Batches.schema(plan.root().rowType(), plan.changelog() == ChangelogKind.RETRACT),
                    plan.changelog() == ChangelogKind.RETRACT,
                    engine.allocator().newChildAllocator("job-" + number + "-results", 0, Long.MAX_VALUE),
                    Math.max(2, engine.channelCapacity()),
                    name,
                    this::cancel);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            // no inherited thread locals (as every thread of a job): a job submitted from a Gogo session would
            // otherwise print into that session's streams (an inheritable thread local) after it closed
            Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), 0, false);
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds, validates and starts a job (restoring it first if the options say so). */
    public static Job start(Engine engine, QueryPlan plan, long number, JobOptions options) {
        JobRuntime job = new JobRuntime(engine, plan, number, options);
        List<Stage> stages;
        try {
            stages = new GraphBuilder(engine, job).build(plan);
            job.instantiate(stages);
            if (options.restoreFrom().isPresent()) {
                if (job.restore(options.restoreFrom().get())) {
                    return job;
                }
            }
            // every job has a coordinator: without checkpointing it takes savepoints only
            CheckpointConfig config = options.checkpoints().orElse(null);
            job.checkpoints = new CheckpointCoordinator(
                    config,
                    config == null
                            ? "job-" + number
                            : config.directory().getFileName().toString(),
                    job.new Host(),
                    job.coordinator,
                    job.workers,
                    job.allocator,
                    engine.maxParallelism());
            if (job.restored != null) {
                job.checkpoints.restoredFrom(job.restored);
            }
        } catch (RuntimeException e) {
            job.abortStart();
            throw e;
        }
        job.launch();
        return job;
    }

    /**
     * Reads and checks the checkpoint, commits what its sinks had pre-committed (idempotently), and tells sinks the
     * checkpoint id. A final checkpoint (of a job that had finished) is only committed again: the job ends at once.
     *
     * @return whether the job is already over
     */
    private boolean restore(java.nio.file.Path path) {
        try {
            restored = RestoredCheckpoint.open(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot restore from '" + path + "': " + e.getMessage(), e);
        }
        restored.checkFits(engine.maxParallelism(), statefulOperators, sourceIds);
        restored.checkBackend(stateBackends == null ? "memory" : stateBackends.identifier());
        Host host = new Host();
        try {
            for (Map.Entry<String, CheckpointMetadata.Committables> e :
                    restored.committables().entrySet()) {
                CheckpointHost.SinkHandle sink = host.sinks().get(e.getKey());
                if (sink == null) {
                    throw new IllegalArgumentException("checkpoint '" + path + "' holds committables of sink "
                            + e.getKey() + ", which this job does not have");
                }
                List<Object> items = new ArrayList<>();
                for (byte[] b : e.getValue().items()) {
                    items.add(sink.deserialize(e.getValue().version(), b));
                }
                sink.commit(items);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "committing the output of restored checkpoint '" + path + "' failed: " + e.getMessage(), e);
        }
        for (SinkState sink : sinks) {
            sink.restoredFrom(restored.checkpointId());
        }
        if (restored.metadata().finished()) {
            notices.add("checkpoint " + restored.checkpointId() + " is the final checkpoint of a finished job: its"
                    + " output is committed, nothing is left to run");
            coordinator.shutdownNow();
            workers.shutdownNow();
            if (stateBackends != null) {
                stateBackends.shutdown();
            }
            allocator.close();
            if (results != null) {
                results.end();
                results.jobTerminated();
            }
            status = JobStatus.FINISHED;
            ended();
            return true;
        }
        return false;
    }

    private boolean checkpointing() {
        return options.checkpoints().isPresent() || options.restoreFrom().isPresent();
    }

    RestoredCheckpoint restored() {
        return restored;
    }

    CheckpointCoordinator checkpointCoordinator() {
        return checkpoints;
    }

    /** Tells the user something about the job (shown with its status). */
    void notice(String text) {
        notices.add(text);
    }

    JobErrors errors() {
        return errors;
    }

    ResultsImpl resultsImpl() {
        return results;
    }

    <S extends SourceSplit> SourceCoordinator<S> coordinatorFor(Source<S, ?> source, int parallelism) {
        SourceCoordinator<S> c = new SourceCoordinator<>(this, source, parallelism, coordinator, workers);
        coordinators.add(c);
        return c;
    }

    SinkState addSink(
            io.sabot.connector.spi.sink.Sink<Object> sink,
            TableContextImpl table,
            boolean changelog,
            io.sabot.engine.internal.errors.TableErrors tableErrors,
            int rowtimeColumn,
            int[] notNullColumns,
            io.sabot.plan.Sink.NotNullEnforcer notNullEnforcer) {
        OptionalLong interval = options.checkpoints()
                .map(c -> c.interval())
                .filter(i -> !i.isZero())
                .map(i -> OptionalLong.of(i.toMillis()))
                .orElse(OptionalLong.empty());
        SinkState state = new SinkState(
                sink,
                table,
                changelog,
                interval,
                tableErrors,
                this::fail,
                name.split(" ")[0],
                rowtimeColumn,
                notNullColumns,
                notNullEnforcer);
        sinks.add(state);
        return state;
    }

    private void instantiate(List<Stage> stages) {
        List<List<Task>> byStage = new ArrayList<>();
        List<List<InputGate>> gatesByStage = new ArrayList<>();
        List<List<Outputs>> outputsByStage = new ArrayList<>();
        long idleMillis = engine.idleTimeout().toMillis();
        for (Stage stage : stages) {
            List<Task> stageTasks = new ArrayList<>();
            List<InputGate> stageGates = new ArrayList<>();
            List<Outputs> stageOutputs = new ArrayList<>();
            for (int i = 0; i < stage.parallelism; i++) {
                String taskName = stage.name() + " (" + (i + 1) + "/" + stage.parallelism + ")";
                Outputs outputs = new Outputs(allocator);
                List<BatchOperator> operators = new ArrayList<>();
                for (var factory : stage.chain) {
                    operators.add(factory.get());
                }
                OperatorChain chain = new OperatorChain(operators, stage.operatorIds(), outputs);
                if (i == 0) {
                    for (int k = 0; k < operators.size(); k++) {
                        BatchOperator op = operators.get(k);
                        if (stateBackends != null
                                && !(op instanceof StatelessOperator)
                                && !(op instanceof io.sabot.engine.internal.ops.SinkOperator)
                                && !(op instanceof io.sabot.engine.internal.checkpoint.BackendStateOperator b
                                        && b.canUseBackend())) {
                            heapOperators.add(stage.names.get(k));
                        }
                        if (op instanceof io.sabot.engine.internal.checkpoint.CheckpointedOperator c) {
                            statefulOperators.add(stage.operatorId(k));
                            if (checkpointing()) {
                                c.checkCheckpointable();
                            } else {
                                try {
                                    c.checkCheckpointable();
                                } catch (IllegalArgumentException e) {
                                    savepointBlocker = e.getMessage();
                                }
                            }
                        } else if (!(op instanceof StatelessOperator)) {
                            String reason = "checkpointing is not supported yet for " + stage.names.get(k) + " (in "
                                    + stage.name() + "): run this query without checkpoints";
                            if (checkpointing()) {
                                throw new IllegalArgumentException(reason);
                            }
                            savepointBlocker = reason;
                        }
                    }
                    if (stage.kind == Stage.Kind.SOURCE) {
                        sourceIds.add(stage.sourceId());
                    }
                }
                boolean[] dropsLate = new boolean[operators.size()];
                boolean[] keyedState = new boolean[operators.size()];
                for (int k = 0; k < dropsLate.length; k++) {
                    dropsLate[k] = operators.get(k).dropsLateRows();
                    keyedState[k] = operators.get(k) instanceof io.sabot.engine.internal.checkpoint.CheckpointedOperator
                            && !(operators.get(k) instanceof io.sabot.engine.internal.ops.SinkOperator);
                }
                TaskMetrics metrics = new TaskMetrics(
                        metricGroup,
                        stage.kind == Stage.Kind.SOURCE
                                ? stage.sourceId()
                                : stage.kind == Stage.Kind.VALUES ? stage.valuesId() : null,
                        stage.operatorIds(),
                        dropsLate,
                        keyedState,
                        i);
                taskMetrics.add(metrics);
                SplitTracker tracker = stage.kind == Stage.Kind.SOURCE
                        ? new SplitTracker(TimeUnit.MILLISECONDS.toNanos(idleMillis), metrics)
                        : null;
                OperatorContext context = new OperatorContext(
                        taskName,
                        allocator,
                        engine.batchSize(),
                        i,
                        stage.parallelism,
                        engine.maxParallelism(),
                        counters,
                        tracker,
                        stateBackends,
                        metrics);
                Task task;
                InputGate gate = null;
                switch (stage.kind) {
                    case SOURCE -> {
                        SourceTask source = new SourceTask(
                                taskName,
                                this,
                                chain,
                                context,
                                stage.coordinator,
                                stage.table,
                                i,
                                stage.assignerWatermarks,
                                idleMillis,
                                stage.errors);
                        stage.coordinator.setReader(i, source);
                        source.identify(stage.sourceId(), stage.parallelism);
                        sourceStages.add(stage);
                        task = source;
                    }
                    case VALUES -> task = new ValuesTask(taskName, this, chain, context, stage.values);
                    default -> {
                        gate = new InputGate(engine.channelCapacity());
                        gates.add(gate);
                        task = new OperatorTask(taskName, this, chain, context, gate);
                    }
                }
                task.index = tasks.size() + stageTasks.size();
                task.lateRows = List.copyOf(stage.lateRows);
                task.expressionErrors = List.copyOf(stage.expressionErrors);
                stageTasks.add(task);
                stageGates.add(gate);
                stageOutputs.add(outputs);
            }
            byStage.add(stageTasks);
            gatesByStage.add(stageGates);
            outputsByStage.add(stageOutputs);
            tasks.addAll(stageTasks);
        }
        if (!heapOperators.isEmpty()) {
            notices.add(
                    "state backend " + stateBackends.identifier() + ": the state of " + String.join(", ", heapOperators)
                            + " stays on the heap (not yet backed by " + stateBackends.identifier() + ")");
        }
        for (Stage consumer : stages) {
            for (Stage.Input input : consumer.inputs) {
                Stage producer = input.from();
                for (int i = 0; i < producer.parallelism; i++) {
                    Outputs outputs = outputsByStage.get(producer.id).get(i);
                    List<InputGate> consumerGates = gatesByStage.get(consumer.id);
                    outputs.add(edge(input, i, consumerGates, producer));
                }
            }
        }
    }

    private Edge edge(Stage.Input input, int producerSubtask, List<InputGate> consumerGates, Stage producer) {
        Stage.Partitioning partitioning = input.partitioning();
        if (partitioning == Stage.Partitioning.FORWARD && consumerGates.size() != producer.parallelism) {
            partitioning = Stage.Partitioning.REBALANCE;
        }
        switch (partitioning) {
            case FORWARD -> {
                InputGate gate = consumerGates.get(producerSubtask);
                return new Edge.Single(new Edge.Target(gate, gate.addChannel(input.input())));
            }
            case GATHER -> {
                InputGate gate = consumerGates.get(0);
                return new Edge.Single(new Edge.Target(gate, gate.addChannel(input.input())));
            }
            default -> {
                List<Edge.Target> targets = new ArrayList<>();
                for (InputGate gate : consumerGates) {
                    targets.add(new Edge.Target(gate, gate.addChannel(input.input())));
                }
                if (partitioning == Stage.Partitioning.HASH) {
                    return new Edge.Hash(
                            targets, producer.tail.rowType(), input.keys(), engine.maxParallelism(), allocator);
                }
                return new Edge.Rebalance(targets);
            }
        }
    }

    private void launch() {
        metricGroup.registerJobMetrics(startNanos, this::watermark, allocator::getAllocatedMemory);
        running.set(tasks.size());
        for (Stage stage : sourceStages) {
            CheckpointMetadata.Source state = restored == null ? null : restored.source(stage.sourceId());
            stage.coordinator.start(
                    state == null ? 0 : state.enumeratorVersion(), state == null ? null : state.enumerator());
        }
        if (checkpoints != null) {
            checkpoints.start();
        }
        int n = 0;
        for (Task task : tasks) {
            Thread t = new Thread(null, task, name.split(" ")[0] + "-" + (++n) + " " + task.name(), 0, false);
            t.setDaemon(true);
            t.start();
        }
        if (tasks.isEmpty()) {
            finish();
        }
    }

    private void abortStart() {
        coordinator.shutdownNow();
        workers.shutdownNow();
        try {
            errors.close(false);
        } catch (Exception e) {
            // nothing was dead-lettered: the job never ran
        }
        if (stateBackends != null) {
            stateBackends.shutdown();
        }
        if (results != null) {
            results.jobTerminated();
            results.close();
        }
        allocator.close();
        status = JobStatus.FAILED;
        ended();
    }

    /**
     * The job has ended with its final status: its metrics go, then what reacts to the end runs (the termination
     * future's callbacks, e.g. the runtime's restart count), then waiters wake, seeing all that done.
     */
    private void ended() {
        metricGroup.close();
        termination.complete(status);
        terminated.countDown();
    }

    /** Called by each task's thread as it exits, with its failure or null. */
    void taskExited(Task task, Throwable error) {
        if (error != null) {
            fail(error instanceof SourceTask.TaskInterrupted && error.getCause() != null ? error.getCause() : error);
        } else {
            taskFinished.set(true);
            if (checkpoints != null) {
                checkpoints.taskFinished(task.index);
            }
        }
        if (running.decrementAndGet() == 0) {
            Thread t = new Thread(null, this::finish, name.split(" ")[0] + "-finish", 0, false);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Fails the job with a failure of the job itself ({@link ErrorType#STATE}, {@link ErrorType#ORCHESTRATOR}):
     * reported (counted by type, logged at its severity) unless the job is already stopping, so that the
     * interruptions of a cancel or of another failure are not counted as failures of their own.
     */
    void fail(ErrorType type, String message, Throwable cause) {
        if (stopping) {
            fail(cause);
            return;
        }
        fail(new IllegalStateException(errors.report(type, message), cause));
    }

    /** Fails the job with {@code cause} (the first failure wins) and stops every task. */
    void fail(Throwable cause) {
        if (stopping && failure.get() == null && cancelled) {
            return; // interruptions caused by cancel()
        }
        if (failure.compareAndSet(null, beyondMemoryLimit(cause))) {
            stop();
        }
    }

    /**
     * {@code cause}, or a {@link MemoryLimitExceededException} naming the job, its limit and its setting when an
     * allocation failed against the job's own limit rather than an ancestor's (a tenant's quota says so itself).
     */
    private Throwable beyondMemoryLimit(Throwable cause) {
        if (options.memoryLimit().isEmpty()) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof MemoryLimitExceededException) {
                return cause;
            }
            if (t instanceof org.apache.arrow.memory.OutOfMemoryException oom) {
                // Arrow records which allocator refused only in debug mode; otherwise the job's limit is the one hit
                // when it leaves no more room than the engine's allocator does.
                BufferAllocator failed = oom.getOutcomeDetails()
                        .map(org.apache.arrow.memory.AllocationOutcomeDetails::getFailedAllocator)
                        .orElse(null);
                boolean ours = failed != null
                        ? failed == allocator
                        : allocator.getLimit() - allocator.getAllocatedMemory()
                                <= engine.allocator().getHeadroom();
                return ours
                        ? new MemoryLimitExceededException(
                                name.split(" ")[0], options.memoryLimit().get(), oom)
                        : cause;
            }
        }
        return cause;
    }

    private void stop() {
        stopping = true;
        for (Task t : tasks) {
            t.interrupt();
        }
    }

    boolean isStopping() {
        return stopping;
    }

    void reportLeak(String message) {
        synchronized (leaks) {
            leaks.add(message);
        }
    }

    private void finish() {
        Throwable cause = failure.get();
        if (checkpoints != null) {
            checkpoints.stop();
        }
        if (checkpoints != null && (options.checkpoints().isPresent() || checkpoints.anyTriggered())) {
            // let checkpoint writes in flight finish, so their acknowledgements (and committables) are queued
            workers.shutdown();
            try {
                workers.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // dead letters are durable before the output that passed them by is committed
            errors.close(cause == null && !cancelled);
        } catch (Throwable t) {
            if (cause == null) {
                cause = t;
                failure.compareAndSet(null, t);
            }
        }
        if (cause == null && !cancelled) {
            try {
                commitSinks();
            } catch (Throwable t) {
                cause = t;
                failure.compareAndSet(null, t);
            }
        }
        for (SourceCoordinator<?> c : coordinators) {
            c.close();
        }
        coordinator.shutdownNow();
        workers.shutdownNow();
        try {
            // a checkpoint's files may still be being written: their batches go back to the allocator first
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (InputGate gate : gates) {
            gate.drain();
        }
        if (stateBackends != null) {
            stateBackends.shutdown();
        }
        long outstanding = allocator.getAllocatedMemory();
        if (outstanding != 0) {
            reportLeak("job allocator " + allocator.getName() + " still holds " + outstanding + " bytes");
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            reportLeak(e.getMessage());
        }
        cause = failure.get();
        // A cancelled job must return its memory too: a leak fails it rather than hiding behind CANCELED.
        if (cause == null && !leaks.isEmpty()) {
            cause = new IllegalStateException("memory leak in " + name + ": " + String.join("; ", leaks));
            failure.compareAndSet(null, cause);
        }
        if (results != null) {
            if (stoppedWithSavepoint && failure.get() == null) {
                results.end();
            } else if (cancelled && failure.get() == null) {
                results.fail(new CancellationException("job " + name + " was cancelled"));
            } else if (cause != null) {
                results.fail(cause);
            } else {
                results.end();
            }
            try {
                results.jobTerminated();
            } catch (RuntimeException e) {
                // the caller's batches: reported when the caller closes the results
            }
        }
        status = failure.get() != null
                ? JobStatus.FAILED
                : stoppedWithSavepoint ? JobStatus.STOPPED : cancelled ? JobStatus.CANCELED : JobStatus.FINISHED;
        ended();
    }

    private void commitSinks() throws Exception {
        if (checkpoints != null) {
            // a final checkpoint records what is committed now, so that a crash during the commit loses nothing
            // (without checkpointing: what aborted savepoints' sinks pre-committed, and the end of input)
            Map<String, List<Object>> end = new LinkedHashMap<>();
            for (SinkState sink : sinks) {
                end.put(sink.id(), sink.committables());
            }
            Map<String, List<Object>> all = checkpoints.writeFinal(end);
            Host host = new Host();
            for (Map.Entry<String, List<Object>> e : all.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    host.sinks().get(e.getKey()).commit(e.getValue());
                }
            }
            return;
        }
        for (SinkState sink : sinks) {
            Optional<Committer<Object>> committer = sink.sink.createCommitter();
            if (committer.isPresent()) {
                try (Committer<Object> c = committer.get()) {
                    List<Object> committables = sink.committables();
                    if (!committables.isEmpty()) {
                        c.commit(committables);
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public JobResults results() {
        if (results == null) {
            return EmptyResults.INSTANCE;
        }
        return results;
    }

    @Override
    public JobStatus awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        terminated.await(timeout, unit);
        return status;
    }

    @Override
    public void cancel() {
        if (status.isTerminal() || stopping) {
            return;
        }
        cancelled = true;
        stop();
    }

    @Override
    public List<CheckpointInfo> checkpoints() {
        return checkpoints == null ? List.of() : checkpoints.completedCheckpoints();
    }

    @Override
    public long failedCheckpoints() {
        return checkpoints == null ? 0 : checkpoints.failedCount();
    }

    @Override
    public void setCheckpointInterval(java.time.Duration interval) {
        if (options.checkpoints().isEmpty()) {
            throw new IllegalStateException(
                    "job " + name + " runs without checkpoints (set a checkpoint directory to take them)");
        }
        if (status.isTerminal()) {
            throw new IllegalStateException("job " + name + " has ended (" + status + ")");
        }
        checkpoints.setInterval(interval);
    }

    @Override
    public java.time.Duration checkpointInterval() {
        return checkpoints == null ? java.time.Duration.ZERO : checkpoints.interval();
    }

    @Override
    public CompletableFuture<CheckpointInfo> triggerCheckpoint(boolean savepoint) {
        if (options.checkpoints().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "job " + name + " runs without checkpoints (set a checkpoint directory to take them)"));
        }
        return checkpoints.triggerNow(savepoint);
    }

    @Override
    public CompletableFuture<CheckpointInfo> triggerSavepoint(java.nio.file.Path targetDirectory) {
        return savepoint(targetDirectory, false);
    }

    @Override
    public CompletableFuture<CheckpointInfo> stopWithSavepoint(java.nio.file.Path targetDirectory) {
        return savepoint(targetDirectory, true);
    }

    private CompletableFuture<CheckpointInfo> savepoint(java.nio.file.Path target, boolean stop) {
        java.util.Objects.requireNonNull(target, "targetDirectory");
        if (status.isTerminal() || stopping) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("job " + name + " has ended (" + status + "): no savepoint"));
        }
        if (savepointBlocker != null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("job " + name + " cannot take a savepoint: " + savepointBlocker));
        }
        return checkpoints.triggerSavepoint(target, stop);
    }

    @Override
    public List<String> notices() {
        List<String> all = new ArrayList<>(notices);
        if (checkpoints != null) {
            all.addAll(checkpoints.problems());
        }
        return all;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public JobMetrics metrics() {
        return counters.snapshot();
    }

    @Override
    public CompletableFuture<JobStatus> termination() {
        return termination.copy();
    }

    @Override
    public long watermark() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (TaskMetrics m : taskMetrics) {
            long w = m.watermark();
            if (w != Long.MIN_VALUE) {
                min = Math.min(min, w);
                any = true;
            }
        }
        return any ? min : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return name + " [" + status + "]";
    }

    /** The job as its checkpoint coordinator sees it. */
    private final class Host implements CheckpointHost {
        private Map<String, SinkHandle> handles;

        @Override
        public Map<String, Serialized> snapshotEnumerators(long id) throws Exception {
            Map<String, Serialized> out = new LinkedHashMap<>();
            for (Stage stage : sourceStages) {
                out.put(stage.sourceId(), stage.coordinator.snapshot(id));
            }
            return out;
        }

        @Override
        public void askSources(long id, boolean stop) {
            for (Stage stage : sourceStages) {
                for (int i = 0; i < stage.parallelism; i++) {
                    stage.coordinator.reader(i).askBarrier(id, stop);
                }
            }
        }

        @Override
        public void triggerSources(long id, boolean stop) {
            for (Stage stage : sourceStages) {
                for (int i = 0; i < stage.parallelism; i++) {
                    stage.coordinator.reader(i).triggerCheckpoint(id, stop);
                }
            }
        }

        @Override
        public void resumeSources() {
            for (Stage stage : sourceStages) {
                for (int i = 0; i < stage.parallelism; i++) {
                    stage.coordinator.reader(i).resume();
                }
            }
        }

        @Override
        public void stopAfterSavepoint(CheckpointInfo savepoint) {
            if (status.isTerminal() || stopping) {
                return;
            }
            notices.add("stopped with savepoint " + savepoint.id() + " at " + savepoint.path());
            stoppedWithSavepoint = true;
            cancelled = true; // interruptions are not failures, and nothing is committed at the end
            stop();
        }

        @Override
        public int taskCount() {
            return tasks.size();
        }

        @Override
        public boolean anyTaskFinished() {
            return taskFinished.get() || stopping;
        }

        @Override
        public synchronized Map<String, SinkHandle> sinks() {
            if (handles == null) {
                handles = new LinkedHashMap<>();
                for (SinkState sink : sinks) {
                    handles.put(sink.id(), new SinkHandle() {
                        @Override
                        public int version() {
                            return sink.sink.committableSerializer().version();
                        }

                        @Override
                        public byte[] serialize(Object committable) throws Exception {
                            return sink.sink.committableSerializer().serialize(committable);
                        }

                        @Override
                        public Object deserialize(int version, byte[] bytes) throws Exception {
                            return sink.sink.committableSerializer().deserialize(version, bytes);
                        }

                        @Override
                        public void commit(List<Object> committables) throws Exception {
                            Optional<Committer<Object>> committer = sink.sink.createCommitter();
                            if (committer.isPresent()) {
                                try (Committer<Object> c = committer.get()) {
                                    c.commit(committables);
                                }
                            }
                        }
                    });
                }
            }
            return handles;
        }

        @Override
        public void checkpointCompleted(long id) {
            for (Stage stage : sourceStages) {
                try {
                    stage.coordinator.notifyCheckpointComplete(id);
                } catch (Exception e) {
                    fail(
                            ErrorType.ORCHESTRATOR,
                            "the split enumerator of table '" + stage.table.tableName() + "' failed on checkpoint " + id
                                    + ": " + e,
                            e);
                }
                for (int i = 0; i < stage.parallelism; i++) {
                    stage.coordinator.reader(i).notifyCheckpointComplete(id);
                }
            }
        }

        @Override
        public void failJob(Throwable cause) {
            fail(cause);
        }

        @Override
        public void checkpointRecorded(CheckpointInfo info) {
            metricGroup.checkpointCompleted(info);
        }

        @Override
        public String whyNotAcknowledged(Set<Integer> acknowledged) {
            List<String> waiting = new ArrayList<>();
            for (Task t : tasks) {
                if (!acknowledged.contains(t.index)) {
                    waiting.add(t.name());
                }
            }
            if (waiting.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder("not acknowledged by ").append(String.join(", ", waiting));
            for (SinkState sink : sinks) {
                for (String h : sink.holding()) {
                    text.append("; ").append(h);
                }
            }
            return text.toString();
        }

        @Override
        public void stateWritten(Map<String, Map<Integer, Long>> bytes) {
            metricGroup.stateWritten(bytes);
        }

        @Override
        public void checkpointFailed(String reason) {
            metricGroup.checkpointsFailed.inc();
            errors.report(ErrorType.CHECKPOINT, reason);
        }
    }
}
