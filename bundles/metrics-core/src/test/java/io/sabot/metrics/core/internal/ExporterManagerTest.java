package io.sabot.metrics.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.ExporterState.State;
import io.sabot.metrics.csv.internal.CsvExporterFactory;
import io.sabot.metrics.spi.MetricName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The exporter lifecycle with a real exporter (csv): it runs exactly while both its configuration and its factory are
 * there, a change replaces it, and every bad configuration is reported with the property or option at fault.
 */
public class ExporterManagerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MetricRegistry registry = new MetricRegistry();
    private final String counterName =
            MetricName.job("acme", "orders", "errors").toString();
    private ExporterManager manager;

    @Before
    public void start() {
        registry.counter(counterName).inc(5);
        manager = new ExporterManager(registry, "n1");
    }

    @After
    public void stop() {
        manager.deactivate();
    }

    private ExporterManager.FactoryHandle csvFactory(long serviceId) {
        return new ExporterManager.FactoryHandle(serviceId, 0, "csv", "test 1.0", new CsvExporterFactory());
    }

    private static Map<String, Object> csvConfig(Path directory) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "io.sabot.metrics.exporter~files");
        properties.put("service.factoryPid", "io.sabot.metrics.exporter");
        // what DS and FileInstall add to the properties a configuration component sees: not exporter options
        properties.put("component.name", "io.sabot.metrics.core.internal.ExporterConfiguration");
        properties.put("component.id", 12L);
        properties.put("osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)");
        properties.put("manager.target", "(objectClass=*)");
        properties.put("felix.fileinstall.filename", "file:/opt/sabot/etc/io.sabot.metrics.exporter-files.cfg");
        properties.put("type", "csv");
        properties.put("directory", directory.toString());
        properties.put("interval", "100 ms");
        return properties;
    }

    private ExporterState state(String name) {
        manager.awaitIdle();
        return manager.exporters().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no exporter " + name + " in " + manager.exporters()));
    }

    @Test
    public void runsWhileConfigurationAndFactoryArePresent() throws Exception {
        Path directory = tmp.getRoot().toPath().resolve("a");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~files", csvConfig(directory)));
        ExporterState waiting = state("files");
        assertEquals(State.WAITING, waiting.state());
        assertTrue(waiting.reason(), waiting.reason().contains("no metrics exporter factory 'csv'"));

        manager.addFactory(csvFactory(1));
        assertEquals(State.RUNNING, state("files").state());
        assertEquals("test 1.0", state("files").factoryBundle());
        assertEquals(
                1L, registry.getGauges().get(ExporterManager.EXPORTERS_RUNNING).getValue());
        Path file = directory.resolve(counterName + ".csv");
        assertEquals("5", lastValue(file));

        // the factory goes (bundle uninstalled): stopped, waiting; no report is written after that
        manager.removeFactory(1);
        assertEquals(State.WAITING, state("files").state());
        long rows = Files.readAllLines(file).size();
        registry.counter(counterName).inc();
        Thread.sleep(400); // four intervals: a running exporter would have written
        assertEquals(rows, Files.readAllLines(file).size());

        // it comes back: a new exporter
        manager.addFactory(csvFactory(2));
        assertEquals(State.RUNNING, state("files").state());
        awaitValue(file, "6");

        // the configuration is deleted: gone from the status, no more reports
        manager.unconfigure("io.sabot.metrics.exporter~files");
        manager.awaitIdle();
        assertTrue(manager.exporters().isEmpty());
    }

    @Test
    public void aChangedConfigurationReplacesTheExporter() throws Exception {
        manager.addFactory(csvFactory(1));
        Path first = tmp.getRoot().toPath().resolve("first");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~files", csvConfig(first)));
        lastValue(first.resolve(counterName + ".csv"));

        Path second = tmp.getRoot().toPath().resolve("second");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~files", csvConfig(second)));
        assertEquals(State.RUNNING, state("files").state());
        assertEquals("5", lastValue(second.resolve(counterName + ".csv")));
        long rows = Files.readAllLines(first.resolve(counterName + ".csv")).size();
        Thread.sleep(400);
        assertEquals(
                "the old exporter stopped",
                rows,
                Files.readAllLines(first.resolve(counterName + ".csv")).size());
    }

    @Test
    public void everyBadOptionIsReportedByName() {
        manager.addFactory(csvFactory(1));
        Map<String, Object> config = csvConfig(tmp.getRoot().toPath());
        config.remove("directory");
        config.put("interval", "often");
        config.put("bogus", "1");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~files", config));
        ExporterState failed = state("files");
        assertEquals(State.FAILED, failed.state());
        assertTrue(failed.reason(), failed.reason().contains("missing required option 'directory'"));
        assertTrue(failed.reason(), failed.reason().contains("option 'interval'"));
        assertTrue(failed.reason(), failed.reason().contains("unknown option 'bogus'"));
        // the other configurations are unaffected
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~other", csvConfigNamed("other")));
        assertEquals(State.RUNNING, state("other").state());
    }

    private Map<String, Object> csvConfigNamed(String name) {
        Map<String, Object> config = csvConfig(tmp.getRoot().toPath().resolve(name));
        config.put("service.pid", "io.sabot.metrics.exporter~" + name);
        return config;
    }

    @Test
    public void badCommonPropertiesAreReportedByName() {
        Map<String, Object> config = csvConfigNamed("x");
        config.remove("type");
        config.put("name", "has space");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~x", config));
        manager.awaitIdle();
        ExporterState failed = manager.exporters().get(0);
        assertEquals(State.FAILED, failed.state());
        assertTrue(failed.reason(), failed.reason().contains("property 'type' is missing"));
        assertTrue(failed.reason(), failed.reason().contains("property 'name'"));
    }

    @Test
    public void aSecondExporterWithTheSameNameIsRefused() {
        manager.addFactory(csvFactory(1));
        Map<String, Object> first = csvConfigNamed("a");
        first.put("name", "same");
        Map<String, Object> second = csvConfigNamed("b");
        second.put("name", "same");
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~a", first));
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~b", second));
        manager.awaitIdle();
        List<ExporterState> states = manager.exporters();
        assertEquals(State.RUNNING, states.get(0).state());
        assertEquals(State.FAILED, states.get(1).state());
        assertTrue(states.get(1).reason(), states.get(1).reason().contains("property 'name': 'same' is already used"));
    }

    @Test
    public void aFailedStartIsReportedAndStopsNothingElse() throws Exception {
        manager.addFactory(csvFactory(1));
        Path notADirectory = tmp.newFile("file").toPath();
        manager.configure(ExporterSettings.from("io.sabot.metrics.exporter~files", csvConfig(notADirectory)));
        ExporterState failed = state("files");
        assertEquals(State.FAILED, failed.state());
        assertTrue(failed.reason(), failed.reason().startsWith("failed to start"));
        assertEquals(
                1L, registry.getGauges().get(ExporterManager.EXPORTERS_FAILED).getValue());
        assertTrue(ExporterCommands.render(manager.exporters()).contains("FAILED"));
    }

    @Test
    public void namesDefaultToTheConfigurationsName() {
        assertEquals("prom", ExporterSettings.defaultName("io.sabot.metrics.exporter~prom", ""));
        assertEquals(
                "local",
                ExporterSettings.defaultName(
                        "io.sabot.metrics.exporter.1234-5678",
                        "file:/opt/sabot/etc/io.sabot.metrics.exporter-local.cfg"));
        assertEquals("pid_x", ExporterSettings.defaultName("pid.x", ""));
    }

    @Test
    public void includeExcludeAndTenantMakeTheFilter() {
        Map<String, Object> config = csvConfigNamed("f");
        config.put("include", new String[] {"sabot.*.*.records-*", "sabot.**.errors"});
        config.put("exclude", "sabot.*.secret-job.*");
        config.put("tenant", "acme");
        ExporterSettings settings = ExporterSettings.from("io.sabot.metrics.exporter~f", config);
        assertTrue(settings.errors().isEmpty());
        assertFalse(
                "not options",
                settings.options().containsKey("include") || settings.options().containsKey("tenant"));
        MetricFilter filter = settings.filter();
        Counter c = new Counter();
        assertTrue(filter.matches("sabot.acme.orders.records-in", c));
        assertTrue(filter.matches("sabot.acme.orders.op.0.errors", c));
        assertFalse("excluded", filter.matches("sabot.acme.secret-job.records-in", c));
        assertFalse("another tenant", filter.matches("sabot.other.orders.records-in", c));
        assertFalse("not included", filter.matches("sabot.acme.orders.uptime", c));
    }

    private static String lastValue(Path file) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return lines.get(lines.size() - 1).split(",")[1];
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no report in " + file);
    }

    private static void awaitValue(Path file, String value) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (lastValue(file).equals(value)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no report of " + value + " in " + file);
    }
}
