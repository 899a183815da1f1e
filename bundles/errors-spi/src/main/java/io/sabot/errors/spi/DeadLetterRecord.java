package io.sabot.errors.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A record sent to a dead-letter target, with everything needed to understand and replay it: the record itself
 * (original bytes and/or row, source coordinates, event time, in {@link #record()}), where it failed, why (error type,
 * severity, message, cause class), on which attempt, and when.
 *
 * <p>Created by the runtime with {@link #of(Failure, String, Instant)} from the failure a handler decided to
 * dead-letter. Immutable and thread-safe. A sink chooses its own encoding; the {@code kafka} and {@code file} sinks
 * write the original bytes as the value (and the original key as key) and the rest as headers or columns, so that the
 * record can be replayed into its source as it was.
 *
 * @param target the dead-letter target's name
 * @param component where the failure happened
 * @param record the failed record: source coordinates, original key and bytes, row, event time
 * @param errorType the failure's type
 * @param severity the failure's severity
 * @param errorMessage the failure's message (never a secret)
 * @param causeType the class name of the failure's cause, or null if it had none
 * @param attempts the attempt on which it was given up, {@code >= 1}
 * @param failedAt when the failure happened
 * @param deadLetteredAt when the record was handed to the target
 */
public record DeadLetterRecord(
        String target,
        ComponentId component,
        RecordContext record,
        ErrorType errorType,
        Severity severity,
        String errorMessage,
        String causeType,
        int attempts,
        Instant failedAt,
        Instant deadLetteredAt) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component other than {@code causeType} is null
     * @throws IllegalArgumentException if {@code attempts < 1}
     */
    public DeadLetterRecord {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(deadLetteredAt, "deadLetteredAt");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
    }

    /**
     * The dead-letter record of a failure.
     *
     * @param failure a failure about a record
     * @param target the target the decision named
     * @param now the time of hand-over to the target
     * @throws IllegalArgumentException if the failure has no record
     */
    public static DeadLetterRecord of(Failure failure, String target, Instant now) {
        RecordContext record = failure.record()
                .orElseThrow(() -> new IllegalArgumentException(
                        "a " + failure.type() + " failure without a record cannot be dead-lettered"));
        return new DeadLetterRecord(
                target,
                failure.component(),
                record,
                failure.type(),
                failure.severity(),
                failure.message(),
                failure.cause().map(c -> c.getClass().getName()).orElse(null),
                failure.attempt(),
                failure.timestamp(),
                now);
    }
}
