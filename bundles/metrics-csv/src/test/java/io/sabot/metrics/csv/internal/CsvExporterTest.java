package io.sabot.metrics.csv.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.testing.ExporterTestContext;
import io.sabot.plugin.OptionValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The csv exporter writes one file per passed metric, with the registry's values, into the configured directory. */
public class CsvExporterTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final CsvExporterFactory factory = new CsvExporterFactory();

    @Test
    public void writesTheRegistrysValuesIntoOneFilePerMetric() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        String lateRecords =
                MetricName.task("acme", "orders", "agg", 0, "late-records").toString();
        String recordsIn =
                MetricName.task("acme", "orders", "agg", 0, "records-in").toString();
        String stateSize =
                MetricName.task("acme", "orders", "agg", 0, "state-size").toString();
        registry.counter(lateRecords).inc(17);
        registry.meter(recordsIn).mark(1234);
        registry.gauge(stateSize, () -> (Gauge<Long>) () -> 4096L);
        registry.counter("excluded.counter").inc();
        Path directory = tmp.getRoot().toPath().resolve("metrics/out"); // created by the exporter

        ExporterTestContext context = ExporterTestContext.of(
                factory, "files", "n1", Map.of("directory", directory.toString(), "interval", "100 ms"));
        MetricsExporter exporter = factory.createMetricsExporter(context);
        exporter.start(registry, (name, metric) -> name.startsWith("sabot."));
        List<String> counterRows;
        List<String> meterRows;
        List<String> gaugeRows;
        try {
            counterRows = awaitRows(directory.resolve(lateRecords + ".csv"));
            meterRows = awaitRows(directory.resolve(recordsIn + ".csv"));
            gaugeRows = awaitRows(directory.resolve(stateSize + ".csv"));
        } finally {
            exporter.stop();
        }
        assertEquals("t,count", counterRows.get(0));
        assertEquals("17", counterRows.get(1).split(",")[1]);
        assertTrue(meterRows.get(0), meterRows.get(0).startsWith("t,count,mean_rate"));
        assertEquals("1234", meterRows.get(1).split(",")[1]);
        assertEquals("t,value", gaugeRows.get(0));
        assertEquals("4096", gaugeRows.get(1).split(",")[1]);
        assertFalse("the filter is applied", Files.exists(directory.resolve("excluded.counter.csv")));
        assertTrue(context.threadFailures().toString(), context.threadFailures().isEmpty());
    }

    @Test
    public void aDirectoryIsRequiredAndTheIntervalChecked() {
        OptionValidationException e = assertThrows(
                OptionValidationException.class,
                () -> ExporterTestContext.of(factory, "files", "n1", Map.of("interval", "1 ms", "dir", "/tmp")));
        String message = e.getMessage();
        assertTrue(message, message.contains("'directory'"));
        assertTrue(message, message.contains("'interval'"));
        assertTrue(message, message.contains("unknown option 'dir'"));
    }

    @Test
    public void anUnwritableDirectoryFailsTheStart() throws Exception {
        Path file = tmp.newFile("not-a-directory").toPath();
        MetricsExporter exporter = factory.createMetricsExporter(
                ExporterTestContext.of(factory, "files", "n1", Map.of("directory", file.toString())));
        assertThrows(Exception.class, () -> exporter.start(new MetricRegistry(), (n, m) -> true));
        exporter.stop(); // after a failed start, as the runtime does: must not throw
    }

    /** The file's lines once it has a header and a first row (the first report comes after one interval). */
    static List<String> awaitRows(Path file) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return lines;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no report in " + file + " within 10 s");
    }
}
