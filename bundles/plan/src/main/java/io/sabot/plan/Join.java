package io.sabot.plan;

import java.util.List;

/**
 * A regular (unwindowed) equi-join: both sides are kept in state by key; a row arriving on either side is joined
 * with every row of the other side stored under its key. Outer joins emit null-padded rows and retract them when a
 * match arrives, so the output is a changelog unless the join is inner over insert-only inputs.
 *
 * @param left the left input
 * @param right the right input
 * @param kind inner or outer
 * @param leftKeys left columns of the equality keys
 * @param rightKeys right columns, pairwise equal to {@code leftKeys}
 * @param condition a further condition over left columns followed by right columns, or null
 * @param rowType left columns followed by right columns
 */
public record Join(
        PlanNode left,
        PlanNode right,
        JoinKind kind,
        List<Integer> leftKeys,
        List<Integer> rightKeys,
        Expr condition,
        RowType rowType)
        implements PlanNode {

    public Join {
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a join needs equally many left and right keys, at least one");
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }

    @Override
    public ChangelogKind changelog() {
        ChangelogKind inputs = left.changelog().combine(right.changelog());
        return kind == JoinKind.INNER ? inputs : ChangelogKind.RETRACT;
    }

    @Override
    public String describe() {
        return "Join(type=[" + kind + "], leftKeys="
                + leftKeys.stream().map(i -> "$" + i).toList() + ", rightKeys="
                + rightKeys.stream().map(i -> "$" + i).toList()
                + (condition == null ? "" : ", where=[" + condition + "]")
                + ")";
    }
}
