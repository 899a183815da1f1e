package io.sabot.plan;

import java.util.List;

/**
 * Constant rows ({@code VALUES …}), a bounded input.
 *
 * @param rows the rows, each a literal per column
 * @param rowType the columns
 */
public record Values(List<List<Literal>> rows, RowType rowType) implements PlanNode {
    public Values {
        rows = rows.stream().map(List::copyOf).toList();
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public ChangelogKind changelog() {
        return ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "Values(rows=" + rows.size() + ")";
    }
}
