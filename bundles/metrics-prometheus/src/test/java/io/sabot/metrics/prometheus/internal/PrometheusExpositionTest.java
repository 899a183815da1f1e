package io.sabot.metrics.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.metrics.spi.SummingHistogram;
import io.sabot.metrics.spi.SummingTimer;
import io.sabot.metrics.spi.testing.ExpositionParser;
import io.sabot.metrics.spi.testing.ExpositionParser.Exposition;
import java.time.Duration;
import org.junit.Before;
import org.junit.Test;

/**
 * The exposition of a registry with known values, read back by a strict parser of the text format: every family
 * named by Prometheus' conventions, every value equal to the registry's.
 */
public class PrometheusExpositionTest {

    private static final String TASK_LABELS =
            "job=\"orders\",node=\"n1\",operator=\"window-agg-3\",subtask=\"0\",tenant=\"acme\"";

    private final MetricRegistry registry = new MetricRegistry();
    private Meter recordsIn;
    private Histogram latency;
    private Timer processing;

    @Before
    public void fill() {
        recordsIn = registry.meter(task(StandardMetric.RECORDS_IN));
        recordsIn.mark(42);
        registry.meter(MetricName.task("acme", "orders", "window-agg-3", 1, "records-in")
                        .toString())
                .mark(8);
        registry.meter(task(StandardMetric.BYTES_IN)).mark(4096);
        registry.counter(task(StandardMetric.LATE_RECORDS)).inc(7);
        registry.counter(task(StandardMetric.BACKPRESSURED_TIME)).inc(1500);
        registry.gauge(task(StandardMetric.STATE_SIZE), () -> (Gauge<Long>) () -> 2048L);
        registry.gauge(task(StandardMetric.WATERMARK), () -> (Gauge<Long>) () -> 1_700_000_000_123L);
        registry.gauge(
                MetricName.split("acme", "orders", "source-1", 0, "orders-3", "watermark")
                        .toString(),
                () -> (Gauge<Long>) () -> Long.MIN_VALUE);
        latency = registry.register(
                task(StandardMetric.LATENCY),
                new SummingHistogram(new com.codahale.metrics.SlidingWindowReservoir(1000)));
        for (int i = 1; i <= 100; i++) {
            latency.update(i);
        }
        processing = registry.register(
                task(StandardMetric.PROCESSING_TIME),
                new SummingTimer(new com.codahale.metrics.SlidingWindowReservoir(1000)));
        // a plain Dropwizard histogram keeps no sum
        Histogram durations = registry.histogram(
                MetricName.job("acme", "orders", "checkpoint-duration").toString());
        durations.update(200);
        durations.update(400);
        for (int i = 1; i <= 10; i++) {
            processing.update(Duration.ofMillis(i));
        }
        registry.gauge(MetricName.node("jobs-running").toString(), () -> (Gauge<Integer>) () -> 3);
        registry.counter("sabot.acme.orders.custom-things").inc(5);
        registry.gauge("jvm.memory.heapUsed", () -> (Gauge<Long>) () -> 123L);
        registry.gauge("broken.gauge", () -> (Gauge<Long>) () -> {
            throw new IllegalStateException("a gauge that throws");
        });
        registry.gauge("text.gauge", () -> (Gauge<String>) () -> "not a number");
    }

    /** The task labels with a quantile, sorted as the parser keys series. */
    private static String quantileLabels(String q) {
        return TASK_LABELS.replace(",subtask=", ",quantile=\"" + q + "\",subtask=");
    }

    private static String task(StandardMetric metric) {
        return MetricName.task("acme", "orders", "window-agg-3", 0, metric.metricName())
                .toString();
    }

    @Test
    public void sabotMetricsFollowPrometheusNamingWithTheRegistrysValues() {
        Exposition exposition = ExpositionParser.parse(PrometheusExposition.write(registry, MetricFilter.ALL, "n1"));

        assertEquals("counter", exposition.types().get("sabot_records_in_total"));
        assertEquals(42, exposition.value("sabot_records_in_total{" + TASK_LABELS + "}"), 0);
        assertEquals(
                8,
                exposition.value("sabot_records_in_total{"
                        + "job=\"orders\",node=\"n1\",operator=\"window-agg-3\",subtask=\"1\",tenant=\"acme\"}"),
                0);
        assertEquals(4096, exposition.value("sabot_bytes_in_total{" + TASK_LABELS + "}"), 0);
        assertEquals("counter", exposition.types().get("sabot_late_records_total"));
        assertEquals(7, exposition.value("sabot_late_records_total{" + TASK_LABELS + "}"), 0);
        // milliseconds are exported in seconds, the unit in the name
        assertEquals(1.5, exposition.value("sabot_backpressured_time_seconds_total{" + TASK_LABELS + "}"), 1e-12);
        assertEquals("gauge", exposition.types().get("sabot_state_size_bytes"));
        assertEquals(2048, exposition.value("sabot_state_size_bytes{" + TASK_LABELS + "}"), 0);
        assertEquals(
                1_700_000_000.123, exposition.value("sabot_watermark_timestamp_seconds{" + TASK_LABELS + "}"), 1e-6);
        // "no watermark yet" is no sample
        assertFalse(
                exposition.samples().keySet().toString(),
                exposition.samples().keySet().stream().anyMatch(s -> s.contains("split=\"orders-3\"")));
        assertEquals(3, exposition.value("sabot_jobs_running{node=\"n1\"}"), 0);
        assertEquals(
                "Rows received; for sources, rows read (rows)",
                exposition.help().get("sabot_records_in_total"));
    }

