package io.sabot.sql.internal.planner;

import io.sabot.plan.Calc;
import io.sabot.plan.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.JoinKind;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.sql.internal.PlanningException;
import io.sabot.sql.internal.catalog.CatalogTable;
import io.sabot.sql.internal.planner.PlanTranslator.Role;
import io.sabot.sql.internal.planner.PlanTranslator.Translated;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.logical.LogicalCalc;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalSnapshot;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Lookup joins: Calcite turns {@code JOIN dim FOR SYSTEM_TIME AS OF o.proc_time AS d ON …} into a correlate whose
 * right side is a snapshot of the dimension table's scan (under a Calc holding the {@code ON} clause, which refers to
 * the left row through the correlation variable). This translates that shape into a {@link LookupJoin}, and refuses
 * what Sabot cannot run with Flink's reasons, at the position of the table or of the {@code AS OF} expression.
 */
final class LookupJoins {

    /** Where each table's {@code FOR SYSTEM_TIME AS OF} stands in the statement (the first, per table name). */
    record Positions(Map<String, SqlParserPos> tables, Map<String, SqlParserPos> periods) {
        static final Positions NONE = new Positions(Map.of(), Map.of());

        SqlParserPos table(String name) {
            return tables.get(name);
        }

        SqlParserPos period(String name) {
            return periods.getOrDefault(name, tables.get(name));
        }
    }

    private final RexBuilder rexBuilder;
    private final Predicate<String> lookupSupport;
    private final Positions positions;

    LookupJoins(RexBuilder rexBuilder, Predicate<String> lookupSupport, Positions positions) {
        this.rexBuilder = rexBuilder;
        this.lookupSupport = lookupSupport;
        this.positions = positions;
    }

