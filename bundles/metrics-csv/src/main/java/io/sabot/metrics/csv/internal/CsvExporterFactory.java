package io.sabot.metrics.csv.internal;

import com.codahale.metrics.CsvReporter;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.OptionDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/** The {@code csv} exporter: Dropwizard's {@link CsvReporter}, one file per metric, a row per report. */
@Component(property = "sabot.metrics.exporter=csv")
public final class CsvExporterFactory implements MetricsExporterFactory {

    static final OptionDescriptor<String> DIRECTORY = OptionDescriptor.key("directory")
            .stringType()
            .required()
            .description("Directory of the CSV files (one per metric, <metric name>.csv); created if missing");

    static final OptionDescriptor<Duration> INTERVAL = OptionDescriptor.key("interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .check(d -> d.toMillis() >= 100, "at least 100 ms")
            .description("Time between two reports (rows)");

    @Override
    public String identifier() {
        return "csv";
    }

    @Override
    public String description() {
        return "Appends every metric periodically to one CSV file per metric in a directory";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(DIRECTORY, INTERVAL);
    }

    @Override
    public MetricsExporter createMetricsExporter(MetricsExporterContext context) {
        return new CsvExporter(context);
    }

    static final class CsvExporter implements MetricsExporter {
        private final MetricsExporterContext context;
        private CsvReporter reporter;

        CsvExporter(MetricsExporterContext context) {
            this.context = context;
        }

        @Override
        public void start(MetricRegistry registry, MetricFilter filter) throws IOException {
            Path directory = Path.of(context.options().require(DIRECTORY));
            Files.createDirectories(directory);
            if (!Files.isWritable(directory)) {
                throw new IOException("option 'directory': " + directory + " is not writable");
            }
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(context.threadFactory());
            reporter = CsvReporter.forRegistry(registry)
                    .filter(filter)
                    .formatFor(Locale.ROOT)
                    .convertRatesTo(TimeUnit.SECONDS)
                    .convertDurationsTo(TimeUnit.MILLISECONDS)
                    .scheduleOn(scheduler)
                    .shutdownExecutorOnStop(true)
                    .build(directory.toFile());
            long interval = context.options().get(INTERVAL).toMillis();
            reporter.start(interval, interval, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() {
            if (reporter != null) {
                reporter.stop(); // waits up to a second for a report in progress, then shuts the scheduler down
            }
        }
    }
}
