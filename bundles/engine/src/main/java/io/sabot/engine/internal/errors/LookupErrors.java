package io.sabot.engine.internal.errors;

import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plan.RowType;
import io.sabot.plugin.PluginException;
import java.util.Map;

/**
 * What happens when a lookup join's dimension source keeps failing for a key (after {@code lookup.max-retries}): one
 * per operator, shared by its subtasks. Without handlers the job fails, naming the dimension table, its connector, the
 * key and the cause. With the dimension table's handlers (its {@code error.*} options, else the job's), the key's
 * failure is one {@link io.sabot.errors.spi.ErrorType#CONNECTOR} failure (or {@code TIMEOUT}/{@code NETWORK}) with a
 * probe row: {@code retry} looks the key up again after its back-off (when the failure is retriable), {@code skip}
 * drops the key's probe rows, {@code dead-letter} sends each of them to the target, and {@code FAIL} fails the job.
 */
public final class LookupErrors {

    private final TableErrors handling;
    private final String tenant;
    private final String job;
    private final String operator;
    private final String table;
    private final String connector;

    /**
     * @param handling the dimension table's handlers (or the job's), or null for none
     * @param table the dimension table's name
     */
    public LookupErrors(
            TableErrors handling, String tenant, String job, String operator, String table, String connector) {
        this.handling = handling == null || !handling.handles() ? null : handling;
        this.tenant = tenant;
        this.job = job;
        this.operator = operator;
        this.table = table;
        this.connector = connector;
    }

    /** No handlers: every failure that outlives the retries fails the job. */
    public static LookupErrors failing(String operator, String table, String connector) {
        return new LookupErrors(null, JobErrors.TENANT, null, operator, table, connector);
    }

    public boolean handles() {
        return handling != null;
    }

    public String operator() {
        return operator;
    }

    /**
     * The lookup of {@code key} failed for the {@code attempt}-th time: what the handlers decide, or the exception that
     * fails the job (no handlers, or a decision that is neither a retry of a retriable failure nor setting rows aside).
     *
     * @param key the key as {@code {column=value, …}}
     * @param input the probe rows' columns, naming {@code row}
     * @param row a probe row with the key (the failure's record)
     * @return a {@code RETRY} (with its delay), {@code SKIP} or {@code DEAD_LETTER} decision
     * @throws PluginException when the job fails
     */
    public Decision keyFailed(
            int subtask, String key, int attempt, Exception cause, RowType input, Map<String, Object> row) {
        String message = message(key, attempt, cause);
        if (handling == null) {
            throw new PluginException(message, cause, false);
        }
        Failure failure = failure(subtask, message, attempt, cause, row);
        Decision decision = handling.decide(failure);
        switch (decision.kind()) {
            case RETRY -> {
                if (failure.isRetriable()) {
                    return decision;
                }
            }
            case SKIP, DEAD_LETTER -> {
                return decision;
            }
            default -> {}
        }
        throw new PluginException(
                message + " (error handling decided " + decision.kind()
                        + (decision.kind() == Decision.Kind.RETRY
                                ? ", but the failure is not retriable: the same lookup would fail again"
                                : "")
                        + (decision.reason().isEmpty() ? "" : ": " + decision.reason()) + ")",
                cause,
                false);
    }

    /**
     * Sets aside one probe row of a key whose lookup the handlers decided to skip or dead-letter: counted, and for a
     * dead letter queued to the target with the row's values.
     *
     * @return the decision's kind, {@code SKIP} or {@code DEAD_LETTER}
     */
    public Decision.Kind setAside(
            int subtask, String key, int attempt, Exception cause, Map<String, Object> row, Decision decision) {
        Decision.Kind kind =
                handling.apply(failure(subtask, message(key, attempt, cause), attempt, cause, row), decision);
        if (kind == null) {
            throw new IllegalStateException("no dead-letter target for " + message(key, attempt, cause));
        }
        return kind;
    }

    /** Makes the dead letters queued so far durable (nothing to do without handlers or a target). */
    public void flush() throws Exception {
        if (handling != null) {
            handling.flush();
        }
    }

    private Failure failure(int subtask, String message, int attempt, Exception cause, Map<String, Object> row) {
        return Failure.builder(SinkGuard.type(cause))
                .component(new ComponentId(tenant, job, operator, subtask, table, connector))
                .record(RecordContext.builder().table(table).row(row).build())
                .cause(cause)
                .message(message)
                .retriable(SinkGuard.retriable(cause))
                .attempt(attempt)
                .build();
    }

    /**
     * {@code dimension table 'default.products' (connector 'jdbc'): lookup of key {product_id=42} failed after 3
     * retries: connection refused}.
     */
    public String message(String key, int attempt, Exception cause) {
        String text = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return "dimension table '" + table + "' (connector '" + connector + "'): lookup of key " + key + " failed"
                + (attempt > 1 ? " after " + (attempt - 1) + (attempt == 2 ? " retry" : " retries") : "") + ": "
                + text;
    }

    /**
     * Whether a failed lookup may succeed when made again: a retriable {@link PluginException}, an {@code IOException}
     * or a {@code TimeoutException} (the connector SPI's rule).
     */
    public static boolean retriable(Exception e) {
        return SinkGuard.retriable(e);
    }

    /** A probe row's values by column name, for dead letters and messages (the rare path). */
    public static Map<String, Object> rowValues(
            RowType type, io.sabot.engine.internal.column.Column[] columns, int row) {
        return LateRows.rowValues(type, columns, row);
    }
}
