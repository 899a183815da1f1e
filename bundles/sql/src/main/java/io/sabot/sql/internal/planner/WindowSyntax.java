package io.sabot.sql.internal.planner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites the legacy group-window syntax Calcite does not accept as is, in place, before validation. In a
 * {@code SELECT} whose {@code GROUP BY} has {@code TUMBLE(…)}, {@code HOP(…)} or {@code SESSION(…)}, the select list
 * and {@code HAVING}:
 *
 * <ul>
 *   <li>{@code TUMBLE(ts, size)} (the seed docs' form, meaning the window start) becomes {@code TUMBLE_START(ts,
 *       size)};
 *   <li>{@code TUMBLE_END(ts, size)} becomes {@code $WINDOW_END(TUMBLE_START(ts, size))} and {@code
 *       TUMBLE_ROWTIME}/{@code TUMBLE_PROCTIME} become {@code $WINDOW_TIME(…)}: Calcite would turn an end into
 *       {@code start + size} (and a session's end into its start), the markers survive conversion and are replaced
 *       by the window aggregation's own columns ({@link LegacyWindows}).
 * </ul>
 *
 * Same for HOP_ and SESSION_.
 */
final class WindowSyntax {

    private static final Set<String> GROUP_FUNCTIONS =
            Set.of("TUMBLE", "HOP", "SESSION", "$TUMBLE", "$HOP", "$SESSION");

    private static final Map<String, SqlOperator> START = Map.of(
            "TUMBLE", SqlStdOperatorTable.TUMBLE_START,
            "HOP", SqlStdOperatorTable.HOP_START,
            "SESSION", SqlStdOperatorTable.SESSION_START);

    private WindowSyntax() {}

    /** Rewrites every SELECT of the tree (subqueries, WITH items, set operations, INSERT sources). */
    static void rewrite(SqlNode node) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlSelect select) {
            if (hasGroupWindow(select.getGroup())) {
                Rewriter rewriter = new Rewriter();
                select.setSelectList((SqlNodeList) select.getSelectList().accept(rewriter));
                if (select.getHaving() != null) {
                    select.setHaving(select.getHaving().accept(rewriter));
                }
            }
        }
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                if (isPartitionedSession(list.get(i))) {
                    list.set(i, partitionedSession((SqlCall) list.get(i)));
                }
                rewrite(list.get(i));
            }
        } else if (node instanceof SqlCall call) {
            List<SqlNode> operands = call.getOperandList();
            for (int i = 0; i < operands.size(); i++) {
                if (isPartitionedSession(operands.get(i))) {
                    call.setOperand(i, partitionedSession((SqlCall) operands.get(i)));
                }
                rewrite(call.getOperandList().get(i));
            }
        }
    }

    /**
     * Flink's {@code SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)} into {@code SESSION(TABLE t, DESCRIPTOR(ts),
     * DESCRIPTOR(k), gap)}: Calcite's conversion of set-semantics table arguments drops the table.
     */
    private static boolean isPartitionedSession(SqlNode node) {
        return node instanceof SqlCall call
                && name(call).equals("SESSION")
                && call.operandCount() == 3
                && call.operand(0) != null
                && call.operand(0).getKind() == SqlKind.SET_SEMANTICS_TABLE;
    }

    private static SqlCall partitionedSession(SqlCall call) {
        SqlCall table = (SqlCall) call.operand(0);
        SqlNodeList partition = table.operand(1);
        SqlNodeList order = table.operand(2);
        if (order != null && !order.isEmpty()) {
            throw new io.sabot.sql.internal.PlanningException(
                    "SESSION(TABLE … ORDER BY …) is not supported: sessions are ordered by their time column",
                    order.getParserPosition());
        }
        SqlNode keys = SqlStdOperatorTable.DESCRIPTOR.createCall(partition.getParserPosition(), partition.getList());
        SqlNode timeColumn = call.operand(1);
        SqlNode gap = call.operand(2);
        return call.getOperator()
                .createCall(
                        call.getFunctionQuantifier(),
                        call.getParserPosition(),
                        table.operand(0),
                        timeColumn,
                        keys,
                        gap);
    }

    private static boolean hasGroupWindow(SqlNodeList group) {
        if (group == null) {
            return false;
        }
        for (SqlNode item : group) {
            if (item instanceof SqlCall call && GROUP_FUNCTIONS.contains(name(call)) && !isTableArgument(call)) {
                return true;
            }
        }
        return false;
    }

    private static String name(SqlCall call) {
        return call.getOperator().getName().toUpperCase(Locale.ROOT);
    }

    /** Whether the call is a window table function ({@code TUMBLE(TABLE t, …)}), not a group window. */
    private static boolean isTableArgument(SqlCall call) {
        if (call.operandCount() == 0 || call.operand(0) == null) {
            return false;
        }
        SqlKind kind = call.operand(0).getKind();
        return kind == SqlKind.EXPLICIT_TABLE || kind == SqlKind.SET_SEMANTICS_TABLE || kind == SqlKind.SELECT;
    }

    /** Rewrites the expressions of one select list or HAVING clause; never enters subqueries. */
    private static final class Rewriter extends SqlShuttle {
        @Override
        public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect) {
                return call;
            }
            SqlNode visited = super.visit(call);
            if (!(visited instanceof SqlCall c) || isTableArgument(c)) {
                return visited;
            }
            String name = name(c);
            if (name.startsWith("$")) {
                name = name.substring(1);
            }
            if (START.containsKey(name)) {
                return start(name, c);
            }
            int underscore = name.lastIndexOf('_');
            if (underscore < 0 || !START.containsKey(name.substring(0, underscore))) {
                return visited;
            }
            String group = name.substring(0, underscore);
            return switch (name.substring(underscore + 1)) {
                case "END" -> SabotOperators.WINDOW_END.createCall(c.getParserPosition(), start(group, c));
                case "ROWTIME", "PROCTIME" -> SabotOperators.WINDOW_TIME.createCall(
                        c.getParserPosition(), start(group, c));
                default -> visited;
            };
        }

        private static SqlNode start(String group, SqlCall call) {
            return START.get(group).createCall(call.getParserPosition(), call.getOperandList());
        }
    }
}
