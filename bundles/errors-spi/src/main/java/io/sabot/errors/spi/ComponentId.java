package io.sabot.errors.spi;

/**
 * Which component a failure happened in: tenant, job, operator and subtask, table and connector. Any part may be null
 * where it does not apply (an orchestrator failure has no operator; a state failure has no table). Immutable and
 * thread-safe; a record so that two equal identities are equal.
 *
 * @param tenantId the tenant, or null for node-level failures
 * @param jobId the job, or null
 * @param operatorId the operator, or null
 * @param subtaskIndex the operator's subtask, or {@code -1} if not applicable
 * @param tableName the table being read or written (fully qualified, e.g. {@code acme.default.orders}), or null
 * @param connectorId the connector or format identifier, e.g. {@code kafka} or {@code json}, or null
 */
public record ComponentId(
        String tenantId, String jobId, String operatorId, int subtaskIndex, String tableName, String connectorId) {

    /** A component no part of which is known: the default of a {@link Failure}. */
    public static final ComponentId UNKNOWN = new ComponentId(null, null, null, -1, null, null);

    /**
     * Checks the subtask index.
     *
     * @throws IllegalArgumentException if {@code subtaskIndex < -1}
     */
    public ComponentId {
        if (subtaskIndex < -1) {
            throw new IllegalArgumentException("invalid subtask index " + subtaskIndex);
        }
    }

    /** A job as a whole. */
    public static ComponentId job(String tenantId, String jobId) {
        return new ComponentId(tenantId, jobId, null, -1, null, null);
    }

    /** A copy naming an operator and one of its subtasks ({@code -1} for the operator as a whole). */
    public ComponentId withOperator(String operatorId, int subtaskIndex) {
        return new ComponentId(tenantId, jobId, operatorId, subtaskIndex, tableName, connectorId);
    }

    /** A copy naming a table and the connector or format that serves it. */
    public ComponentId withTable(String tableName, String connectorId) {
        return new ComponentId(tenantId, jobId, operatorId, subtaskIndex, tableName, connectorId);
    }

    /** The known parts, e.g. {@code tenant acme, job orders, operator scan-1 #2, table acme.default.orders (kafka)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        append(text, "tenant", tenantId);
        append(text, "job", jobId);
        append(
                text,
                "operator",
                operatorId == null ? null : operatorId + (subtaskIndex >= 0 ? " #" + subtaskIndex : ""));
        append(
                text,
                "table",
                tableName == null ? null : tableName + (connectorId != null ? " (" + connectorId + ")" : ""));
        if (tableName == null) {
            append(text, "connector", connectorId);
        }
        return text.length() == 0 ? "unknown component" : text.toString();
    }

    private static void append(StringBuilder text, String label, String value) {
        if (value != null) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(label)
                    .append(' ')
                    .append(value);
        }
    }
}
