package io.sabot.plan;

import java.util.List;

/**
 * Filters rows and computes columns: {@code SELECT projections FROM input WHERE condition}. Changes pass through
 * with their row kind.
 *
 * @param input the input
 * @param projections one expression per output column, over the input's columns
 * @param condition the filter (BOOLEAN; rows where it is not TRUE are dropped), or null for none
 * @param rowType the output columns, one per projection
 */
public record Calc(PlanNode input, List<Expr> projections, Expr condition, RowType rowType) implements PlanNode {
    public Calc {
        projections = List.copyOf(projections);
        if (projections.size() != rowType.size()) {
            throw new IllegalArgumentException(projections.size() + " projections for " + rowType.size() + " columns");
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public ChangelogKind changelog() {
        return input.changelog();
    }

    @Override
    public String describe() {
        StringBuilder out = new StringBuilder("Calc(select=[");
        for (int i = 0; i < projections.size(); i++) {
            out.append(i == 0 ? "" : ", ")
                    .append(projections.get(i))
                    .append(" AS ")
                    .append(rowType.column(i).name());
        }
        out.append(']');
        if (condition != null) {
            out.append(", where=[").append(condition).append(']');
        }
        return out.append(')').toString();
    }
}
