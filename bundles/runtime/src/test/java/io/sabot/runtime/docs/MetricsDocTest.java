package io.sabot.runtime.docs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.metrics.spi.MetricScope;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.runtime.ExecutorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * docs/metrics.md holds the tables generated here from {@link StandardMetric} and the metrics options of {@link
 * ExecutorOptions}, so the page cannot drift from the code. After changing either, regenerate with {@code mvn test -pl
 * bundles/runtime -Dtest=MetricsDocTest -Dsabot.docs.update=true}.
 */
public class MetricsDocTest {

    static final Path DOC = Path.of("../../docs/metrics.md");

    static final List<OptionDescriptor<?>> OPTIONS = List.of(
            ExecutorOptions.ENABLE_METRICS,
            ExecutorOptions.ENABLE_HEALTH_CHECKS,
            ExecutorOptions.METRICS_EXPORT_INTERVAL_MS);

    static String pattern(MetricScope scope, String metric) {
        return switch (scope) {
            case NODE -> "sabot." + metric;
            case TENANT -> "sabot.<tenant>." + metric;
            case JOB -> "sabot.<tenant>.<job>." + metric;
            case TABLE -> "sabot.<tenant>.<job>.<table>." + metric;
            case TASK -> "sabot.<tenant>.<job>.<operator>.<subtask>." + metric;
            case SPLIT -> "sabot.<tenant>.<job>.<operator>.<subtask>.<split>." + metric;
        };
    }

    static String metricsTable() {
        StringBuilder out = new StringBuilder("| metric | type | unit | names | meaning |\n|---|---|---|---|---|\n");
        for (StandardMetric m : StandardMetric.values()) {
            String names = m.scopes().stream()
                    .map(s -> "`"
                            + pattern(s, m.label() == null ? m.metricName() : m.metricName() + "-<" + m.label() + ">")
                            + "`")
                    .collect(Collectors.joining("<br>"));
            out.append("| `")
                    .append(m.metricName())
                    .append("` | ")
                    .append(m.type().getSimpleName())
                    .append(" | ")
                    .append(m.unit())
                    .append(" | ")
                    .append(names)
                    .append(" | ")
                    .append(m.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    static String optionsTable() {
        StringBuilder out = new StringBuilder("| option | type | default | meaning |\n|---|---|---|---|\n");
        for (OptionDescriptor<?> o : OPTIONS) {
            out.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(o.type().name().toLowerCase())
                    .append(" | `")
                    .append(o.defaultValue())
                    .append("` | ")
                    .append(o.description())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** {@code doc} with the text between the markers of {@code section} replaced by {@code table}. */
    static String replace(String doc, String section, String table) {
        String start = "<!-- generated:" + section + " -->\n";
        String end = "<!-- end:" + section + " -->";
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        assertTrue("docs/metrics.md lacks the markers of '" + section + "'", from >= 0 && to > from);
        return doc.substring(0, from + start.length()) + table + doc.substring(to);
    }

    @Test
    public void theMetricsPageListsEveryStandardMetricAndTheMetricsOptions() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String generated = replace(replace(doc, "metrics", metricsTable()), "options", optionsTable());
        if (Boolean.getBoolean("sabot.docs.update")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
            doc = generated;
        }
        assertEquals("docs/metrics.md is out of date: regenerate it (see MetricsDocTest)", generated, doc);
        for (StandardMetric m : StandardMetric.values()) {
            assertTrue(m.name(), doc.contains("| `" + m.metricName() + "` |"));
        }
    }
}
