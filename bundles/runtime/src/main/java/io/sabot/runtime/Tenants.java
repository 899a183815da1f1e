package io.sabot.runtime;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The tenants of this container, provided as a service by the runtime. A tenant is a factory configuration {@value
 * #PID} (one per tenant, e.g. {@code etc/io.sabot.tenant-acme.cfg} with {@code id = acme}); it appears here when its
 * configuration is created, its quotas change live when the configuration is updated, and it vanishes (its running jobs
 * cancelled, their checkpoints kept) when the configuration is deleted.
 *
 * <p>A tenant's jobs run through {@link JobRegistry#forTenant} or an executor built with {@link
 * StreamingSqlExecutor.Builder#tenant}: it sees only its own jobs, tables, state and metrics, and the runtime refuses a
 * job that would exceed one of its quotas with a message naming the tenant, the quota and its value. Thread-safe; each
 * call returns a fresh snapshot.
 *
 * @since 1.7
 */
@ProviderType
public interface Tenants {

    /** The factory PID of a tenant's configuration. */
    String PID = "io.sabot.tenant";

    /** Every configured tenant, by id. */
    List<TenantInfo> tenants();

    /** One tenant by id; empty if no configuration declares it. */
    Optional<TenantInfo> tenant(String id);
}