    /** Collects the positions of the snapshots of {@code query} (before validation, which keeps them). */
    static Positions positions(SqlNode query) {
        Map<String, SqlParserPos> tables = new HashMap<>();
        Map<String, SqlParserPos> periods = new HashMap<>();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call.getKind() == SqlKind.SNAPSHOT) {
                    SqlSnapshot snapshot = (SqlSnapshot) call;
                    SqlNode table = snapshot.getTableRef();
                    String name =
                            table instanceof SqlIdentifier id ? id.names.get(id.names.size() - 1) : table.toString();
                    tables.putIfAbsent(name, table.getParserPosition());
                    periods.putIfAbsent(name, snapshot.getPeriod().getParserPosition());
                }
                return super.visit(call);
            }
        });
        return new Positions(tables, periods);
    }

    /** Whether {@code correlate} joins a snapshot ({@code FOR SYSTEM_TIME AS OF}) rather than a subquery. */
    static boolean isLookup(LogicalCorrelate correlate) {
        RelNode right = correlate.getRight();
        if (right instanceof LogicalCalc calc) {
            right = calc.getInput();
        }
        return right instanceof LogicalSnapshot;
    }

    Translated translate(LogicalCorrelate correlate, Translated left) {
        RelNode right = correlate.getRight();
        LogicalCalc calc = right instanceof LogicalCalc c ? c : null;
        LogicalSnapshot snapshot = (LogicalSnapshot) (calc == null ? right : calc.getInput());
        CatalogTables.TableAdapter adapter = snapshot.getInput() instanceof LogicalTableScan scan
                ? scan.getTable().unwrap(CatalogTables.TableAdapter.class)
                : null;
        if (adapter == null) {
            throw new PlanningException("FOR SYSTEM_TIME AS OF is supported on a table only (a lookup join), not on a"
                    + " view or subquery: "
                    + RelOptUtil.toString(snapshot.getInput()).strip());
        }
        CatalogTable table = adapter.table;
        TableRef ref = table.ref();
        String name = table.name();
        if (!lookupSupport.test(ref.connector())) {
            throw new PlanningException(
                    "Table '" + name + "' cannot be looked up: its connector '" + ref.connector() + "' offers no"
                            + " lookup source, so it cannot be joined FOR SYSTEM_TIME AS OF a processing-time attribute"
                            + " (a lookup join needs a connector with lookups, e.g. 'filesystem')",
                    positions.table(name));
        }
        CorrelationId id = correlate.getCorrelationId();
        int timeColumn = correlatedField(snapshot.getPeriod(), id);
        if (timeColumn < 0) {
            throw new PlanningException(
                    "Temporal table join currently only supports 'FOR SYSTEM_TIME AS OF' left table's time attribute"
                            + " field; '" + snapshot.getPeriod() + "' is not a column of the left table",
                    positions.period(name));
        }
        String timeName = left.node().rowType().column(timeColumn).name();
        TimeAttribute attribute = left.types().get(timeColumn).timeAttribute();
        if (attribute == TimeAttribute.ROWTIME) {
            throw new PlanningException(
                    "Event-time temporal joins are not supported yet: '" + timeName + "' is an event-time (rowtime)"
                            + " attribute, and joining a versioned table as of event time needs its history."
                            + " Join FOR SYSTEM_TIME AS OF a processing-time attribute (a column AS PROCTIME()) to"
                            + " look rows of '" + name + "' up as they are when each row is processed",
                    positions.period(name));
        }
        if (attribute != TimeAttribute.PROCTIME) {
            throw new PlanningException(
                    "Temporal table join currently only supports 'FOR SYSTEM_TIME AS OF' left table's time attribute"
                            + " field; '" + timeName + "' is not a time attribute (declare one AS PROCTIME())",
                    positions.period(name));
        }
        JoinKind kind =
                switch (correlate.getJoinType()) {
                    case INNER -> JoinKind.INNER;
                    case LEFT -> JoinKind.LEFT;
                    default -> throw new PlanningException(
                            "A lookup join (FOR SYSTEM_TIME AS OF) is INNER or LEFT, not " + correlate.getJoinType(),
                            positions.table(name));
                };
        if (table.needsProjection()) {
            throw new PlanningException(
                    "Table '" + name + "' has computed or metadata columns, which a lookup join cannot read yet;"
                            + " look up a table of physical columns",
                    positions.table(name));
        }

        // the right side's projections and ON clause over the left columns followed by the dimension columns
        int leftWidth = left.node().rowType().size();
        RowType physical = ref.physicalType();
        List<DataType> types = new ArrayList<>(left.types());
        for (Column column : physical.columns()) {
            types.add(column.type());
        }
        RexShuttle joined = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef input) {
                return new RexInputRef(leftWidth + input.getIndex(), input.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v && v.id.equals(id)) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        };
        List<RexNode> projects = new ArrayList<>();
        RexNode condition = null;
        if (calc != null) {
            RexProgram program = calc.getProgram();
            for (RexLocalRef project : program.getProjectList()) {
                projects.add(program.expandLocalRef(project).accept(joined));
            }
            if (program.getCondition() != null) {
                condition = program.expandLocalRef(program.getCondition()).accept(joined);
            }
        } else {
            for (int i = 0; i < physical.size(); i++) {
                projects.add(new RexInputRef(
                        leftWidth + i,
                        snapshot.getRowType().getFieldList().get(i).getType()));
            }
        }

        // equalities between a dimension column and a left column are the lookup keys; the rest is a condition
        List<Integer> inputKeys = new ArrayList<>();
        List<Integer> tableKeys = new ArrayList<>();
        List<RexNode> residual = new ArrayList<>();
        for (RexNode conjunct : condition == null ? List.<RexNode>of() : RelOptUtil.conjunctions(condition)) {
            int[] pair = keyPair(conjunct, leftWidth);
            if (pair != null && !tableKeys.contains(pair[1]) && compatible(types.get(pair[0]), types.get(pair[1]))) {
                inputKeys.add(pair[0]);
                tableKeys.add(pair[1] - leftWidth);
            } else {
                residual.add(conjunct);
            }
        }
        if (tableKeys.isEmpty()) {
            throw new PlanningException(
                    "Temporal table join requires an equality condition on fields of table [" + name + "]: a lookup"
                            + " join looks rows up by key, so its ON clause needs '" + name + "'.column = a column of"
                            + " the left table (of the same type)",
                    positions.table(name));
        }
        correlateRefs(residual);
        Expr extra = residual.isEmpty()
                ? null
                : new RexToPlan(rexBuilder, types).translate(RexUtil.composeConjunction(rexBuilder, residual));

        List<String> names = correlate.getRowType().getFieldNames();
        List<Column> columns = new ArrayList<>(left.node().rowType().columns());
        List<Integer> tableColumns = new ArrayList<>();
        for (int i = 0; i < physical.size(); i++) {
            DataType type = physical.type(i);
            columns.add(new Column(physical.column(i).name(), kind == JoinKind.LEFT ? type.withNullable(true) : type));
            tableColumns.add(i);
        }
        LookupJoin join =
                new LookupJoin(left.node(), ref, kind, inputKeys, tableKeys, tableColumns, extra, new RowType(columns));
        List<Role> roles = new ArrayList<>(left.roles());
        for (int i = 0; i < physical.size(); i++) {
            roles.add(Role.NONE);
        }
        if (isIdentity(projects, leftWidth, physical.size())) {
            return new Translated(renamed(join, names), roles);
        }
        // the right side projects or computes: a Calc over the join (refs only, for LEFT: a value computed before
        // the join would not be NULL-padded)
        RexToPlan rex = new RexToPlan(rexBuilder, types);
        List<Expr> exprs = new ArrayList<>();
        List<Column> outColumns = new ArrayList<>();
        List<Role> outRoles = new ArrayList<>(left.roles());
        for (int i = 0; i < leftWidth; i++) {
            exprs.add(new InputRef(i, columns.get(i).type()));
            outColumns.add(new Column(names.get(i), columns.get(i).type()));
        }
        for (int i = 0; i < projects.size(); i++) {
            RexNode project = projects.get(i);
            if (kind == JoinKind.LEFT && !(project instanceof RexInputRef)) {
                throw new PlanningException(
                        "A LEFT lookup join cannot compute '" + project + "' over table '" + name + "' before"
                                + " joining; compute it in the SELECT list",
                        positions.table(name));
            }
            Expr expr = project instanceof RexInputRef input
                    ? new InputRef(
                            input.getIndex(), columns.get(input.getIndex()).type())
                    : rex.translate(project);
            exprs.add(expr);
            outColumns.add(new Column(names.get(leftWidth + i), expr.type()));
            outRoles.add(Role.NONE);
        }
        return new Translated(new Calc(join, exprs, null, new RowType(outColumns)), outRoles);
    }

    /** The join with the output names Calcite gave its columns (left names, then the dimension's, deduplicated). */
    private static LookupJoin renamed(LookupJoin join, List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < join.rowType().size(); i++) {
            columns.add(new Column(names.get(i), join.rowType().type(i)));
        }
        return new LookupJoin(
                join.input(),
                join.table(),
                join.kind(),
                join.inputKeys(),
                join.tableKeys(),
                join.tableColumns(),
                join.condition(),
                new RowType(columns));
    }

    private static void correlateRefs(List<RexNode> residual) {
        for (RexNode node : residual) {
            if (RexUtil.containsCorrelation(node)) {
                throw new PlanningException("The ON clause of a lookup join may refer to the left table's columns and"
                        + " the dimension table's only: " + node);
            }
        }
    }

    /** The left column {@code period} names through the correlation variable, or -1. */
    private static int correlatedField(RexNode period, CorrelationId id) {
        if (period instanceof RexFieldAccess access
                && access.getReferenceExpr() instanceof RexCorrelVariable v
                && v.id.equals(id)) {
            return access.getField().getIndex();
        }
        return -1;
    }

    /** {@code [left column, joined dimension column]} for {@code left = dim} (either order), else null. */
    private static int[] keyPair(RexNode conjunct, int leftWidth) {
        if (conjunct.getKind() != SqlKind.EQUALS) {
            return null;
        }
        List<RexNode> operands = ((RexCall) conjunct).getOperands();
        int a = column(operands.get(0));
        int b = column(operands.get(1));
        if (a < 0 || b < 0) {
            return null;
        }
        if (a < leftWidth && b >= leftWidth) {
            return new int[] {a, b};
        }
        if (b < leftWidth && a >= leftWidth) {
            return new int[] {b, a};
        }
        return null;
    }

    /** A column reference, looking through the casts Calcite puts between integer types; else -1. */
    private static int column(RexNode node) {
        if (node.getKind() == SqlKind.CAST
                && INTEGERS.contains(Types.toDataType(node.getType()).kind())) {
            RexNode operand = ((RexCall) node).getOperands().get(0);
            if (Types.isSupported(operand.getType())
                    && INTEGERS.contains(Types.toDataType(operand.getType()).kind())) {
                node = operand;
            }
        }
        return node instanceof RexInputRef ref ? ref.getIndex() : -1;
    }

    private static final Set<TypeKind> INTEGERS =
            Set.of(TypeKind.TINYINT, TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT);

    /** Keys the engine compares as they are: the same type, or integers of any width (all encoded as 64 bits). */
    private static boolean compatible(DataType left, DataType right) {
        return !Types.needsCast(left, right) || (INTEGERS.contains(left.kind()) && INTEGERS.contains(right.kind()));
    }

    private static boolean isIdentity(List<RexNode> projects, int leftWidth, int width) {
        if (projects.size() != width) {
            return false;
        }
        for (int i = 0; i < width; i++) {
            if (!(projects.get(i) instanceof RexInputRef ref) || ref.getIndex() != leftWidth + i) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code top} over {@code join} with the join fetching only the dimension columns {@code top} and the join's
     * condition read (the others are never carried).
     */
    static Calc prune(Calc top, LookupJoin join) {
        int leftWidth = join.input().rowType().size();
        int width = join.rowType().size();
        boolean[] used = new boolean[width];
        top.projections().forEach(e -> mark(e, used));
        mark(top.condition(), used);
        mark(join.condition(), used);
        List<Integer> kept = new ArrayList<>();
        List<Column> columns = new ArrayList<>(join.input().rowType().columns());
        List<Expr> remap = new ArrayList<>();
        for (int i = 0; i < leftWidth; i++) {
            remap.add(new InputRef(i, join.rowType().type(i)));
        }
        for (int i = leftWidth; i < width; i++) {
            if (used[i]) {
                remap.add(new InputRef(columns.size(), join.rowType().type(i)));
                kept.add(join.tableColumns().get(i - leftWidth));
                columns.add(join.rowType().column(i));
            } else {
                remap.add(new InputRef(i, join.rowType().type(i))); // never referenced
            }
        }
        if (columns.size() == width) {
            return top;
        }
        LookupJoin pruned = new LookupJoin(
                join.input(),
                join.table(),
                join.kind(),
                join.inputKeys(),
                join.tableKeys(),
                kept,
                join.condition() == null ? null : Calcs.substitute(join.condition(), remap),
                new RowType(columns));
        List<Expr> projections = new ArrayList<>();
        for (Expr e : top.projections()) {
            projections.add(Calcs.substitute(e, remap));
        }
        return new Calc(
                pruned,
                projections,
                top.condition() == null ? null : Calcs.substitute(top.condition(), remap),
                top.rowType());
    }

    private static void mark(Expr expr, boolean[] used) {
        if (expr instanceof InputRef ref) {
            used[ref.index()] = true;
        } else if (expr instanceof io.sabot.plan.Call call) {
            call.operands().forEach(o -> mark(o, used));
        }
    }
}
