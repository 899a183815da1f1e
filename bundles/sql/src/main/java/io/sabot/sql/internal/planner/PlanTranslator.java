package io.sabot.sql.internal.planner;

import io.sabot.plan.AggregateCall;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.Calc;
import io.sabot.plan.Call;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.InputRef;
import io.sabot.plan.Join;
import io.sabot.plan.JoinKind;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.Literal;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.RowType;
import io.sabot.plan.SortKey;
import io.sabot.plan.TableScan;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.Union;
import io.sabot.plan.Values;
import io.sabot.plan.WatermarkAssigner;
import io.sabot.plan.WindowAggregate;
import io.sabot.plan.WindowJoin;
import io.sabot.plan.WindowKind;
import io.sabot.plan.WindowProperty;
import io.sabot.plan.WindowRank;
import io.sabot.plan.WindowSpec;
import io.sabot.plan.WindowTableFunction;
import io.sabot.sql.internal.PlanningException;
import io.sabot.sql.internal.catalog.CatalogColumn;
import io.sabot.sql.internal.catalog.CatalogTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;

/**
 * Translates optimised relational algebra into the physical plan, one Calcite node at a time, and rejects what a
 * streaming engine cannot run. Tracks per column its time attribute (in {@link DataType}) and whether it is a
 * window's start, end or time, which window Top-N needs.
 */
final class PlanTranslator {

    /** What a column is to windowing. */
    enum RoleKind {
        NONE,
        WINDOW_START,
        WINDOW_END,
        WINDOW_TIME
    }

    /** A column's role, and for a window column the windows it belongs to (computed from the time column). */
    record Role(RoleKind kind, WindowSpec window) {
        static final Role NONE = new Role(RoleKind.NONE, null);

        /** The roles of window_start, window_end and window_time of {@code window}. */
        static List<Role> windowColumns(WindowSpec window) {
            return List.of(
                    new Role(RoleKind.WINDOW_START, window),
                    new Role(RoleKind.WINDOW_END, window),
                    new Role(RoleKind.WINDOW_TIME, window));
        }
    }

    /** A translated node and the window role of each of its columns. */
    record Translated(PlanNode node, List<Role> roles) {
        List<DataType> types() {
            List<DataType> types = new ArrayList<>();
            for (Column column : node.rowType().columns()) {
                types.add(column.type());
            }
            return types;
        }
    }

    private final RexBuilder rexBuilder;

    private final LatePolicy latePolicy;

    private final LookupJoins lookupJoins;

    PlanTranslator(RexBuilder rexBuilder) {
        this(rexBuilder, LatePolicy.DROP);
    }

    PlanTranslator(RexBuilder rexBuilder, LatePolicy latePolicy) {
        this(rexBuilder, latePolicy, new LookupJoins(rexBuilder, connector -> true, LookupJoins.Positions.NONE));
    }

    /** Which connectors read an upsert changelog: their scans are normalised by the primary key. */
    private java.util.function.Predicate<String> upsertScans = connector -> false;

    PlanTranslator upsertScans(java.util.function.Predicate<String> connectors) {
        this.upsertScans = connectors;
        return this;
    }

    PlanTranslator(RexBuilder rexBuilder, LatePolicy latePolicy, LookupJoins lookupJoins) {
        this.rexBuilder = rexBuilder;
        this.latePolicy = latePolicy;
        this.lookupJoins = lookupJoins;
    }

