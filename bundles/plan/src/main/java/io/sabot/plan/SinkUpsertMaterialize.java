package io.sabot.plan;

import java.util.List;
import java.util.Objects;

/**
 * Makes a changelog safe for a sink that applies it by its primary key, as Flink's {@code SinkUpsertMaterializer}:
 * needed when the changelog's updates are not keyed by that primary key (a {@code GROUP BY} on other columns, a
 * regular join), so that an upsert sink, which drops update-befores, would keep stale rows. Per sink primary key it
 * keeps the list of rows received, in order. An insert or update-after appends its row and emits it ({@code +I} when
 * the list was empty, else {@code +U}). An update-before or delete removes the first equal row of the list (all
 * columns compared); when that was the last row of the list it emits the new last row as {@code +U}, or {@code -D}
 * when none is left; removing an older row emits nothing. Keyed by the sink's primary key: the runtime puts a hash
 * exchange on {@code keys} before it.
 *
 * <p>Output: the input's columns, a changelog without update-befores.
 *
 * @param input the sink's input (columns as the sink table's)
 * @param keys the input columns of the sink table's primary key
 * @since 1.7
 */
public record SinkUpsertMaterialize(PlanNode input, List<Integer> keys) implements PlanNode {

    /**
     * When the planner puts a {@link SinkUpsertMaterialize} before a sink with a primary key (Flink's {@code
     * table.exec.sink.upsert-materialize}).
     *
     * @since 1.7
     */
    public enum Mode {
        /** Never: the user vouches that the changelog is keyed by the sink's primary key. */
        NONE,
        /**
         * The default: when the input is a changelog whose updates the planner cannot show to be keyed by exactly the
         * sink's primary key.
         */
        AUTO,
        /** Always, for every sink with a primary key. */
        FORCE;

        /** The job setting that chooses it: Flink's key. */
        public static final String KEY = "table.exec.sink.upsert-materialize";
    }

    public SinkUpsertMaterialize {
        Objects.requireNonNull(input, "input");
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("SinkUpsertMaterialize needs the sink's primary key columns");
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
        return "SinkUpsertMaterialize(key=["
                + String.join(", ", keys.stream().map(names::get).toList()) + "])";
    }
}
