package io.sabot.runtime.internal.exec;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.engine.ConnectorResolver;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.tenant.Tenant;
import io.sabot.runtime.internal.tenant.TenantRegistry;
import io.sabot.state.spi.StateBackendFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** Where {@link StreamingSqlExecutor.Builder#build()} finds its implementation, and the container's shared parts. */
public final class Executors {

    /** The container's resolver over the plug-in registry, while the runtime bundle's executor component is active. */
    private static final AtomicReference<ConnectorResolver> CONTAINER = new AtomicReference<>();

    /** The node's metric registry service ({@code sabot.metrics.registry=node}), while there is one. */
    private static final AtomicReference<MetricRegistry> NODE_REGISTRY = new AtomicReference<>();

    /** The node's health check registry, while the runtime is active. */
    private static final AtomicReference<HealthCheckRegistry> NODE_HEALTH = new AtomicReference<>();

    /** Numbers the jobs of every container executor, so job ids and metric names are unique in the container. */
    private static final java.util.concurrent.atomic.AtomicLong CONTAINER_JOB_NUMBERS =
            new java.util.concurrent.atomic.AtomicLong();

    /** Executors not closed yet: the node's memory and job gauges sum over them. */
    private static final Set<SqlExecutor> LIVE = ConcurrentHashMap.newKeySet();

    private Executors() {}

    static void containerStarted(ConnectorResolver resolver) {
        CONTAINER.set(resolver);
    }

    static void containerStopped(ConnectorResolver resolver) {
        CONTAINER.compareAndSet(resolver, null);
    }

    public static void nodeRegistry(MetricRegistry registry) {
        NODE_REGISTRY.set(registry);
    }

    public static void nodeRegistryGone(MetricRegistry registry) {
        NODE_REGISTRY.compareAndSet(registry, null);
    }

    static MetricRegistry nodeRegistry() {
        return NODE_REGISTRY.get();
    }

    public static void nodeHealth(HealthCheckRegistry registry) {
        NODE_HEALTH.set(registry);
    }

    public static void nodeHealthGone(HealthCheckRegistry registry) {
        NODE_HEALTH.compareAndSet(registry, null);
    }

    static HealthCheckRegistry nodeHealth() {
        return NODE_HEALTH.get();
    }

    static void opened(SqlExecutor executor) {
        LIVE.add(executor);
    }

    static void closed(SqlExecutor executor) {
        LIVE.remove(executor);
    }

    /** Arrow bytes allocated by every live executor's jobs and results. */
    public static long memoryUsed() {
        long sum = 0;
        for (SqlExecutor executor : LIVE) {
            sum += executor.allocator().getAllocatedMemory();
        }
        return sum;
    }

    /** The sum of the live executors' Arrow limits (each is capped by the JVM's direct memory). */
    public static long memoryLimit() {
        long sum = 0;
        for (SqlExecutor executor : LIVE) {
            sum = saturatedAdd(sum, executor.allocator().getLimit());
        }
        return sum;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Jobs running in the container (every executor's). */
    public static long jobsRunning() {
        return Jobs.INSTANCE.jobs().stream()
                .filter(j -> j.state() == io.sabot.runtime.JobInfo.State.RUNNING)
                .count();
    }

    /**
     * An executor over the given plug-ins, or over the container's when none are given.
     *
     * @throws IllegalStateException outside the container without plug-ins
     */
    public static StreamingSqlExecutor create(ExecutorOptions options, List<PluginFactory> plugins) {
        return create(options, plugins, null);
    }

    /**
     * An executor whose jobs are {@code tenant}'s (null: the default tenant's): its allocator is a child of the
     * tenant's, whose limit is the tenant's memory quota.
     *
     * @throws IllegalArgumentException naming the tenant if it is unknown or its configuration is invalid, or the
     *     parallelism exceeds its max.parallelism
     */
    public static StreamingSqlExecutor create(ExecutorOptions options, List<PluginFactory> plugins, String tenant) {
        Tenant owner = null;
        if (tenant != null) {
            owner = TenantRegistry.INSTANCE.require(tenant);
            int max = owner.quotas().maxParallelism();
            if (max > 0 && options.parallelism() > max) {
                throw new IllegalArgumentException("tenant " + owner.id() + ": max.parallelism = " + max
                        + ", the executor asks for parallelism " + options.parallelism());
            }
        }
        ConnectorResolver resolver;
        java.util.concurrent.atomic.AtomicLong jobNumbers = null; // per executor, from job-1
        if (!plugins.isEmpty()) {
            resolver = ConnectorResolver.of(withDefaultStateBackend(plugins));
        } else {
            jobNumbers = CONTAINER_JOB_NUMBERS;
            resolver = CONTAINER.get();
            if (resolver == null) {
                throw new IllegalStateException("no connectors: outside the Sabot container, name the connector and"
                        + " format factories with StreamingSqlExecutor.builder().plugins(...)");
            }
        }
        BufferAllocator root = owner == null
                ? new RootAllocator()
                : owner.allocator().newChildAllocator("tenant " + owner.id() + " executor", 0, Long.MAX_VALUE);
        return new SqlExecutor(options, resolver, root, () -> {}, jobNumbers, owner);
    }

    /**
     * The given plug-ins, plus the default state backend {@code memory} if they hold none of that name: outside the
     * container it is found on the class path (its bundle's {@code META-INF/services} entry, the jar comes with the
     * runtime's dependencies), inside it from the container's registry; if neither has it, a job on {@code memory} is
     * refused as for any backend that is not installed.
     */
    static List<PluginFactory> withDefaultStateBackend(List<PluginFactory> plugins) {
        for (PluginFactory p : plugins) {
            if (p instanceof StateBackendFactory && p.identifier().equals(JobSettings.MEMORY)) {
                return plugins;
            }
        }
        java.util.Optional<StateBackendFactory> memory = java.util.Optional.empty();
        for (StateBackendFactory f :
                java.util.ServiceLoader.load(StateBackendFactory.class, Executors.class.getClassLoader())) {
            if (f.identifier().equals(JobSettings.MEMORY)) {
                memory = java.util.Optional.of(f);
                break;
            }
        }
        ConnectorResolver container = CONTAINER.get();
        if (memory.isEmpty() && container != null) {
            memory = container.stateBackendFactory(JobSettings.MEMORY);
        }
        if (memory.isEmpty()) {
            return plugins;
        }
        List<PluginFactory> all = new java.util.ArrayList<>(plugins);
        all.add(memory.get());
        return all;
    }

    static {
        // a tenant whose configuration went away keeps nothing running
        TenantRegistry.INSTANCE.onRemoved(Jobs.INSTANCE::cancelAll);
    }

    /** The ids' first words of a tenant's running jobs. */
    public static List<String> runningJobs(String tenant) {
        return Jobs.INSTANCE.running(tenant);
    }

    /** Ends the tenant's jobs whose latest checkpoint exceeds {@code maxStateBytes} (see {@code TenantInfo}). */
    public static void enforceStateSize(String tenant, long maxStateBytes) {
        Jobs.INSTANCE.enforceStateSize(tenant, maxStateBytes);
    }
}
