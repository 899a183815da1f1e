package io.sabot.engine.internal.exec;

import io.sabot.plan.PlanNode;
import io.sabot.plan.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A node of the job graph: the subtasks that run one chain of operators at one parallelism, and where their input
 * comes from. Built by {@link GraphBuilder}, instantiated into tasks by {@link JobRuntime}.
 */
final class Stage {

    enum Kind {
        SOURCE,
        VALUES,
        OPERATORS
    }

    enum Partitioning {
        /** Subtask i to subtask i. */
        FORWARD,
        /** By key group. */
        HASH,
        /** Batches round robin. */
        REBALANCE,
        /** Every subtask to subtask 0. */
        GATHER
    }

    /** An input of an operator stage. */
    record Input(Stage from, Partitioning partitioning, int input, int[] keys) {}

    final int id;
    final Kind kind;
    final int parallelism;
    final List<Supplier<BatchOperator>> chain = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<Input> inputs = new ArrayList<>();
    SourceCoordinator<?> coordinator;
    TableContextImpl table;
    /** A source's error handling (decode failures), or null when it has none. */
    io.sabot.engine.internal.errors.TableErrors errors;
    /** The dead-letter targets of the late rows of the chain's window operators. */
    final List<io.sabot.engine.internal.errors.LateRows> lateRows = new ArrayList<>();
    /** The error handling of the chain's operators whose expressions may set rows aside (dead letters to flush). */
    final List<io.sabot.engine.internal.errors.ExpressionErrors> expressionErrors = new ArrayList<>();

    Values values;
    PlanNode tail;
    /** A node whose output several consumers read ends its stage. */
    boolean sealed;
    /** Only stateless operators so far: a WatermarkAssigner appended now works per source split. */
    boolean stateless = true;

    boolean assignerWatermarks;

    Stage(int id, Kind kind, int parallelism) {
        this.id = id;
        this.kind = kind;
        this.parallelism = parallelism;
    }

    void append(String name, Supplier<BatchOperator> factory, PlanNode node) {
        chain.add(factory);
        names.add(name);
        tail = node;
    }

    /** Stable ids of the chain's operators (the same plan gives the same ids), which match state on restore. */
    List<String> operatorIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ids.add(operatorId(i));
        }
        return ids;
    }

    String operatorId(int index) {
        return operatorId(index, names.get(index));
    }

    /** The id of operator {@code index} named {@code name}, also before it is appended. */
    String operatorId(int index, String name) {
        return "s" + id + "-" + index + "-"
                + name.replaceAll("[^A-Za-z0-9]+", "_").toLowerCase();
    }

    /** The operator id of a VALUES stage's constants, for metrics. */
    String valuesId() {
        return "s" + id + "-values";
    }

    /** The id of the stage's source, which matches split state on restore. */
    String sourceId() {
        return "s" + id + "-source-"
                + table.tableName().replaceAll("[^A-Za-z0-9]+", "_").toLowerCase();
    }

    String name() {
        StringBuilder b = new StringBuilder();
        if (kind == Kind.SOURCE) {
            b.append("Source[").append(table.tableName()).append(']');
        } else if (kind == Kind.VALUES) {
            b.append("Values");
        }
        for (String n : names) {
            b.append(b.length() == 0 ? "" : "->").append(n);
        }
        return b.toString();
    }
}
