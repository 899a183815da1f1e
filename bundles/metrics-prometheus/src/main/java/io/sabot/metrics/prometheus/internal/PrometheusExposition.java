package io.sabot.metrics.prometheus.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.metrics.spi.SummingHistogram;
import io.sabot.metrics.spi.SummingTimer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a registry in the Prometheus text exposition format 0.0.4, following Prometheus' naming conventions:
 *
 * <ul>
 *   <li>Sabot metrics ({@link MetricName}) become one family per metric segment, {@code sabot_<metric in snake
 *       case>}, with the identifier segments as labels ({@link MetricName#labels()}) and {@code node}; other names
 *       (JVM, libraries) become {@code sabot_<name in snake case>} with the {@code node} label. A {@linkplain
 *       StandardMetric#label() labelled} metric's names ({@code errors-by-type-connector}, …) share the family of the
 *       metric ({@code sabot_errors_by_type_total}) with the value as a label ({@code type="CONNECTOR"}).
 *   <li>Units of {@link StandardMetric}s go into the name in base units: milliseconds and nanoseconds as {@code
 *       _seconds} (values converted), epoch milliseconds as {@code _timestamp_seconds}, bytes as {@code _bytes}.
 *   <li>Meters and the standard counters are counters ending in {@code _total} (their count; Prometheus derives
 *       rates itself). Other Dropwizard counters may go down, so they are gauges, as in Prometheus' own Dropwizard
 *       bridge. Histograms and timers are summaries with {@code quantile} labels, {@code _sum} and {@code _count}.
 *       The sum is exact for the runtime's metrics ({@link SummingHistogram}, {@link SummingTimer}); for other
 *       Dropwizard histograms, which keep no sum, it is the mean of the sampled values times the count.
 * </ul>
 *
 * A metric whose family would clash with another of a different type, or repeat a series, is left out rather than
 * making the whole scrape invalid; a gauge that throws or has no numeric value is left out of that scrape.
 */
final class PrometheusExposition {

    /** The content type of the format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private final Map<String, Family> families = new TreeMap<>();
    private final Set<String> series = new HashSet<>();
    private final String node;

    private PrometheusExposition(String node) {
        this.node = node;
    }

    /** The exposition of the metrics of {@code registry} that {@code filter} passes, labelled with {@code node}. */
    static String write(MetricRegistry registry, MetricFilter filter, String node) {
        PrometheusExposition exposition = new PrometheusExposition(node);
        registry.getGauges(filter).forEach(exposition::gauge);
        registry.getCounters(filter).forEach(exposition::counter);
        registry.getMeters(filter).forEach(exposition::meter);
        registry.getHistograms(filter).forEach(exposition::histogram);
        registry.getTimers(filter).forEach(exposition::timer);
        StringBuilder out = new StringBuilder(4096);
        exposition.families.values().forEach(f -> f.writeTo(out));
        return out.toString();
    }

    @SuppressWarnings("rawtypes")
    private void gauge(String name, Gauge gauge) {
        Object value;
        try {
            value = gauge.getValue();
        } catch (RuntimeException e) {
            return; // the SPI: a gauge that throws is skipped for this report
        }
        double number;
        if (value instanceof Number n) {
            // Long.MIN_VALUE is how the runtime says "none yet" (a watermark before the first): no sample then.
            if (n instanceof Long l && l == Long.MIN_VALUE) {
                return;
            }
            number = n.doubleValue();
        } else if (value instanceof Boolean b) {
            number = b ? 1 : 0;
        } else {
            return;
        }
        Naming naming = naming(name, gauge, Gauge.class);
        add(naming.unitName(), "gauge", naming, List.of(new Sample("", naming.labels, number * naming.scale)));
    }

    private void counter(String name, Counter counter) {
        Naming naming = naming(name, counter, Counter.class);
        if (naming.standard != null) {
            add(naming.unitName() + "_total", "counter", naming, List.of(sample(naming, counter.getCount())));
        } else {
            add(naming.unitName(), "gauge", naming, List.of(sample(naming, counter.getCount())));
        }
    }

    private void meter(String name, Meter meter) {
        Naming naming = naming(name, meter, Meter.class);
        add(naming.unitName() + "_total", "counter", naming, List.of(sample(naming, meter.getCount())));
    }

    private void histogram(String name, Histogram histogram) {
        Naming naming = naming(name, histogram, Histogram.class);
        Snapshot snapshot = histogram.getSnapshot();
        double sum = histogram instanceof SummingHistogram summing
                ? summing.getSum()
                : snapshot.getMean() * histogram.getCount();
        summary(naming.unitName(), naming, snapshot, naming.scale, histogram.getCount(), sum * naming.scale);
    }

    private void timer(String name, Timer timer) {
        Naming naming = naming(name, timer, Timer.class);
        // Timer snapshots are in nanoseconds whatever the standard metric says.
        Snapshot snapshot = timer.getSnapshot();
        double sumNanos =
                timer instanceof SummingTimer summing ? summing.getSumNanos() : snapshot.getMean() * timer.getCount();
        summary(withUnit(naming.base, "seconds"), naming, snapshot, 1e-9, timer.getCount(), sumNanos * 1e-9);
    }

    private void summary(String family, Naming naming, Snapshot snapshot, double scale, long count, double sum) {
        List<Sample> samples = new ArrayList<>();
        for (double q : QUANTILES) {
            Map<String, String> labels = new LinkedHashMap<>(naming.labels);
            labels.put("quantile", Double.toString(q));
            samples.add(new Sample("", labels, snapshot.getValue(q) * scale));
        }
        samples.add(new Sample("_sum", naming.labels, sum));
        samples.add(new Sample("_count", naming.labels, count));
        add(family, "summary", naming, samples);
    }

    private static Sample sample(Naming naming, long count) {
        return new Sample("", naming.labels, count * naming.scale);
    }

    private void add(String familyName, String type, Naming naming, List<Sample> samples) {
        Family family = families.computeIfAbsent(familyName, n -> new Family(n, type, naming.help));
        if (!family.type.equals(type) || !series.add(familyName + naming.labels)) {
            return;
        }
        family.samples.addAll(samples);
    }

    // --- names

    private Naming naming(String name, Metric metric, Class<? extends Metric> kind) {
        Optional<MetricName> parsed = MetricName.tryParse(name);
        Map<String, String> labels = new LinkedHashMap<>();
        if (parsed.isPresent()) {
            MetricName metricName = parsed.get();
            labels.putAll(metricName.labels());
            labels.put("node", node);
            String family = metricName.metric();
            StandardMetric standard = StandardMetric.forMetricName(family);
            if (standard == null) {
                // a labelled metric (errors-by-type-connector): one family, the value as a label
                Optional<Map.Entry<StandardMetric, String>> labelled = StandardMetric.forLabelledName(family);
                if (labelled.isPresent() && labelled.get().getKey().type().isInstance(metric)) {
                    standard = labelled.get().getKey();
                    family = standard.metricName();
                    labels.put(standard.label(), labelled.get().getValue());
                }
            }
            if (standard != null && !standard.type().isInstance(metric)) {
                standard = null; // same segment, another kind of metric: no unit or help to trust
            }
            String base = "sabot_" + family.replace('-', '_');
            String help =
                    standard != null ? standard.description() + " (" + standard.unit() + ")" : "Sabot metric " + family;
            return new Naming(base, labels, standard, help);
        }
        labels.put("node", node);
        String snake = snakeCase(name);
        String base = snake.startsWith("sabot_") ? snake : "sabot_" + snake;
        return new Naming(base, labels, null, kind.getSimpleName() + " " + name);
    }

    /**
     * {@code base} with {@code _<unit>} appended unless the name already says the unit ({@code sabot_bytes_in} stays
     * as it is for a byte count).
     */
    static String withUnit(String base, String unit) {
        if (unit.isEmpty() || ("_" + base + "_").contains("_" + unit + "_")) {
            return base;
        }
        return base + "_" + unit;
    }

    /** Any name as a valid Prometheus name in snake case: {@code jvm.memory.heapUsed} becomes {@code jvm_memory_heap_used}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        char previous = '_';
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char next;
            if (c >= 'A' && c <= 'Z') {
                if (previous != '_' && !(previous >= 'A' && previous <= 'Z')) {
                    out.append('_');
                }
                next = Character.toLowerCase(c);
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                next = c;
            } else {
                next = '_';
            }
            if (!(next == '_' && out.length() > 0 && out.charAt(out.length() - 1) == '_')) {
                out.append(next);
            }
            previous = c;
        }
        String result = out.toString().replaceAll("^_+|_+$", "");
        if (result.isEmpty() || Character.isDigit(result.charAt(0))) {
            result = "_" + result;
        }
        return result;
    }

    private static final class Naming {
        final String base;
        final Map<String, String> labels;
        final StandardMetric standard;
        final String help;
        final String unit;
        final double scale;

        Naming(String base, Map<String, String> labels, StandardMetric standard, String help) {
            this.base = base;
            this.labels = labels;
            this.standard = standard;
            this.help = help;
            String u = standard == null ? "" : standard.unit();
            switch (u) {
                case "milliseconds" -> {
                    unit = "seconds";
                    scale = 1e-3;
                }
                case "nanoseconds" -> {
                    unit = "seconds";
                    scale = 1e-9;
                }
                case "epoch milliseconds" -> {
                    unit = "timestamp_seconds";
                    scale = 1e-3;
                }
                case "bytes" -> {
                    unit = "bytes";
                    scale = 1;
                }
                default -> {
                    unit = "";
                    scale = 1;
                }
            }
        }

        String unitName() {
            return withUnit(base, unit);
        }
    }

    private record Sample(String suffix, Map<String, String> labels, double value) {}

    private static final class Family {
        final String name;
        final String type;
        final String help;
        final List<Sample> samples = new ArrayList<>();

        Family(String name, String type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void writeTo(StringBuilder out) {
            if (samples.isEmpty()) {
                return;
            }
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(escapeHelp(help))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            for (Sample sample : samples) {
                out.append(name).append(sample.suffix());
                if (!sample.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                        out.append(first ? "" : ",").append(label.getKey()).append("=\"");
                        out.append(escapeLabelValue(label.getValue())).append('"');
                        first = false;
                    }
                    out.append('}');
                }
                out.append(' ').append(format(sample.value())).append('\n');
            }
        }
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escapeHelp(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabelValue(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
