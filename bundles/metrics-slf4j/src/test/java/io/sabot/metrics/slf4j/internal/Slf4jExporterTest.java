package io.sabot.metrics.slf4j.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.slf4j.internal.CapturingLoggers.Line;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.testing.ExporterTestContext;
import io.sabot.plugin.OptionValidationException;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.slf4j.event.Level;

/** The slf4j exporter logs the registry's values periodically to the configured logger at the configured level. */
public class Slf4jExporterTest {

    private final Slf4jExporterFactory factory = new Slf4jExporterFactory();

    @Test
    public void logsEveryPassedMetricWithItsValue() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        String errors = MetricName.job("acme", "orders", "errors").toString();
        String recordsOut =
                MetricName.task("acme", "orders", "sink", 1, "records-out").toString();
        registry.counter(errors).inc(3);
        registry.meter(recordsOut).mark(250);
        registry.counter("jvm.excluded").inc();

        ExporterTestContext context = ExporterTestContext.of(
                factory,
                "log",
                "n1",
                Map.of("interval", "100 ms", "logger", "test.metrics", "level", "warn", "prefix", "n1"));
        MetricsExporter exporter = factory.createMetricsExporter(context);
        exporter.start(registry, (name, metric) -> name.startsWith("sabot."));
        List<Line> lines;
        try {
            lines = awaitLines("test.metrics", 2);
        } finally {
            exporter.stop();
        }
        Line counter = find(lines, "name=n1." + errors + ",");
        assertEquals(Level.WARN, counter.level());
        assertTrue(
                counter.message(),
                counter.message().contains("type=COUNTER") && counter.message().endsWith("count=3"));
        Line meter = find(lines, "name=n1." + recordsOut + ",");
        assertTrue(
                meter.message(),
                meter.message().contains("type=METER") && meter.message().contains("count=250"));
        assertTrue(lines.toString(), CapturingLoggers.LINES.stream().noneMatch(l -> l.message()
                .contains("jvm.excluded")));
        assertTrue(context.threadFailures().toString(), context.threadFailures().isEmpty());
    }

    @Test
    public void badOptionsAreReportedTogether() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> ExporterTestContext.of(factory, "log", "n1", Map.of("level", "loud", "interval", "soon")));
        assertTrue(
                e.getMessage(),
                e.getMessage().contains("'level'") && e.getMessage().contains("'interval'"));
    }

    private static Line find(List<Line> lines, String part) {
        return lines.stream()
                .filter(l -> l.message().contains(part))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + part + " in " + lines));
    }

    private static List<Line> awaitLines(String logger, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Line> lines = CapturingLoggers.LINES.stream()
                    .filter(l -> l.logger().equals(logger))
                    .toList();
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(
                "fewer than " + count + " lines from " + logger + " within 10 s: " + CapturingLoggers.LINES);
    }
}
