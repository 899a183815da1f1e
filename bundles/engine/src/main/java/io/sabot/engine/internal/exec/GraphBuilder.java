package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.source.Source;
import io.sabot.engine.Engine;
import io.sabot.engine.internal.errors.ExpressionErrors;
import io.sabot.engine.internal.errors.JobErrors;
import io.sabot.engine.internal.errors.LateRows;
import io.sabot.engine.internal.errors.TableErrors;
import io.sabot.engine.internal.ops.CalcOperator;
import io.sabot.engine.internal.ops.CollectOperator;
import io.sabot.engine.internal.ops.GroupAggregateOperator;
import io.sabot.engine.internal.ops.JoinOperator;
import io.sabot.engine.internal.ops.SessionWindowOperator;
import io.sabot.engine.internal.ops.SinkOperator;
import io.sabot.engine.internal.ops.UnionOperator;
import io.sabot.engine.internal.ops.WatermarkAssignerOperator;
import io.sabot.engine.internal.ops.WindowAggregateOperator;
import io.sabot.engine.internal.ops.WindowJoinOperator;
import io.sabot.engine.internal.ops.WindowRankOperator;
import io.sabot.engine.internal.ops.WindowTvfOperator;
import io.sabot.plan.Calc;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.Join;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.Sink;
import io.sabot.plan.SortKey;
import io.sabot.plan.TableScan;
import io.sabot.plan.Union;
import io.sabot.plan.Values;
import io.sabot.plan.WatermarkAssigner;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowJoin;
import io.sabot.plan.WindowKind;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowTableFunction;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a plan into stages. Stateless operators (Calc, WatermarkAssigner, window TVF) chain onto the stage of their
 * input; keyed operators start a stage at the job's parallelism behind a hash exchange on their keys; a union starts
 * a stage fed by all its inputs; the results are gathered into one collecting subtask; a sink chains onto its input.
 * A node read by several consumers ends its stage, and each consumer gets a copy of its batches.
 *
 * <p>Every operator is instantiated once here, so that expressions compile and plans the engine cannot run fail at
 * submission rather than in a task.
 */
final class GraphBuilder {

    private final Engine engine;
    private final JobRuntime job;
    private final List<Stage> stages = new ArrayList<>();
    private final Map<PlanNode, Stage> built = new IdentityHashMap<>();
    private final Map<PlanNode, Integer> references = new IdentityHashMap<>();
    private final List<String> tableProblems = new ArrayList<>();
    private final List<OptionError> tableErrors = new ArrayList<>();
    private final int parallelism;
    /** The error handling of each table read, by name (null when its options were refused). */
    private final Map<String, TableErrors> errorsByTable = new HashMap<>();
    /** The job's own error handling, for rows that are not one table's; made when first needed. */
    private TableErrors jobErrors;

    private boolean jobErrorsBuilt;
    /** Whether window operators may send late rows to the job's dead-letter target (its options are valid). */
    private boolean lateRowTarget;

    GraphBuilder(Engine engine, JobRuntime job) {
        this.engine = engine;
        this.job = job;
        this.parallelism = engine.parallelism();
    }

    List<Stage> build(QueryPlan plan) {
        boolean lateRows = deadLettersLateRows(plan.root());
        for (OptionError error : job.errors().validateJob(lateRows)) {
            tableProblems.add(error.message());
            tableErrors.add(error);
        }
        lateRowTarget = lateRows && tableErrors.isEmpty();
        count(plan.root());
        Stage last = build(plan.root());
        if (!(plan.root() instanceof Sink)) {
            Stage collect = last.parallelism == 1 && !last.sealed ? last : gather(last);
            ResultsImpl results = job.resultsImpl();
            collect.append("Collect", () -> new CollectOperator(results), plan.root());
        }
        if (!tableProblems.isEmpty()) {
            throw new OptionValidationException(String.join("\n", tableProblems), tableErrors);
        }
        return stages;
    }

