package io.sabot.sql.internal.planner;

import io.sabot.plan.WindowKind;
import io.sabot.sql.internal.PlanningException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Replaces legacy group windows right after conversion, before any optimisation: {@code Aggregate(group={k, w},
 * Project(…, $TUMBLE(ts, size)))} becomes a {@link WindowAggregateRel} under a project that restores the aggregate's
 * columns (the window key as the window start) and appends the window end and time. The {@code $WINDOW_END($w)} and
 * {@code $WINDOW_TIME($w)} markers ({@link WindowSyntax}) in the {@code HAVING} filter and select project above are
 * then replaced by those appended columns, which the select project drops.
 */
final class LegacyWindows {

    private static final Set<SqlKind> GROUP_WINDOWS = Set.of(SqlKind.TUMBLE, SqlKind.HOP, SqlKind.SESSION);

    /** A rewritten node, and for a window aggregation's output which columns are its start, end and time. */
    private record Result(RelNode rel, int originalFields, int startField, int endField, int timeField) {
        static Result plain(RelNode rel) {
            return new Result(rel, -1, -1, -1, -1);
        }

        boolean hasWindow() {
            return startField >= 0;
        }
    }

    private final RexBuilder rexBuilder;

    LegacyWindows(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    RelNode rewrite(RelNode root) {
        Result result = visit(root);
        return trim(result);
    }

    private Result visit(RelNode node) {
        List<Result> inputs = new ArrayList<>();
        for (RelNode input : node.getInputs()) {
            inputs.add(visit(input));
        }
        if (node instanceof LogicalAggregate aggregate && inputs.get(0).rel() instanceof LogicalProject project) {
            int windowKey = windowKey(aggregate, project);
            if (windowKey >= 0) {
                return window(aggregate, project, windowKey);
            }
        }
        if (inputs.size() == 1 && inputs.get(0).hasWindow()) {
            Result input = inputs.get(0);
            if (node instanceof LogicalFilter filter) {
                RexNode condition = filter.getCondition().accept(new Markers(input));
                return new Result(
                        LogicalFilter.create(input.rel(), condition),
                        input.originalFields(),
                        input.startField(),
                        input.endField(),
                        input.timeField());
            }
            if (node instanceof LogicalProject project) {
                Markers markers = new Markers(input);
                List<RexNode> exprs = new ArrayList<>();
                for (RexNode expr : project.getProjects()) {
                    exprs.add(expr.accept(markers));
                }
                return Result.plain(LogicalProject.create(
                        input.rel(),
                        project.getHints(),
                        exprs,
                        project.getRowType().getFieldNames(),
                        Set.of()));
            }
        }
        List<RelNode> newInputs = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < inputs.size(); i++) {
            RelNode input = trim(inputs.get(i));
            newInputs.add(input);
            changed |= input != node.getInput(i);
        }
        RelNode copy = changed ? node.copy(node.getTraitSet(), newInputs) : node;
        if (node instanceof LogicalProject p && containsMarker(p.getProjects())
                || node instanceof LogicalFilter f && containsMarker(List.of(f.getCondition()))) {
            throw new PlanningException(
                    "Window properties (TUMBLE_END, HOP_END, SESSION_END, …_ROWTIME) can only be used in the SELECT"
                            + " or HAVING clause of a query with GROUP BY TUMBLE/HOP/SESSION(…)");
        }
        return Result.plain(copy);
    }

