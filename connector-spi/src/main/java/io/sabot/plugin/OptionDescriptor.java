package io.sabot.plugin;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Describes one option a plug-in understands: key, type, default, required or not, secret or not, description, and
 * optional constraints. Descriptors are immutable values; each {@code with…} style method returns a copy, so a
 * plug-in declares them as constants:
 *
 * <pre>{@code
 * static final OptionDescriptor<Long> ROWS_PER_SECOND = OptionDescriptor.key("rows-per-second")
 *         .longType()
 *         .defaultValue(10_000L)
 *         .check(v -> v > 0, "positive")
 *         .description("Rows generated per second by the whole source, shared by its subtasks.");
 * }</pre>
 *
 * <p>A key may be a <em>template</em> with one {@code #} segment, such as {@code fields.#.kind}: it matches {@code
 * fields.price.kind}, {@code fields.id.kind} and so on, and its values are read with {@link
 * ValidatedOptions#get(OptionDescriptor, String)}.
 *
 * @param <T> the Java type of a parsed value
 */
public final class OptionDescriptor<T> {

    private final String key;
    private final OptionType type;
    private final T defaultValue;
    private final boolean required;
    private final boolean secret;
    private final String description;
    private final List<String> allowedValues;
    private final List<String> deprecatedKeys;
    private final Predicate<? super T> condition;
    private final String requirement;

    private OptionDescriptor(
            String key,
            OptionType type,
            T defaultValue,
            boolean required,
            boolean secret,
            String description,
            List<String> allowedValues,
            List<String> deprecatedKeys,
            Predicate<? super T> condition,
            String requirement) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.required = required;
        this.secret = secret;
        this.description = description;
        this.allowedValues = allowedValues;
        this.deprecatedKeys = deprecatedKeys;
        this.condition = condition;
        this.requirement = requirement;
    }

    /**
     * Starts a descriptor for {@code key}; choose its type next.
     *
     * @param key lower-case words separated by {@code .} or {@code -}, optionally one {@code #} template segment
     * @return a builder that only chooses the type
     * @throws IllegalArgumentException for an empty key or one with more than one {@code #} segment
     */
    public static TypeStep key(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.indexOf('#') != key.lastIndexOf('#')) {
            throw new IllegalArgumentException("invalid option key '" + key + "'");
        }
        return new TypeStep(key);
    }

    /** Chooses the type of a new descriptor. */
    public static final class TypeStep {
        private final String key;

        private TypeStep(String key) {
            this.key = key;
        }

        public OptionDescriptor<String> stringType() {
            return create(OptionType.STRING, List.of());
        }

        public OptionDescriptor<Integer> intType() {
            return create(OptionType.INT, List.of());
        }

        public OptionDescriptor<Long> longType() {
            return create(OptionType.LONG, List.of());
        }

        public OptionDescriptor<Double> doubleType() {
            return create(OptionType.DOUBLE, List.of());
        }

        public OptionDescriptor<Boolean> booleanType() {
            return create(OptionType.BOOLEAN, List.of());
        }

        public OptionDescriptor<Duration> durationType() {
            return create(OptionType.DURATION, List.of());
        }

        /** A size in bytes, written {@code 64 mb}, {@code 1gb} and so on. */
        public OptionDescriptor<Long> memorySizeType() {
            return create(OptionType.MEMORY_SIZE, List.of());
        }

        /** One of the given words; values are matched case-insensitively and returned in the spelling given here. */
        public OptionDescriptor<String> enumType(String... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("an enum option needs at least one value: " + key);
            }
            return create(OptionType.ENUM, List.of(values));
        }

        /** Like {@link #enumType(String...)}, with the constants' names in lower case and {@code _} as {@code -}. */
        public <E extends Enum<E>> OptionDescriptor<String> enumType(Class<E> values) {
            return enumType(Arrays.stream(values.getEnumConstants())
                    .map(e -> e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .toArray(String[]::new));
        }

        public OptionDescriptor<List<String>> listType() {
            return create(OptionType.LIST, List.of());
        }

        private <V> OptionDescriptor<V> create(OptionType type, List<String> allowed) {
            return new OptionDescriptor<>(key, type, null, false, false, "", allowed, List.of(), null, null);
        }
    }

    /** Returns a copy with this default, used when the user gives no value. */
    public OptionDescriptor<T> defaultValue(T value) {
        Objects.requireNonNull(value, "default value of " + key);
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException("default value of option '" + key + "' must be a " + type.javaType());
        }
        return new OptionDescriptor<>(
                key, type, value, false, secret, description, allowedValues, deprecatedKeys, condition, requirement);
    }

    /** Returns a copy that must be given by the user (and so has no default). */
    public OptionDescriptor<T> required() {
        return new OptionDescriptor<>(
                key, type, null, true, secret, description, allowedValues, deprecatedKeys, condition, requirement);
    }

    /** Returns a copy whose values are never shown (passwords, tokens, keys). */
    public OptionDescriptor<T> secret() {
        return new OptionDescriptor<>(
                key,
                type,
                defaultValue,
                required,
                true,
                description,
                allowedValues,
                deprecatedKeys,
                condition,
                requirement);
    }

    /** Returns a copy with this description (one or two sentences; shown in the console and in generated docs). */
    public OptionDescriptor<T> description(String text) {
        return new OptionDescriptor<>(
                key,
                type,
                defaultValue,
                required,
                secret,
                Objects.requireNonNull(text),
                allowedValues,
                deprecatedKeys,
                condition,
                requirement);
    }

    /** Returns a copy that also accepts these older keys for the same option. */
    public OptionDescriptor<T> deprecatedKeys(String... keys) {
        return new OptionDescriptor<>(
                key,
                type,
                defaultValue,
                required,
                secret,
                description,
                allowedValues,
                List.of(keys),
                condition,
                requirement);
    }

    /**
     * Returns a copy that accepts only values satisfying {@code condition}.
     *
     * @param requirement what a valid value is, completing "must be …", e.g. {@code "positive"}
     */
    public OptionDescriptor<T> check(Predicate<? super T> condition, String requirement) {
        return new OptionDescriptor<>(
                key,
                type,
                defaultValue,
                required,
                secret,
                description,
                allowedValues,
                deprecatedKeys,
                Objects.requireNonNull(condition),
                Objects.requireNonNull(requirement));
    }

    public String key() {
        return key;
    }

    public OptionType type() {
        return type;
    }

    /** The default, or null when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default in text form for display, or the empty string; a secret's default is masked. */
    public String defaultValueText() {
        if (defaultValue == null) {
            return "";
        }
        if (secret) {
            return ValidatedOptions.MASK;
        }
        if (defaultValue instanceof Duration) {
            Duration d = (Duration) defaultValue;
            if (d.toMillis() % 1000 != 0 || d.isZero()) {
                return d.toMillis() + " ms";
            }
            return d.getSeconds() % 60 == 0 && d.getSeconds() > 0 ? d.toMinutes() + " min" : d.getSeconds() + " s";
        }
        if (defaultValue instanceof List) {
            return String.join(";", castList(defaultValue));
        }
        return String.valueOf(defaultValue);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** For {@link OptionType#ENUM}, the accepted words; empty otherwise. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    public List<String> deprecatedKeyList() {
        return deprecatedKeys;
    }

    /** Whether {@link #key()} has a {@code #} segment standing for any name. */
    public boolean isTemplate() {
        return key.indexOf('#') >= 0;
    }

    /** The key with the {@code #} segment replaced by {@code name}; the key itself when not a template. */
    public String keyFor(String name) {
        return isTemplate() ? key.replace("#", name) : key;
    }

    /** For a template, the name its {@code #} stands for in {@code userKey}, or null if {@code userKey} does not match. */
    String templateName(String userKey) {
        int hash = key.indexOf('#');
        String prefix = key.substring(0, hash);
        String suffix = key.substring(hash + 1);
        if (userKey.length() > prefix.length() + suffix.length()
                && userKey.startsWith(prefix)
                && userKey.endsWith(suffix)) {
            String name = userKey.substring(prefix.length(), userKey.length() - suffix.length());
            return name.indexOf('.') < 0 ? name : null;
        }
        return null;
    }

    /**
     * Parses and checks one value.
     *
     * @throws IllegalArgumentException naming what was expected, never echoing a secret value
     */
    T parse(String text) {
        Object value;
        try {
            value = type.parse(text, allowedValues);
        } catch (IllegalArgumentException e) {
            if (secret) {
                throw new IllegalArgumentException("expected a " + type.displayName() + " (value hidden: secret)");
            }
            throw e;
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        if (condition != null && !condition.test(typed)) {
            throw new IllegalArgumentException(
                    "must be " + requirement + (secret ? "" : ", got '" + text.trim() + "'"));
        }
        return typed;
    }

    /** A regular expression matching the user keys this descriptor accepts (its key, or the template's instances). */
    Pattern keyPattern() {
        if (!isTemplate()) {
            return Pattern.compile(Pattern.quote(key));
        }
        int hash = key.indexOf('#');
        return Pattern.compile(
                Pattern.quote(key.substring(0, hash)) + "[^.]+" + Pattern.quote(key.substring(hash + 1)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionDescriptor && ((OptionDescriptor<?>) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key + " (" + type.displayName() + (required ? ", required" : "")
                + (defaultValue != null ? ", default " + defaultValueText() : "") + (secret ? ", secret" : "") + ")";
    }
}
