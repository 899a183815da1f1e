package io.sabot.errors.spi;

/**
 * What kind of thing failed, from the seed taxonomy. Handlers switch on it (skip bad records, but fail on state
 * errors), dashboards group by it, and it chooses the default {@link Severity}.
 */
public enum ErrorType {

    /**
     * A source, sink or format failed: a record that does not decode, a broker or file system that is unreachable, a
     * write the external system rejects. The failing plug-in reports it as {@link io.sabot.plugin.PluginException};
     * decode and write failures carry the record.
     */
    CONNECTOR(Severity.MEDIUM),

    /**
     * A state backend failed: local I/O, an exhausted state memory budget, state that cannot be restored ({@code
     * IncompatibleStateException}). Never has a record; usually only {@code FAIL} makes sense.
     */
    STATE(Severity.HIGH),

    /**
     * Event time went wrong: a record later than its window's allowed lateness, a source whose timestamps cannot be
     * extracted. Late records carry the record: {@code SKIP} drops and counts them, {@code DEAD_LETTER} keeps them.
     */
    WATERMARK(Severity.LOW),

    /**
     * A checkpoint failed or timed out (a snapshot that could not be written, a sink that could not pre-commit). Never
     * has a record; {@code SKIP} tolerates the failed checkpoint until the next, {@code FAIL} restarts the job.
     */
    CHECKPOINT(Severity.MEDIUM),

    /**
     * An operator failed on data: an expression that divides by zero or casts a malformed string, a user-defined
     * function that throws. Carries the row.
     */
    OPERATOR(Severity.MEDIUM),

    /**
     * Coordinating the job failed: tasks that cannot be deployed, a plug-in the job needs that did not come back
     * within the hot-swap timeout, a coordinator hand-over. Never has a record.
     */
    ORCHESTRATOR(Severity.CRITICAL),

    /** The network failed: a cluster member lost, a remote store or service unreachable. Usually retriable. */
    NETWORK(Severity.MEDIUM),

    /** An operation exceeded its deadline (a request, a commit, an alignment). Usually retriable. */
    TIMEOUT(Severity.MEDIUM),

    /**
     * A record violates its table's declared schema or constraints (a {@code NOT NULL} column that is null, a value
     * out of its type's range). Carries the record. (Invalid options or SQL never reach handlers: they are rejected
     * before a job runs.)
     */
    VALIDATION(Severity.LOW);

    private final Severity defaultSeverity;

    ErrorType(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    /** The severity a {@link Failure} of this type gets when its reporter does not set one. */
    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
