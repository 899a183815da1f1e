package io.sabot.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Central validation of a user's option map against a plug-in's descriptors. It never stops at the first problem:
 * it reports every unknown key (with the nearest supported key as a suggestion), every missing required option and
 * every value that does not parse or breaks a constraint, and lists the supported keys. Stateless and thread-safe.
 */
public final class OptionValidation {

    private OptionValidation() {}

    /**
     * Validates {@code options} against the plug-in's descriptors.
     *
     * @param context what the options configure, for the report, e.g. {@code "connector 'datagen' of table
     *     'orders'"}
     * @param options the user's options, key to text value; keys are case-sensitive as in Flink
     * @param supported the plug-in's descriptors
     * @param passThroughPrefixes key prefixes handed through unvalidated (e.g. {@code properties.} for a client
     *     library's own settings), read with {@link ValidatedOptions#passThrough(String)}
     * @return the typed options, or every error found
     */
    public static ValidationResult validate(
            String context,
            Map<String, String> options,
            Collection<? extends OptionDescriptor<?>> supported,
            Collection<String> passThroughPrefixes) {
        List<OptionError> errors = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        Map<String, String> passThrough = new HashMap<>();
        Set<String> secretKeys = new HashSet<>();
        Map<String, String> seenUnder = new HashMap<>(); // canonical key -> the user key it came from

        for (Map.Entry<String, String> entry : new TreeMap<>(options).entrySet()) {
            String userKey = entry.getKey();
            String text = entry.getValue();
            OptionDescriptor<?> descriptor = null;
            String canonicalKey = null;
            for (OptionDescriptor<?> candidate : supported) {
                canonicalKey = canonicalKey(candidate, userKey);
                if (canonicalKey != null) {
                    descriptor = candidate;
                    break;
                }
            }
            if (descriptor == null) {
                if (passThroughPrefixes.stream().anyMatch(userKey::startsWith)) {
                    passThrough.put(userKey, text);
                } else {
                    errors.add(new OptionError(userKey, OptionError.Kind.UNKNOWN, unknownMessage(userKey, supported)));
                }
                continue;
            }
            String previous = seenUnder.putIfAbsent(canonicalKey, userKey);
            if (previous != null) {
                errors.add(new OptionError(
                        userKey,
                        OptionError.Kind.CONFLICT,
                        "option '" + userKey + "' and '" + previous + "' set the same option; keep one"));
                continue;
            }
            if (text == null) {
                errors.add(new OptionError(userKey, OptionError.Kind.INVALID, "option '" + userKey + "' has no value"));
                continue;
            }
            try {
                values.put(canonicalKey, descriptor.parse(text));
                if (descriptor.isSecret()) {
                    secretKeys.add(canonicalKey);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new OptionError(
                        userKey, OptionError.Kind.INVALID, "option '" + userKey + "': " + e.getMessage()));
            }
        }
        for (OptionDescriptor<?> descriptor : supported) {
            if (descriptor.isRequired() && !descriptor.isTemplate() && !seenUnder.containsKey(descriptor.key())) {
                errors.add(new OptionError(
                        descriptor.key(),
                        OptionError.Kind.MISSING,
                        "missing required option '" + descriptor.key() + "'"
                                + (descriptor.description().isEmpty() ? "" : " (" + descriptor.description() + ")")));
            }
        }
        errors.sort(Comparator.comparing(OptionError::key));
        List<String> supportedKeys = new ArrayList<>();
        supported.forEach(d -> supportedKeys.add(d.key()));
        passThroughPrefixes.forEach(p -> supportedKeys.add(p + "*"));
        supportedKeys.sort(null);
        ValidatedOptions validated = errors.isEmpty() ? new ValidatedOptions(values, passThrough, secretKeys) : null;
        return new ValidationResult(context, validated, errors, supportedKeys);
    }

    /** The canonical key {@code userKey} sets through {@code descriptor}, or null if it does not match. */
    private static String canonicalKey(OptionDescriptor<?> descriptor, String userKey) {
        if (descriptor.keyPattern().matcher(userKey).matches()) {
            return userKey;
        }
        for (String deprecated : descriptor.deprecatedKeyList()) {
            if (deprecated.equals(userKey)) {
                return descriptor.key();
            }
        }
        return null;
    }

    private static String unknownMessage(String userKey, Collection<? extends OptionDescriptor<?>> supported) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (OptionDescriptor<?> d : supported) {
            String candidate = d.isTemplate() ? templateInstanceNearest(d, userKey) : d.key();
            int distance = editDistance(userKey, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        String message = "unknown option '" + userKey + "'";
        // Suggest only near misses: a third of the key's length, at least two edits.
        if (best != null && bestDistance <= Math.max(2, userKey.length() / 3)) {
            message += " (did you mean '" + best + "'?)";
        }
        return message;
    }

    /** For a template, the instance that would be nearest: keeps the user's own name in the {@code #} slot. */
    private static String templateInstanceNearest(OptionDescriptor<?> template, String userKey) {
        String key = template.key();
        int hash = key.indexOf('#');
        String prefix = key.substring(0, hash);
        if (userKey.startsWith(prefix)) {
            String rest = userKey.substring(prefix.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            return template.keyFor(name);
        }
        return key;
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Whether {@code key} is a syntactically valid option key (used by the registry to report broken plug-ins). */
    public static boolean isValidKey(String key) {
        return key != null && KEY.matcher(key).matches() && key.indexOf('#') == key.lastIndexOf('#');
    }

    private static final Pattern KEY = Pattern.compile("[a-z0-9#][a-z0-9_#.\\-]*");
}
