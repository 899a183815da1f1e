package io.sabot.embedded.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One clause of an OSGi manifest header ({@code name;attr=value;dir:=value}), parsed leniently. */
record ManifestHeader(String name, Map<String, String> parameters) {

    /** The clauses of a header such as {@code Export-Package}; commas and semicolons inside quotes are kept. */
    static List<ManifestHeader> parse(String header) {
        List<ManifestHeader> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Map<String, String> parameters = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (String part : parts) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    names.add(part.strip());
                    continue;
                }
                String key = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                parameters.put(key, value);
            }
            for (String name : names) { // a;b;version=1 exports a and b at version 1
                clauses.add(new ManifestHeader(name, parameters));
            }
        }
        return clauses;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
