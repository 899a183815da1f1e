package io.sabot.errors.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an {@link ErrorHandler} decides about a {@link Failure}: pass it on, fail, skip, retry after a delay, or send the
 * record to a dead-letter target. The package documentation says exactly what each decision makes the runtime do.
 *
 * <p>Immutable and thread-safe; create with the factory methods, which check the invariants (a retry has a
 * non-negative delay, a dead letter names a valid target). A {@link #reason()} explains the decision in logs and in
 * the console ("attempt 3 of 5", "breaker open: 57 failures in 60 s").
 */
public final class Decision {

    /** The kinds of decision. */
    public enum Kind {
        /** Not mine to decide: ask the next handler of the chain ({@code FAIL} if none is left). */
        PASS,
        /** Fail the job's execution; it restarts from its latest checkpoint under its restart policy. */
        FAIL,
        /** Drop the record (or abandon the failed operation) and continue. */
        SKIP,
        /** Attempt the failed operation again after {@link #retryDelay()}. */
        RETRY,
        /** Write the record to the target {@link #deadLetterTarget()} and continue. */
        DEAD_LETTER
    }

    private static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private static final Decision PASS = new Decision(Kind.PASS, null, null, "");
    private static final Decision FAIL = new Decision(Kind.FAIL, null, null, "");
    private static final Decision SKIP = new Decision(Kind.SKIP, null, null, "");

    private final Kind kind;
    private final Duration retryDelay;
    private final String deadLetterTarget;
    private final String reason;

    private Decision(Kind kind, Duration retryDelay, String deadLetterTarget, String reason) {
        this.kind = kind;
        this.retryDelay = retryDelay;
        this.deadLetterTarget = deadLetterTarget;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Leave the decision to the next handler. */
    public static Decision pass() {
        return PASS;
    }

    /** Fail the job's execution. */
    public static Decision fail() {
        return FAIL;
    }

    /** Fail the job's execution, saying why. */
    public static Decision fail(String reason) {
        return new Decision(Kind.FAIL, null, null, reason);
    }

    /** Skip the record or the failed operation. */
    public static Decision skip() {
        return SKIP;
    }

    /** Skip, saying why. */
    public static Decision skip(String reason) {
        return new Decision(Kind.SKIP, null, null, reason);
    }

    /**
     * Retry after {@code delay} ({@link Duration#ZERO} for at once).
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Decision retry(Duration delay) {
        return retry(delay, "");
    }

    /**
     * Retry after {@code delay}, saying why.
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Decision retry(Duration delay, String reason) {
        Objects.requireNonNull(delay, "a retry needs a delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a retry delay cannot be negative: " + delay);
        }
        return new Decision(Kind.RETRY, delay, null, reason);
    }

    /**
     * Send the record to the dead-letter target named {@code target}.
     *
     * @param target the name of a configured dead-letter target: 1 to 128 characters from {@code [a-z0-9._-]},
     *     starting with a letter or digit
     * @throws NullPointerException if {@code target} is null
     * @throws IllegalArgumentException if {@code target} is not a valid name
     */
    public static Decision deadLetter(String target) {
        return deadLetter(target, "");
    }

    /**
     * Send the record to {@code target}, saying why.
     *
     * @throws NullPointerException if {@code target} is null
     * @throws IllegalArgumentException if {@code target} is not a valid name
     */
    public static Decision deadLetter(String target, String reason) {
        Objects.requireNonNull(target, "a dead-letter decision needs a target");
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("invalid dead-letter target name '" + target
                    + "': use 1 to 128 characters from [a-z0-9._-], starting with a letter or digit");
        }
        return new Decision(Kind.DEAD_LETTER, null, target, reason);
    }

    /** The kind of decision. */
    public Kind kind() {
        return kind;
    }

    /** Whether this decision leaves the failure to the next handler. */
    public boolean isPass() {
        return kind == Kind.PASS;
    }

    /** The delay before retrying, for {@link Kind#RETRY}; empty otherwise. */
    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryDelay);
    }

    /** The name of the dead-letter target, for {@link Kind#DEAD_LETTER}; empty otherwise. */
    public Optional<String> deadLetterTarget() {
        return Optional.ofNullable(deadLetterTarget);
    }

    /** Why, for logs and the console; empty if not given. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Decision)) {
            return false;
        }
        Decision other = (Decision) o;
        return kind == other.kind
                && Objects.equals(retryDelay, other.retryDelay)
                && Objects.equals(deadLetterTarget, other.deadLetterTarget)
                && reason.equals(other.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, retryDelay, deadLetterTarget, reason);
    }

    /** E.g. {@code RETRY after PT2S (attempt 2 of 5)} or {@code DEAD_LETTER to orders-dlq}. */
    @Override
    public String toString() {
        String text = kind.name();
        if (retryDelay != null) {
            text += " after " + retryDelay;
        }
        if (deadLetterTarget != null) {
            text += " to " + deadLetterTarget;
        }
        return reason.isEmpty() ? text : text + " (" + reason + ")";
    }
}
