package io.sabot.plan;

import java.util.List;

/**
 * Reads a table through its connector's source. Output: the table's physical columns, then its metadata columns
 * ({@link TableRef#scanType()}).
 *
 * <p>An {@code upsert} scan (since 1.6) reads a connector that produces an upsert changelog keyed by the table's
 * primary key: its batches carry the {@code $row_kind} column with inserts that are upserts and deletes that carry
 * the key only. Only a {@link ChangelogNormalize}, above the projections and watermark assignment of the scan, reads
 * it; its {@link #changelog()} is a changelog so that those pass the row kinds through.
 *
 * @param table the table
 * @param upsert whether the connector produces an upsert changelog
 */
public record TableScan(TableRef table, boolean upsert) implements PlanNode {

    /** A scan of an insert-only source. */
    public TableScan(TableRef table) {
        this(table, false);
    }

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
        return upsert ? ChangelogKind.RETRACT : ChangelogKind.INSERT_ONLY;
    }

    @Override
    public String describe() {
        return "TableScan(table=[" + table.name() + "], connector=[" + table.connector() + "]"
                + (upsert ? ", changelog=[upsert]" : "") + ", fields=["
                + String.join(
                        ", ",
                        table.scanType().columns().stream().map(Column::name).toList()) + "])";
    }
}
