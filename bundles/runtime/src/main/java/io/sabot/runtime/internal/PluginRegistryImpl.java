package io.sabot.runtime.internal;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.metrics.spi.MetricsExporterFactory;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import io.sabot.state.spi.StateBackendFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The plug-in whiteboard: follows every SPI through dynamic, greedy, multiple references, and republishes what it
 * binds as an immutable {@link PluginSnapshot} after each change. Writers serialise on a lock; readers only read a
 * volatile field.
 */
@Component(
        service = {PluginRegistry.class, FactoryLookup.class},
        immediate = true)
public final class PluginRegistryImpl implements PluginRegistry, FactoryLookup {

    private final Object lock = new Object();
    /** Bound services by (service id, kind); guarded by {@link #lock}. */
    private final Map<BindingKey, Binding> bindings = new HashMap<>();
    /** Plug-in bundles the framework could not resolve, by bundle id; guarded by {@link #lock}. */
    private final Map<Long, PluginFailure> unresolved = new HashMap<>();

    private final List<Consumer<PluginSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile PluginSnapshot current = new PluginSnapshot(0, List.of(), List.of());
    /** The factories of {@link #current}'s active plug-ins by kind/identifier/role. */
    private volatile Map<String, PluginFactory> activeFactories = Map.of();

    private long generation; // guarded by lock

