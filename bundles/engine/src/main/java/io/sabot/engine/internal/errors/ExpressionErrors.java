package io.sabot.engine.internal.errors;

import io.sabot.engine.internal.expr.ExpressionException;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plan.RowType;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What happens to a row an operator's expression cannot be computed for (a CAST of a malformed string, a division by
 * zero): one per operator, shared by its subtasks. Without handlers the job fails, naming the table the row came
 * from (when it is one table's), the operator and subtask, the expression, the row and the error. With the handlers
 * of that table (or the job's, for rows that are not one table's), the row becomes an {@link ErrorType#OPERATOR}
 * failure with its values: {@code skip} drops it, {@code dead-letter} keeps it in the target, and a chain that
 * decides {@code FAIL} fails the job. An expression error is not retriable: the same row fails the same way.
 *
 * <p>Operators call this only on their rare path, after their columnar evaluation of a batch threw and {@link
 * io.sabot.engine.internal.expr.FailingRows} found the rows; converting a row from Arrow happens here.
 */
public final class ExpressionErrors {

    private static final int MAX_VALUE_CHARS = 80;

    private final TableErrors handling;
    private final String tenant;
    private final String job;
    private final String operator;
    private final String table;

    /**
     * @param handling the handlers of the table (or job), or null for none (every failure fails)
     * @param operator the operator's id
     * @param table the table the operator's rows come from, or null when not one table's
     */
    public ExpressionErrors(TableErrors handling, String tenant, String job, String operator, String table) {
        this.handling = handling == null || !handling.handles() ? null : handling;
        this.tenant = tenant;
        this.job = job;
        this.operator = operator;
        this.table = table;
    }

    /** No handlers and nothing known of where the operator runs: for operators built outside a job. */
    public static ExpressionErrors failing(String operator) {
        return new ExpressionErrors(null, JobErrors.TENANT, null, operator, null);
    }

    /** The table the operator's rows come from, or null. */
    public String table() {
        return table;
    }

    /**
     * The error that fails the job for row {@code row} of {@code batch}, without asking handlers: for operators whose
     * rows cannot be set aside.
     */
    public ExpressionException failure(
            int subtask, RowType input, VectorSchemaRoot batch, int row, String expression, ExpressionException error) {
        ExpressionException fail =
                new ExpressionException(message(subtask, expression, LateRows.rowValues(input, batch, row), error));
        fail.initCause(error);
        return fail;
    }

    /** Whether a handler may set rows aside (otherwise the first failing row fails the job). */
    public boolean handles() {
        return handling != null;
    }

    /** The operator's id. */
    public String operator() {
        return operator;
    }

    /**
     * Row {@code row} of {@code batch} failed {@code expression}: hands it to the handlers.
     *
     * @param subtask the operator's subtask
     * @param input the row type of the batch's first columns (the operator's input)
     * @param expression the expression as SQL-like text ({@link io.sabot.engine.internal.expr.ExprText})
     * @param error what the expression raised
     * @return {@code SKIP} or {@code DEAD_LETTER}: the row is set aside and counted
     * @throws ExpressionException naming the row, when there are no handlers
     * @throws io.sabot.plugin.PluginException when the handlers decide that the job fails
     */
    public Decision.Kind rowFailed(
            int subtask, RowType input, VectorSchemaRoot batch, int row, String expression, ExpressionException error) {
        return rowFailed(subtask, LateRows.rowValues(input, batch, row), expression, error);
    }

    /**
     * Row {@code row} of working columns (e.g. a join's candidate pairs) failed {@code expression}: as {@link
     * #rowFailed(int, RowType, VectorSchemaRoot, int, String, ExpressionException)}.
     */
    public Decision.Kind rowFailed(
            int subtask,
            RowType input,
            io.sabot.engine.internal.column.Column[] columns,
            int row,
            String expression,
            ExpressionException error) {
        return rowFailed(subtask, LateRows.rowValues(input, columns, row), expression, error);
    }

    private Decision.Kind rowFailed(
            int subtask, Map<String, Object> values, String expression, ExpressionException error) {
        String message = message(subtask, expression, values, error);
        if (handling == null) {
            ExpressionException fail = new ExpressionException(message);
            fail.initCause(error);
            throw fail;
        }
        Failure failure = Failure.builder(ErrorType.OPERATOR)
                .component(new ComponentId(tenant, job, operator, subtask, table, null))
                .record(RecordContext.builder().table(table).row(values).build())
                .cause(error)
                .message(message)
                .retriable(false) // the same row fails the same way
                .build();
        Decision.Kind kind = handling.rowFailed(failure);
        if (kind == null) {
            throw new IllegalStateException("no dead-letter target for " + message);
        }
        return kind;
    }

    /** Makes the dead letters queued so far durable (nothing to do without handlers or a target). */
    public void flush() throws Exception {
        if (handling != null) {
            handling.flush();
        }
    }

    /**
     * {@code table 'default.trades', operator s0-1-calc, subtask 0: expression CAST(volume AS INT) failed on row
     * {symbol='S1', volume='many'}: cannot cast 'many' of type STRING to INT in CAST($1)}.
     */
    String message(int subtask, String expression, Map<String, Object> values, ExpressionException error) {
        StringBuilder text = new StringBuilder();
        if (table != null) {
            text.append("table '").append(table).append("', ");
        }
        text.append("operator ").append(operator).append(", subtask ").append(subtask);
        text.append(": expression ").append(expression).append(" failed on row ");
        return appendRow(text, values).append(": ").append(error.getMessage()).toString();
    }

    /** Appends {@code {symbol='S1', volume='many'}}, each value shortened to a readable length. */
    static StringBuilder appendRow(StringBuilder text, Map<String, Object> values) {
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            text.append(first ? "" : ", ").append(e.getKey()).append('=').append(value(e.getValue()));
            first = false;
        }
        return text.append('}');
    }

    private static String value(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text =
                value instanceof byte[] bytes ? "x'" + java.util.HexFormat.of().formatHex(bytes) + "'" : null;
        if (text == null) {
            text = value instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(value);
        }
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS) + "…" : text;
    }
}