    private void count(PlanNode node) {
        int n = references.merge(node, 1, Integer::sum);
        if (n == 1) {
            for (PlanNode input : node.inputs()) {
                count(input);
            }
        }
    }

    private Stage newStage(Stage.Kind kind, int p) {
        Stage s = new Stage(stages.size(), kind, p);
        stages.add(s);
        return s;
    }

    private Stage build(PlanNode node) {
        Stage done = built.get(node);
        if (done != null) {
            return done;
        }
        Stage stage;
        if (node instanceof TableScan scan) {
            stage = scan(scan);
        } else if (node instanceof Values values) {
            Stage s = newStage(Stage.Kind.VALUES, 1);
            s.values = values;
            s.tail = values;
            stage = s;
        } else if (node instanceof Calc calc) {
            Stage s = chainable(build(calc.input()));
            boolean changelog = calc.input().changelog() == ChangelogKind.RETRACT;
            check(() -> new CalcOperator(calc, changelog));
            ExpressionErrors errors = expressionErrors(s, "Calc", calc.input());
            s.append("Calc", () -> new CalcOperator(calc, changelog, errors), calc);
            stage = s;
        } else if (node instanceof WatermarkAssigner wa) {
            Stage s = chainable(build(wa.input()));
            boolean perSplit = s.kind == Stage.Kind.SOURCE && s.stateless;
            s.assignerWatermarks |= perSplit;
            check(() -> new WatermarkAssignerOperator(wa, perSplit));
            String table = sourceTable(wa.input());
            ExpressionErrors errors = new ExpressionErrors(
                    null,
                    JobErrors.TENANT,
                    job.name().split(" ")[0],
                    s.operatorId(s.names.size(), "WatermarkAssigner"),
                    table);
            s.append("WatermarkAssigner", () -> new WatermarkAssignerOperator(wa, perSplit, errors), wa);
            stage = s;
        } else if (node instanceof WindowTableFunction tvf) {
            if (tvf.window().kind() == WindowKind.SESSION) {
                throw new IllegalArgumentException(
                        "SESSION windows are supported in window aggregations only, not as a table function");
            }
            Stage s = chainable(build(tvf.input()));
            boolean changelog = tvf.input().changelog() == ChangelogKind.RETRACT;
            check(() -> new WindowTvfOperator(tvf, changelog));
            s.append("WindowTableFunction", () -> new WindowTvfOperator(tvf, changelog), tvf);
            s.stateless = false;
            stage = s;
        } else if (node instanceof WindowAggregate agg) {
            boolean changelog = agg.input().changelog() == ChangelogKind.RETRACT;
            boolean session =
                    agg.window().kind() == WindowKind.SESSION && !agg.window().isAttached();
            stage = keyed(
                    agg.input(),
                    toArray(agg.groupKeys()),
                    "WindowAggregate",
                    late -> session
                            ? () -> new SessionWindowOperator(agg, changelog, late)
                            : () -> new WindowAggregateOperator(agg, changelog, late),
                    agg,
                    agg.latePolicy());
        } else if (node instanceof io.sabot.plan.ChangelogNormalize normalize) {
            stage = keyed(
                    normalize.input(),
                    toArray(normalize.keys()),
                    "ChangelogNormalize",
                    late -> () -> new io.sabot.engine.internal.ops.ChangelogNormalizeOperator(normalize),
                    normalize,
                    LatePolicy.DROP);
        } else if (node instanceof io.sabot.plan.SinkUpsertMaterialize materialize) {
            stage = keyed(
                    materialize.input(),
                    toArray(materialize.keys()),
                    "SinkUpsertMaterialize",
                    late -> () -> new io.sabot.engine.internal.ops.SinkUpsertMaterializeOperator(materialize),
                    materialize,
                    LatePolicy.DROP);
        } else if (node instanceof GroupAggregate agg) {
            boolean changelog = agg.input().changelog() == ChangelogKind.RETRACT;
            stage = keyed(
                    agg.input(),
                    toArray(agg.groupKeys()),
                    "GroupAggregate",
                    late -> () -> new GroupAggregateOperator(agg, changelog),
                    agg,
                    LatePolicy.DROP);
        } else if (node instanceof WindowRank rank) {
            if (rank.latePolicy().emitsUpdates()) {
                throw new IllegalArgumentException("window Top-N has no update mode for late rows (its rows are final"
                        + " when the window fires, as in Flink): late-data policy " + rank.latePolicy()
                        + " is not supported; use drop or dead-letter: " + rank.describe());
            }
            if (rank.input().changelog() == ChangelogKind.RETRACT) {
                throw new IllegalArgumentException("window Top-N needs an insert-only input: " + rank.describe());
            }
            for (SortKey key : rank.orderBy()) {
                if (key.column() >= rank.input().rowType().size()) {
                    throw new IllegalArgumentException("ORDER BY column $" + key.column() + " does not exist");
                }
            }
            stage = keyed(
                    rank.input(),
                    toArray(rank.partitionKeys()),
                    "WindowRank",
                    late -> () -> new WindowRankOperator(rank, late),
                    rank,
                    rank.latePolicy());
        } else if (node instanceof Join join) {
            stage = joined(
                    join, "Join", errors -> () -> new JoinOperator(join, errors), join.leftKeys(), join.rightKeys());
        } else if (node instanceof WindowJoin join) {
            stage = joined(
                    join,
                    "WindowJoin",
                    errors -> () -> new WindowJoinOperator(join, errors),
                    join.leftKeys(),
                    join.rightKeys());
        } else if (node instanceof io.sabot.plan.LookupJoin lookup) {
            stage = lookupJoin(chainable(build(lookup.input())), lookup);
        } else if (node instanceof Union union) {
            Stage s = newStage(Stage.Kind.OPERATORS, parallelism);
            for (int i = 0; i < union.inputs().size(); i++) {
                Stage in = build(union.inputs().get(i));
                s.inputs.add(new Stage.Input(in, forwardOrRebalance(in, s), i, null));
            }
            Supplier<BatchOperator> factory = () -> new UnionOperator(union);
            check(factory);
            s.append("Union", factory, union);
            stage = s;
        } else if (node instanceof Sink sink) {
            stage = sink(sink);
        } else {
            throw new IllegalArgumentException("unsupported plan node " + node.describe());
        }
        if (references.getOrDefault(node, 1) > 1) {
            stage.sealed = true;
        }
        built.put(node, stage);
        return stage;
    }

