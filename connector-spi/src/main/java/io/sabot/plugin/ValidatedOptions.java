package io.sabot.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * Options that passed validation, read by descriptor with their declared type. Instances are immutable and safe to
 * share between threads. {@link #toString()} masks secret values.
 */
public final class ValidatedOptions {

    /** What stands for a secret value wherever options are shown. */
    public static final String MASK = "******";

    private final Map<String, Object> values;
    private final Map<String, String> passThrough;
    private final Set<String> secretKeys;

    ValidatedOptions(Map<String, Object> values, Map<String, String> passThrough, Set<String> secretKeys) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.passThrough = Collections.unmodifiableMap(new TreeMap<>(passThrough));
        this.secretKeys = Set.copyOf(secretKeys);
    }

    /**
     * The value of a plain (non-template) option: the user's, else the default, else null.
     *
     * @throws IllegalArgumentException if {@code option} is a template (use {@link #get(OptionDescriptor, String)})
     */
    public <T> T get(OptionDescriptor<T> option) {
        if (option.isTemplate()) {
            throw new IllegalArgumentException("option '" + option.key() + "' is a template: name the instance");
        }
        return lookup(option, option.key());
    }

    /** The value of a template option's instance, e.g. {@code get(FIELD_KIND, "price")} for {@code fields.price.kind}. */
    public <T> T get(OptionDescriptor<T> template, String name) {
        return lookup(template, template.keyFor(name));
    }

    /**
     * Like {@link #get(OptionDescriptor)}, for an option without default that must be present here.
     *
     * @throws NoSuchElementException naming the key when it has no value
     */
    public <T> T require(OptionDescriptor<T> option) {
        T value = get(option);
        if (value == null) {
            throw new NoSuchElementException("option '" + option.key() + "' has no value");
        }
        return value;
    }

    /** Whether the user gave a value for this exact key (a default does not count). */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** The names that instances of a template option were given with, in sorted order. */
    public Set<String> templateNames(OptionDescriptor<?> template) {
        Set<String> names = new java.util.TreeSet<>();
        for (String key : values.keySet()) {
            String name = template.templateName(key);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The raw options under a pass-through prefix, with the prefix removed: for {@code properties.} and the user's
     * {@code properties.max.poll.records}, the entry {@code max.poll.records}.
     */
    public Map<String, String> passThrough(String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        passThrough.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private <T> T lookup(OptionDescriptor<T> option, String key) {
        Object value = values.get(key);
        return value != null ? (T) value : option.defaultValue();
    }

    /** The user's options, values masked where secret, for logs and plan output. */
    public Map<String, String> toDisplayMap() {
        Map<String, String> display = new TreeMap<>();
        values.forEach((k, v) -> display.put(k, secretKeys.contains(k) ? MASK : String.valueOf(v)));
        passThrough.forEach((k, v) -> display.put(k, looksSecret(k) ? MASK : v));
        return display;
    }

    /** Pass-through keys are not described, so mask the ones that by name hold credentials. */
    private static boolean looksSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password")
                || k.contains("secret")
                || k.contains("token")
                || k.contains("jaas")
                || k.endsWith(".key");
    }

    @Override
    public String toString() {
        return toDisplayMap().toString();
    }
}