    Translated translate(RelNode rel) {
        if (rel instanceof LogicalTableScan scan) {
            return scan(scan);
        }
        if (rel instanceof LogicalCalc calc) {
            return calc(calc);
        }
        if (rel instanceof LogicalProject project) {
            return project(project);
        }
        if (rel instanceof LogicalFilter filter) {
            return filter(filter);
        }
        if (rel instanceof WindowAggregateRel window) {
            return windowAggregate(window);
        }
        if (rel instanceof WindowRankRel rank) {
            return windowRank(rank);
        }
        if (rel instanceof LogicalAggregate aggregate) {
            return groupAggregate(aggregate);
        }
        if (rel instanceof LogicalTableFunctionScan scan) {
            return windowTableFunction(scan);
        }
        if (rel instanceof LogicalJoin join) {
            return join(join);
        }
        if (rel instanceof LogicalUnion union) {
            return union(union);
        }
        if (rel instanceof org.apache.calcite.rel.logical.LogicalCorrelate correlate
                && LookupJoins.isLookup(correlate)) {
            Translated input = translate(correlate.getLeft());
            return lookupJoins.translate(correlate, input);
        }
        if (rel instanceof LogicalValues values) {
            return values(values);
        }
        if (rel instanceof Sort sort) {
            throw sortRejected(sort);
        }
        throw new PlanningException(describeUnsupported(rel));
    }

    // ---- scans ----

    private Translated scan(LogicalTableScan scan) {
        CatalogTables.TableAdapter adapter = scan.getTable().unwrap(CatalogTables.TableAdapter.class);
        if (adapter == null) {
            throw new PlanningException("Table " + scan.getTable().getQualifiedName() + " is not a catalog table");
        }
        CatalogTable table = adapter.table;
        boolean upsert = upsertScans.test(table.ref().connector());
        if (upsert && table.primaryKey().isEmpty()) {
            throw new PlanningException(
                    "Table " + table.name() + " (connector '" + table.ref().connector()
                            + "') has no PRIMARY KEY: it reads an upsert changelog keyed by the primary key; declare "
                            + "PRIMARY KEY (…) NOT ENFORCED");
        }
        PlanNode node = new TableScan(table.ref(), upsert);
        if (table.needsProjection()) {
            int[] scanned = table.scanIndexes();
            RowType scanType = table.ref().scanType();
            List<Expr> projections = new ArrayList<>();
            for (int i = 0; i < table.columns().size(); i++) {
                CatalogColumn column = table.columns().get(i);
                projections.add(
                        scanned[i] >= 0 ? new InputRef(scanned[i], scanType.type(scanned[i])) : column.expression());
            }
            node = new Calc(node, projections, null, table.fullType());
        }
        if (table.watermark() != null) {
            node = new WatermarkAssigner(
                    node, table.watermark().columnIndex(), table.watermark().expression());
        }
        if (upsert) {
            List<Integer> keys = new ArrayList<>();
            for (String column : table.primaryKey()) {
                for (int i = 0; i < table.columns().size(); i++) {
                    if (table.columns().get(i).name().equals(column)) {
                        keys.add(i);
                    }
                }
            }
            node = new io.sabot.plan.ChangelogNormalize(node, keys);
        }
        return new Translated(node, noRoles(node.rowType().size()));
    }

    // ---- projections and filters ----

    private Translated calc(LogicalCalc calc) {
        Translated input = translate(calc.getInput());
        RexProgram program = calc.getProgram();
        List<RexNode> projects = new ArrayList<>();
        for (RexLocalRef ref : program.getProjectList()) {
            projects.add(program.expandLocalRef(ref));
        }
        RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
        return calc(input, projects, condition, calc.getRowType());
    }

    private Translated project(LogicalProject project) {
        return calc(translate(project.getInput()), project.getProjects(), null, project.getRowType());
    }

