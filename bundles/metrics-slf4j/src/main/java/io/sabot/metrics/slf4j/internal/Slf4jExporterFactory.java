package io.sabot.metrics.slf4j.internal;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Slf4jReporter;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.OptionDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.slf4j.LoggerFactory;

/** The {@code slf4j} exporter: Dropwizard's {@link Slf4jReporter}, one log line per metric and report. */
@Component(property = "sabot.metrics.exporter=slf4j")
public final class Slf4jExporterFactory implements MetricsExporterFactory {

    static final OptionDescriptor<Duration> INTERVAL = OptionDescriptor.key("interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .check(d -> d.toMillis() >= 100, "at least 100 ms")
            .description("Time between two reports");

    static final OptionDescriptor<String> LOGGER = OptionDescriptor.key("logger")
            .stringType()
            .defaultValue("io.sabot.metrics")
            .check(name -> !name.isBlank(), "a logger name")
            .description("Name of the logger the lines are written to");

    static final OptionDescriptor<String> LEVEL = OptionDescriptor.key("level")
            .enumType("trace", "debug", "info", "warn", "error")
            .defaultValue("info")
            .description("Level of the lines");

    static final OptionDescriptor<String> PREFIX = OptionDescriptor.key("prefix")
            .stringType()
            .defaultValue("")
            .description("Text put before every metric name, e.g. the node");

    @Override
    public String identifier() {
        return "slf4j";
    }

    @Override
    public String description() {
        return "Logs every metric periodically through slf4j";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(INTERVAL, LOGGER, LEVEL, PREFIX);
    }

    @Override
    public MetricsExporter createMetricsExporter(MetricsExporterContext context) {
        return new Slf4jExporter(context);
    }

    static final class Slf4jExporter implements MetricsExporter {
        private final MetricsExporterContext context;
        private Slf4jReporter reporter;

        Slf4jExporter(MetricsExporterContext context) {
            this.context = context;
        }

        @Override
        public void start(MetricRegistry registry, MetricFilter filter) {
            reporter = Slf4jReporter.forRegistry(registry)
                    .outputTo(LoggerFactory.getLogger(context.options().get(LOGGER)))
                    .withLoggingLevel(Slf4jReporter.LoggingLevel.valueOf(
                            context.options().get(LEVEL).toUpperCase(Locale.ROOT)))
                    .prefixedWith(context.options().get(PREFIX))
                    .filter(filter)
                    .convertRatesTo(TimeUnit.SECONDS)
                    .convertDurationsTo(TimeUnit.MILLISECONDS)
                    .scheduleOn(Executors.newSingleThreadScheduledExecutor(context.threadFactory()))
                    .shutdownExecutorOnStop(true)
                    .build();
            long interval = context.options().get(INTERVAL).toMillis();
            reporter.start(interval, interval, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            if (reporter != null) {
                reporter.stop();
            }
        }
    }
}
