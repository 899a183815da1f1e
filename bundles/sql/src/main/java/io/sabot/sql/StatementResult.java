package io.sabot.sql;

import io.sabot.plan.QueryPlan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What executing a statement produced; one record per kind of outcome. */
public sealed interface StatementResult {

    /** The statement that produced the result. */
    StatementKind kind();

    /**
     * A table or view was created or dropped (or nothing was done: {@code IF [NOT] EXISTS}).
     *
     * @param kind CREATE_TABLE, CREATE_VIEW, DROP_TABLE or DROP_VIEW
     * @param name the object's name
     * @param changed false when {@code IF NOT EXISTS}/{@code IF EXISTS} made the statement a no-op
     * @param message a line for the user, e.g. {@code Table 'bid' created.}
     */
    record CatalogChange(StatementKind kind, String name, boolean changed, String message) implements StatementResult {}

    /**
     * {@code SET 'key' = 'value'}, {@code RESET 'key'} or {@code RESET}.
     *
     * @param kind SET or RESET
     * @param message a line for the user
     * @param settings all settings after the change
     */
    record SettingsChange(StatementKind kind, String message, Map<String, String> settings) implements StatementResult {
        public SettingsChange {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * Rows to show: {@code SHOW TABLES}, {@code SHOW VIEWS}, {@code DESCRIBE}, {@code SET} (the settings). Values are
     * display text; an empty string stands for nothing to show.
     *
     * @param kind the statement
     * @param columns the column headers
     * @param rows the rows, each with one value per column
     */
    record Table(StatementKind kind, List<String> columns, List<List<String>> rows) implements StatementResult {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }

        /** The table as aligned text, Flink SQL client style ({@code +---+} borders). */
        public String format() {
            int[] widths = new int[columns.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = columns.get(i).length();
                for (List<String> row : rows) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            StringBuilder border = new StringBuilder("+");
            for (int width : widths) {
                border.append("-".repeat(width + 2)).append('+');
            }
            StringBuilder out = new StringBuilder().append(border).append('\n');
            appendRow(out, columns, widths);
            out.append(border).append('\n');
            for (List<String> row : rows) {
                appendRow(out, row, widths);
            }
            out.append(border).append('\n');
            out.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(" in set\n");
            return out.toString();
        }

        private static void appendRow(StringBuilder out, List<String> values, int[] widths) {
            out.append('|');
            for (int i = 0; i < widths.length; i++) {
                String value = values.get(i);
                out.append(' ')
                        .append(" ".repeat(widths[i] - value.length()))
                        .append(value)
                        .append(" |");
            }
            out.append('\n');
        }
    }

    /**
     * {@code EXPLAIN}: the plans as text.
     *
     * @param kind EXPLAIN
     * @param text the optimized logical plan and the physical plan ({@link QueryPlan#explain()})
     * @param plan the physical plan that was explained
     */
    record Explanation(StatementKind kind, String text, QueryPlan plan) implements StatementResult {}

    /**
     * A query or {@code INSERT} to run.
     *
     * @param kind SELECT or INSERT
     * @param plan the physical plan: rooted at a {@link io.sabot.plan.Sink} for {@code INSERT}
     */
    record Query(StatementKind kind, QueryPlan plan) implements StatementResult {}
}
