package io.sabot.plugin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of an option value and how its text form is parsed. Text forms follow Flink's conventions so that a
 * {@code WITH (…)} clause written for Flink reads the same here: durations such as {@code 10 s}, {@code 500ms},
 * {@code 1 min}, {@code 2 h} or ISO-8601 {@code PT10S}; memory sizes such as {@code 64 mb} or {@code 1gb}; lists
 * separated by {@code ;} or {@code ,}.
 *
 * <p>Parsing throws {@link IllegalArgumentException} with a message that says what was expected; the validator
 * turns that into an {@link OptionError} naming the key.
 */
public enum OptionType {
    /** Any text. */
    STRING(String.class, "string"),
    /** A 32-bit signed integer. */
    INT(Integer.class, "int"),
    /** A 64-bit signed integer. */
    LONG(Long.class, "long"),
    /** A double-precision number. */
    DOUBLE(Double.class, "double"),
    /** {@code true} or {@code false}, case-insensitive; nothing else. */
    BOOLEAN(Boolean.class, "boolean"),
    /** A {@link Duration}: {@code 10 s}, {@code 500ms}, {@code 1 min}, {@code PT1H}; a bare number is milliseconds. */
    DURATION(Duration.class, "duration"),
    /** A number of bytes: {@code 1024}, {@code 64 kb}, {@code 16mb}, {@code 2 gb}, {@code 1 tb}. */
    MEMORY_SIZE(Long.class, "memory size"),
    /** One of a fixed set of words, declared by {@link OptionDescriptor.TypeStep#enumType(String...)}; case-insensitive. */
    ENUM(String.class, "enum"),
    /** A list of strings separated by {@code ;} or {@code ,}, trimmed, empty items dropped. */
    LIST(List.class, "list");

    private static final Pattern NUMBER_UNIT = Pattern.compile("^\\s*(-?\\d+)\\s*([a-zA-Zµ]*)\\s*$");

    private final Class<?> javaType;
    private final String displayName;

    OptionType(Class<?> javaType, String displayName) {
        this.javaType = javaType;
        this.displayName = displayName;
    }

    /** The Java type of a parsed value ({@link Long} for {@link #MEMORY_SIZE}, bytes). */
    public Class<?> javaType() {
        return javaType;
    }

    /** A short human name ("duration", "memory size") for messages and generated docs. */
    public String displayName() {
        return displayName;
    }

    /**
     * Parses {@code text} as a value of this type.
     *
     * @param text the text form, not null
     * @param allowedValues for {@link #ENUM}, the accepted words (case-insensitive); ignored otherwise
     * @return the parsed value, of {@link #javaType()}; for {@link #ENUM} the canonical spelling from {@code
     *     allowedValues}
     * @throws IllegalArgumentException if the text is not a value of this type; the message says what is expected
     */
    public Object parse(String text, List<String> allowedValues) {
        String t = text.trim();
        switch (this) {
            case STRING:
                return text;
            case INT:
                try {
                    return Integer.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an integer, got '" + text + "'");
                }
            case LONG:
                try {
                    return Long.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a long integer, got '" + text + "'");
                }
            case DOUBLE:
                try {
                    return Double.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, got '" + text + "'");
                }
            case BOOLEAN:
                if (t.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (t.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("expected true or false, got '" + text + "'");
            case DURATION:
                return parseDuration(t, text);
            case MEMORY_SIZE:
                return parseMemorySize(t, text);
            case ENUM:
                for (String allowed : allowedValues) {
                    if (allowed.equalsIgnoreCase(t)) {
                        return allowed;
                    }
                }
                throw new IllegalArgumentException("expected one of " + allowedValues + ", got '" + text + "'");
            case LIST:
                List<String> items = new ArrayList<>();
                for (String item : t.split("[;,]")) {
                    if (!item.isBlank()) {
                        items.add(item.trim());
                    }
                }
                return Collections.unmodifiableList(items);
            default:
                throw new AssertionError(this);
        }
    }

    private static Duration parseDuration(String t, String original) {
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "expected a duration such as '10 s' or 'PT10S', got '" + original + "'");
            }
        }
        Matcher m = NUMBER_UNIT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration such as '500 ms', '10 s', '5 min', '1 h', '1 d', got '" + original + "'");
        }
        long amount = Long.parseLong(m.group(1));
        if (amount < 0) {
            throw new IllegalArgumentException("a duration cannot be negative, got '" + original + "'");
        }
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "":
            case "ms":
            case "milli":
            case "millis":
            case "millisecond":
            case "milliseconds":
                return Duration.ofMillis(amount);
            case "us":
            case "µs":
            case "micro":
            case "micros":
            case "microsecond":
            case "microseconds":
                return Duration.ofNanos(Math.multiplyExact(amount, 1000L));
            case "ns":
            case "nano":
            case "nanos":
            case "nanosecond":
            case "nanoseconds":
                return Duration.ofNanos(amount);
            case "s":
            case "sec":
            case "secs":
            case "second":
            case "seconds":
                return Duration.ofSeconds(amount);
            case "m":
            case "min":
            case "mins":
            case "minute":
            case "minutes":
                return Duration.ofMinutes(amount);
            case "h":
            case "hour":
            case "hours":
                return Duration.ofHours(amount);
            case "d":
            case "day":
            case "days":
                return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException(
                        "unknown time unit '" + m.group(2) + "' in '" + original + "'; use ms, s, min, h or d");
        }
    }

    private static Long parseMemorySize(String t, String original) {
        Matcher m = NUMBER_UNIT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a memory size such as '64 mb' or '1 gb', got '" + original + "'");
        }
        long amount = Long.parseLong(m.group(1));
        if (amount < 0) {
            throw new IllegalArgumentException("a memory size cannot be negative, got '" + original + "'");
        }
        int shift;
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "":
            case "b":
            case "bytes":
                shift = 0;
                break;
            case "k":
            case "kb":
            case "kib":
                shift = 10;
                break;
            case "m":
            case "mb":
            case "mib":
                shift = 20;
                break;
            case "g":
            case "gb":
            case "gib":
                shift = 30;
                break;
            case "t":
            case "tb":
            case "tib":
                shift = 40;
                break;
            default:
                throw new IllegalArgumentException(
                        "unknown size unit '" + m.group(2) + "' in '" + original + "'; use b, kb, mb, gb or tb");
        }
        if (shift > 0 && amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("memory size '" + original + "' is too large");
        }
        return amount << shift;
    }
}
