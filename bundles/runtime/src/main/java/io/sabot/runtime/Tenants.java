package io.sabot.runtime;

import java.util.List;
import java.util.Map;
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

    /**
     * Why a tenant's configuration with these properties would be rejected, checked as the runtime checks a {@value
     * #PID} configuration: every problem named with its property, all at once ({@code io.sabot.tenant 'acme': max.jobs
     * = -1 must be between 0 (unlimited) and 2147483647}); empty if it would be applied. Lets a tool refuse bad values
     * before it writes the configuration, so what is in force is never replaced by what the runtime would reject.
     *
     * @param properties the configuration's properties as Config Admin would hold them ({@code id}, {@code max.jobs},
     *     ...); values may be numbers, text, arrays or collections
     * @since 1.10
     */
    Optional<String> check(Map<String, ?> properties);
}