    private volatile BundleContext context;
    private BundleTracker<Bundle> pluginBundles;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime componentRuntime;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        pluginBundles = new BundleTracker<>(
                context,
                Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING,
                new PluginBundleCustomizer());
        pluginBundles.open();
        publish();
    }

    @Deactivate
    void deactivate() {
        pluginBundles.close();
        listeners.clear();
    }

    // --- whiteboard references: one per SPI; bound by reference and service, no target filter so that a service
    // missing its identifier property is reported rather than ignored.

    @Reference(
            name = "source",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(ServiceReference<SourceFactory> ref, SourceFactory factory) {
        bind(ref, PluginKind.CONNECTOR, "source", factory);
    }

    void updatedSource(ServiceReference<SourceFactory> ref) {
        publish();
    }

    void unbindSource(ServiceReference<SourceFactory> ref) {
        unbind(ref, PluginKind.CONNECTOR, "source");
    }

    @Reference(
            name = "sink",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSink(ServiceReference<SinkFactory> ref, SinkFactory factory) {
        bind(ref, PluginKind.CONNECTOR, "sink", factory);
    }

    void updatedSink(ServiceReference<SinkFactory> ref) {
        publish();
    }

    void unbindSink(ServiceReference<SinkFactory> ref) {
        unbind(ref, PluginKind.CONNECTOR, "sink");
    }

    @Reference(
            name = "lookup",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLookup(
            ServiceReference<io.sabot.connector.spi.lookup.LookupSourceFactory> ref,
            io.sabot.connector.spi.lookup.LookupSourceFactory factory) {
        bind(ref, PluginKind.CONNECTOR, "lookup", factory);
    }

    void updatedLookup(ServiceReference<io.sabot.connector.spi.lookup.LookupSourceFactory> ref) {
        publish();
    }

    void unbindLookup(ServiceReference<io.sabot.connector.spi.lookup.LookupSourceFactory> ref) {
        unbind(ref, PluginKind.CONNECTOR, "lookup");
    }

    @Reference(
            name = "format",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFormat(ServiceReference<FormatFactory> ref, FormatFactory factory) {
        bind(ref, PluginKind.FORMAT, "format", factory);
    }

    void updatedFormat(ServiceReference<FormatFactory> ref) {
        publish();
    }

    void unbindFormat(ServiceReference<FormatFactory> ref) {
        unbind(ref, PluginKind.FORMAT, "format");
    }

    @Reference(
            name = "stateBackend",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStateBackend(ServiceReference<StateBackendFactory> ref, StateBackendFactory factory) {
        bind(ref, PluginKind.STATE_BACKEND, "state-backend", factory);
    }

    void updatedStateBackend(ServiceReference<StateBackendFactory> ref) {
        publish();
    }

    void unbindStateBackend(ServiceReference<StateBackendFactory> ref) {
        unbind(ref, PluginKind.STATE_BACKEND, "state-backend");
    }

    @Reference(
            name = "errorHandler",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindErrorHandler(ServiceReference<ErrorHandlerFactory> ref, ErrorHandlerFactory factory) {
        bind(ref, PluginKind.ERROR_HANDLER, "error-handler", factory);
    }

    void updatedErrorHandler(ServiceReference<ErrorHandlerFactory> ref) {
        publish();
    }

    void unbindErrorHandler(ServiceReference<ErrorHandlerFactory> ref) {
        unbind(ref, PluginKind.ERROR_HANDLER, "error-handler");
    }

    @Reference(
            name = "deadLetter",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDeadLetter(ServiceReference<DeadLetterSinkFactory> ref, DeadLetterSinkFactory factory) {
        bind(ref, PluginKind.DEAD_LETTER, "dead-letter", factory);
    }

    void updatedDeadLetter(ServiceReference<DeadLetterSinkFactory> ref) {
        publish();
    }

    void unbindDeadLetter(ServiceReference<DeadLetterSinkFactory> ref) {
        unbind(ref, PluginKind.DEAD_LETTER, "dead-letter");
    }

    @Reference(
            name = "metricsExporter",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetricsExporter(ServiceReference<MetricsExporterFactory> ref, MetricsExporterFactory factory) {
        bind(ref, PluginKind.METRICS_EXPORTER, "metrics-exporter", factory);
    }

    void updatedMetricsExporter(ServiceReference<MetricsExporterFactory> ref) {
        publish();
    }

    void unbindMetricsExporter(ServiceReference<MetricsExporterFactory> ref) {
        unbind(ref, PluginKind.METRICS_EXPORTER, "metrics-exporter");
    }

    private void bind(ServiceReference<?> ref, PluginKind kind, String role, PluginFactory factory) {
        synchronized (lock) {
            bindings.computeIfAbsent(new BindingKey(serviceId(ref), kind), k -> new Binding(ref, factory))
                    .roles
                    .add(role);
        }
        publish();
    }

    private void unbind(ServiceReference<?> ref, PluginKind kind, String role) {
        synchronized (lock) {
            BindingKey key = new BindingKey(serviceId(ref), kind);
            Binding binding = bindings.get(key);
            if (binding != null) {
                binding.roles.remove(role);
                if (binding.roles.isEmpty()) {
                    bindings.remove(key);
                }
            }
        }
        publish();
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /** Rebuilds the snapshot from the bindings and tells the listeners. */
    private void publish() {
        PluginSnapshot snapshot;
        synchronized (lock) {
            List<SnapshotBuilder.Candidate> candidates = new ArrayList<>();
            bindings.forEach((key, binding) -> candidates.add(binding.candidate(key)));
            snapshot = SnapshotBuilder.build(++generation, candidates, new ArrayList<>(unresolved.values()));
            Map<String, PluginFactory> factories = new HashMap<>();
            for (io.sabot.runtime.PluginInfo info : snapshot.plugins()) {
                if (info.state() == io.sabot.runtime.PluginInfo.State.ACTIVE) {
                    Binding binding = bindings.get(new BindingKey(info.serviceId(), info.kind()));
                    for (String role : info.roles()) {
                        factories.put(factoryKey(info.kind(), info.identifier(), role), binding.factory);
                    }
                }
            }
            activeFactories = Map.copyOf(factories);
            current = snapshot;
        }
        DeclaredSecrets.add(snapshot);
        for (Consumer<PluginSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                // A broken listener (e.g. a console page) must not break the whiteboard.
                listeners.remove(listener);
            }
        }
    }

    @Override
    public PluginSnapshot snapshot() {
        PluginSnapshot snapshot = current;
        ServiceComponentRuntime scr = componentRuntime;
        BundleTracker<Bundle> tracker = pluginBundles;
        if (scr == null || tracker == null) {
            return snapshot;
        }
        List<PluginFailure> componentFailures =
                ComponentFailures.find(scr, tracker.getTracked().keySet());
        if (componentFailures.isEmpty()) {
            return snapshot;
        }
        List<PluginFailure> failures = new ArrayList<>(snapshot.failures());
        failures.addAll(componentFailures);
        failures.sort(SnapshotBuilder.FAILURE_ORDER);
        return new PluginSnapshot(snapshot.generation(), snapshot.plugins(), failures);
    }

    @Override
    public java.util.Optional<PluginFactory> active(PluginKind kind, String identifier, String role) {
        return java.util.Optional.ofNullable(activeFactories.get(factoryKey(kind, identifier, role)));
    }

    @Override
    public java.util.Set<String> identifiers(PluginKind kind) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (io.sabot.runtime.PluginInfo info : current.plugins(kind)) {
            ids.add(info.identifier());
        }
        return ids;
    }

    private static String factoryKey(PluginKind kind, String identifier, String role) {
        return kind + "/" + identifier + "/" + role;
    }

    @Override
    public AutoCloseable addListener(Consumer<PluginSnapshot> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tracks bundles that import a Sabot package (plug-ins and SPIs) to report those the framework cannot resolve. */
    private final class PluginBundleCustomizer implements BundleTrackerCustomizer<Bundle> {
        @Override
        public Bundle addingBundle(Bundle bundle, BundleEvent event) {
            if (!UnresolvedBundles.importsSabot(bundle)
                    || bundle.getBundleId() == context.getBundle().getBundleId()) {
                return null;
            }
            update(bundle, event);
            return bundle;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
            update(bundle, event);
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
            boolean changed;
            synchronized (lock) {
                changed = unresolved.remove(bundle.getBundleId()) != null;
            }
            if (changed) {
                publish();
            }
        }

        private void update(Bundle bundle, BundleEvent event) {
            // A bundle being uninstalled or refreshed passes through INSTALLED: report it only if something it
            // needs is really gone.
            boolean unresolving = event != null && event.getType() == BundleEvent.UNRESOLVED;
            PluginFailure failure = bundle.getState() == Bundle.INSTALLED
                    ? UnresolvedBundles.describe(context, bundle, !unresolving)
                    : null;
            boolean changed;
            synchronized (lock) {
                PluginFailure previous = failure == null
                        ? unresolved.remove(bundle.getBundleId())
                        : unresolved.put(bundle.getBundleId(), failure);
                changed = !java.util.Objects.equals(previous, failure);
            }
            if (changed) {
                publish();
            }
        }
    }

    record BindingKey(long serviceId, PluginKind kind) {}

    /** One bound service; roles guarded by the registry's lock. */
    static final class Binding {
        final ServiceReference<?> reference;
        final PluginFactory factory;
        final java.util.Set<String> roles = new java.util.TreeSet<>();

        Binding(ServiceReference<?> reference, PluginFactory factory) {
            this.reference = reference;
            this.factory = factory;
        }

        /** The binding as plain data, read under the lock (the reference's properties may change later). */
        SnapshotBuilder.Candidate candidate(BindingKey key) {
            Bundle bundle = reference.getBundle();
            Object ranking = reference.getProperty(org.osgi.framework.Constants.SERVICE_RANKING);
            return new SnapshotBuilder.Candidate(
                    key.kind(),
                    List.copyOf(roles),
                    key.serviceId(),
                    ranking instanceof Integer ? (Integer) ranking : 0,
                    reference.getProperty(key.kind().serviceProperty()),
                    bundle == null ? "(unregistered)" : bundle.getSymbolicName(),
                    bundle == null ? "" : bundle.getVersion().toString(),
                    bundle == null ? -1 : bundle.getBundleId(),
                    factory);
        }
    }
}