    /** Drops the appended window end/time columns where a consumer other than filter or project sees them. */
    private RelNode trim(Result result) {
        if (!result.hasWindow()) {
            return result.rel();
        }
        RelNode rel = result.rel();
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < result.originalFields(); i++) {
            exprs.add(rexBuilder.makeInputRef(rel, i));
            names.add(rel.getRowType().getFieldNames().get(i));
        }
        return LogicalProject.create(rel, List.of(), exprs, names, Set.of());
    }

    /** The group key that is a group window call in the project below, or -1. */
    private static int windowKey(LogicalAggregate aggregate, LogicalProject project) {
        int found = -1;
        for (int key : aggregate.getGroupSet()) {
            RexNode expr = project.getProjects().get(key);
            if (expr instanceof RexCall call && GROUP_WINDOWS.contains(call.getKind())) {
                if (found >= 0) {
                    throw new PlanningException("A query can group by only one window (TUMBLE, HOP or SESSION)");
                }
                found = key;
            }
        }
        if (found >= 0 && aggregate.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE) {
            throw new PlanningException("GROUPING SETS, ROLLUP and CUBE are not supported with group windows");
        }
        return found;
    }

    private Result window(LogicalAggregate aggregate, LogicalProject project, int windowKey) {
        RexCall call = (RexCall) project.getProjects().get(windowKey);
        List<RexNode> exprs = new ArrayList<>(project.getProjects());
        exprs.set(windowKey, call.getOperands().get(0));
        List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
        if (call.getOperands().get(0) instanceof RexInputRef time) {
            // name the time column after the column it passes through (not $f1)
            String timeName = project.getInput().getRowType().getFieldNames().get(time.getIndex());
            if (!names.contains(timeName)) {
                names.set(windowKey, timeName);
            }
        }
        RelNode input = LogicalProject.create(project.getInput(), project.getHints(), exprs, names, Set.of());
        WindowAggregateRel.Window window = spec(call, windowKey);
        ImmutableBitSet keys = aggregate.getGroupSet().clear(windowKey);
        List<AggregateCall> calls = aggregate.getAggCallList();
        WindowAggregateRel windowAgg =
                new WindowAggregateRel(aggregate.getCluster(), aggregate.getTraitSet(), input, keys, calls, window);

        // Restore the aggregate's columns: keys in order (the window key is the window start), then the aggregates;
        // append the end and time columns for the markers above.
        List<RexNode> restore = new ArrayList<>();
        List<String> restoreNames = new ArrayList<>(aggregate.getRowType().getFieldNames());
        List<RelDataType> types = new ArrayList<>();
        aggregate.getRowType().getFieldList().forEach(f -> types.add(f.getType()));
        int start = windowAgg.windowStartField();
        int position = 0;
        for (int key : aggregate.getGroupSet()) {
            RexNode ref = key == windowKey
                    ? rexBuilder.makeInputRef(windowAgg, start)
                    : rexBuilder.makeInputRef(windowAgg, keys.indexOf(key));
            restore.add(ensureType(ref, types.get(position)));
            position++;
        }
        for (int i = 0; i < calls.size(); i++) {
            restore.add(ensureType(rexBuilder.makeInputRef(windowAgg, keys.cardinality() + i), types.get(position++)));
        }
        int originalFields = restore.size();
        restore.add(rexBuilder.makeInputRef(windowAgg, start + 1));
        restore.add(rexBuilder.makeInputRef(windowAgg, start + 2));
        restoreNames.add("w$end");
        restoreNames.add("w$time");
        RelNode top = LogicalProject.create(windowAgg, List.of(), restore, restoreNames, Set.of());
        int startField = aggregate.getGroupSet().indexOf(windowKey);
        return new Result(top, originalFields, startField, originalFields, originalFields + 1);
    }

    private RexNode ensureType(RexNode node, RelDataType type) {
        return node.getType().equals(type) ? node : rexBuilder.makeAbstractCast(type, node, false);
    }

    private static WindowAggregateRel.Window spec(RexCall call, int timeColumn) {
        List<RexNode> operands = call.getOperands();
        return switch (call.getKind()) {
            case TUMBLE -> new WindowAggregateRel.Window(
                    WindowKind.TUMBLE, timeColumn, millis(operands.get(1)), 0, 0, offset(operands, 2), false);
            case HOP -> new WindowAggregateRel.Window(
                    WindowKind.HOP,
                    timeColumn,
                    millis(operands.get(2)),
                    millis(operands.get(1)),
                    0,
                    offset(operands, 3),
                    false);
            case SESSION -> new WindowAggregateRel.Window(
                    WindowKind.SESSION, timeColumn, 0, 0, millis(operands.get(1)), 0, false);
            default -> throw new IllegalStateException(call.toString());
        };
    }

    private static long offset(List<RexNode> operands, int index) {
        if (operands.size() <= index) {
            return 0;
        }
        RexNode operand = operands.get(index);
        if (operand instanceof RexLiteral literal
                && literal.getTypeName().getFamily() != null
                && org.apache.calcite.sql.type.SqlTypeUtil.isInterval(literal.getType())) {
            return millis(operand);
        }
        throw new PlanningException("A group window's alignment must be an interval literal");
    }

    /** A day-time interval literal in milliseconds. */
    static long millis(RexNode node) {
        if (node instanceof RexLiteral literal
                && org.apache.calcite.sql.type.SqlTypeUtil.isInterval(literal.getType())
                && literal.getType().getSqlTypeName().getFamily()
                        == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
            java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
            if (value != null) {
                return value.longValue();
            }
        }
        throw new PlanningException(
                "Window sizes must be day-time interval literals such as INTERVAL '10' SECOND," + " not " + node);
    }

    private static boolean containsMarker(List<RexNode> exprs) {
        for (RexNode expr : exprs) {
            try {
                expr.accept(new RexShuttle() {
                    @Override
                    public RexNode visitCall(RexCall call) {
                        if (isMarker(call.getOperator())) {
                            throw new IllegalStateException();
                        }
                        return super.visitCall(call);
                    }
                });
            } catch (IllegalStateException e) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMarker(SqlOperator op) {
        return op == SabotOperators.WINDOW_END || op == SabotOperators.WINDOW_TIME;
    }

    /** Replaces {@code $WINDOW_END($start)} and {@code $WINDOW_TIME($start)} by the appended columns. */
    private final class Markers extends RexShuttle {
        private final Result input;

        Markers(Result input) {
            this.input = input;
        }

        @Override
        public RexNode visitCall(RexCall call) {
            if (isMarker(call.getOperator())) {
                RexNode operand = call.getOperands().get(0);
                while (operand instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
                    operand = cast.getOperands().get(0);
                }
                if (!(operand instanceof RexInputRef ref) || ref.getIndex() != input.startField()) {
                    throw new PlanningException("Window property " + call + " does not refer to the query's window");
                }
                int field = call.getOperator() == SabotOperators.WINDOW_END ? input.endField() : input.timeField();
                return ensureType(rexBuilder.makeInputRef(input.rel(), field), call.getType());
            }
            return super.visitCall(call);
        }
    }
}
