package io.sabot.metrics.spi;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Publishes the metrics of a {@link MetricRegistry} somewhere: registers MBeans, serves a scrape endpoint, writes log
 * lines or CSV files. Created by a {@link MetricsExporterFactory}, started and stopped by the runtime.
 *
 * <p><b>Lifecycle.</b> {@link #start} once, then {@link #stop} once; an exporter is never restarted (a new one is
 * created). Both are called from a management thread of the runtime, never from a task thread, never concurrently.
 *
 * <p><b>Threading.</b> Between {@code start} and {@code stop} the exporter works on its own threads, made with {@link
 * MetricsExporterContext#threadFactory()}, or on threads of a library it wraps (a JMX server, an HTTP server). Reading
 * metrics is thread-safe (Dropwizard metrics are); the registry's content changes all the time as jobs start and
 * stop, so an exporter reads {@link MetricRegistry#getMetrics()} (or {@code getCounters(filter)} and so on) afresh on
 * every report, or follows changes with a {@code MetricRegistryListener} that it removes in {@code stop}.
 *
 * <p><b>Isolation.</b> A failing exporter never affects jobs: its threads catch everything per report and carry on;
 * it drops reports it cannot deliver instead of buffering them without bound; it never modifies the registry (no
 * registering, no removing, no resetting). Reading a gauge may run runtime code, which the runtime keeps cheap,
 * non-blocking and thread-safe; a gauge that throws is skipped for that report.
 *
 * <h2>Example: a periodic log exporter</h2>
 *
 * <pre>{@code
 * final class LogExporter implements MetricsExporter {
 *     private final MetricsExporterContext context;
 *     private ScheduledExecutorService scheduler;
 *
 *     LogExporter(MetricsExporterContext context) { this.context = context; }
 *
 *     public void start(MetricRegistry registry, MetricFilter filter) {
 *         long interval = context.options().get(INTERVAL).toMillis();
 *         scheduler = Executors.newSingleThreadScheduledExecutor(context.threadFactory());
 *         scheduler.scheduleAtFixedRate(() -> {
 *             try {
 *                 registry.getMeters(filter).forEach((name, meter) -> LOG.info("{} count={} rate={}/s",
 *                         name, meter.getCount(), meter.getOneMinuteRate()));
 *             } catch (RuntimeException e) {
 *                 LOG.warn("metrics report of {} failed", context.name(), e); // an escaping exception would
 *             }                                                           // cancel the schedule for good
 *         }, interval, interval, TimeUnit.MILLISECONDS);
 *     }
 *
 *     public void stop() {
 *         if (scheduler != null) {
 *             scheduler.shutdownNow();
 *         }
 *     }
 * }
 * }</pre>
 */
@ConsumerType
public interface MetricsExporter {

    /**
     * Starts publishing. Returns quickly: opens what it needs (a server socket, a file) and starts its threads, but
     * never waits for a first report or for a remote system.
     *
     * @param registry the runtime's registry; to be read only, and only until {@link #stop} returns
     * @param filter which metrics to publish; the exporter publishes no metric it rejects. The runtime builds it from
     *     the exporter's configuration (include and exclude patterns) and tenant scope.
     * @throws Exception if the exporter cannot start (a port in use, a directory not writable); it is then reported as
     *     failed in the console, {@link #stop} is still called, and jobs are unaffected
     */
    void start(MetricRegistry registry, MetricFilter filter) throws Exception;

    /**
     * Stops publishing and releases everything: stops threads (waiting at most a few seconds for a report in
     * progress), closes sockets and files, unregisters MBeans and listeners. After it returns the exporter does not
     * touch the registry again. Called once, also after a failed {@link #start}; must not throw.
     */
    void stop();
}
