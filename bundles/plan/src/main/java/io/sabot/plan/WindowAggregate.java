package io.sabot.plan;

import java.util.List;

/**
 * Aggregates per key and window, emitting each window's final, insert-only rows when the watermark passes the
 * window's end (rows behind the watermark follow the job's late-data policy).
 *
 * <p>Output columns: the group keys, then one per aggregate, then one per window property, in the given orders.
 *
 * @param input the input: insert-only, or a changelog (e.g. after an outer join) when every aggregate can retract
 *     (COUNT, SUM, AVG; not MIN or MAX)
 * @param groupKeys input columns to group by (the window is implicit)
 * @param window the windows
 * @param aggregates the aggregates
 * @param properties the window columns to append
 * @param rowType the output columns
 */
public record WindowAggregate(
        PlanNode input,
        List<Integer> groupKeys,
        WindowSpec window,
        List<AggregateCall> aggregates,
        List<WindowProperty> properties,
        RowType rowType)
        implements PlanNode {

    public WindowAggregate {
        groupKeys = List.copyOf(groupKeys);
        aggregates = List.copyOf(aggregates);
        properties = List.copyOf(properties);
        if (groupKeys.size() + aggregates.size() + properties.size() != rowType.size()) {
            throw new IllegalArgumentException("window aggregate output has " + rowType.size() + " columns, expected "
                    + (groupKeys.size() + aggregates.size() + properties.size()));
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public ChangelogKind changelog() {
        return ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "WindowAggregate(groupBy=" + groupKeys.stream().map(i -> "$" + i).toList() + ", window=[" + window
                + "], select=" + aggregates + ", properties=" + properties + ")";
    }
}
