package io.sabot.plan;

/**
 * A planned statement: the root of the physical plan, the SQL it came from, and the text EXPLAIN prints.
 *
 * @param sql the statement's text
 * @param root the plan's root: a {@link Sink} for {@code INSERT INTO}, the query's last operator for a {@code
 *     SELECT} (whose rows the caller collects)
 */
public record QueryPlan(String sql, PlanNode root) {

    /** Whether the result is insert-only or a changelog. */
    public ChangelogKind changelog() {
        return root.changelog();
    }

    /** The physical plan as EXPLAIN prints it: one operator per line, inputs indented below their consumer. */
    public String explain() {
        StringBuilder out = new StringBuilder();
        explain(root, 0, out);
        return out.toString();
    }

    private static void explain(PlanNode node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(depth == 0 ? "" : "+- ").append(node.describe());
        if (node.changelog() == ChangelogKind.RETRACT) {
            out.append(" changelog");
        }
        out.append('\n');
        for (PlanNode input : node.inputs()) {
            explain(input, depth + 1, out);
        }
    }
}
