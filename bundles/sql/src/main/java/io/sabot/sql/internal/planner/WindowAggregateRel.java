package io.sabot.sql.internal.planner;

import io.sabot.plan.WindowKind;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A window aggregation in relational algebra, before translation into {@link io.sabot.plan.WindowAggregate}: the
 * shape both a legacy group window ({@code GROUP BY k, TUMBLE(ts, …)}) and a window table function followed by
 * {@code GROUP BY window_start, window_end, k} are rewritten into.
 *
 * <p>Output: the group keys (in input order), the aggregates, then {@code window_start}, {@code window_end}
 * (TIMESTAMP(3) NOT NULL) and {@code window_time} (the time column's type, NOT NULL).
 */
final class WindowAggregateRel extends SingleRel {

    /** The window: kind, time column (an input position) and sizes in milliseconds. */
    record Window(WindowKind kind, int timeColumn, long size, long slide, long gap, long offset, boolean fromTvf) {}

    final ImmutableBitSet groupSet;
    final List<AggregateCall> aggCalls;
    final Window window;

    WindowAggregateRel(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            ImmutableBitSet groupSet,
            List<AggregateCall> aggCalls,
            Window window) {
        super(cluster, traits, input);
        this.groupSet = groupSet;
        this.aggCalls = List.copyOf(aggCalls);
        this.window = window;
    }

    int groupCount() {
        return groupSet.cardinality();
    }

    /** Position of window_start in the output; window_end and window_time follow. */
    int windowStartField() {
        return groupCount() + aggCalls.size();
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory factory = getCluster().getTypeFactory();
        RelDataTypeFactory.Builder builder = factory.builder();
        List<org.apache.calcite.rel.type.RelDataTypeField> fields =
                getInput().getRowType().getFieldList();
        for (int key : groupSet) {
            builder.add(fields.get(key));
        }
        for (int i = 0; i < aggCalls.size(); i++) {
            AggregateCall call = aggCalls.get(i);
            builder.add(call.getName() == null ? "$f" + (groupCount() + i) : call.getName(), call.getType());
        }
        RelDataType bound = factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
        RelDataType time = factory.createTypeWithNullability(
                factory.createSqlType(fields.get(window.timeColumn()).getType().getSqlTypeName(), 3), false);
        builder.add("window_start", bound).add("window_end", bound).add("window_time", time);
        return builder.uniquify().build();
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new WindowAggregateRel(getCluster(), traitSet, sole(inputs), groupSet, aggCalls, window);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("group", groupSet)
                .item(
                        "window",
                        window.kind() + "($" + window.timeColumn() + ", size=" + window.size() + "ms, slide="
                                + window.slide() + "ms, gap=" + window.gap() + "ms)")
                .item("aggs", aggCalls);
    }
}
