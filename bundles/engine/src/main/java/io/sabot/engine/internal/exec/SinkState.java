package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.sink.Sink;
import io.sabot.engine.internal.errors.TableErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** One INSERT INTO of a job: the connector's sink and the committables its writers pre-committed at the end. */
public final class SinkState {
    public final Sink<Object> sink;
    public final TableContextImpl table;
    public final boolean changelogInput;
    /** The table's error handling, which its writers' failures go to. */
    public final TableErrors errors;
    /** Fails the job: for a failure the task would otherwise only report as a declined checkpoint. */
    public final Consumer<Throwable> failJob;
    /** The job's id ({@code job-3}), for the error handlers' component ids. */
    public final String jobId;
    /** The column of the rows' event time (a rowtime attribute of the sink's input), or -1. */
    public final int rowtimeColumn;
    /** The table's NOT NULL columns, ascending, and what a null in one of them does. */
    public final int[] notNullColumns;

    public final io.sabot.plan.Sink.NotNullEnforcer notNullEnforcer;

    private final List<Object> committables = new ArrayList<>();
    /** The guards of the sink's subtasks, which say what holds a subtask on its error handlers. */
    private final List<io.sabot.engine.internal.errors.SinkGuard> guards =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The id of the sink operator, under which its committables are checkpointed. */
    String id;

    private volatile OptionalLong restoredCheckpointId = OptionalLong.empty();
    private final OptionalLong checkpointIntervalMillis;

    SinkState(
            Sink<Object> sink,
            TableContextImpl table,
            boolean changelogInput,
            OptionalLong checkpointIntervalMillis,
            TableErrors errors,
            Consumer<Throwable> failJob,
            String jobId,
            int rowtimeColumn,
            int[] notNullColumns,
            io.sabot.plan.Sink.NotNullEnforcer notNullEnforcer) {
        this.sink = sink;
        this.table = table;
        this.changelogInput = changelogInput;
        this.checkpointIntervalMillis = checkpointIntervalMillis;
        this.errors = errors;
        this.failJob = failJob;
        this.jobId = jobId;
        this.rowtimeColumn = rowtimeColumn;
        this.notNullColumns = notNullColumns.clone();
        this.notNullEnforcer = notNullEnforcer;
    }

    /** The job's periodic checkpoint interval; empty without periodic checkpoints. */
    public OptionalLong checkpointIntervalMillis() {
        return checkpointIntervalMillis;
    }

    public OptionalLong restoredCheckpointId() {
        return restoredCheckpointId;
    }

    void restoredFrom(long checkpointId) {
        restoredCheckpointId = OptionalLong.of(checkpointId);
    }

    /** A subtask's writer opened with {@code guard}. */
    public void guarded(io.sabot.engine.internal.errors.SinkGuard guard) {
        guards.add(guard);
    }

    /** What holds the sink's subtasks on their error handlers now (one line each); empty when nothing does. */
    List<String> holding() {
        List<String> out = new ArrayList<>();
        for (var guard : guards) {
            String h = guard.holding();
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    public String id() {
        return id;
    }

    public synchronized void add(List<Object> more) {
        committables.addAll(more);
    }

    synchronized List<Object> committables() {
        return List.copyOf(committables);
    }
}
