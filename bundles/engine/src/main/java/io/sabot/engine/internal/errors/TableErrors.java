package io.sabot.engine.internal.errors;

import com.codahale.metrics.Counter;
import io.sabot.connector.spi.format.RecordFailurePolicy;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plugin.PluginException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The error handling of one table (or of several with the same configuration): its handler chain, its dead-letter
 * target, and what a decision does to a failed record. Thread-safe: shared by the table's subtasks.
 */
public final class TableErrors {

    private final List<ErrorHandler> chain;
    /** The handlers' identifiers, in chain order: for messages. */
    private final List<String> names;

    private final DeadLetterQueue target;
    private final int maxRetries;
    private final LongAdder skipped;
    private final LongAdder deadLettered;
    private final LongAdder retries;
    /** The job's {@code errors} metric: failures handed to the handlers. */
    private final JobMetricGroup errors;
    /** The table's own counts ({@code TABLE} scope); no-ops for the job's handling. */
    private final Counter tableSkipped;

    private final Counter tableDeadLettered;

    TableErrors(
            List<ErrorHandler> chain,
            List<String> names,
            DeadLetterQueue target,
            int maxRetries,
            LongAdder skipped,
            LongAdder deadLettered,
            LongAdder retries,
            JobMetricGroup errors,
            Counter tableSkipped,
            Counter tableDeadLettered) {
        this.chain = chain;
        this.names = names;
        this.target = target;
        this.maxRetries = maxRetries;
        this.skipped = skipped;
        this.deadLettered = deadLettered;
        this.retries = retries;
        this.errors = errors;
        this.tableSkipped = tableSkipped == null ? new Counter() : tableSkipped;
        this.tableDeadLettered = tableDeadLettered == null ? new Counter() : tableDeadLettered;
    }

    /**
     * The guard of one sink subtask of the table: its writes, pre-commits and flush go through the chain.
     *
     * @param component the job, the sink operator and subtask, the table and its connector
     * @param retriesMetric the subtask's {@code retries} counter
     */
    public SinkGuard sinkGuard(ComponentId component, Counter retriesMetric) {
        return new SinkGuard(this, chain, names, component, retries, retriesMetric, errors);
    }

    /** Whether any handler is configured (otherwise every failure fails, and nothing need be built to say so). */
    public boolean handles() {
        return !chain.isEmpty();
    }

    /** Makes the dead letters queued so far durable (nothing to do without a target). */
    public void flush() throws Exception {
        if (target != null) {
            target.flush();
        }
    }

    /** The cap on retries of one operation ({@code error.max-retries}). */
    public int maxRetries() {
        return maxRetries;
    }

    /**
     * The policy for records a source subtask of the table could not decode.
     *
     * @param component the job, the source operator and subtask, the table and its connector
     */
    public RecordFailurePolicy sourcePolicy(ComponentId component) {
        if (chain.isEmpty()) {
            return RecordFailurePolicy.FAIL;
        }
        return (split, position, data, offset, length, message) -> {
            Failure failure = Failure.builder(ErrorType.CONNECTOR)
                    .component(component)
                    .record(RecordContext.builder()
                            .table(component.tableName())
                            .split(split)
                            .position(position)
                            .originalBytes(Arrays.copyOfRange(data, offset, offset + length))
                            .build())
                    .message("table '" + component.tableName() + "'" + (split == null ? "" : ", split '" + split + "'")
                            + ", " + position + ": " + message)
                    .retriable(false) // the same bytes would fail again
                    .build();
            return recordFailed(failure);
        };
    }

    /**
     * Applies the chain's decision about a failed record: true when the record is skipped or dead-lettered (and
     * counted); a {@code FAIL} throws, naming the record and the decision's reason. A {@code RETRY} of a record that
     * cannot change fails.
     *
     * @throws PluginException when the record fails the job
     */
    boolean recordFailed(Failure failure) {
        return rowFailed(failure) != null;
    }

    /**
     * Applies the chain's decision about a failed record, as {@link #recordFailed}: {@code SKIP} or {@code
     * DEAD_LETTER} when the record was set aside (and counted), null in the impossible case of a dead letter without
     * a target; a {@code FAIL} (or a {@code RETRY}) throws.
     *
     * @throws PluginException when the record fails the job
     */
    Decision.Kind rowFailed(Failure failure) {
        return apply(failure, decide(failure));
    }

    /**
     * Rows dropped without asking the handlers (a sink's {@code 'table.exec.sink.not-null-enforcer' = 'DROP'}):
     * counted as skipped, for the job and (when the table has handlers) the table.
     */
    public void dropped(int rows) {
        skipped.add(rows);
        tableSkipped.inc(rows);
    }

    /** Asks the chain about a failure, counted in the job's {@code errors}. */
    Decision decide(Failure failure) {
        errors.error(failure.type());
        return ErrorHandlers.decide(chain, failure);
    }

    /**
     * Carries out a decision about a failed record: as {@link #rowFailed}, without asking the chain again (so one
     * decision can set aside several rows, e.g. every probe row of a key whose lookup failed).
     */
    Decision.Kind apply(Failure failure, Decision decision) {
        switch (decision.kind()) {
            case SKIP -> {
                skipped.increment();
                tableSkipped.inc();
                return Decision.Kind.SKIP;
            }
            case DEAD_LETTER -> {
                if (target == null) {
                    return null; // validated at build: a dead-letter handler always has a target
                }
                target.add(DeadLetterRecord.of(
                        failure, decision.deadLetterTarget().orElse(target.target()), Instant.now()));
                deadLettered.increment();
                tableDeadLettered.inc();
                return Decision.Kind.DEAD_LETTER;
            }
            default -> throw new PluginException(
                    failure.message() + " (error handling decided " + decision.kind()
                            + (decision.kind() == Decision.Kind.RETRY ? ", but the same record would fail again" : "")
                            + ": " + decision.reason() + ")" + typeAndSeverity(failure),
                    false);
        }
    }

    /**
     * The suffix a failure's message gets where it fails a job, e.g. {@code  [CONNECTOR, severity MEDIUM]}: what a user
     * reads first in a failure should say how bad it is.
     */
    static String typeAndSeverity(Failure failure) {
        return " [" + failure.type() + ", severity " + failure.severity() + "]";
    }
}
