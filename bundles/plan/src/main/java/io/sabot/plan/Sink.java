package io.sabot.plan;

import java.util.List;

/**
 * Writes its input into a table ({@code INSERT INTO}). The input's columns match the table's physical columns in
 * order and type (the planner inserts the casts).
 *
 * @param input the rows
 * @param table the target
 */
public record Sink(PlanNode input, TableRef table) implements PlanNode {
    @Override
    public RowType rowType() {
        return input.rowType();
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
        return "Sink(table=[" + table.name() + "], connector=[" + table.connector() + "])";
    }
}
