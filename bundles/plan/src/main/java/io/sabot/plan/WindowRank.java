package io.sabot.plan;

import java.util.List;

/**
 * Window Top-N ({@code ROW_NUMBER() OVER (PARTITION BY window_start, window_end, … ORDER BY …) <= N}): per partition
 * (which includes the window's start and end columns), the first {@code limit} rows by {@code orderBy}, emitted as
 * insert-only rows when the watermark passes the window's end. Rows of a window that has already fired are late: they
 * follow the {@link LatePolicy} (dropped and counted, or dead-lettered; Top-N has no update mode).
 *
 * @param input the input, insert-only, carrying window_start/window_end columns
 * @param partitionKeys input columns of the partition, including the window start and end
 * @param windowEndColumn the input column holding the window end, which decides when a partition is final
 * @param orderBy the ordering within a partition
 * @param limit how many rows to keep per partition (N)
 * @param outputRowNumber whether the row number is appended as the last output column
 * @param rowType the input's columns, plus the row number if {@code outputRowNumber}
 * @param latePolicy what late rows do ({@link LatePolicy#DROP} by default); since 1.2.0
 */
public record WindowRank(
        PlanNode input,
        List<Integer> partitionKeys,
        int windowEndColumn,
        List<SortKey> orderBy,
        long limit,
        boolean outputRowNumber,
        RowType rowType,
        LatePolicy latePolicy)
        implements PlanNode {

    /** A window Top-N with the default late-data policy ({@link LatePolicy#DROP}). */
    public WindowRank(
            PlanNode input,
            List<Integer> partitionKeys,
            int windowEndColumn,
            List<SortKey> orderBy,
            long limit,
            boolean outputRowNumber,
            RowType rowType) {
        this(input, partitionKeys, windowEndColumn, orderBy, limit, outputRowNumber, rowType, LatePolicy.DROP);
    }

    public WindowRank {
        java.util.Objects.requireNonNull(latePolicy, "latePolicy");
        partitionKeys = List.copyOf(partitionKeys);
        orderBy = List.copyOf(orderBy);
        if (limit < 1) {
            throw new IllegalArgumentException("a Top-N needs N >= 1, got " + limit);
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    /**
     * This Top-N with another late-data policy.
     *
     * @since 1.2.0
     */
    public WindowRank withLatePolicy(LatePolicy policy) {
        return new WindowRank(input, partitionKeys, windowEndColumn, orderBy, limit, outputRowNumber, rowType, policy);
    }

    @Override
    public ChangelogKind changelog() {
        return ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "WindowRank(partitionBy="
                + partitionKeys.stream().map(i -> "$" + i).toList() + ", orderBy=" + orderBy + ", rankRange=[1, "
                + limit + "]" + (latePolicy.equals(LatePolicy.DROP) ? "" : ", late=" + latePolicy) + ")";
    }
}
