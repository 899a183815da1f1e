package io.sabot.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of bundles, read from a {@code <name>.feature} file.
 *
 * <p>The format is line based: blank lines and lines starting with {@code #} are ignored; every other line is
 * {@code key = value}, and keys may repeat:
 *
 * <pre>
 * description = what the feature is for
 * requires    = core                                   (other features, comma or space separated)
 * property    = org.osgi.framework.system.packages.extra=sun.misc   (a framework property it needs)
 * bundle      = mvn:org.apache.felix/org.apache.felix.scr/${felix.scr.version}
 * </pre>
 *
 * Versions are Maven properties of the parent pom, substituted when the features module is built, so that each
 * version is written in one place.
 */
public record Feature(
        String name,
        String description,
        List<String> requires,
        List<Coordinate> bundles,
        Map<String, String> frameworkProperties) {

    public Feature {
        requires = List.copyOf(requires);
        bundles = List.copyOf(bundles);
        frameworkProperties = Map.copyOf(frameworkProperties);
    }

    /** Parses a feature file; {@code source} names it in error messages. */
    public static Feature parse(String name, String source, Reader reader) throws IOException {
        String description = "";
        List<String> requires = new ArrayList<>();
        List<Coordinate> bundles = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(reader);
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        source + ":" + number + ": expected 'key = value', got '" + text + "'");
            }
            String key = text.substring(0, eq).strip();
            String value = text.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "description" -> description = value;
                    case "requires" -> {
                        for (String required : value.split("[,\\s]+")) {
                            if (!required.isEmpty()) {
                                requires.add(required);
                            }
                        }
                    }
                    case "bundle" -> bundles.add(Coordinate.parse(value));
                    case "property" -> {
                        int peq = value.indexOf('=');
                        if (peq <= 0) {
                            throw new IllegalArgumentException("expected 'property = name=value'");
                        }
                        properties.put(
                                value.substring(0, peq).strip(),
                                value.substring(peq + 1).strip());
                    }
                    default -> throw new IllegalArgumentException(
                            "unknown key '" + key + "' (description, requires, property, bundle)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return new Feature(name, description, requires, bundles, properties);
    }
}
