package io.sabot.metrics.prometheus.internal;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.OptionDescriptor;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code prometheus} exporter: a servlet on the HTTP whiteboard (the container's HTTP service, loopback by
 * default) that answers every scrape with the registry's current metrics in the text exposition format 0.0.4. It runs
 * no thread of its own: the scrape reads the registry on Jetty's request thread.
 *
 * <p>The servlet selects Sabot's authenticating servlet context ({@value #CONTEXT_SELECT}, registered by the HTTP API
 * bundle, {@code io.sabot.api.http.HttpSecurity}): a scrape needs the API's credentials, and without that bundle the
 * endpoint is not served at all rather than served anonymously. The names are repeated here rather than imported, so
 * that this bundle resolves without the HTTP API.
 */
@Component(property = "sabot.metrics.exporter=prometheus")
public final class PrometheusExporterFactory implements MetricsExporterFactory {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    static final OptionDescriptor<String> PATH_OPTION = OptionDescriptor.key("path")
            .stringType()
            .defaultValue("/metrics")
            .check(p -> PATH.matcher(p).matches() && !p.endsWith("/*"), "a servlet path such as /metrics")
            .description("HTTP path of the scrape endpoint on the container's HTTP service");

    /** {@code io.sabot.api.http.HttpSecurity.CONTEXT_SELECT}. */
    static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=sabot)";

    /** {@code io.sabot.api.http.HttpSecurity.TENANT_ATTRIBUTE}: the tenant of a tenant principal, else absent. */
    static final String TENANT_ATTRIBUTE = "io.sabot.tenant";

    private final BundleContext bundleContext;

    @Activate
    public PrometheusExporterFactory(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public String identifier() {
        return "prometheus";
    }

    @Override
    public String description() {
        return "Serves the metrics for Prometheus scrapes (text exposition format 0.0.4) on the HTTP service";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(PATH_OPTION);
    }

    @Override
    public MetricsExporter createMetricsExporter(MetricsExporterContext context) {
        return new PrometheusExporter(bundleContext, context);
    }

    static final class PrometheusExporter implements MetricsExporter {
        private final BundleContext bundleContext;
        private final MetricsExporterContext context;
        private ServiceRegistration<Servlet> registration;

        PrometheusExporter(BundleContext bundleContext, MetricsExporterContext context) {
            this.bundleContext = bundleContext;
            this.context = context;
        }

        @Override
        public void start(MetricRegistry registry, MetricFilter filter) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(
                    "osgi.http.whiteboard.servlet.pattern", context.options().get(PATH_OPTION));
            properties.put("osgi.http.whiteboard.servlet.name", "sabot-metrics-" + context.name());
            properties.put("osgi.http.whiteboard.context.select", CONTEXT_SELECT);
            registration = bundleContext.registerService(
                    Servlet.class, new ScrapeServlet(registry, filter, context.nodeId()), properties);
        }

        @Override
        public void stop() {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
    }

    /**
     * Answers GET with the exposition; nothing is cached, every scrape reads the registry afresh. A tenant's principal
     * gets its own tenant's metrics only ({@code sabot.<tenant>.…}), none of the node's (JVM) metrics.
     */
    static final class ScrapeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient MetricRegistry registry;
        private final transient MetricFilter filter;
        private final String node;

        ScrapeServlet(MetricRegistry registry, MetricFilter filter, String node) {
            this.registry = registry;
            this.filter = filter;
            this.node = node;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = PrometheusExposition.write(registry, visibleTo(request.getAttribute(TENANT_ATTRIBUTE)), node)
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(PrometheusExposition.CONTENT_TYPE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        /** The exporter's filter, narrowed to a tenant's names when {@code tenant} (the request's) is one. */
        MetricFilter visibleTo(Object tenant) {
            if (!(tenant instanceof String id)) {
                return filter;
            }
            MetricFilter own = MetricName.tenantFilter(id); // the same filter as a tenant-scoped exporter's
            return (name, metric) -> filter.matches(name, metric) && own.matches(name, metric);
        }
    }
}
