package io.sabot.runtime;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secret option values out of whatever shows SQL or messages about it: the job registry's {@link JobInfo#sql()}
 * and {@link JobInfo#failure()}, the Gogo commands, the HTTP API and the web console all go through here.
 *
 * <p>An option is secret when a plug-in declares it so ({@code OptionDescriptor.secret()}, passed in as {@code
 * secretKeys}) or when its key names a password, secret, token, credential, JAAS configuration, private key or API
 * key. Options are the {@code 'key' = 'value'} pairs of {@code WITH} clauses and {@code SET} statements, so
 * masking works on any statement text without parsing it.
 *
 * <p>Messages (failures, log lines) do not carry the option's key, so {@link #maskValues} replaces the secret values
 * themselves, and the quoted {@code password="…"}-style parts of a JAAS configuration, wherever they occur. Values
 * shorter than {@value #MIN_VALUE_LENGTH} characters are not searched for: replacing them would garble every message
 * while hiding nothing worth guessing.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 1.8
 */
public final class Secrets {

    /** What stands for a secret value wherever one would be shown. */
    public static final String MASK = "******";

    /** The shortest secret value {@link #maskValues} replaces. */
    public static final int MIN_VALUE_LENGTH = 4;

    /** {@code 'key' = 'value'} in a WITH clause or a SET statement; {@code ''} escapes a quote. */
    private static final Pattern OPTION = Pattern.compile("'((?:[^']|'')*)'(\\s*=\\s*)'((?:[^']|'')*)'");

    /** Option keys whose values are secrets even where no plug-in declares them so. */
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|passwd|secret|token|credential|jaas|private[._ -]?key|api[._ -]?key).*");

    /** A secret part inside a composite value, e.g. {@code password="…"} in a JAAS configuration. */
    private static final Pattern SECRET_PART = Pattern.compile(
            "(?i)[\\w.-]*(?:password|passwd|secret|token|credential|key)[\\w.-]*\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Secrets() {}

    /** Whether the option {@code key} holds a secret: declared so by a plug-in, or named like one. */
    public static boolean isSecretKey(String key, Set<String> secretKeys) {
        return secretKeys.contains(key) || SECRET_KEY.matcher(key).matches();
    }

    /**
     * {@code sql} with the values of its secret options replaced by {@value #MASK} ({@code 'properties.sasl.jaas.config'
     * = '******'}); everything else unchanged. Null stays null.
     *
     * @param secretKeys the option keys plug-ins declare secret
     */
    public static String maskOptions(String sql, Set<String> secretKeys) {
        if (sql == null || sql.indexOf('\'') < 0) {
            return sql;
        }
        Matcher m = OPTION.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1).replace("''", "'");
            boolean secret = isSecretKey(key, secretKeys) && !m.group(3).equals(MASK);
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(
                            secret ? "'" + m.group(1) + "'" + m.group(2) + "'" + MASK + "'" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The secret values {@code sql} holds: each secret option's value (as written and unescaped) and the quoted secret
     * parts inside it, longest first, each at least {@value #MIN_VALUE_LENGTH} characters.
     */
    public static List<String> values(String sql, Set<String> secretKeys) {
        Set<String> values = new LinkedHashSet<>();
        if (sql == null || sql.indexOf('\'') < 0) {
            return List.of();
        }
        Matcher m = OPTION.matcher(sql);
        while (m.find()) {
            if (!isSecretKey(m.group(1).replace("''", "'"), secretKeys)) {
                continue;
            }
            String raw = m.group(3);
            String value = raw.replace("''", "'");
            values.add(raw);
            values.add(value);
            Matcher part = SECRET_PART.matcher(value);
            while (part.find()) {
                values.add(part.group(1));
                values.add(part.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return longestFirst(values);
    }

    /**
     * The secret values of a table's options ({@code key → value}, as the catalog holds them), as {@link #values(String,
     * Set)} finds them in statement text.
     */
    public static List<String> values(Map<String, String> options, Set<String> secretKeys) {
        Set<String> values = new LinkedHashSet<>();
        options.forEach((key, value) -> {
            if (value != null && isSecretKey(key, secretKeys)) {
                values.add(value);
                Matcher part = SECRET_PART.matcher(value);
                while (part.find()) {
                    values.add(part.group(1));
                }
            }
        });
        return longestFirst(values);
    }

    private static List<String> longestFirst(Set<String> values) {
        values.removeIf(v -> v.length() < MIN_VALUE_LENGTH || v.equals(MASK));
        return values.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** {@code text} with each of {@code values} (see {@link #values}) replaced by {@value #MASK} wherever it occurs. */
    public static String maskValues(String text, Collection<String> values) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : values) { // longest first: a JAAS value goes whole before its password part
            if (value.length() >= MIN_VALUE_LENGTH) {
                out = out.replace(value, MASK);
            }
        }
        return out;
    }

    /**
     * A message about {@code sql} (a failure, a log line) with the secret options of any statement text in it masked
     * and the secret values of {@code sql} replaced wherever they occur.
     */
    public static String mask(String text, String sql, Set<String> secretKeys) {
        return maskValues(maskOptions(text, secretKeys), values(sql, secretKeys));
    }
}
