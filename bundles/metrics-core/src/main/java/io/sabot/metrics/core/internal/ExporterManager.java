package io.sabot.metrics.core.internal;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.ExporterState.State;
import io.sabot.metrics.core.MetricsExporterStatus;
import io.sabot.metrics.core.NodeMetrics;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricsExporter;
import io.sabot.metrics.spi.MetricsExporterContext;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.metrics.spi.MetricsExporters;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured exporters: one per exporter configuration whose factory is installed. Factories are followed
 * as a whiteboard (dynamic, greedy, multiple), configurations arrive from {@link ExporterConfiguration} components.
 *
 * <p>Every change is applied on one management thread, which alone creates, starts and stops exporters and catches
 * everything they throw: task threads and framework event threads never run exporter code, and a broken exporter
 * never affects jobs. The status readers see is an immutable list republished after each change.
 */
@Component(
        service = {ExporterManager.class, MetricsExporterStatus.class},
        immediate = true)
public final class ExporterManager implements MetricsExporterStatus {

    private static final Logger LOG = LoggerFactory.getLogger(ExporterManager.class);
    /** How long an unbinding factory waits for its exporters to stop before its bundle goes on stopping. */
    private static final long STOP_WAIT_SECONDS = 10;

    static final String EXPORTERS_RUNNING = MetricName.node("exporters-running").toString();
    static final String EXPORTERS_FAILED = MetricName.node("exporters-failed").toString();

    private final MetricRegistry registry;
    private final String nodeId;
    private final ExecutorService management;

    // Touched only on the management thread.
    private final Map<String, Slot> slots = new TreeMap<>();
    private final Map<Long, FactoryHandle> factories = new HashMap<>();

    private volatile List<ExporterState> status = List.of();

    @Activate
    public ExporterManager(
            @Reference(target = NodeMetrics.NODE_REGISTRY_FILTER) MetricRegistry registry, BundleContext context) {
        this(registry, nodeId(context.getProperty("sabot.node.id")));
    }

