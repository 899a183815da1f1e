package io.sabot.metrics.spi;

import com.codahale.metrics.MetricFilter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a Sabot metric, in the scheme of {@link io.sabot.metrics.spi}: {@code sabot}, the identifier segments
 * of its {@link MetricScope}, and the metric, joined by dots. Built by the runtime with the factory methods (which
 * sanitise identifiers) and registered under {@link #toString()}; parsed back by exporters with {@link #parse} or
 * {@link #tryParse} to turn segments into labels.
 *
 * <p>Immutable and thread-safe; equal when the names are equal. Parts a scope does not have are null (and the subtask
 * is {@code -1}).
 *
 * <h2>Example: from dotted names to labels</h2>
 * A label-based exporter turns the identifier segments into labels and keeps the metric segment as the family name,
 * so that all subtasks of all jobs share one family per metric:
 *
 * <pre>{@code
 * registry.getMeters(filter).forEach((name, meter) -> MetricName.tryParse(name).ifPresentOrElse(
 *         parsed -> {
 *             String family = "sabot_" + parsed.metric().replace('-', '_') + "_total";   // sabot_records_in_total
 *             Map<String, String> labels = new LinkedHashMap<>(parsed.labels());         // tenant, job, operator, subtask
 *             labels.put("node", context.nodeId());
 *             write(family, labels, meter.getCount());
 *         },
 *         () -> write(name.replace('.', '_'), Map.of("node", context.nodeId()), meter.getCount())));  // JVM metrics
 * }</pre>
 */
public final class MetricName {

    private static final Pattern METRIC = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SUBTASK = Pattern.compile("0|[1-9][0-9]{0,8}");

    private final MetricScope scope;
    private final String tenant;
    private final String job;
    private final String operator;
    private final String table;
    private final int subtask;
    private final String split;
    private final String metric;
    private final String name;

    private MetricName(
            MetricScope scope, String tenant, String job, String operator, int subtask, String split, String metric) {
        this(scope, tenant, job, null, operator, subtask, split, metric);
    }

    private MetricName(
            MetricScope scope,
            String tenant,
            String job,
            String table,
            String operator,
            int subtask,
            String split,
            String metric) {
        if (!METRIC.matcher(Objects.requireNonNull(metric, "metric")).matches()) {
            throw new IllegalArgumentException(
                    "invalid metric '" + metric + "': use lower-case words of [a-z0-9] joined by '-'");
        }
        if (scope.compareTo(MetricScope.TASK) >= 0 && subtask < 0) {
            throw new IllegalArgumentException("negative subtask index " + subtask);
        }
        this.scope = scope;
        this.tenant = tenant;
        this.job = job;
        this.operator = operator;
        this.table = table;
        this.subtask = subtask;
        this.split = split;
        this.metric = metric;
        StringBuilder text = new StringBuilder(MetricsExporters.ROOT);
        for (String part :
                new String[] {tenant, job, table, operator, subtask >= 0 ? Integer.toString(subtask) : null, split}) {
            if (part != null) {
                text.append('.').append(part);
            }
        }
        this.name = text.append('.').append(metric).toString();
    }

    /** {@code sabot.<metric>}, e.g. {@code sabot.jobs-running}. */
    public static MetricName node(String metric) {
        return new MetricName(MetricScope.NODE, null, null, null, -1, null, metric);
    }

    /** {@code sabot.<tenant>.<metric>}. */
    public static MetricName tenant(String tenant, String metric) {
        return new MetricName(MetricScope.TENANT, segment(tenant), null, null, -1, null, metric);
    }

    /** {@code sabot.<tenant>.<job>.<metric>}. */
    public static MetricName job(String tenant, String job, String metric) {
        return new MetricName(MetricScope.JOB, segment(tenant), segment(job), null, -1, null, metric);
    }

    /**
     * {@code sabot.<tenant>.<job>.<table>.<metric>}, {@code table} the table's qualified name ({@code default.orders}
     * becomes the segment {@code default_orders}).
     *
     * @since 1.3
     */
    public static MetricName table(String tenant, String job, String table, String metric) {
        return new MetricName(MetricScope.TABLE, segment(tenant), segment(job), segment(table), null, -1, null, metric);
    }

    /**
     * {@code sabot.<tenant>.<job>.<operator>.<subtask>.<metric>}.
     *
     * @throws IllegalArgumentException if {@code subtask} is negative or the metric is invalid
     */
    public static MetricName task(String tenant, String job, String operator, int subtask, String metric) {
        return new MetricName(
                MetricScope.TASK, segment(tenant), segment(job), segment(operator), subtask, null, metric);
    }

    /**
     * {@code sabot.<tenant>.<job>.<operator>.<subtask>.<split>.<metric>}.
     *
     * @throws IllegalArgumentException if {@code subtask} is negative or the metric is invalid
     */
    public static MetricName split(
            String tenant, String job, String operator, int subtask, String split, String metric) {
        return new MetricName(
                MetricScope.SPLIT, segment(tenant), segment(job), segment(operator), subtask, segment(split), metric);
    }

    /**
     * Sanitises an identifier into a name segment: every character outside {@code [A-Za-z0-9_-]} (dots, spaces,
     * slashes, non-ASCII letters) becomes {@code _}; null or empty becomes {@code _}. Distinct identifiers may map to
     * the same segment ({@code a.b} and {@code a_b}); identifiers in Sabot are chosen to avoid that.
     */
    public static String segment(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            return "_";
        }
        StringBuilder text = new StringBuilder(identifier.length());
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            text.append(allowed ? c : '_');
        }
        return text.toString();
    }

    /**
     * Parses a Sabot metric name.
     *
     * @throws IllegalArgumentException if {@code name} is not one, saying why
     */
    public static MetricName parse(String name) {
        Objects.requireNonNull(name, "name");
        String[] parts = name.split("\\.", -1);
        MetricScope scope = MetricScope.ofSegments(parts.length);
        if (!parts[0].equals(MetricsExporters.ROOT) || scope == null) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a Sabot metric name (sabot.<segments>.<metric>" + " with 2 to 7 segments)");
        }
        for (int i = 1; i < parts.length - 1; i++) {
            boolean subtaskSegment = i == 4;
            if (!(subtaskSegment ? SUBTASK : IDENTIFIER).matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("'" + name + "': invalid segment '" + parts[i] + "'");
            }
        }
        String metric = parts[parts.length - 1];
        switch (scope) {
            case NODE:
                return node(metric);
            case TENANT:
                return new MetricName(scope, parts[1], null, null, -1, null, metric);
            case JOB:
                return new MetricName(scope, parts[1], parts[2], null, -1, null, metric);
            case TABLE:
                return new MetricName(scope, parts[1], parts[2], parts[3], null, -1, null, metric);
            case TASK:
                return new MetricName(scope, parts[1], parts[2], parts[3], Integer.parseInt(parts[4]), null, metric);
            default:
                return new MetricName(
                        scope, parts[1], parts[2], parts[3], Integer.parseInt(parts[4]), parts[5], metric);
        }
    }

    /**
     * Parses a name that may or may not be a Sabot metric (registries also hold JVM and library metrics): the parsed
     * name, or empty.
     */
    public static Optional<MetricName> tryParse(String name) {
        if (name == null || !name.startsWith(MetricsExporters.ROOT + ".")) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A filter passing exactly the Sabot metrics of one tenant (scopes {@code TENANT} and below, tenant segment equal
     * to {@code segment(tenantId)}): the filter the runtime gives a tenant-scoped exporter.
     */
    public static MetricFilter tenantFilter(String tenantId) {
        String wanted = segment(Objects.requireNonNull(tenantId, "tenantId"));
        return (name, metric) ->
                tryParse(name).map(n -> wanted.equals(n.tenant)).orElse(false);
    }

    /** The scope. */
    public MetricScope scope() {
        return scope;
    }

    /** The tenant segment, or null for {@link MetricScope#NODE}. */
    public String tenant() {
        return tenant;
    }

    /** The job segment, or null above {@link MetricScope#JOB}. */
    public String job() {
        return job;
    }

    /**
     * The table segment, or null except for {@link MetricScope#TABLE}.
     *
     * @since 1.3
     */
    public String table() {
        return table;
    }

    /** The operator segment, or null above {@link MetricScope#TASK}. */
    public String operator() {
        return operator;
    }

    /** The subtask index, or {@code -1} above {@link MetricScope#TASK}. */
    public int subtask() {
        return subtask;
    }

    /** The split segment, or null except for {@link MetricScope#SPLIT}. */
    public String split() {
        return split;
    }

    /** The metric segment, e.g. {@code records-in}. */
    public String metric() {
        return metric;
    }

    /**
     * The identifier segments as labels for label-based exporters, in order: {@code tenant}, {@code job}, {@code
     * table}, {@code operator}, {@code subtask}, {@code split}, those the scope has. Unmodifiable.
     */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        putIfPresent(labels, "tenant", tenant);
        putIfPresent(labels, "job", job);
        putIfPresent(labels, "table", table);
        putIfPresent(labels, "operator", operator);
        putIfPresent(labels, "subtask", subtask >= 0 ? Integer.toString(subtask) : null);
        putIfPresent(labels, "split", split);
        return Collections.unmodifiableMap(labels);
    }

    private static void putIfPresent(Map<String, String> labels, String key, String value) {
        if (value != null) {
            labels.put(key, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricName && ((MetricName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The dotted name the metric is registered under, e.g. {@code sabot.acme.orders.window-agg-3.0.records-in}. */
    @Override
    public String toString() {
        return name;
    }
}
