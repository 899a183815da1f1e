package io.sabot.plan;

import java.util.List;

/**
 * Reads a table through its connector's source. Output: the table's physical columns, then its metadata columns
 * ({@link TableRef#scanType()}).
 *
 * @param table the table
 */
public record TableScan(TableRef table) implements PlanNode {
    @Override
    public RowType rowType() {
        return table.scanType();
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
        return "TableScan(table=[" + table.name() + "], connector=[" + table.connector() + "], fields=["
                + String.join(
                        ", ",
                        table.scanType().columns().stream().map(Column::name).toList()) + "])";
    }
}
