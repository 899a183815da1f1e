package io.sabot.metrics.core.internal;

import com.codahale.metrics.MetricFilter;
import io.sabot.metrics.spi.MetricName;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One exporter configuration, read from its Config Admin properties: the common properties checked here, every
 * other property handed to the factory as an option. Immutable.
 */
record ExporterSettings(
        String pid,
        String name,
        String type,
        Optional<String> tenant,
        List<String> include,
        List<String> exclude,
        Map<String, String> options,
        List<String> errors) {

    static final String TYPE = "type";
    static final String NAME = "name";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String TENANT = "tenant";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern EXPORTER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Reads a configuration's properties. Problems with the common properties are collected in {@link #errors()},
     * each naming its property; the exporter's own options are validated later, against its factory.
     */
    static ExporterSettings from(String pid, Map<String, ?> properties) {
        List<String> errors = new ArrayList<>();
        String type = text(properties.get(TYPE)).trim();
        if (type.isEmpty()) {
            errors.add("property 'type' is missing: name the exporter, e.g. prometheus, jmx, slf4j or csv");
        } else if (!IDENTIFIER.matcher(type).matches()) {
            errors.add(
                    "property 'type': '" + type + "' is not an exporter identifier (lower-case words joined by '-')");
        }
        String name = text(properties.get(NAME)).trim();
        if (name.isEmpty()) {
            name = defaultName(pid, text(properties.get("felix.fileinstall.filename")));
        } else if (!EXPORTER_NAME.matcher(name).matches()) {
            errors.add("property 'name': '" + name + "' must be 1 to 64 characters of [A-Za-z0-9_-]"
                    + " (it names threads, JMX domains and files)");
        }
        String tenant = text(properties.get(TENANT)).trim();
        List<String> include = list(properties.get(INCLUDE));
        List<String> exclude = list(properties.get(EXCLUDE));
        Map<String, String> options = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!isReserved(key)) {
                options.put(key, text(value));
            }
        });
        return new ExporterSettings(
                pid,
                name,
                type,
                tenant.isEmpty() ? Optional.empty() : Optional.of(tenant),
                include,
                exclude,
                options,
                errors);
    }

    /** The filter given to the exporter: include and exclude patterns, and the tenant's metrics only if scoped. */
    MetricFilter filter() {
        MetricFilter patterns = MetricPatterns.filter(include, exclude);
        if (tenant.isEmpty()) {
            return patterns;
        }
        MetricFilter ofTenant = MetricName.tenantFilter(tenant.get());
        return (metricName, metric) -> ofTenant.matches(metricName, metric) && patterns.matches(metricName, metric);
    }

    /**
     * Properties that are not the exporter's options: the common ones, Config Admin's and DS's bookkeeping (service,
     * component and osgi properties, reference targets), FileInstall's file name, the web console's name hint, and
     * private ones (leading dot).
     */
    private static boolean isReserved(String key) {
        return key.equals(TYPE)
                || key.equals(NAME)
                || key.equals(INCLUDE)
                || key.equals(EXCLUDE)
                || key.equals(TENANT)
                || key.startsWith(".")
                || key.startsWith("osgi.") // DS 1.5 adds osgi.ds.satisfying.condition.target
                || key.endsWith(".target") // DS reference targets of the configuration component
                || key.startsWith("service.")
                || key.startsWith("component.")
                || key.startsWith("felix.fileinstall.")
                || key.startsWith("webconsole.");
    }

    /**
     * The name a configuration has without a {@code name} property: the part after {@code ~} of a named factory
     * configuration's PID, else the {@code <name>} of FileInstall's {@code <factoryPid>-<name>.cfg}, else the PID.
     */
    static String defaultName(String pid, String fileName) {
        int tilde = pid.lastIndexOf('~');
        String name = tilde >= 0 ? pid.substring(tilde + 1) : null;
        if (name == null && !fileName.isEmpty()) {
            String file = fileName.substring(fileName.lastIndexOf('/') + 1);
            String prefix = io.sabot.metrics.core.NodeMetrics.EXPORTER_FACTORY_PID + "-";
            if (file.startsWith(prefix) && file.endsWith(".cfg")) {
                name = file.substring(prefix.length(), file.length() - ".cfg".length());
            }
        }
        return MetricName.segment(name == null ? pid : name);
    }

    /** Config Admin values as option text: arrays and collections joined with commas, as list options expect. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof Collection<?> collection) {
            List<String> parts = new ArrayList<>();
            collection.forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        return value.toString();
    }

    /** A list property: an array, a collection, or one string of comma-separated patterns (as a .cfg file gives). */
    private static List<String> list(Object value) {
        List<String> result = new ArrayList<>();
        for (String part : text(value).split(",")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return List.copyOf(result);
    }
}
