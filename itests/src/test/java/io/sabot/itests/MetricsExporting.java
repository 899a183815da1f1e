package io.sabot.itests;

import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.MetricsExporterStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the metrics ITs share: exporter configurations, their status, and scrapes over real HTTP. */
final class MetricsExporting {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MetricsExporting() {}

    /** Creates (or replaces) the exporter configuration {@code io.sabot.metrics.exporter~<name>}. */
    static Configuration configure(ConfigurationAdmin configurationAdmin, String name, String... keyValues)
            throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        Configuration configuration =
                configurationAdmin.getFactoryConfiguration("io.sabot.metrics.exporter", name, "?");
        configuration.update(properties);
        return configuration;
    }

    /**
     * Waits until the status of exporter {@code name} satisfies {@code condition} (empty: not configured), polling
     * the status service, which has no change events.
     */
    static Optional<ExporterState> awaitExporter(
            MetricsExporterStatus status, String name, Predicate<Optional<ExporterState>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Optional<ExporterState> state;
        do {
            state = status.exporters().stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst();
            if (condition.test(state)) {
                return state;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("exporter " + name + " did not reach the expected state in 15 s: " + state);
    }

    /** GET on the container's HTTP service. */
    static HttpResponse<String> get(BundleContext context, String path) throws Exception {
        String port = context.getProperty("org.osgi.service.http.port");
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until GET {@code path} answers {@code code} (the whiteboard applies registrations asynchronously). */
    static HttpResponse<String> awaitStatusCode(BundleContext context, String path, int code) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        HttpResponse<String> response;
        do {
            response = get(context, path);
            if (response.statusCode() == code) {
                return response;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("GET " + path + " answered " + response.statusCode() + ", not " + code);
    }
}