    private Translated filter(LogicalFilter filter) {
        Translated input = translate(filter.getInput());
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < filter.getRowType().getFieldCount(); i++) {
            projects.add(rexBuilder.makeInputRef(filter.getInput(), i));
        }
        return calc(input, projects, filter.getCondition(), filter.getRowType());
    }

    private Translated calc(Translated input, List<RexNode> projects, RexNode condition, RelDataType rowType) {
        RexToPlan rex = new RexToPlan(rexBuilder, input.types());
        List<Expr> exprs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < projects.size(); i++) {
            RexNode project = projects.get(i);
            Expr expr = rex.translate(project);
            DataType type;
            Role role;
            if (expr instanceof InputRef ref) {
                // a column passed through (possibly under a cast Sabot does not need): keeps attribute and role
                type = withNullability(ref.type(), rowType.getFieldList().get(i).getType());
                role = input.roles().get(ref.index());
            } else {
                type = exprType(expr, rex.typeOf(project));
                role = Role.NONE;
            }
            exprs.add(expr);
            columns.add(new Column(rowType.getFieldNames().get(i), type));
            roles.add(role);
        }
        Expr predicate = condition == null || condition.isAlwaysTrue() ? null : rex.translate(condition);
        if (predicate == null && isIdentity(exprs, input.node().rowType(), columns)) {
            return input;
        }
        Calc calc = Calcs.merge(new Calc(input.node(), exprs, predicate, new RowType(columns)));
        if (calc.input() instanceof io.sabot.plan.LookupJoin lookup) {
            calc = LookupJoins.prune(calc, lookup); // fetch only the dimension columns the query reads
        }
        return new Translated(calc, roles);
    }

    /** A computed column's type: the expression's, keeping a PROCTIME() call's time attribute. */
    private static DataType exprType(Expr expr, DataType type) {
        if (expr instanceof Call call && call.operator() == Operator.PROCTIME) {
            return type.withTimeAttribute(TimeAttribute.PROCTIME);
        }
        return type;
    }

    private static DataType withNullability(DataType type, RelDataType relType) {
        return type.withNullable(relType.isNullable());
    }

    private static boolean isIdentity(List<Expr> exprs, RowType input, List<Column> columns) {
        if (exprs.size() != input.size()) {
            return false;
        }
        for (int i = 0; i < exprs.size(); i++) {
            if (!(exprs.get(i) instanceof InputRef ref)
                    || ref.index() != i
                    || !columns.get(i).equals(input.column(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- aggregations ----

    private Translated groupAggregate(LogicalAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw new PlanningException("GROUPING SETS, ROLLUP and CUBE are not supported");
        }
        Translated input = translate(aggregate.getInput());
        List<Integer> keys = aggregate.getGroupSet().asList();
        List<Column> columns = new ArrayList<>();
        List<DataType> inputTypes = input.types();
        RelDataType rowType = aggregate.getRowType();
        for (int i = 0; i < keys.size(); i++) {
            columns.add(new Column(rowType.getFieldNames().get(i), materialized(inputTypes.get(keys.get(i)))));
        }
        List<AggregateCall> calls = aggregateCalls(aggregate.getAggCallList(), rowType, keys.size());
        for (AggregateCall call : calls) {
            columns.add(new Column(call.name(), call.type()));
        }
        WindowSpec attached = attachedWindow(input, keys);
        if (attached != null) {
            // GROUP BY window_start, window_end, … of windowed rows: a window aggregation (Flink's cascading window
            // aggregation), insert-only and released when the window fires, not an updating aggregate
            List<Role> roles = new ArrayList<>();
            for (int key : keys) {
                roles.add(input.roles().get(key));
            }
            roles.addAll(noRoles(calls.size()));
            WindowAggregate node = new WindowAggregate(
                    input.node(),
                    keys,
                    attached,
                    calls,
                    List.of(),
                    new RowType(columns),
                    latePolicy.deadLetters() ? LatePolicy.DEAD_LETTER : LatePolicy.DROP);
            return new Translated(node, roles);
        }
        return new Translated(
                new GroupAggregate(input.node(), keys, calls, new RowType(columns)), noRoles(columns.size()));
    }

    /**
     * The windows of an insert-only input whose window_start and window_end (of the same windows) are among {@code
     * columns}, attached to those columns; null when there are none.
     */
    private static WindowSpec attachedWindow(Translated input, List<Integer> columns) {
        if (input.node().changelog() != ChangelogKind.INSERT_ONLY) {
            return null;
        }
        for (int start : columns) {
            Role startRole = input.roles().get(start);
            if (startRole.kind() != RoleKind.WINDOW_START) {
                continue;
            }
            for (int end : columns) {
                Role endRole = input.roles().get(end);
                if (endRole.kind() == RoleKind.WINDOW_END && endRole.window().sameWindows(startRole.window())) {
                    return startRole.window().attachedTo(start, end);
                }
            }
        }
        return null;
    }

    private Translated windowAggregate(WindowAggregateRel window) {
        Translated input = translate(window.getInput());
        WindowAggregateRel.Window w = window.window;
        DataType timeType = input.types().get(w.timeColumn());
        if (timeType.timeAttribute() == TimeAttribute.NONE) {
            throw new PlanningException(
                    w.fromTvf()
                            ? "The window function requires the timecol is a time attribute type, but is "
                                    + flinkType(timeType) + "."
                            : "Window can only be defined on a time attribute column, but is type of "
                                    + flinkType(timeType));
        }
        if (w.fromTvf() && input.node().changelog() == ChangelogKind.RETRACT) {
            throw new PlanningException("A window aggregation over a window table function can only consume an"
                    + " insert-only input, but its input is a changelog (updates and deletes) produced by "
                    + input.node().describe());
        }
        WindowSpec spec = spec(w);
        List<Integer> keys = window.groupSet.asList();
        RelDataType rowType = window.getRowType();
        List<Column> columns = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<DataType> inputTypes = input.types();
        for (int i = 0; i < keys.size(); i++) {
            columns.add(new Column(rowType.getFieldNames().get(i), materialized(inputTypes.get(keys.get(i)))));
            roles.add(Role.NONE);
        }
        List<AggregateCall> calls = aggregateCalls(window.aggCalls, rowType, keys.size());
        for (AggregateCall call : calls) {
            columns.add(new Column(call.name(), call.type()));
            roles.add(Role.NONE);
        }
        int start = keys.size() + calls.size();
        columns.add(new Column(rowType.getFieldNames().get(start), Types.toDataType(fieldType(rowType, start))));
        columns.add(
                new Column(rowType.getFieldNames().get(start + 1), Types.toDataType(fieldType(rowType, start + 1))));
        columns.add(new Column(
                rowType.getFieldNames().get(start + 2),
                Types.toDataType(fieldType(rowType, start + 2)).withTimeAttribute(timeType.timeAttribute())));
        roles.addAll(Role.windowColumns(spec));
        WindowAggregate node = new WindowAggregate(
                input.node(),
                keys,
                spec,
                calls,
                List.of(WindowProperty.WINDOW_START, WindowProperty.WINDOW_END, WindowProperty.WINDOW_TIME),
                new RowType(columns),
                latePolicy);
        return new Translated(node, roles);
    }

    private static WindowSpec spec(WindowAggregateRel.Window w) {
        String name = w.kind().name();
        switch (w.kind()) {
            case TUMBLE -> requirePositive(name, "size", w.size());
            case HOP, CUMULATE -> {
                requirePositive(name, "size", w.size());
                requirePositive(name, w.kind() == WindowKind.HOP ? "slide" : "step", w.slide());
                if (w.size() % w.slide() != 0) {
                    throw new PlanningException(name + " window requires size must be an integral multiple of "
                            + (w.kind() == WindowKind.HOP ? "slide" : "step") + ", but got size " + w.size()
                            + "ms and " + (w.kind() == WindowKind.HOP ? "slide " : "step ") + w.slide() + "ms.");
                }
            }
            case SESSION -> requirePositive(name, "gap", w.gap());
        }
        return new WindowSpec(w.kind(), w.timeColumn(), w.size(), w.slide(), w.gap(), w.offset());
    }

    private static void requirePositive(String window, String what, long millis) {
        if (millis <= 0) {
            throw new PlanningException(window + " window " + what + " must be positive, got " + millis + " ms");
        }
    }

    private static RelDataType fieldType(RelDataType rowType, int index) {
        return rowType.getFieldList().get(index).getType();
    }

    private List<AggregateCall> aggregateCalls(
            List<org.apache.calcite.rel.core.AggregateCall> calls, RelDataType rowType, int offset) {
        List<AggregateCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            org.apache.calcite.rel.core.AggregateCall call = calls.get(i);
            AggregateFunction function =
                    switch (call.getAggregation().getKind()) {
                        case COUNT -> call.getArgList().isEmpty()
                                ? AggregateFunction.COUNT_STAR
                                : AggregateFunction.COUNT;
                        case SUM -> AggregateFunction.SUM;
                        case SUM0 -> AggregateFunction.SUM0;
                        case AVG -> AggregateFunction.AVG;
                        case MIN -> AggregateFunction.MIN;
                        case MAX -> AggregateFunction.MAX;
                        default -> throw new PlanningException(
                                "Aggregate function " + call.getAggregation().getName() + " is not supported");
                    };
            if (function == AggregateFunction.COUNT && call.getArgList().size() > 1) {
                throw new PlanningException("COUNT with more than one argument is not supported");
            }
            String name = rowType.getFieldNames().get(offset + i);
            out.add(new AggregateCall(
                    function,
                    call.getArgList(),
                    call.isDistinct(),
                    call.filterArg,
                    Types.toDataType(call.getType()),
                    name));
        }
        return out;
    }

    /** A column's type after it went through an aggregation's keys: no longer a time attribute (as in Flink). */
    private static DataType materialized(DataType type) {
        return type.withTimeAttribute(TimeAttribute.NONE);
    }

    // ---- window table functions and Top-N ----

    private Translated windowTableFunction(LogicalTableFunctionScan scan) {
        if (!(scan.getCall() instanceof RexCall call) || !(call.getOperator() instanceof WindowTvf tvf)) {
            throw new PlanningException("Table function " + scan.getCall() + " is not supported");
        }
        if (tvf.kind == WindowKind.SESSION) {
            throw new PlanningException("SESSION window table function is only supported followed by GROUP BY"
                    + " window_start, window_end (a window aggregation)");
        }
        Translated input = translate(scan.getInputs().get(0));
        WindowFolding.WindowSpecOperands operands = WindowFolding.WindowSpecOperands.of(tvf.kind, call);
        if (operands == null) {
            throw new PlanningException("Window table function " + call + " needs DESCRIPTOR(time column)");
        }
        DataType timeType = input.types().get(operands.timeColumn());
        if (timeType.timeAttribute() == TimeAttribute.NONE) {
            throw new PlanningException("The window function requires the timecol is a time attribute type, but is "
                    + flinkType(timeType) + ".");
        }
        if (input.node().changelog() == ChangelogKind.RETRACT) {
            throw new PlanningException("A window table function can only consume an insert-only input, but its"
                    + " input is a changelog produced by " + input.node().describe());
        }
        WindowSpec spec = spec(new WindowAggregateRel.Window(
                tvf.kind,
                operands.timeColumn(),
                operands.size(),
                operands.slide(),
                operands.gap(),
                operands.offset(),
                true));
        RelDataType rowType = scan.getRowType();
        List<Column> columns = new ArrayList<>(input.node().rowType().columns());
        List<Role> roles = new ArrayList<>(input.roles());
        int n = columns.size();
        columns.add(new Column(rowType.getFieldNames().get(n), Types.toDataType(fieldType(rowType, n))));
        columns.add(new Column(rowType.getFieldNames().get(n + 1), Types.toDataType(fieldType(rowType, n + 1))));
        columns.add(new Column(
                rowType.getFieldNames().get(n + 2),
                Types.toDataType(fieldType(rowType, n + 2)).withTimeAttribute(timeType.timeAttribute())));
        roles.addAll(Role.windowColumns(spec));
        return new Translated(new WindowTableFunction(input.node(), spec, new RowType(columns)), roles);
    }

    private Translated windowRank(WindowRankRel rank) {
        Translated input = translate(rank.getInput());
        int start = -1;
        int end = -1;
        for (int key : rank.partitionKeys) {
            Role role = input.roles().get(key);
            if (role.kind() == RoleKind.WINDOW_START) {
                start = key;
            } else if (role.kind() == RoleKind.WINDOW_END) {
                end = key;
            }
        }
        if (start < 0 || end < 0) {
            throw new PlanningException("ROW_NUMBER() is only supported as window Top-N: its PARTITION BY must"
                    + " include the window_start and window_end of a window aggregation or window table function"
                    + " (streaming Top-N without windows is not supported yet)");
        }
        if (latePolicy.emitsUpdates()) {
            throw new PlanningException("Window Top-N does not support 'sabot.late-data' = 'update' with an allowed"
                    + " lateness: its rows are final when the window fires (Flink's window Top-N has no"
                    + " allow-lateness either); use 'drop' or 'dead-letter', or set 'table.exec.emit.allow-lateness'"
                    + " = '0'");
        }
        if (input.node().changelog() == ChangelogKind.RETRACT) {
            throw new PlanningException("Window Top-N can only consume an insert-only input, but its input is a"
                    + " changelog produced by " + input.node().describe());
        }
        List<SortKey> orderBy = new ArrayList<>();
        for (RelFieldCollation collation : rank.orderBy.getFieldCollations()) {
            boolean descending = collation.getDirection().isDescending();
            boolean nullsFirst = collation.nullDirection == RelFieldCollation.NullDirection.FIRST
                    || collation.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED && descending;
            orderBy.add(new SortKey(collation.getFieldIndex(), descending, nullsFirst));
        }
        List<Column> columns = new ArrayList<>(input.node().rowType().columns());
        RelDataType rowType = rank.getRowType();
        columns.add(new Column(
                rowType.getFieldNames().get(columns.size()), Types.toDataType(fieldType(rowType, columns.size()))));
        List<Role> roles = new ArrayList<>(input.roles());
        roles.add(Role.NONE);
        WindowRank node = new WindowRank(
                input.node(),
                rank.partitionKeys,
                end,
                orderBy,
                rank.limit,
                true,
                new RowType(columns),
                latePolicy.deadLetters() ? LatePolicy.DEAD_LETTER : LatePolicy.DROP);
        return new Translated(node, roles);
    }

    // ---- joins, unions, values ----

    private Translated join(LogicalJoin join) {
        JoinKind kind =
                switch (join.getJoinType()) {
                    case INNER -> JoinKind.INNER;
                    case LEFT -> JoinKind.LEFT;
                    case RIGHT -> JoinKind.RIGHT;
                    case FULL -> JoinKind.FULL;
                    default -> throw new PlanningException(join.getJoinType()
                            + " joins (from IN/EXISTS subqueries) are not supported; write an inner join instead");
                };
        JoinInfo info = join.analyzeCondition();
        if (info.leftKeys.isEmpty()) {
            throw new PlanningException("A join needs at least one equality condition between its two inputs"
                    + " (cross joins and non-equi joins are not supported): " + join.getCondition());
        }
        Translated left = translate(join.getLeft());
        Translated right = translate(join.getRight());
        List<DataType> leftTypes = left.types();
        List<DataType> rightTypes = right.types();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            DataType l = leftTypes.get(info.leftKeys.get(i));
            DataType r = rightTypes.get(info.rightKeys.get(i));
            if (Types.needsCast(l, r)) {
                throw new PlanningException("Join keys of different types: " + l + " and " + r);
            }
        }
        List<DataType> all = new ArrayList<>(leftTypes);
        all.addAll(rightTypes);
        RexNode residual = RexUtil.composeConjunction(rexBuilder, info.nonEquiConditions);
        Expr condition = residual.isAlwaysTrue() ? null : new RexToPlan(rexBuilder, all).translate(residual);
        boolean leftNullable = kind == JoinKind.RIGHT || kind == JoinKind.FULL;
        boolean rightNullable = kind == JoinKind.LEFT || kind == JoinKind.FULL;
        List<String> names = join.getRowType().getFieldNames();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < leftTypes.size(); i++) {
            DataType type = leftTypes.get(i);
            columns.add(new Column(names.get(i), leftNullable ? type.withNullable(true) : type));
        }
        for (int i = 0; i < rightTypes.size(); i++) {
            DataType type = rightTypes.get(i);
            columns.add(new Column(names.get(leftTypes.size() + i), rightNullable ? type.withNullable(true) : type));
        }
        List<Role> roles = new ArrayList<>(left.roles());
        roles.addAll(right.roles());
        WindowSpec[] windows = windowJoin(left, right, info.leftKeys, info.rightKeys);
        if (windows != null) {
            // equal window_start and window_end of the same windows on both sides: joined window by window, each
            // window's rows released when it fires, insert-only (Flink's window join)
            WindowJoin node = new WindowJoin(
                    left.node(),
                    right.node(),
                    kind,
                    info.leftKeys,
                    info.rightKeys,
                    condition,
                    windows[0],
                    windows[1],
                    new RowType(columns));
            return new Translated(node, roles);
        }
        Join node = new Join(
                left.node(), right.node(), kind, info.leftKeys, info.rightKeys, condition, new RowType(columns));
        return new Translated(node, roles);
    }

    /**
     * The attached windows of both sides when the equality keys pair the left window_start with the right's and the
     * left window_end with the right's, of the same windows, over insert-only inputs; else null (a regular join).
     */
    private static WindowSpec[] windowJoin(
            Translated left, Translated right, List<Integer> leftKeys, List<Integer> rightKeys) {
        if (left.node().changelog() != ChangelogKind.INSERT_ONLY
                || right.node().changelog() != ChangelogKind.INSERT_ONLY) {
            return null;
        }
        int[] starts = null;
        int[] ends = null;
        for (int i = 0; i < leftKeys.size(); i++) {
            Role l = left.roles().get(leftKeys.get(i));
            Role r = right.roles().get(rightKeys.get(i));
            if (l.kind() != r.kind() || l.kind() == RoleKind.NONE || !l.window().sameWindows(r.window())) {
                continue;
            }
            if (l.kind() == RoleKind.WINDOW_START && starts == null) {
                starts = new int[] {leftKeys.get(i), rightKeys.get(i)};
            } else if (l.kind() == RoleKind.WINDOW_END && ends == null) {
                ends = new int[] {leftKeys.get(i), rightKeys.get(i)};
            }
        }
        if (starts == null
                || ends == null
                || !left.roles()
                        .get(starts[0])
                        .window()
                        .sameWindows(left.roles().get(ends[0]).window())) {
            return null;
        }
        return new WindowSpec[] {
            left.roles().get(starts[0]).window().attachedTo(starts[0], ends[0]),
            right.roles().get(starts[1]).window().attachedTo(starts[1], ends[1])
        };
    }

    private Translated union(LogicalUnion union) {
        RelDataType rowType = union.getRowType();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            columns.add(new Column(rowType.getFieldNames().get(i), Types.toDataType(fieldType(rowType, i))));
        }
        List<Translated> inputs = new ArrayList<>();
        for (RelNode input : union.getInputs()) {
            inputs.add(translate(input));
        }
        // Keep a time attribute only where every input has the same one.
        for (int i = 0; i < columns.size(); i++) {
            TimeAttribute attribute = inputs.get(0).types().get(i).timeAttribute();
            for (Translated input : inputs) {
                if (input.types().get(i).timeAttribute() != attribute) {
                    attribute = TimeAttribute.NONE;
                }
            }
            columns.set(
                    i, new Column(columns.get(i).name(), columns.get(i).type().withTimeAttribute(attribute)));
        }
        RowType type = new RowType(columns);
        List<PlanNode> nodes = new ArrayList<>();
        for (Translated input : inputs) {
            nodes.add(castTo(input.node(), type));
        }
        PlanNode node = new Union(nodes, type);
        if (!union.all) {
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                keys.add(i);
            }
            node = new GroupAggregate(node, keys, List.of(), type);
        }
        return new Translated(node, noRoles(columns.size()));
    }

    /** A Calc casting a node's columns to the given types where their kinds differ (for unions and sinks). */
    static PlanNode castTo(PlanNode node, RowType target) {
        boolean needed = false;
        List<Expr> exprs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < target.size(); i++) {
            DataType from = node.rowType().type(i);
            DataType to = target.type(i);
            Expr ref = new InputRef(i, from);
            if (from.kind() == io.sabot.plan.TypeKind.NULL) {
                exprs.add(new Literal(null, to.withNullable(true)));
                needed = true;
            } else if (Types.needsCast(from, to)) {
                exprs.add(new Call(Operator.CAST, List.of(ref), to.withNullable(from.nullable())));
                needed = true;
            } else {
                exprs.add(ref);
            }
            columns.add(new Column(node.rowType().column(i).name(), exprs.get(i).type()));
        }
        return needed ? new Calc(node, exprs, null, new RowType(columns)) : node;
    }

    private Translated values(LogicalValues values) {
        RelDataType rowType = values.getRowType();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < rowType.getFieldCount(); i++) {
            columns.add(new Column(rowType.getFieldNames().get(i), Types.toDataType(fieldType(rowType, i))));
        }
        List<List<Literal>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Literal> row = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                row.add(RexToPlan.literal(tuple.get(i), fieldType(rowType, i)));
            }
            rows.add(row);
        }
        return new Translated(new Values(rows, new RowType(columns)), noRoles(columns.size()));
    }

    // ---- rejections ----

    private PlanningException sortRejected(Sort sort) {
        if (sort.fetch != null || sort.offset != null) {
            return new PlanningException("ORDER BY … LIMIT/FETCH/OFFSET (streaming Top-N) is not supported yet; use"
                    + " window Top-N: ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY …) <= N");
        }
        RelFieldCollation first = sort.getCollation().getFieldCollations().get(0);
        Translated input = translate(sort.getInput());
        DataType type = input.types().get(first.getFieldIndex());
        if (type.timeAttribute() == TimeAttribute.NONE) {
            return new PlanningException("Sort on a non-time-attribute field is not supported.");
        }
        return new PlanningException("Sort on a time attribute (ORDER BY "
                + input.node().rowType().column(first.getFieldIndex()).name()
                + ") is not supported yet: streaming results arrive in the order they are computed");
    }

    private static String describeUnsupported(RelNode rel) {
        String name = rel.getRelTypeName();
        if (name.contains("Correlate")) {
            return "Correlated subqueries and LATERAL joins are not supported";
        }
        if (name.contains("Window")) {
            return "OVER aggregations are not supported; Sabot supports ROW_NUMBER() only as window Top-N:"
                    + " PARTITION BY window_start, window_end … with a filter rownum <= N";
        }
        if (name.contains("Intersect") || name.contains("Minus")) {
            return "INTERSECT and EXCEPT are not supported";
        }
        if (name.contains("Match")) {
            return "MATCH_RECOGNIZE is not supported";
        }
        return "Operator " + name + " is not supported";
    }

    /** Flink's spelling of a type in messages: {@code TIMESTAMP(3)}, no time attribute marker. */
    private static String flinkType(DataType type) {
        return type.withTimeAttribute(TimeAttribute.NONE).withNullable(true).toString();
    }

    private static List<Role> noRoles(int size) {
        List<Role> roles = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            roles.add(Role.NONE);
        }
        return roles;
    }
}
