package io.sabot.runtime;

import java.util.List;
import java.util.Set;

/**
 * One tenant as configured ({@value Tenants#PID}) and what it uses now. A limit of 0 means unlimited.
 *
 * @param id the tenant's id: the segment of its metric names and of its state directory {@code
 *     <state_path>/tenants/<id>}
 * @param allowedConnectors the connectors its tables may use; empty: every installed connector
 * @param maxJobs how many of its jobs may run at once
 * @param maxParallelism the highest parallelism one of its jobs may have
 * @param maxMemoryBytes the Arrow memory all of its running jobs may hold together; a job that needs more fails, saying
 *     so
 * @param maxStateBytes the largest checkpoint one of its jobs may take (a job whose completed checkpoint is larger
 *     fails, saying so)
 * @param runningJobs the ids of its running jobs
 * @param memoryUsed Arrow bytes its jobs and results hold now
 * @param error why the latest configuration was rejected (naming the property), or empty when it was applied; a tenant
 *     whose first configuration is invalid runs no jobs
 * @param allowedPaths the absolute directories (normalised) a table's {@code path} option must lie under; empty: any
 *     (since 1.10)
 * @since 1.7
 */
public record TenantInfo(
        String id,
        Set<String> allowedConnectors,
        int maxJobs,
        int maxParallelism,
        long maxMemoryBytes,
        long maxStateBytes,
        List<String> runningJobs,
        long memoryUsed,
        String error,
        List<String> allowedPaths) {

    public TenantInfo {
        allowedConnectors = Set.copyOf(allowedConnectors);
        runningJobs = List.copyOf(runningJobs);
        allowedPaths = List.copyOf(allowedPaths);
    }

    /** A tenant without allowed paths, as before 1.10. */
    public TenantInfo(
            String id,
            Set<String> allowedConnectors,
            int maxJobs,
            int maxParallelism,
            long maxMemoryBytes,
            long maxStateBytes,
            List<String> runningJobs,
            long memoryUsed,
            String error) {
        this(
                id,
                allowedConnectors,
                maxJobs,
                maxParallelism,
                maxMemoryBytes,
                maxStateBytes,
                runningJobs,
                memoryUsed,
                error,
                List.of());
    }
}
