package io.sabot.runtime.internal.tenant;

import io.sabot.runtime.TenantInfo;
import io.sabot.runtime.Tenants;
import io.sabot.runtime.internal.exec.Executors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Publishes the {@link TenantRegistry} as the {@link Tenants} service, and enforces {@code max.state.bytes}: the engine
 * reports a checkpoint's size only once it is complete, so a check every second ends a job whose latest checkpoint
 * exceeds its tenant's quota (one checkpoint may exceed it; the next job start restores from it and is ended again).
 */
@Component(service = Tenants.class, immediate = true)
public final class TenantsService implements Tenants {

    private final ScheduledExecutorService stateSize;

    @Activate
    public TenantsService() {
        stateSize = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sabot-tenant-state-size");
            t.setDaemon(true);
            return t;
        });
        stateSize.scheduleWithFixedDelay(TenantsService::enforceStateSize, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        stateSize.shutdownNow();
    }

    private static void enforceStateSize() {
        for (Tenant tenant : TenantRegistry.INSTANCE.all()) {
            long max = tenant.quotas().maxStateBytes();
            if (max > 0) {
                try {
                    Executors.enforceStateSize(tenant.id(), max);
                } catch (RuntimeException e) {
                    System.out.println("sabot: checking the state size of tenant " + tenant.id() + " failed: " + e);
                }
            }
        }
    }

    @Override
    public List<TenantInfo> tenants() {
        return TenantRegistry.INSTANCE.all().stream().map(TenantsService::info).toList();
    }

    @Override
    public Optional<TenantInfo> tenant(String id) {
        return TenantRegistry.INSTANCE.get(id).map(TenantsService::info);
    }

    @Override
    public Optional<String> check(Map<String, ?> properties) {
        return TenantConfiguration.check(properties);
    }

    static TenantInfo info(Tenant tenant) {
        Tenant.Quotas q = tenant.quotas();
        return new TenantInfo(
                tenant.id(),
                q.allowedConnectors(),
                q.maxJobs(),
                q.maxParallelism(),
                q.maxMemoryBytes(),
                q.maxStateBytes(),
                Executors.runningJobs(tenant.id()),
                tenant.allocator().getAllocatedMemory(),
                tenant.error(),
                q.allowedPaths().stream().map(Object::toString).toList());
    }
}