    /**
     * A lookup join, chained onto its input's stage (no exchange: it keeps no keyed state). Its dimension table's
     * options are validated against the connector's lookup factory; a failed lookup goes to that table's handlers (or
     * the job's), a failed extra condition to the job's.
     */
    private Stage lookupJoin(Stage s, io.sabot.plan.LookupJoin join) {
        String name = "LookupJoin";
        String id = s.operatorId(s.names.size(), name);
        io.sabot.plan.TableRef table = join.table();
        Optional<io.sabot.connector.spi.lookup.LookupSourceFactory> factory =
                engine.resolver().lookupSourceFactory(table.connector());
        if (factory.isEmpty()) {
            tableProblems.add("table '" + table.name() + "' cannot be looked up: connector '" + table.connector()
                    + "' offers no lookup source (connectors with lookups: "
                    + engine.resolver().lookupConnectorIdentifiers() + ")");
            tableErrors.add(new OptionError(
                    "connector", OptionError.Kind.INVALID, tableProblems.get(tableProblems.size() - 1)));
            return s;
        }
        TableContextImpl context = TableContextImpl.create(
                table,
                factory.get(),
                (schema, options) -> factory.get() instanceof SourceFactory scan
                        ? scan.validateForTable(schema, options)
                        : List.of(),
                engine.resolver(),
                parallelism,
                tableProblems,
                tableErrors);
        if (context == null) {
            return s;
        }
        int before = tableErrors.size();
        io.sabot.engine.internal.lookup.Dimension dimension =
                io.sabot.engine.internal.lookup.Dimension.create(join, factory.get(), context, tableErrors);
        TableErrors handling = job.errors().forTable(table.name(), table.options(), tableErrors);
        for (OptionError error : tableErrors.subList(before, tableErrors.size())) {
            tableProblems.add(error.message());
        }
        if (dimension == null || tableErrors.size() > before) {
            return s;
        }
        String jobName = job.name().split(" ")[0];
        io.sabot.engine.internal.errors.LookupErrors lookupErrors = new io.sabot.engine.internal.errors.LookupErrors(
                handling, JobErrors.TENANT, jobName, id, table.name(), table.connector());
        if (lookupErrors.handles()) {
            // its dead letters are made durable with the task's checkpoints, as an expression's
            s.expressionErrors.add(new ExpressionErrors(handling, JobErrors.TENANT, jobName, id, table.name()));
        }
        boolean changelog = join.input().changelog() == ChangelogKind.RETRACT;
        check(() -> new io.sabot.engine.internal.lookup.LookupJoinOperator(
                join, dimension, changelog, ExpressionErrors.failing(name), lookupErrors, id));
        ExpressionErrors conditionErrors = expressionErrors(s, name, join);
        s.append(
                name,
                () -> new io.sabot.engine.internal.lookup.LookupJoinOperator(
                        join, dimension, changelog, conditionErrors, lookupErrors, id),
                join);
        s.stateless = false;
        return s;
    }

