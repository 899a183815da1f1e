package io.sabot.plan;

import java.util.List;

/**
 * A window join (Flink's): two inputs with the same windows, joined window by window. Each side's rows are kept
 * only until the watermark passes their window's end ({@code end - 1}); then the window's rows of both sides are
 * joined, the pairs emitted, and the window's state released. The output is insert-only for every join kind (an
 * outer row without a match is emitted null-padded once, when its window fires). A row arriving for a window that
 * has fired is late: dropped and counted, as in Flink.
 *
 * <p>The equality keys include both window columns ({@code window_start = window_start AND window_end =
 * window_end}), so the keyed exchange sends a window's rows of one key to one subtask.
 *
 * @param left the left input, insert-only, carrying its windows in columns
 * @param right the right input, insert-only, with the same windows
 * @param kind inner or outer
 * @param leftKeys left columns of the equality keys, the window start and end included
 * @param rightKeys right columns, pairwise equal to {@code leftKeys}
 * @param condition a further condition over left columns followed by right columns, or null
 * @param leftWindow the left input's windows (attached: its start and end columns)
 * @param rightWindow the right input's windows (attached), the same windows as the left's
 * @param rowType left columns followed by right columns
 * @since 1.3.0
 */
public record WindowJoin(
        PlanNode left,
        PlanNode right,
        JoinKind kind,
        List<Integer> leftKeys,
        List<Integer> rightKeys,
        Expr condition,
        WindowSpec leftWindow,
        WindowSpec rightWindow,
        RowType rowType)
        implements PlanNode {

    public WindowJoin {
        leftKeys = List.copyOf(leftKeys);
        rightKeys = List.copyOf(rightKeys);
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a join needs equally many left and right keys, at least one");
        }
        if (!leftWindow.isAttached() || !rightWindow.isAttached()) {
            throw new IllegalArgumentException("a window join needs both inputs' window columns");
        }
        if (!leftWindow.sameWindows(rightWindow)) {
            throw new IllegalArgumentException(
                    "a window join needs the same windows on both sides: " + leftWindow + " and " + rightWindow);
        }
        if (!pairedKeys(leftKeys, rightKeys, leftWindow.startColumn(), rightWindow.startColumn())
                || !pairedKeys(leftKeys, rightKeys, leftWindow.endColumn(), rightWindow.endColumn())) {
            throw new IllegalArgumentException("a window join's keys must include left window_start = right"
                    + " window_start and left window_end = right window_end");
        }
    }

    private static boolean pairedKeys(List<Integer> leftKeys, List<Integer> rightKeys, int left, int right) {
        for (int i = 0; i < leftKeys.size(); i++) {
            if (leftKeys.get(i) == left && rightKeys.get(i) == right) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }

    /** Always insert-only: a window's pairs are emitted once, when it fires. */
    @Override
    public ChangelogKind changelog() {
        return ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "WindowJoin(type=[" + kind + "], leftWindow=[" + leftWindow + "], rightWindow=[" + rightWindow
                + "], leftKeys=" + leftKeys.stream().map(i -> "$" + i).toList() + ", rightKeys="
                + rightKeys.stream().map(i -> "$" + i).toList()
                + (condition == null ? "" : ", where=[" + condition + "]")
                + ")";
    }
}
