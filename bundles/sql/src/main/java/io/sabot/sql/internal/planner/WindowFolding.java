package io.sabot.sql.internal.planner;

import io.sabot.plan.WindowKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Rewrites after the logical optimisation:
 *
 * <ul>
 *   <li>{@code Aggregate(group={window_start, window_end, k…}, [Project](TableFunctionScan(TUMBLE|HOP|CUMULATE|
 *       SESSION)))} into a {@link WindowAggregateRel} over the function's input (Flink folds window TVFs into the
 *       aggregation the same way);
 *   <li>{@code Filter(rn <= N, Project(…, ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)))} into a {@link
 *       WindowRankRel}.
 * </ul>
 */
final class WindowFolding {

    private final RexBuilder rexBuilder;

    WindowFolding(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    RelNode rewrite(RelNode node) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode input : node.getInputs()) {
            RelNode rewritten = rewrite(input);
            inputs.add(rewritten);
            changed |= rewritten != input;
        }
        RelNode current = changed ? node.copy(node.getTraitSet(), inputs) : node;
        if (current instanceof LogicalFilter filter && filter.getInput() instanceof LogicalTableFunctionScan scan) {
            RelNode pushed = filterBelowWindowFunction(filter, scan);
            if (pushed != null) {
                return pushed;
            }
        }
        if (current instanceof LogicalAggregate aggregate) {
            RelNode folded = foldAggregate(aggregate);
            if (folded != null) {
                return folded;
            }
        }
        if (current instanceof LogicalFilter filter && filter.getInput() instanceof LogicalProject project) {
            RelNode rank = topN(filter, project);
            if (rank != null) {
                return rank;
            }
        }
        return current;
    }

    /**
     * {@code Filter(TUMBLE(data))} into {@code TUMBLE(Filter(data))} when the filter does not use the window
     * columns, so that {@code FROM TABLE(TUMBLE(…)) WHERE x > 1 GROUP BY window_start, window_end} still folds.
     */
    private RelNode filterBelowWindowFunction(LogicalFilter filter, LogicalTableFunctionScan scan) {
        if (!(scan.getCall() instanceof RexCall call)
                || !(call.getOperator() instanceof WindowTvf)
                || scan.getInputs().size() != 1) {
            return null;
        }
        RelNode data = scan.getInputs().get(0);
        int n = data.getRowType().getFieldCount();
        if (RelOptUtil.InputFinder.bits(filter.getCondition()).asList().stream().anyMatch(i -> i >= n)) {
            return null;
        }
        RelNode filtered = LogicalFilter.create(data, filter.getCondition());
        return scan.copy(
                scan.getTraitSet(),
                List.of(filtered),
                scan.getCall(),
                scan.getElementType(),
                scan.getRowType(),
                scan.getColumnMappings());
    }

    // ---- window TVF + GROUP BY window_start, window_end ----

    private RelNode foldAggregate(LogicalAggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return null;
        }
        RelNode below = aggregate.getInput();
        List<RexNode> exprs;
        List<String> names;
        LogicalTableFunctionScan scan;
        if (below instanceof LogicalProject project && project.getInput() instanceof LogicalTableFunctionScan s) {
            scan = s;
            exprs = project.getProjects();
            names = project.getRowType().getFieldNames();
        } else if (below instanceof LogicalTableFunctionScan s) {
            scan = s;
            exprs = new ArrayList<>();
            for (int i = 0; i < s.getRowType().getFieldCount(); i++) {
                exprs.add(rexBuilder.makeInputRef(s, i));
            }
            names = s.getRowType().getFieldNames();
        } else {
            return null;
        }
        if (!(scan.getCall() instanceof RexCall call)
                || !(call.getOperator() instanceof WindowTvf tvf)
                || scan.getInputs().size() != 1) {
            return null;
        }
        RelNode data = scan.getInputs().get(0);
        int n = data.getRowType().getFieldCount();
        // Which group keys are the window's start, end and time.
        Map<Integer, Integer> windowKeys = new HashMap<>(); // key position in the project -> 0 start, 1 end, 2 time
        for (int key : aggregate.getGroupSet()) {
            if (exprs.get(key) instanceof RexInputRef ref && ref.getIndex() >= n) {
                windowKeys.put(key, ref.getIndex() - n);
            }
        }
        if (!windowKeys.containsValue(0) || !windowKeys.containsValue(1)) {
            return null;
        }
        // Nothing else may use the window columns.
        ImmutableBitSet windowColumns = ImmutableBitSet.range(n, n + 3);
        ImmutableBitSet.Builder usedBuilder = ImmutableBitSet.builder().addAll(aggregate.getGroupSet());
        for (AggregateCall agg : aggregate.getAggCallList()) {
            usedBuilder.addAll(agg.getArgList());
            if (agg.filterArg >= 0) {
                usedBuilder.set(agg.filterArg);
            }
        }
        ImmutableBitSet used = usedBuilder.build();
        for (int i : used) {
            if (!windowKeys.containsKey(i)
                    && RelOptUtil.InputFinder.bits(exprs.get(i)).intersects(windowColumns)) {
                return null;
            }
        }
        for (AggregateCall agg : aggregate.getAggCallList()) {
            for (int arg : agg.getArgList()) {
                if (windowKeys.containsKey(arg)) {
                    return null;
                }
            }
            if (agg.filterArg >= 0 && windowKeys.containsKey(agg.filterArg)) {
                return null;
            }
        }
        WindowSpecOperands spec = WindowSpecOperands.of(tvf.kind, call);
        if (spec == null) {
            return null;
        }

        // The aggregation's input: the project's other expressions over the TVF's input, plus the time column.
        List<RexNode> newExprs = new ArrayList<>();
        List<String> newNames = new ArrayList<>();
        int[] mapping = new int[exprs.size()];
        for (int i = 0; i < exprs.size(); i++) {
            if (windowKeys.containsKey(i) || !used.get(i)) {
                mapping[i] = -1;
                continue;
            }
            mapping[i] = newExprs.size();
            newExprs.add(exprs.get(i));
            newNames.add(names.get(i));
        }
        int timeColumn = -1;
        for (int i = 0; i < newExprs.size(); i++) {
            if (newExprs.get(i) instanceof RexInputRef ref && ref.getIndex() == spec.timeColumn()) {
                timeColumn = i;
            }
        }
        if (timeColumn < 0) {
            timeColumn = newExprs.size();
            newExprs.add(rexBuilder.makeInputRef(data, spec.timeColumn()));
            newNames.add(data.getRowType().getFieldNames().get(spec.timeColumn()));
        }
        List<Integer> partitionKeys = spec.partitionKeys();
        for (int partitionKey : partitionKeys) {
            // SESSION … PARTITION BY k: k must be a group key (Flink groups sessions by their partition keys).
            boolean grouped = false;
            for (int key : aggregate.getGroupSet()) {
                if (exprs.get(key) instanceof RexInputRef ref && ref.getIndex() == partitionKey) {
                    grouped = true;
                }
            }
            if (!grouped) {
                throw new io.sabot.sql.internal.PlanningException(
                        "The partition keys of SESSION(TABLE t PARTITION BY …) must be grouped by");
            }
        }
        RelNode input = LogicalProject.create(data, List.of(), newExprs, newNames, Set.of());

        ImmutableBitSet.Builder keys = ImmutableBitSet.builder();
        for (int key : aggregate.getGroupSet()) {
            if (!windowKeys.containsKey(key)) {
                keys.set(mapping[key]);
            }
        }
        ImmutableBitSet groupSet = keys.build();
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall agg : aggregate.getAggCallList()) {
            List<Integer> args = new ArrayList<>();
            agg.getArgList().forEach(a -> args.add(mapping[a]));
            calls.add(agg.copy(args, agg.filterArg < 0 ? -1 : mapping[agg.filterArg], agg.collation));
        }
        WindowAggregateRel.Window window = new WindowAggregateRel.Window(
                tvf.kind, timeColumn, spec.size(), spec.slide(), spec.gap(), spec.offset(), true);
        WindowAggregateRel windowAgg =
                new WindowAggregateRel(aggregate.getCluster(), aggregate.getTraitSet(), input, groupSet, calls, window);

        // Restore the aggregate's column order.
        List<RexNode> restore = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        aggregate.getRowType().getFieldList().forEach(f -> types.add(f.getType()));
        int start = windowAgg.windowStartField();
        int position = 0;
        List<Integer> groupList = groupSet.asList();
        for (int key : aggregate.getGroupSet()) {
            RexNode ref = windowKeys.containsKey(key)
                    ? rexBuilder.makeInputRef(windowAgg, start + windowKeys.get(key))
                    : rexBuilder.makeInputRef(windowAgg, groupList.indexOf(mapping[key]));
            restore.add(ensureType(ref, types.get(position++)));
        }
        for (int i = 0; i < calls.size(); i++) {
            restore.add(ensureType(rexBuilder.makeInputRef(windowAgg, groupList.size() + i), types.get(position++)));
        }
        return LogicalProject.create(
                windowAgg, List.of(), restore, aggregate.getRowType().getFieldNames(), Set.of());
    }

    private RexNode ensureType(RexNode node, RelDataType type) {
        return node.getType().equals(type) ? node : rexBuilder.makeAbstractCast(type, node, false);
    }

    /** The window parameters of a window TVF call (its DATA operand already removed by conversion). */
    record WindowSpecOperands(
            int timeColumn, long size, long slide, long gap, long offset, List<Integer> partitionKeys) {

        static WindowSpecOperands of(WindowKind kind, RexCall call) {
            List<RexNode> operands = call.getOperands();
            int timeColumn = -1;
            List<Integer> partitionKeys = new ArrayList<>();
            List<RexNode> intervals = new ArrayList<>();
            for (RexNode operand : operands) {
                if (operand instanceof RexCall c && c.getKind() == SqlKind.DESCRIPTOR) {
                    if (timeColumn < 0 && c.getOperands().get(0) instanceof RexInputRef ref) {
                        timeColumn = ref.getIndex();
                    } else {
                        for (RexNode k : c.getOperands()) {
                            if (k instanceof RexInputRef ref) {
                                partitionKeys.add(ref.getIndex());
                            }
                        }
                    }
                } else if (operand instanceof RexLiteral) {
                    intervals.add(operand);
                }
            }
            if (timeColumn < 0) {
                return null;
            }
            long first = intervals.isEmpty() ? 0 : LegacyWindows.millis(intervals.get(0));
            return switch (kind) {
                case TUMBLE -> new WindowSpecOperands(timeColumn, first, 0, 0, offset(intervals, 1), partitionKeys);
                case HOP, CUMULATE -> new WindowSpecOperands(
                        timeColumn,
                        LegacyWindows.millis(intervals.get(1)),
                        first,
                        0,
                        offset(intervals, 2),
                        partitionKeys);
                case SESSION -> new WindowSpecOperands(timeColumn, 0, 0, first, 0, partitionKeys);
            };
        }

        private static long offset(List<RexNode> intervals, int index) {
            return intervals.size() > index ? LegacyWindows.millis(intervals.get(index)) : 0;
        }
    }

    // ---- ROW_NUMBER() OVER (…) <= N ----

    private RelNode topN(LogicalFilter filter, LogicalProject project) {
        int overIndex = -1;
        RexOver over = null;
        for (int i = 0; i < project.getProjects().size(); i++) {
            if (project.getProjects().get(i) instanceof RexOver o) {
                if (over != null) {
                    return null;
                }
                over = o;
                overIndex = i;
            } else if (RexOver.containsOver(project.getProjects().get(i))) {
                return null;
            }
        }
        if (over == null || over.getKind() != SqlKind.ROW_NUMBER) {
            return null;
        }
        List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
        long limit = -1;
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : conjuncts) {
            long l = limit < 0 ? rankLimit(conjunct, overIndex) : -1;
            if (l > 0) {
                limit = l;
            } else {
                rest.add(conjunct);
            }
        }
        if (limit < 0) {
            return null;
        }
        List<Integer> partitionKeys = new ArrayList<>();
        for (RexNode key : over.getWindow().partitionKeys) {
            if (!(key instanceof RexInputRef ref)) {
                return null;
            }
            partitionKeys.add(ref.getIndex());
        }
        List<RelFieldCollation> collations = new ArrayList<>();
        for (RexFieldCollation key : over.getWindow().orderKeys) {
            if (!(key.left instanceof RexInputRef ref)) {
                return null;
            }
            RelFieldCollation.Direction direction = key.getDirection();
            RelFieldCollation.NullDirection nulls = key.getNullDirection();
            collations.add(new RelFieldCollation(ref.getIndex(), direction, nulls));
        }
        RelCollation orderBy = RelCollations.of(collations);
        RelNode input = project.getInput();
        WindowRankRel rank =
                new WindowRankRel(project.getCluster(), project.getTraitSet(), input, partitionKeys, orderBy, limit);
        List<RexNode> exprs = new ArrayList<>(project.getProjects());
        exprs.set(
                overIndex,
                ensureType(rexBuilder.makeInputRef(rank, input.getRowType().getFieldCount()), over.getType()));
        RelNode top = LogicalProject.create(
                rank, project.getHints(), exprs, project.getRowType().getFieldNames(), Set.of());
        return rest.isEmpty() ? top : LogicalFilter.create(top, RexUtil.composeConjunction(rexBuilder, rest));
    }

    /** N of {@code rn <= N}, {@code rn < N+1}, {@code rn = 1}, or their mirrored forms; -1 otherwise. */
    private static long rankLimit(RexNode conjunct, int rankField) {
        if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
            return -1;
        }
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (isRef(right, rankField) && left instanceof RexLiteral) {
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        if (!isRef(left, rankField) || !(right instanceof RexLiteral literal)) {
            return -1;
        }
        java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
        if (value == null) {
            return -1;
        }
        long n = value.longValue();
        return switch (kind) {
            case LESS_THAN_OR_EQUAL -> n;
            case LESS_THAN -> n - 1;
            case EQUALS -> n == 1 ? 1 : -1;
            default -> -1;
        };
    }

    private static boolean isRef(RexNode node, int index) {
        while (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
            node = cast.getOperands().get(0);
        }
        return node instanceof RexInputRef ref && ref.getIndex() == index;
    }
}
