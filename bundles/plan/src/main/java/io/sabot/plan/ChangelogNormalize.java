package io.sabot.plan;

import java.util.List;

/**
 * Turns the upsert changelog of a {@link TableScan#upsert() upsert scan} into a proper changelog, as Flink's {@code
 * ChangelogNormalize}: it keeps the last row of each key and emits {@code +I} for a key's first row, {@code -U} of the
 * kept row and {@code +U} of the new one for a later row, {@code -D} of the kept row for a delete (a tombstone). A
 * delete of a key without row emits nothing, and so does a row equal to the kept one (Flink's rule for duplicate
 * upserts, which keeps the results of an idempotent re-send unchanged). Keyed by the primary key: the runtime puts a
 * hash exchange on {@code keys} before it.
 *
 * <p>The input is the scan, possibly under the projection of computed columns and the {@link WatermarkAssigner}:
 * stateless nodes that pass the row kinds through. Output: the input's columns, a changelog.
 *
 * @param input the upsert scan
 * @param keys the input columns of the table's primary key
 * @since 1.6
 */
public record ChangelogNormalize(PlanNode input, List<Integer> keys) implements PlanNode {

    public ChangelogNormalize {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("ChangelogNormalize needs the primary key's columns");
        }
    }

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
        return ChangelogKind.RETRACT;
    }

    @Override
    public String describe() {
        List<String> names =
                input.rowType().columns().stream().map(Column::name).toList();
        return "ChangelogNormalize(key=["
                + String.join(", ", keys.stream().map(names::get).toList()) + "])";
    }
}
