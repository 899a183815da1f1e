package io.sabot.itests;

import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.MetricsExporterStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.Map;
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

    /** The {@code Authorization} header of this framework's monitor token, once created. */
    private static String monitor;

    /**
     * A bearer token with role {@code monitor} (read-only: /health and the metrics endpoints, as a probe or a
     * Prometheus would use), declared as configuration on first use; waits until the container accepts it.
     */
    static synchronized String monitorAuthorization(BundleContext context) throws Exception {
        if (monitor == null) {
            String token = "sabot_" + HexFormat.of().formatHex(SecureRandom.getSeed(32));
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
            Configuration c = cm.getFactoryConfiguration("io.sabot.api.token", "itest-monitor", "?");
            c.update(new Hashtable<>(Map.of("name", "itest-monitor", "token.sha256", sha, "role", "monitor")));
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (get(context, "/health", "Bearer " + token).statusCode() == 401) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the monitor token was not accepted on /health in 15 s");
                }
                Thread.sleep(50);
            }
            monitor = "Bearer " + token;
        }
        return monitor;
    }

    /** GET on the container's HTTP service with the monitor token. */
    static HttpResponse<String> get(BundleContext context, String path) throws Exception {
        return get(context, path, monitorAuthorization(context));
    }

    /** GET on the container's HTTP service with this {@code Authorization} header (null: none). */
    static HttpResponse<String> get(BundleContext context, String path, String authorization) throws Exception {
        String port = context.getProperty("org.osgi.service.http.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until GET {@code path} (with the monitor token) answers {@code code} (the whiteboard applies registrations asynchronously). */
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
