package io.sabot.metrics.jmx.internal;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.OptionDescriptor;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code jmx} exporter: Dropwizard's {@link JmxReporter}, an MBean per metric in the platform MBean server, named
 * {@code <domain>:name=<metric name>,type=<counters|gauges|meters|histograms|timers>}. It follows the registry with a
 * listener, so metrics of jobs that start later appear and those of ended jobs go.
 */
@Component(property = "sabot.metrics.exporter=jmx")
public final class JmxExporterFactory implements MetricsExporterFactory {

    /** What JMX accepts unquoted in a domain: no ':', '*', '?', '=', ',' or quotes. */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]+");

    static final OptionDescriptor<String> DOMAIN_OPTION = OptionDescriptor.key("domain")
            .stringType()
            .defaultValue("sabot")
            .check(d -> DOMAIN.matcher(d).matches(), "letters, digits, '_', '.' and '-'")
            .description("JMX domain of the MBeans; give two exporters different domains");

    @Override
    public String identifier() {
        return "jmx";
    }

    @Override
    public String description() {
        return "Registers every metric as an MBean in the platform MBean server";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(DOMAIN_OPTION);
    }

    @Override
    public MetricsExporter createMetricsExporter(MetricsExporterContext context) {
        return new JmxExporter(context.options().get(DOMAIN_OPTION));
    }

    static final class JmxExporter implements MetricsExporter {
        private final String domain;
        private JmxReporter reporter;

        JmxExporter(String domain) {
            this.domain = domain;
        }

        @Override
        public void start(MetricRegistry registry, MetricFilter filter) {
            reporter = JmxReporter.forRegistry(registry)
                    .registerWith(ManagementFactory.getPlatformMBeanServer())
                    .inDomain(domain)
                    .filter(filter)
                    .convertRatesTo(TimeUnit.SECONDS)
                    .convertDurationsTo(TimeUnit.MILLISECONDS)
                    .build();
            reporter.start();
        }

        @Override
        public void stop() {
            if (reporter != null) {
                reporter.stop(); // removes its listener and unregisters every MBean it registered
            }
        }
    }
}
