package io.sabot.runtime.internal.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The container's tenants by id. Static like the job registry, because executors are built by a static builder; the
 * tenant configurations (DS components) add and remove themselves.
 */
public final class TenantRegistry {

    public static final TenantRegistry INSTANCE = new TenantRegistry();

    /** Ids are metric-name segments and directory names: nothing that could escape either. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * One allocator per tenant id for the life of the container: a tenant deleted and created again while its
     * cancelled jobs still release memory must not get a second budget.
     */
    private final Map<String, BufferAllocator> allocators = new ConcurrentHashMap<>();

    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

    TenantRegistry() {}

    /**
     * The tenant with this id, usable.
     *
     * @throws IllegalArgumentException naming the id and the tenants there are, or why the tenant cannot run jobs
     */
    public Tenant require(String id) {
        Tenant tenant = id == null ? null : tenants.get(id.strip());
        if (tenant == null) {
            List<String> known = new ArrayList<>(new java.util.TreeSet<>(tenants.keySet()));
            throw new IllegalArgumentException("no tenant '" + id + "'"
                    + (known.isEmpty() ? " (no tenant is configured)" : "; the tenants are " + known));
        }
        tenant.requireUsable();
        return tenant;
    }

    public Optional<Tenant> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(tenants.get(id));
    }

    /** Every tenant, by id. */
    public List<Tenant> all() {
        List<Tenant> out = new ArrayList<>(tenants.values());
        out.sort(java.util.Comparator.comparing(Tenant::id));
        return out;
    }

    /** {@code listener} hears the id of each tenant whose configuration went away (to cancel its jobs). */
    public void onRemoved(Consumer<String> listener) {
        removalListeners.add(listener);
    }

    /**
     * Declares a tenant for configuration {@code pid}.
     *
     * @throws IllegalArgumentException if another configuration declares the id already
     */
    public Tenant add(String id, String pid) {
        Tenant created = new Tenant(id, pid, allocators.computeIfAbsent(id, i -> new RootAllocator()));
        Tenant existing = tenants.putIfAbsent(id, created);
        if (existing != null) {
            throw new IllegalArgumentException(io.sabot.runtime.Tenants.PID + " " + pid + ": id '" + id
                    + "' is declared already by " + existing.pid());
        }
        return created;
    }

    public void remove(Tenant tenant) {
        if (tenants.remove(tenant.id(), tenant)) {
            removalListeners.forEach(l -> l.accept(tenant.id()));
        }
    }
}