    @Test
    public void histogramsAndTimersAreSummariesWithQuantilesInSeconds() {
        Exposition exposition = ExpositionParser.parse(PrometheusExposition.write(registry, MetricFilter.ALL, "n1"));

        assertEquals("summary", exposition.types().get("sabot_latency_seconds"));
        Snapshot latencies = latency.getSnapshot();
        for (String q : new String[] {"0.5", "0.75", "0.95", "0.98", "0.99", "0.999"}) {
            assertEquals(
                    latencies.getValue(Double.parseDouble(q)) / 1000,
                    exposition.value("sabot_latency_seconds{" + quantileLabels(q) + "}"),
                    1e-12);
        }
        assertEquals(100, exposition.value("sabot_latency_seconds_count{" + TASK_LABELS + "}"), 0);
        assertEquals(5.050, exposition.value("sabot_latency_seconds_sum{" + TASK_LABELS + "}"), 1e-9); // 1..100 ms

        assertEquals("summary", exposition.types().get("sabot_processing_time_seconds"));
        assertEquals(
                processing.getSnapshot().getMedian() / 1e9,
                exposition.value("sabot_processing_time_seconds{" + quantileLabels("0.5") + "}"),
                1e-12);
        assertEquals(10, exposition.value("sabot_processing_time_seconds_count{" + TASK_LABELS + "}"), 0);
        assertEquals(0.055, exposition.value("sabot_processing_time_seconds_sum{" + TASK_LABELS + "}"), 1e-9);
        // without a kept sum: the sampled mean times the count, 300 ms * 2
        String job = "job=\"orders\",node=\"n1\",tenant=\"acme\"";
        assertEquals(0.6, exposition.value("sabot_checkpoint_duration_seconds_sum{" + job + "}"), 1e-9);
        assertEquals(2, exposition.value("sabot_checkpoint_duration_seconds_count{" + job + "}"), 0);
    }

    @Test
    public void otherMetricsAreSnakeCasedUnderTheSabotPrefixAndBadGaugesLeftOut() {
        String text = PrometheusExposition.write(registry, MetricFilter.ALL, "n1");
        Exposition exposition = ExpositionParser.parse(text);

        assertEquals(123, exposition.value("sabot_jvm_memory_heap_used{node=\"n1\"}"), 0);
        // a counter that is not a standard one may go down: a gauge, without _total
        assertEquals("gauge", exposition.types().get("sabot_custom_things"));
        assertEquals(5, exposition.value("sabot_custom_things{job=\"orders\",node=\"n1\",tenant=\"acme\"}"), 0);
        assertFalse(text, text.contains("broken") || text.contains("text_gauge"));
        for (String family : exposition.types().keySet()) {
            assertTrue(family, family.startsWith("sabot_") && family.equals(family.toLowerCase()));
        }
    }

    @Test
    public void errorsByTypeAreOneFamilyWithATypeLabel() {
        registry.counter(MetricName.job("acme", "orders", StandardMetric.ERRORS_BY_TYPE.metricName("CONNECTOR"))
                        .toString())
                .inc(3);
        registry.counter(MetricName.job("acme", "orders", StandardMetric.ERRORS_BY_TYPE.metricName("OPERATOR"))
                        .toString())
                .inc(2);
        Exposition exposition = ExpositionParser.parse(PrometheusExposition.write(registry, MetricFilter.ALL, "n1"));

        assertEquals("counter", exposition.types().get("sabot_errors_by_type_total"));
        String job = "job=\"orders\",node=\"n1\",tenant=\"acme\",type=";
        assertEquals(3, exposition.value("sabot_errors_by_type_total{" + job + "\"CONNECTOR\"}"), 0);
        assertEquals(2, exposition.value("sabot_errors_by_type_total{" + job + "\"OPERATOR\"}"), 0);
        assertFalse(exposition.types().containsKey("sabot_errors_by_type_connector"));
    }

    @Test
    public void labelValuesAreEscaped() {
        Exposition exposition =
                ExpositionParser.parse(PrometheusExposition.write(registry, MetricFilter.ALL, "node \"1\"\\\nx"));
        assertEquals(3, exposition.value("sabot_jobs_running{node=\"node \"1\"\\\nx\"}"), 0);
    }

    @Test
    public void theFilterDecidesWhatIsExported() {
        Exposition exposition = ExpositionParser.parse(
                PrometheusExposition.write(registry, (name, metric) -> name.endsWith(".records-in"), "n1"));
        assertEquals(2, exposition.samples().size());
        assertEquals(42, exposition.value("sabot_records_in_total{" + TASK_LABELS + "}"), 0);
    }

    @Test
    public void theParserRejectsWhatPrometheusRejects() {
        // guards the guard: each of these must fail the strict parser
        String[] invalid = {
            "metric 1", // no final newline
            "# TYPE m counter\nm{a=\"x\"} 1\nother 2\nm{a=\"y\"} 3\n", // family not one group
            "m{a=\"x\",a=\"y\"} 1\n", // repeated label
            "m{a=\"\\t\"} 1\n", // invalid escape
            "m 1\nm 2\n", // repeated series
            "# TYPE s summary\ns 1\n", // summary sample without quantile
            "1m 1\n", // invalid name
            "m one\n", // invalid value
            "m 1\n# TYPE m gauge\n" // TYPE after samples
        };
        for (String text : invalid) {
            assertThrows(text, IllegalArgumentException.class, () -> ExpositionParser.parse(text));
        }
    }
}
