package io.sabot.errors.spi;

import io.sabot.plugin.PluginException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One failure, as the runtime presents it to the job's {@link ErrorHandler}s: its {@link ErrorType} and {@link
 * Severity}, the {@link ComponentId component} it happened in, the {@link RecordContext record} it is about (if any),
 * the cause, a message, whether retrying may help, which attempt this is, and when it happened.
 *
 * <p>Immutable and thread-safe. Built by the runtime with {@link #builder(ErrorType)}; when a retried operation fails
 * again, the runtime reports a new failure built with {@link #toBuilder()} and {@code attempt + 1}.
 *
 * <p>Only the type is required. Defaults: severity {@link ErrorType#defaultSeverity()}, component {@link
 * ComponentId#UNKNOWN}, no record, no cause, the message of the cause (or the type's name), retriable as the cause
 * says if it is a {@link PluginException} (else false), attempt 1, the time of {@link Builder#build()}.
 */
public final class Failure {

    private final ErrorType type;
    private final Severity severity;
    private final ComponentId component;
    private final RecordContext record;
    private final Throwable cause;
    private final String message;
    private final boolean retriable;
    private final int attempt;
    private final Instant timestamp;

    private Failure(Builder builder) {
        this.type = builder.type;
        this.severity = builder.severity != null ? builder.severity : type.defaultSeverity();
        this.component = builder.component;
        this.record = builder.record;
        this.cause = builder.cause;
        this.message = builder.message != null ? builder.message : defaultMessage(type, cause);
        this.retriable = builder.retriable != null
                ? builder.retriable
                : cause instanceof PluginException && ((PluginException) cause).isRetriable();
        this.attempt = builder.attempt;
        this.timestamp = builder.timestamp != null ? builder.timestamp : Instant.now();
    }

    private static String defaultMessage(ErrorType type, Throwable cause) {
        if (cause != null && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause != null ? type + " failure: " + cause.getClass().getName() : type + " failure";
    }

    /**
     * Starts a failure of {@code type}.
     *
     * @throws NullPointerException if {@code type} is null: every failure has a type
     */
    public static Builder builder(ErrorType type) {
        return new Builder(Objects.requireNonNull(type, "a failure needs an error type"));
    }

    /** What kind of thing failed. */
    public ErrorType type() {
        return type;
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** Where it happened; parts may be unknown. */
    public ComponentId component() {
        return component;
    }

    /** The record it is about, for failures of one record (decode, expression, late record, constraint). */
    public Optional<RecordContext> record() {
        return Optional.ofNullable(record);
    }

    /** The exception behind it, if there is one. */
    public Optional<Throwable> cause() {
        return Optional.ofNullable(cause);
    }

    /**
     * A sentence saying what failed and where, e.g. {@code cannot decode JSON at orders-3 offset 1234: unexpected end
     * of input}. Never contains a secret (plug-ins promise that for their exception messages).
     */
    public String message() {
        return message;
    }

    /**
     * Whether repeating the failed operation may succeed (a broker down, a timeout) rather than fail the same way (a
     * malformed record). A hint from the reporter; the built-in {@code retry} handler retries only retriable failures.
     */
    public boolean isRetriable() {
        return retriable;
    }

    /** Which attempt of the operation failed: 1 the first time, 2 after one {@code RETRY}, and so on. */
    public int attempt() {
        return attempt;
    }

    /** When the failure happened. */
    public Instant timestamp() {
        return timestamp;
    }

    /** A builder holding this failure's values, e.g. to report the next attempt. */
    public Builder toBuilder() {
        Builder builder = new Builder(type)
                .severity(severity)
                .component(component)
                .record(record)
                .cause(cause)
                .message(message)
                .retriable(retriable)
                .attempt(attempt);
        builder.timestamp = timestamp;
        return builder;
    }

    /** Type, severity, attempt, component, record location and message; no record content. */
    @Override
    public String toString() {
        return type + "/" + severity + " failure (attempt " + attempt + ") in " + component
                + (record != null ? ", " + record : "") + ": " + message;
    }

    /** Builds a {@link Failure}. Not thread-safe. */
    public static final class Builder {
        private final ErrorType type;
        private Severity severity;
        private ComponentId component = ComponentId.UNKNOWN;
        private RecordContext record;
        private Throwable cause;
        private String message;
        private Boolean retriable;
        private int attempt = 1;
        private Instant timestamp;

        private Builder(ErrorType type) {
            this.type = type;
        }

        /** The severity; null restores the type's default. */
        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        /** The component. */
        public Builder component(ComponentId component) {
            this.component = Objects.requireNonNull(component, "component");
            return this;
        }

        /** The record; null for a failure not about one record. */
        public Builder record(RecordContext record) {
            this.record = record;
            return this;
        }

        /** The cause. */
        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** The message; null restores the default (the cause's message). */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** Whether retrying may help, overriding what the cause says. */
        public Builder retriable(boolean retriable) {
            this.retriable = retriable;
            return this;
        }

        /**
         * The attempt number.
         *
         * @throws IllegalArgumentException if {@code attempt < 1}
         */
        public Builder attempt(int attempt) {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
            }
            this.attempt = attempt;
            return this;
        }

        /** When it happened; default: when {@link #build()} is called. */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** The failure. */
        public Failure build() {
            return new Failure(this);
        }
    }
}
