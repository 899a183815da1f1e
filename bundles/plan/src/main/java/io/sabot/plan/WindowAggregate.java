package io.sabot.plan;

import java.util.List;

/**
 * Aggregates per key and window, emitting each window's rows when the watermark passes the window's end. Rows behind
 * the watermark follow the {@link LatePolicy}: by default they are dropped and counted and the output is insert-only;
 * with {@link LatePolicy#emitsUpdates()} late rows within the allowed lateness update the window and the output is a
 * changelog ({@code +I} when a window fires, {@code -U}/{@code +U} for late updates).
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
 * @param latePolicy what late rows do ({@link LatePolicy#DROP} by default)
 */
public record WindowAggregate(
        PlanNode input,
        List<Integer> groupKeys,
        WindowSpec window,
        List<AggregateCall> aggregates,
        List<WindowProperty> properties,
        RowType rowType,
        LatePolicy latePolicy)
        implements PlanNode {

    /** A window aggregate with the default late-data policy ({@link LatePolicy#DROP}). */
    public WindowAggregate(
            PlanNode input,
            List<Integer> groupKeys,
            WindowSpec window,
            List<AggregateCall> aggregates,
            List<WindowProperty> properties,
            RowType rowType) {
        this(input, groupKeys, window, aggregates, properties, rowType, LatePolicy.DROP);
    }

    public WindowAggregate {
        java.util.Objects.requireNonNull(latePolicy, "latePolicy");
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

    /** This aggregate with another late-data policy. */
    public WindowAggregate withLatePolicy(LatePolicy policy) {
        return new WindowAggregate(input, groupKeys, window, aggregates, properties, rowType, policy);
    }

    /** {@link ChangelogKind#RETRACT} when late rows update emitted results, else insert-only. */
    @Override
    public ChangelogKind changelog() {
        return latePolicy.emitsUpdates() ? ChangelogKind.RETRACT : ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "WindowAggregate(groupBy=" + groupKeys.stream().map(i -> "$" + i).toList() + ", window=[" + window
                + "], select=" + aggregates + ", properties=" + properties
                + (latePolicy.equals(LatePolicy.DROP) ? "" : ", late=" + latePolicy) + ")";
    }
}
