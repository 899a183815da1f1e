package io.sabot.metrics.spi.testing;

import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A context as the runtime gives it, for exporter unit tests: options validated by the factory itself, daemon threads
 * named as the runtime names them, and the exceptions that escaped those threads kept for the test to assert on.
 */
public final class ExporterTestContext implements MetricsExporterContext {

    private final String name;
    private final String nodeId;
    private final ValidatedOptions options;
    private final List<Throwable> threadFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger threads = new AtomicInteger();

    private ExporterTestContext(String name, String nodeId, ValidatedOptions options) {
        this.name = name;
        this.nodeId = nodeId;
        this.options = options;
    }

    /**
     * A context for {@code factory} with {@code options}, validated as the runtime does.
     *
     * @throws io.sabot.plugin.OptionValidationException if they are not valid
     */
    public static ExporterTestContext of(
            MetricsExporterFactory factory, String name, String nodeId, Map<String, String> options) {
        return new ExporterTestContext(
                name,
                nodeId,
                factory.validate("test exporter '" + name + "'", options).orThrow());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Optional<String> tenantId() {
        return Optional.empty();
    }

    @Override
    public ValidatedOptions options() {
        return options;
    }

    @Override
    public ThreadFactory threadFactory() {
        return task -> {
            Thread thread = new Thread(task, "sabot-metrics-" + name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> threadFailures.add(e));
            return thread;
        };
    }

    /** What escaped the exporter's threads; empty for a well-behaved exporter. */
    public List<Throwable> threadFailures() {
        return threadFailures;
    }
}
