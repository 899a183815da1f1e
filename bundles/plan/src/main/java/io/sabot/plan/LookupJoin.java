package io.sabot.plan;

import java.util.List;

/**
 * A lookup join (Flink's, from {@code JOIN dim FOR SYSTEM_TIME AS OF input.proc_time ON …}): each input row is joined
 * with the rows the dimension table has for its key at the moment the row is processed, read through the table
 * connector's lookup source (with the cache the table's {@code lookup.*} options choose). Nothing of the input is
 * kept: a later change of the dimension table does not revise rows already joined.
 *
 * <p>The output is the input's columns followed by the dimension columns {@code tableColumns}. An {@link
 * JoinKind#INNER} join drops input rows without a match; a {@link JoinKind#LEFT} join emits them once, padded with
 * NULLs. An input row whose key has a NULL matches nothing. Row kinds pass through: over an insert-only input the
 * output is insert-only; over a changelog each change is joined with the dimension rows of the moment it arrives
 * (Flink's default, which may pair a retraction with other dimension rows than its insertion did).
 *
 * @param input the probe side
 * @param table the dimension table (its physical columns are what a lookup returns)
 * @param kind {@link JoinKind#INNER} or {@link JoinKind#LEFT}
 * @param inputKeys input columns of the equality keys
 * @param tableKeys dimension columns (positions in {@code table.physicalType()}), pairwise equal to {@code inputKeys}
 * @param tableColumns the dimension columns the output carries, by position in {@code table.physicalType()}
 * @param condition a further condition over the output row (input columns, then {@code tableColumns}), or null; for a
 *     LEFT join it decides which dimension rows match, not which input rows survive
 * @param rowType the input's columns followed by {@code tableColumns}
 * @since 1.4.0
 */
public record LookupJoin(
        PlanNode input,
        TableRef table,
        JoinKind kind,
        List<Integer> inputKeys,
        List<Integer> tableKeys,
        List<Integer> tableColumns,
        Expr condition,
        RowType rowType)
        implements PlanNode {

    public LookupJoin {
        inputKeys = List.copyOf(inputKeys);
        tableKeys = List.copyOf(tableKeys);
        tableColumns = List.copyOf(tableColumns);
        if (kind != JoinKind.INNER && kind != JoinKind.LEFT) {
            throw new IllegalArgumentException("a lookup join is INNER or LEFT, not " + kind);
        }
        if (inputKeys.size() != tableKeys.size() || inputKeys.isEmpty()) {
            throw new IllegalArgumentException("a lookup join needs equally many input and table keys, at least one");
        }
        int width = table.physicalType().size();
        for (int c : tableKeys) {
            if (c < 0 || c >= width) {
                throw new IllegalArgumentException("table key $" + c + " is not a column of " + table);
            }
        }
        for (int c : tableColumns) {
            if (c < 0 || c >= width) {
                throw new IllegalArgumentException("table column $" + c + " is not a column of " + table);
            }
        }
        if (rowType.size() != input.rowType().size() + tableColumns.size()) {
            throw new IllegalArgumentException(
                    "a lookup join's output has the input's " + input.rowType().size() + " columns and "
                            + tableColumns.size() + " table columns, not " + rowType.size());
        }
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    /** The input's: rows and their kinds pass through. */
    @Override
    public ChangelogKind changelog() {
        return input.changelog();
    }

    @Override
    public String describe() {
        List<Column> columns = table.physicalType().columns();
        return "LookupJoin(table=[" + table.name() + "], connector=[" + table.connector() + "], joinType=[" + kind
                + "], lookup=["
                + String.join(
                        ", ",
                        java.util.stream.IntStream.range(0, tableKeys.size())
                                .mapToObj(i -> columns.get(tableKeys.get(i)).name() + "=$" + inputKeys.get(i))
                                .toList())
                + "]"
                + (condition == null ? "" : ", where=[" + condition + "]")
                + ", select=["
                + String.join(
                        ", ",
                        tableColumns.stream().map(c -> columns.get(c).name()).toList())
                + "])";
    }
}
