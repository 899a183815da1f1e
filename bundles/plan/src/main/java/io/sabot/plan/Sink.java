package io.sabot.plan;

import java.util.List;
import java.util.Objects;

/**
 * Writes its input into a table ({@code INSERT INTO}). The input's columns match the table's physical columns in
 * order and type (the planner inserts the casts). The table's {@code NOT NULL} columns are those of {@link
 * TableRef#physicalType()} whose type is not nullable; what the runtime does with a row that has a null in one of
 * them is {@link #notNullEnforcer()} (since 1.5.0).
 *
 * @param input the rows
 * @param table the target
 * @param notNullEnforcer what a row with a null in a {@code NOT NULL} column of the table does (Flink's {@code
 *     table.exec.sink.not-null-enforcer})
 */
public record Sink(PlanNode input, TableRef table, NotNullEnforcer notNullEnforcer) implements PlanNode {

    /**
     * What the runtime does with a row that has a null in a {@code NOT NULL} column of the sink table (Flink's {@code
     * table.exec.sink.not-null-enforcer}).
     *
     * @since 1.5.0
     */
    public enum NotNullEnforcer {
        /**
         * The row is a {@code VALIDATION} failure of the sink table, handed to the table's error handlers (skipped,
         * dead-lettered, or it fails the job naming the table, the column and the row). The default.
         */
        ERROR,
        /** The row is dropped and counted as skipped; the other rows of its batch are written. */
        DROP;

        /** The job setting that chooses it: Flink's key. */
        public static final String KEY = "table.exec.sink.not-null-enforcer";
    }

    public Sink {
        Objects.requireNonNull(notNullEnforcer, "notNullEnforcer");
    }

    /** A sink whose rows with a null in a {@code NOT NULL} column fail ({@link NotNullEnforcer#ERROR}). */
    public Sink(PlanNode input, TableRef table) {
        this(input, table, NotNullEnforcer.ERROR);
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
        return input.changelog();
    }

    @Override
    public String describe() {
        return "Sink(table=[" + table.name() + "], connector=[" + table.connector() + "]"
                + (notNullEnforcer == NotNullEnforcer.ERROR ? "" : ", notNullEnforcer=[" + notNullEnforcer + "]")
                + ")";
    }
}
