package io.sabot.engine.internal.errors;

import com.codahale.metrics.Counter;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.errors.spi.CircuitState;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plan.RowType;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs the operations of one sink subtask (writes, pre-commits, the end-of-input flush) under its table's error
 * handlers. Before each attempt it waits while a handler keeps the table's circuit open; after a success it tells
 * every handler; after a failure it asks the chain, and on {@code RETRY} waits on the task thread (interruptibly:
 * cancellation ends the wait) and makes the same call again. A call is repeated only if the writer declared its
 * failure retriable, which by the sink SPI promises that the call had no effect, so a retried write neither loses nor
 * doubles rows. Any other decision fails the operation, naming the table, the operation, the retries and the cause.
 *
 * <p>Task thread only; the chain is shared with the table's other subtasks.
 */
public final class SinkGuard {

    /** One attempt of an operation. */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws Exception;
    }

    private final TableErrors handling;
    private final List<ErrorHandler> chain;
    private final ComponentId component;
    private final LongAdder retries;
    private final Counter retriesMetric;
    private final JobMetricGroup errors;
    /** The handlers' identifiers, by position in the chain. */
    private final List<String> names;
    /** The position of the handler whose decision the chain took last (task thread). */
    private int decidedBy = -1;
    /**
     * While the task waits on the handlers (a retry's back-off, an open circuit): what it waits for, naming the table
     * and the handler; else null. Read by the checkpoint coordinator to say what holds a checkpoint back.
     */
    private volatile String holding;

    SinkGuard(
            TableErrors handling,
            List<ErrorHandler> chain,
            List<String> names,
            ComponentId component,
            LongAdder retries,
            Counter retriesMetric,
            JobMetricGroup errors) {
        this.handling = handling;
        this.names = names;
        // each handler noted when it decides, so that a wait can name the handler it waits for
        List<ErrorHandler> noted = new java.util.ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            noted.add(new Noted(chain.get(i), i));
        }
        this.chain = List.copyOf(noted);
        this.component = component;
        this.retries = retries;
        this.retriesMetric = retriesMetric;
        this.errors = errors;
    }

    /** The circuit a handler keeps for this sink's table, if one does (for the state gauge). Any thread. */
    public Optional<CircuitState> circuit() {
        return chain.isEmpty() ? Optional.empty() : ErrorHandlers.circuit(chain, component);
    }

    /**
     * Runs {@code operation} until it succeeds or the handlers give up.
     *
     * @param what the operation in words, for messages: {@code write of 1024 rows}, {@code pre-commit for checkpoint
     *     3}
     * @throws PluginException when the handlers give up (not retriable: the job fails)
     * @throws InterruptedException when the task is interrupted (cancelled, or the job failed elsewhere)
     */
    public <T> T run(String what, Operation<T> operation) throws Exception {
        for (int attempt = 1; ; attempt++) {
            hold();
            T result;
            try {
                result = operation.run();
            } catch (InterruptedException | RowFailure e) {
                throw e; // a row that failed was decided about already: the write fails as it said
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e; // the task is being stopped: not a failure of the target
                }
                Failure failure = failure(what, e, attempt);
                Decision decision;
                if (chain.isEmpty()) {
                    decision = Decision.fail("no error handler configured");
                } else {
                    errors.error(failure.type());
                    decidedBy = -1;
                    decision = ErrorHandlers.decide(chain, failure);
                }
                if (decision.kind() == Decision.Kind.RETRY && failure.isRetriable()) {
                    retries.increment();
                    retriesMetric.inc();
                    Duration delay = decision.retryDelay().orElse(Duration.ZERO);
                    holding = "the " + what + " to table '" + component.tableName() + "' is held by error handler '"
                            + name(decidedBy) + "' (" + (decision.reason().isEmpty() ? "retry" : decision.reason())
                            + ", waiting " + delay.toMillis() + " ms after attempt " + attempt + " failed: "
                            + causeMessage(e) + ")";
                    try {
                        sleep(delay);
                    } finally {
                        holding = null;
                    }
                    continue;
                }
                throw new PluginException(gaveUp(failure, decision, attempt), e, false);
            }
            if (!chain.isEmpty()) {
                ErrorHandlers.succeeded(chain, component);
            }
            return result;
        }
    }

    /**
     * Row {@code row} of {@code batch}, being written, cannot be encoded or written ({@code
     * SinkWriterContext#encodeErrors()}): hands it, with its values, to the table's handlers as a {@link
     * ErrorType#CONNECTOR} failure that cannot succeed on a second try. Returns when the row was skipped or
     * dead-lettered (and counted); throws when it fails the write, naming the table, the row and the cause.
     *
     * @param type the table's columns, the batch's first ones
     * @throws RowFailure when the row fails the write (without handlers, or when they decide so)
     */
    public void rowFailed(RowType type, VectorSchemaRoot batch, int row, String message) {
        setAside(ErrorType.CONNECTOR, type, batch, row, message);
    }

    /**
     * Row {@code row} of {@code batch}, about to be written, has a null in the table's {@code NOT NULL} column {@code
     * column}: hands it to the table's handlers as a {@link ErrorType#VALIDATION} failure, as {@link #rowFailed}.
     *
     * @throws RowFailure when the row fails the write (without handlers, or when they decide so)
     */
    public void notNullViolated(RowType type, VectorSchemaRoot batch, int row, String column) {
        setAside(
                ErrorType.VALIDATION,
                type,
                batch,
                row,
                "column '" + column + "' is NOT NULL, however, a null value is being written into it (SET '"
                        + io.sabot.plan.Sink.NotNullEnforcer.KEY + "' = 'DROP' drops such rows)");
    }

    private void setAside(ErrorType errorType, RowType type, VectorSchemaRoot batch, int row, String message) {
        java.util.Map<String, Object> values = LateRows.rowValues(type, batch, row);
        String text = ExpressionErrors.appendRow(
                        new StringBuilder("table '" + component.tableName() + "': row "), values)
                .append(" cannot be written: ")
                .append(message)
                .toString();
        Failure failure = Failure.builder(errorType)
                .component(component)
                .record(RecordContext.builder()
                        .table(component.tableName())
                        .row(values)
                        .build())
                .message(text)
                .retriable(false) // the same values fail the same way
                .build();
        if (chain.isEmpty()) {
            errors.error(errorType); // the failure the job fails with is counted by type too
            throw new RowFailure(text + TableErrors.typeAndSeverity(failure), null);
        }
        try {
            if (handling.rowFailed(failure) == null) {
                throw new RowFailure(text + " (no dead-letter target)", null);
            }
        } catch (RowFailure e) {
            throw e;
        } catch (PluginException e) {
            throw new RowFailure(e.getMessage(), e);
        }
    }

    /** A row of a write failed: not retriable, and decided about already, so {@link #run} does not ask again. */
    public static final class RowFailure extends PluginException {
        private static final long serialVersionUID = 1L;

        RowFailure(String message, Throwable cause) {
            super(message, cause, false);
        }
    }

    /** Waits while a handler keeps the table's circuit open: the target is not attempted meanwhile. */
    private void hold() throws InterruptedException {
        if (chain.isEmpty()) {
            return;
        }
        try {
            for (Duration hold = ErrorHandlers.hold(chain, component);
                    !hold.isZero();
                    hold = ErrorHandlers.hold(chain, component)) {
                holding = "the writes of table '" + component.tableName() + "' are held by error handler '"
                        + name(openCircuit()) + "' (circuit open, next attempt in " + hold.toMillis() + " ms)";
                sleep(hold);
            }
        } finally {
            holding = null;
        }
    }

    /** What the task waits for on the handlers now, naming the table and the handler; null when it does not wait. */
    public String holding() {
        return holding;
    }

    private String name(int index) {
        return index >= 0 && index < names.size() ? names.get(index) : "#" + (index + 1);
    }

    /** The position of the first handler whose circuit is open, or -1. */
    private int openCircuit() {
        for (int i = 0; i < chain.size(); i++) {
            try {
                Optional<CircuitState> c = chain.get(i).circuit(component);
                if (c != null && c.isPresent() && c.get().isOpen()) {
                    return i;
                }
            } catch (RuntimeException e) {
                // counts as keeping no circuit, as ErrorHandlers.hold says
            }
        }
        return -1;
    }

    /** A handler of the chain that notes, when it decides, its position in {@link #decidedBy}. */
    private final class Noted implements ErrorHandler {
        private final ErrorHandler handler;
        private final int index;

        Noted(ErrorHandler handler, int index) {
            this.handler = handler;
            this.index = index;
        }

        @Override
        public Decision handle(Failure failure) {
            Decision d = handler.handle(failure);
            if (d != null && !d.isPass()) {
                decidedBy = index;
            }
            return d;
        }

        @Override
        public void onSuccess(ComponentId component) {
            handler.onSuccess(component);
        }

        @Override
        public Optional<CircuitState> circuit(ComponentId component) {
            return handler.circuit(component);
        }

        @Override
        public void close() {
            handler.close();
        }
    }

    private static void sleep(Duration delay) throws InterruptedException {
        long nanos = delay.toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } else if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the task is stopping");
        }
    }

    private Failure failure(String what, Exception e, int attempt) {
        return Failure.builder(type(e))
                .component(component)
                .cause(e)
                .message("table '" + component.tableName() + "': " + what + " failed: " + causeMessage(e))
                .retriable(retriable(e))
                .attempt(attempt)
                .build();
    }

    /** The sink SPI's rule: a retriable PluginException, or an IOException or TimeoutException thrown as such. */
    static boolean retriable(Exception e) {
        if (e instanceof PluginException plugin) {
            return plugin.isRetriable();
        }
        return e instanceof IOException || e instanceof TimeoutException;
    }

    /**
     * TIMEOUT or NETWORK when the cause chain says so, else CONNECTOR. Client libraries have their own exceptions
     * (kafka-clients' {@code org.apache.kafka.common.errors.TimeoutException} and {@code NetworkException}), which
     * the engine cannot import: their simple names decide too.
     */
    static ErrorType type(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || name.endsWith("TimeoutException")) {
                return ErrorType.TIMEOUT;
            }
            if (t instanceof SocketException || t instanceof UnknownHostException || name.equals("NetworkException")) {
                return ErrorType.NETWORK;
            }
        }
        return ErrorType.CONNECTOR;
    }

    /** The cause's message without a leading {@code table '<name>': }, which the failure's message says already. */
    private String causeMessage(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String prefix = "table '" + component.tableName() + "': ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private String gaveUp(Failure failure, Decision decision, int attempt) {
        StringBuilder text = new StringBuilder(failure.message());
        if (attempt > 1) {
            int at = text.indexOf(" failed: ");
            text.insert(at + " failed".length(), " after " + (attempt - 1) + (attempt == 2 ? " retry" : " retries"));
        }
        if (chain.isEmpty()) {
            return text.append(TableErrors.typeAndSeverity(failure)).toString();
        }
        text.append(" (error handling decided ").append(decision.kind());
        if (decision.kind() == Decision.Kind.RETRY) {
            text.append(", but the writer did not declare the failure retriable: repeating the call could write rows"
                    + " twice");
        } else if (decision.kind() == Decision.Kind.SKIP) {
            text.append(", but a failed sink operation has no record to set aside");
        }
        if (!decision.reason().isEmpty()) {
            text.append(": ").append(decision.reason());
        }
        return text.append(')').append(TableErrors.typeAndSeverity(failure)).toString();
    }
}
