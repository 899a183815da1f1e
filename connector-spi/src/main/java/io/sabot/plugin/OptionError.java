package io.sabot.plugin;

import java.util.Objects;

/**
 * One problem with one option key, as a form would show it next to the field: which key, what kind of problem, and
 * a message that never contains a secret value.
 */
public final class OptionError {

    /** What is wrong with the key. */
    public enum Kind {
        /** The key is not an option of the plug-in (a typo, or an option of another connector). */
        UNKNOWN,
        /** A required option has no value. */
        MISSING,
        /** The value does not parse as the option's type or breaks its constraint. */
        INVALID,
        /** The same option is given twice, under its key and a deprecated key. */
        CONFLICT
    }

    private final String key;
    private final Kind kind;
    private final String message;

    public OptionError(String key, Kind kind, String message) {
        this.key = Objects.requireNonNull(key);
        this.kind = Objects.requireNonNull(kind);
        this.message = Objects.requireNonNull(message);
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The full sentence, naming the key, e.g. {@code option 'rows-per-second': must be positive, got '-1'}. */
    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptionError)) {
            return false;
        }
        OptionError other = (OptionError) o;
        return key.equals(other.key) && kind == other.kind && message.equals(other.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, kind, message);
    }

    @Override
    public String toString() {
        return message;
    }
}