    /** A two-input operator behind hash exchanges on each side's keys. */
    private Stage joined(
            PlanNode join,
            String name,
            Function<ExpressionErrors, Supplier<BatchOperator>> factory,
            List<Integer> leftKeys,
            List<Integer> rightKeys) {
        check(factory.apply(ExpressionErrors.failing(name)));
        Stage left = build(join.inputs().get(0));
        Stage right = build(join.inputs().get(1));
        Stage s = newStage(Stage.Kind.OPERATORS, parallelism);
        s.inputs.add(new Stage.Input(left, Stage.Partitioning.HASH, 0, toArray(leftKeys)));
        s.inputs.add(new Stage.Input(right, Stage.Partitioning.HASH, 1, toArray(rightKeys)));
        s.append(name, factory.apply(expressionErrors(s, name, join)), join);
        s.stateless = false;
        return s;
    }

    private static void check(Supplier<BatchOperator> factory) {
        try {
            factory.get().close();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private Stage.Partitioning forwardOrRebalance(Stage from, Stage to) {
        return from.parallelism == to.parallelism ? Stage.Partitioning.FORWARD : Stage.Partitioning.REBALANCE;
    }

    /** The stage to chain onto: the input's, unless its output is shared (then a new forward stage). */
    private Stage chainable(Stage input) {
        if (!input.sealed) {
            return input;
        }
        Stage s = newStage(Stage.Kind.OPERATORS, input.parallelism);
        s.inputs.add(new Stage.Input(input, Stage.Partitioning.FORWARD, 0, null));
        s.tail = input.tail;
        s.stateless = false;
        return s;
    }

    private Stage gather(Stage input) {
        Stage s = newStage(Stage.Kind.OPERATORS, 1);
        s.inputs.add(new Stage.Input(input, Stage.Partitioning.GATHER, 0, null));
        s.tail = input.tail;
        return s;
    }

    /**
     * A stage behind a hash exchange on {@code keys}. {@code factory} makes the operator's factory, given where its
     * late rows go (null unless {@code policy} dead-letters them).
     */
    private Stage keyed(
            PlanNode input,
            int[] keys,
            String name,
            Function<LateRows, Supplier<BatchOperator>> factory,
            PlanNode node,
            LatePolicy policy) {
        check(factory.apply(null));
        Stage in = build(input);
        Stage s = newStage(Stage.Kind.OPERATORS, parallelism);
        s.inputs.add(new Stage.Input(in, Stage.Partitioning.HASH, 0, keys));
        LateRows late = null;
        if (policy.deadLetters() && lateRowTarget) {
            String id = s.operatorId(s.names.size(), name);
            int before = tableErrors.size();
            late = job.errors().lateRows(id, sourceTable(input), input.rowType(), tableErrors);
            for (OptionError error : tableErrors.subList(before, tableErrors.size())) {
                tableProblems.add(error.message());
            }
            if (late != null) {
                s.lateRows.add(late);
            }
        }
        s.append(name, factory.apply(late), node);
        s.stateless = false;
        return s;
    }

    /**
     * Where the rows an expression of operator {@code name} (about to be appended to {@code s}) fails on go: the
     * handlers of the table its rows come from, or the job's when they are not one table's.
     */
    private ExpressionErrors expressionErrors(Stage s, String name, PlanNode input) {
        String id = s.operatorId(s.names.size(), name);
        String table = sourceTable(input);
        TableErrors handling = table != null ? errorsByTable.get(table) : jobErrors();
        ExpressionErrors errors =
                new ExpressionErrors(handling, JobErrors.TENANT, job.name().split(" ")[0], id, table);
        if (errors.handles()) {
            s.expressionErrors.add(errors);
        }
        return errors;
    }

    private TableErrors jobErrors() {
        if (!jobErrorsBuilt && tableErrors.isEmpty()) {
            jobErrorsBuilt = true;
            int before = tableErrors.size();
            jobErrors = job.errors().forJob(tableErrors);
            for (OptionError error : tableErrors.subList(before, tableErrors.size())) {
                tableProblems.add(error.message());
            }
        }
        return jobErrors;
    }

    /** Whether an operator of the plan sends late rows to the dead-letter target. */
    private static boolean deadLettersLateRows(PlanNode node) {
        if ((node instanceof WindowAggregate agg && agg.latePolicy().deadLetters())
                || (node instanceof WindowRank rank && rank.latePolicy().deadLetters())) {
            return true;
        }
        for (PlanNode input : node.inputs()) {
            if (deadLettersLateRows(input)) {
                return true;
            }
        }
        return false;
    }

    /** The table whose rows (projected, filtered, windowed) {@code node} carries, or null when not one table's. */
    private static String sourceTable(PlanNode node) {
        while (!(node instanceof TableScan)) {
            if (!(node instanceof Calc || node instanceof WatermarkAssigner || node instanceof WindowTableFunction)) {
                return null;
            }
            node = node.inputs().get(0);
        }
        return ((TableScan) node).table().name();
    }

    private Stage scan(TableScan scan) {
        Optional<SourceFactory> factory =
                engine.resolver().sourceFactory(scan.table().connector());
        Stage s = newStage(Stage.Kind.SOURCE, parallelism);
        s.tail = scan;
        if (factory.isEmpty()) {
            tableProblems.add("table '" + scan.table().name() + "': no source connector '"
                    + scan.table().connector() + "' is installed (installed: "
                    + engine.resolver().connectorIdentifiers() + ")");
            tableErrors.add(new OptionError(
                    "connector", OptionError.Kind.INVALID, tableProblems.get(tableProblems.size() - 1)));
            return s;
        }
        TableContextImpl table = TableContextImpl.create(
                scan.table(),
                factory.get(),
                factory.get()::validateForTable,
                engine.resolver(),
                parallelism,
                tableProblems,
                tableErrors);
        if (table == null) {
            return s;
        }
        boolean upserts = factory.get().scanChangelogMode() == io.sabot.connector.spi.sink.ChangelogMode.UPSERT;
        if (upserts != scan.upsert()) {
            String problem = "table '" + scan.table().name() + "': connector '"
                    + scan.table().connector() + "' "
                    + (upserts
                            ? "reads an upsert changelog, but the plan reads it as insert-only (plan it again)"
                            : "reads inserts only, but the plan reads it as an upsert changelog");
            tableProblems.add(problem);
            tableErrors.add(new OptionError("connector", OptionError.Kind.INVALID, problem));
            return s;
        }
        table.scanUpserts(upserts);
        List<String> metadataProblems = table.bindMetadata(factory.get());
        if (!metadataProblems.isEmpty()) {
            for (String problem : metadataProblems) {
                tableProblems.add(problem);
                tableErrors.add(new OptionError("connector", OptionError.Kind.INVALID, problem));
            }
            return s;
        }
        s.table = table;
        int before = tableErrors.size();
        s.errors = job.errors().forTable(scan.table().name(), scan.table().options(), tableErrors);
        errorsByTable.put(scan.table().name(), s.errors);
        for (OptionError error : tableErrors.subList(before, tableErrors.size())) {
            tableProblems.add(error.message());
        }
        Source<?, ?> source = factory.get().createSource(table);
        s.coordinator = job.coordinatorFor(source, parallelism);
        return s;
    }

    @SuppressWarnings("unchecked")
    private Stage sink(Sink sink) {
        Stage in = build(sink.input());
        Optional<SinkFactory> factory =
                engine.resolver().sinkFactory(sink.table().connector());
        if (factory.isEmpty()) {
            tableProblems.add("table '" + sink.table().name() + "': no sink connector '"
                    + sink.table().connector() + "' is installed (installed: "
                    + engine.resolver().connectorIdentifiers() + ")");
            tableErrors.add(new OptionError(
                    "connector", OptionError.Kind.INVALID, tableProblems.get(tableProblems.size() - 1)));
            return in;
        }
        TableContextImpl table = TableContextImpl.create(
                sink.table(),
                factory.get(),
                factory.get()::validateForTable,
                engine.resolver(),
                parallelism,
                tableProblems,
                tableErrors);
        if (table == null) {
            return in;
        }
        int before = tableErrors.size();
        TableErrors errors =
                job.errors().forTable(sink.table().name(), sink.table().options(), tableErrors);
        for (OptionError error : tableErrors.subList(before, tableErrors.size())) {
            tableProblems.add(error.message());
        }
        if (errors == null) {
            return in;
        }
        boolean changelog = sink.input().changelog() == ChangelogKind.RETRACT;
        io.sabot.connector.spi.sink.Sink<Object> connectorSink =
                (io.sabot.connector.spi.sink.Sink<Object>) factory.get().createSink(table);
        if (changelog && connectorSink.changelogMode() == ChangelogMode.INSERT_ONLY) {
            throw new IllegalArgumentException("table '" + sink.table().name() + "' (connector '"
                    + sink.table().connector() + "') accepts inserts only, but the query produces a changelog");
        }
        if (sink.input().rowType().size() != sink.table().physicalType().size()) {
            throw new IllegalArgumentException("INSERT INTO '" + sink.table().name() + "' writes "
                    + sink.input().rowType().size() + " columns into a table of "
                    + sink.table().physicalType().size());
        }
        int rowtime = -1;
        for (int c = 0; c < sink.input().rowType().size() && rowtime < 0; c++) {
            if (sink.input().rowType().type(c).timeAttribute() == io.sabot.plan.TimeAttribute.ROWTIME) {
                rowtime = c;
            }
        }
        // every NOT NULL column is checked, not only those the planner typed nullable: a wrong nullability upstream
        // must not let a null through (the check costs one null count per column and batch)
        io.sabot.plan.RowType physical = sink.table().physicalType();
        int[] notNull = java.util.stream.IntStream.range(0, physical.size())
                .filter(c -> !physical.type(c).nullable())
                .toArray();
        SinkState state =
                job.addSink(connectorSink, table, changelog, errors, rowtime, notNull, sink.notNullEnforcer());
        Stage s = in.parallelism == parallelism && !in.sealed ? in : newStageFrom(in);
        s.append("Sink[" + sink.table().name() + "]", () -> new SinkOperator(state), sink);
        state.id = s.operatorId(s.names.size() - 1);
        return s;
    }

    private Stage newStageFrom(Stage in) {
        Stage s = newStage(Stage.Kind.OPERATORS, parallelism);
        s.inputs.add(new Stage.Input(in, forwardOrRebalance(in, s), 0, null));
        s.tail = in.tail;
        return s;
    }
}
