package io.sabot.runtime.internal.exec;

import io.sabot.engine.ConnectorResolver;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.StreamingSqlExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Where {@link StreamingSqlExecutor.Builder#build()} finds its implementation. */
public final class Executors {

    /** The container's resolver over the plug-in registry, while the runtime bundle's executor component is active. */
    private static final AtomicReference<ConnectorResolver> CONTAINER = new AtomicReference<>();

    private Executors() {}

    static void containerStarted(ConnectorResolver resolver) {
        CONTAINER.set(resolver);
    }

    static void containerStopped(ConnectorResolver resolver) {
        CONTAINER.compareAndSet(resolver, null);
    }

    /**
     * An executor over the given plug-ins, or over the container's when none are given.
     *
     * @throws IllegalStateException outside the container without plug-ins
     */
    public static StreamingSqlExecutor create(ExecutorOptions options, List<PluginFactory> plugins) {
        ConnectorResolver resolver;
        if (!plugins.isEmpty()) {
            resolver = ConnectorResolver.of(plugins);
        } else {
            resolver = CONTAINER.get();
            if (resolver == null) {
                throw new IllegalStateException("no connectors: outside the Sabot container, name the connector and"
                        + " format factories with StreamingSqlExecutor.builder().plugins(...)");
            }
        }
        BufferAllocator root = new RootAllocator();
        return new SqlExecutor(options, resolver, root);
    }
}
