package io.sabot.plan;

import java.util.List;

/**
 * Aggregates per key without windows, emitting a changelog: the first row of a key is an insert, each later change
 * an update-before of the old result and an update-after of the new one, a key whose last row was retracted a delete.
 *
 * <p>Output columns: the group keys, then one per aggregate.
 *
 * @param input the input (insert-only or a changelog)
 * @param groupKeys input columns to group by; empty for a global aggregate
 * @param aggregates the aggregates
 * @param rowType the output columns
 */
public record GroupAggregate(PlanNode input, List<Integer> groupKeys, List<AggregateCall> aggregates, RowType rowType)
        implements PlanNode {

    public GroupAggregate {
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public ChangelogKind changelog() {
        return ChangelogKind.RETRACT;
    }

    @Override
    public String describe() {
        return "GroupAggregate(groupBy=" + groupKeys.stream().map(i -> "$" + i).toList() + ", select=" + aggregates
                + ")";
    }
}
