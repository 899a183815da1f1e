package io.sabot.plan;

import java.util.List;

/**
 * {@code UNION ALL}: the rows of every input, which all have the same column types.
 *
 * @param inputs two or more inputs
 * @param rowType the output columns (the first input's names)
 */
public record Union(List<PlanNode> inputs, RowType rowType) implements PlanNode {
    public Union {
        inputs = List.copyOf(inputs);
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("a union needs two or more inputs");
        }
    }

    @Override
    public ChangelogKind changelog() {
        ChangelogKind kind = ChangelogKind.INSERT_ONLY;
        for (PlanNode input : inputs) {
            kind = kind.combine(input.changelog());
        }
        return kind;
    }

    @Override
    public String describe() {
        return "Union(all=[true])";
    }
}
