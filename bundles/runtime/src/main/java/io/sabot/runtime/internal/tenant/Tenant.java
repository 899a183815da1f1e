package io.sabot.runtime.internal.tenant;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One configured tenant: its id, its quotas (replaced as a whole when its configuration changes, so a reader sees one
 * consistent set), and the Arrow allocator its executors' allocators are children of.
 */
public final class Tenant {

    /**
     * What a tenant may use; 0 means unlimited.
     *
     * @param allowedPaths directories a table's {@code path} option must lie under; empty: any
     */
    public record Quotas(
            Set<String> allowedConnectors,
            List<Path> allowedPaths,
            int maxJobs,
            int maxParallelism,
            long maxMemoryBytes,
            long maxStateBytes) {

        public static final Quotas NONE = new Quotas(Set.of(), List.of(), 0, 0, 0, 0);

        public Quotas {
            allowedConnectors = Set.copyOf(allowedConnectors);
            allowedPaths = List.copyOf(allowedPaths);
        }
    }

    private final String id;
    private final String pid;
    private final BufferAllocator allocator;
    private volatile Quotas quotas;
    private volatile String error;
    private volatile boolean usable;

    /** Serialises the quota check and the registration of a tenant's new jobs, so two starts cannot both pass. */
    public final Object starts = new Object();

    Tenant(String id, String pid, BufferAllocator allocator) {
        this.id = id;
        this.pid = pid;
        this.allocator = allocator;
        this.quotas = Quotas.NONE;
        this.error = "";
    }

    public String id() {
        return id;
    }

    /** The configuration that declares this tenant. */
    public String pid() {
        return pid;
    }

    public Quotas quotas() {
        return quotas;
    }

    /** Why the latest configuration was rejected, or empty. */
    public String error() {
        return error;
    }

    /** False while no valid configuration was ever applied: such a tenant runs nothing. */
    public boolean usable() {
        return usable;
    }

    /** The parent of every allocator of the tenant's executors; its limit is the tenant's memory quota. */
    public BufferAllocator allocator() {
        return allocator;
    }

    void apply(Quotas quotas) {
        this.quotas = quotas;
        this.error = "";
        this.usable = true;
        allocator.setLimit(quotas.maxMemoryBytes() > 0 ? quotas.maxMemoryBytes() : Long.MAX_VALUE);
    }

    void reject(String error) {
        this.error = error;
    }

    /**
     * Throws unless this tenant may run jobs.
     *
     * @throws IllegalArgumentException naming the tenant and why its configuration was rejected
     */
    public void requireUsable() {
        if (!usable) {
            throw new IllegalArgumentException(
                    "tenant " + id + " runs no jobs: its configuration " + pid + " is invalid (" + error + ")");
        }
    }
}