    ExporterManager(MetricRegistry registry, String nodeId) {
        this.registry = registry;
        this.nodeId = nodeId;
        this.management = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sabot-metrics-exporters");
            thread.setDaemon(true);
            return thread;
        });
        // The manager's own health, so that a scrape or a log shows an exporter that stopped working.
        registry.register(EXPORTERS_RUNNING, (Gauge<Long>) () -> count(State.RUNNING));
        registry.register(EXPORTERS_FAILED, (Gauge<Long>) () -> count(State.FAILED));
    }

    private long count(State state) {
        return status.stream().filter(s -> s.state() == state).count();
    }

    private static String nodeId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    @Deactivate
    void deactivate() {
        Future<?> stopped = management.submit(() -> {
            slots.values().forEach(this::stop);
            slots.clear();
            publish();
        });
        await(stopped);
        management.shutdown();
        registry.remove(EXPORTERS_RUNNING);
        registry.remove(EXPORTERS_FAILED);
    }

    // --- factories: bound by reference, no target filter, so that a factory without its identifier is reported.

    @Reference(
            name = "factory",
            service = MetricsExporterFactory.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFactory(ServiceReference<MetricsExporterFactory> ref, MetricsExporterFactory factory) {
        Object identifier = ref.getProperty(MetricsExporters.EXPORTER_PROPERTY);
        addFactory(new FactoryHandle(
                (Long) ref.getProperty(Constants.SERVICE_ID),
                ranking(ref),
                identifier == null ? factory.identifier() : identifier.toString(),
                ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion(),
                factory));
    }

    void updatedFactory(ServiceReference<MetricsExporterFactory> ref, MetricsExporterFactory factory) {
        removeFactory((Long) ref.getProperty(Constants.SERVICE_ID));
        bindFactory(ref, factory);
    }

    void unbindFactory(ServiceReference<MetricsExporterFactory> ref) {
        // Wait (bounded) so that the exporter has stopped before the factory's bundle goes on stopping.
        await(removeFactory((Long) ref.getProperty(Constants.SERVICE_ID)));
    }

    private static int ranking(ServiceReference<?> ref) {
        return ref.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    Future<?> addFactory(FactoryHandle handle) {
        return apply(() -> factories.put(handle.serviceId(), handle));
    }

    Future<?> removeFactory(long serviceId) {
        return apply(() -> factories.remove(serviceId));
    }

    // --- configurations

    Future<?> configure(ExporterSettings settings) {
        return apply(() -> {
            Slot old = slots.remove(settings.pid());
            if (old != null) {
                stop(old);
            }
            slots.put(settings.pid(), new Slot(settings));
        });
    }

    Future<?> unconfigure(String pid) {
        return apply(() -> {
            Slot old = slots.remove(pid);
            if (old != null) {
                stop(old);
            }
        });
    }

    @Override
    public List<ExporterState> exporters() {
        return status;
    }

    /** Waits until every change submitted so far has been applied (for tests and orderly shutdown). */
    void awaitIdle() {
        await(management.submit(() -> {}));
    }

    private Future<?> apply(Runnable change) {
        try {
            return management.submit(() -> {
                try {
                    change.run();
                    reconcile();
                } catch (RuntimeException | Error e) {
                    LOG.error("metrics exporter manager: a change failed", e);
                } finally {
                    publish();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(null); // deactivated: nothing runs any more
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("metrics exporter manager did not finish a change in {} s", STOP_WAIT_SECONDS, e);
        }
    }

    /** Brings every configuration to the state its factory allows: stop what lost its factory, start what can run. */
    private void reconcile() {
        Map<String, String> namesInUse = new HashMap<>();
        for (Slot slot : slots.values()) {
            ExporterSettings settings = slot.settings;
            if (!settings.errors().isEmpty()) {
                slot.fail(null, String.join("; ", settings.errors()));
                continue;
            }
            String owner = namesInUse.putIfAbsent(settings.name(), settings.pid());
            if (owner != null) {
                stop(slot);
                slot.fail(null, "property 'name': '" + settings.name() + "' is already used by configuration " + owner);
                continue;
            }
            FactoryHandle best = best(settings.type());
            if (slot.exporter != null && (best == null || best.serviceId() != slot.factory.serviceId())) {
                stop(slot);
            }
            if (slot.exporter != null) {
                continue;
            }
            if (best == null) {
                slot.state = State.WAITING;
                slot.factory = null;
                slot.reason = "no metrics exporter factory '" + settings.type() + "' is installed" + installedTypes();
            } else if (slot.state != State.FAILED
                    || slot.factory == null
                    || slot.factory.serviceId() != best.serviceId()) {
                start(slot, best);
            }
        }
    }

    private FactoryHandle best(String type) {
        return factories.values().stream()
                .filter(f -> f.identifier().equals(type))
                .max(Comparator.comparingInt(FactoryHandle::ranking)
                        .thenComparing(Comparator.comparingLong(FactoryHandle::serviceId)
                                .reversed()))
                .orElse(null);
    }

    private String installedTypes() {
        TreeSet<String> types = new TreeSet<>();
        factories.values().forEach(f -> types.add(f.identifier()));
        return types.isEmpty() ? " (none is)" : " (installed: " + String.join(", ", types) + ")";
    }

    private void start(Slot slot, FactoryHandle handle) {
        ExporterSettings settings = slot.settings;
        slot.factory = handle;
        ValidationResult validation;
        try {
            validation = handle.factory()
                    .validate(
                            "metrics exporter '" + settings.name() + "' (type " + settings.type() + ")",
                            settings.options());
        } catch (RuntimeException | LinkageError e) {
            slot.fail(handle, "its factory failed to validate the options: " + e);
            LOG.error("metrics exporter '{}': its factory failed to validate the options", settings.name(), e);
            return;
        }
        if (!validation.isValid()) {
            slot.fail(handle, validation.message().replace('\n', ' ').replaceAll(" +", " "));
            LOG.error(
                    "metrics exporter '{}' not started (configuration {}): {}",
                    settings.name(),
                    settings.pid(),
                    validation.message());
            return;
        }
        Instance instance = new Instance(slot);
        MetricsExporter exporter = null;
        try {
            exporter = handle.factory()
                    .createMetricsExporter(new Context(settings, nodeId, validation.orThrow(), instance));
            if (exporter == null) {
                throw new IllegalStateException("the factory returned no exporter");
            }
            slot.exporter = exporter;
            slot.instance = instance;
            exporter.start(registry, settings.filter());
            slot.state = State.RUNNING;
            slot.reason = "";
            LOG.info(
                    "metrics exporter '{}' ({}) started with {}",
                    settings.name(),
                    settings.type(),
                    validation.orThrow());
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.error("metrics exporter '{}' ({}) failed to start", settings.name(), settings.type(), e);
            stop(slot);
            slot.fail(handle, "failed to start: " + describe(e));
        }
    }

    /** Stops the slot's exporter if it has one; never throws. */
    private void stop(Slot slot) {
        MetricsExporter exporter = slot.exporter;
        slot.exporter = null;
        slot.instance = null;
        if (exporter == null) {
            return;
        }
        try {
            exporter.stop();
            LOG.info("metrics exporter '{}' stopped", slot.settings.name());
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.warn("metrics exporter '{}' failed to stop cleanly", slot.settings.name(), e);
        }
        if (slot.state == State.RUNNING) {
            slot.state = State.WAITING;
        }
    }

    /** An exporter thread died: report the exporter as failed and stop it, unless it was already replaced. */
    private void threadFailed(Instance instance, Thread thread, Throwable e) {
        LOG.error("metrics exporter '{}': thread {} failed", instance.slot.settings.name(), thread.getName(), e);
        apply(() -> {
            Slot slot = instance.slot;
            if (slots.get(slot.settings.pid()) == slot && slot.instance == instance) {
                stop(slot);
                slot.fail(slot.factory, "thread " + thread.getName() + " failed: " + describe(e));
            }
        });
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void publish() {
        List<ExporterState> states = new ArrayList<>();
        for (Slot slot : slots.values()) {
            ExporterSettings settings = slot.settings;
            states.add(new ExporterState(
                    settings.name(),
                    settings.type(),
                    settings.tenant().orElse(""),
                    settings.pid(),
                    slot.state,
                    slot.reason,
                    slot.factory == null ? "" : slot.factory.bundle()));
        }
        states.sort(Comparator.comparing(ExporterState::name).thenComparing(ExporterState::configurationPid));
        status = List.copyOf(states);
    }

    /** A bound factory service. */
    record FactoryHandle(
            long serviceId, int ranking, String identifier, String bundle, MetricsExporterFactory factory) {}

    /** One configuration and what became of it; touched only on the management thread. */
    private static final class Slot {
        final ExporterSettings settings;
        State state = State.WAITING;
        String reason = "";
        FactoryHandle factory;
        MetricsExporter exporter;
        Instance instance;

        Slot(ExporterSettings settings) {
            this.settings = settings;
        }

        void fail(FactoryHandle factory, String reason) {
            this.state = State.FAILED;
            this.factory = factory;
            this.reason = reason;
        }
    }

    /** Identifies one started exporter, so that a late thread failure cannot touch its successor. */
    private static final class Instance {
        final Slot slot;

        Instance(Slot slot) {
            this.slot = slot;
        }
    }

    private final class Context implements MetricsExporterContext, ThreadFactory {
        private final ExporterSettings settings;
        private final String node;
        private final ValidatedOptions options;
        private final Instance instance;
        private final AtomicInteger threads = new AtomicInteger();

        Context(ExporterSettings settings, String node, ValidatedOptions options, Instance instance) {
            this.settings = settings;
            this.node = node;
            this.options = options;
            this.instance = instance;
        }

        @Override
        public String name() {
            return settings.name();
        }

        @Override
        public String nodeId() {
            return node;
        }

        @Override
        public Optional<String> tenantId() {
            return settings.tenant();
        }

        @Override
        public ValidatedOptions options() {
            return options;
        }

        @Override
        public ThreadFactory threadFactory() {
            return this;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "sabot-metrics-" + settings.name() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> threadFailed(instance, t, e));
            return thread;
        }
    }
}
