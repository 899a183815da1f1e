package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.RuntimeSettings;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.internal.tenant.TenantRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The job registry as one tenant sees it ({@link JobRegistry#forTenant}). Another tenant's job is "no job" here, in
 * the same words as a job that does not exist, so a tenant cannot learn which jobs others run.
 */
final class TenantJobs implements JobRegistry {

    private final RuntimeSettings settings;
    private final String tenant;
    private final Predicate<Jobs.Entry> scope;
    private final String where;

    TenantJobs(RuntimeSettings settings, String tenant) {
        this.settings = settings;
        this.tenant = tenant;
        this.scope = e -> e.tenant().equals(tenant);
        this.where = "tenant " + tenant;
    }

    @Override
    public List<JobInfo> jobs() {
        return Jobs.INSTANCE.jobs(scope);
    }

    @Override
    public Optional<JobInfo> job(String id) {
        return find(id).map(Jobs.Entry::info);
    }

    @Override
    public Optional<JobDetails> details(String job) {
        return Jobs.INSTANCE.details(job, scope, where);
    }

    @Override
    public Optional<String> tenantOf(String job) {
        return find(job).map(Jobs.Entry::tenant);
    }

    @Override
    public boolean cancel(String id) {
        Optional<Jobs.Entry> entry = find(id);
        if (entry.isEmpty() || entry.get().job().status().isTerminal()) {
            return false;
        }
        entry.get().job().cancel();
        return true;
    }

    @Override
    public SavepointInfo savepoint(String job, Path targetDirectory) {
        checkOwn(targetDirectory);
        return Jobs.savepoint(Jobs.INSTANCE.find(job, scope, where), targetDirectory, false);
    }

    @Override
    public SavepointInfo stopWithSavepoint(String job, Path targetDirectory) {
        checkOwn(targetDirectory);
        return Jobs.savepoint(Jobs.INSTANCE.find(job, scope, where), targetDirectory, true);
    }

    @Override
    public void disposeSavepoint(Path savepoint) {
        if (savepoint == null) {
            throw new IllegalArgumentException("name the savepoint directory to dispose of");
        }
        checkOwn(savepoint);
        Jobs.dispose(savepoint);
    }

    @Override
    public List<JobInfo> submit(String script, String name, Map<String, String> settings) {
        return Submissions.submit(this.settings, script, name, settings == null ? Map.of() : settings, tenant);
    }

    @Override
    public JobRegistry forTenant(String other) {
        if (!tenant.equals(other)) {
            throw new IllegalArgumentException("tenant " + tenant + " cannot act for tenant '" + other + "'");
        }
        return this;
    }

    /** The entry {@code ref} names among the tenant's jobs, or empty (also for a blank or ambiguous name). */
    private Optional<Jobs.Entry> find(String ref) {
        try {
            return Optional.of(Jobs.INSTANCE.find(ref, scope, where));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Savepoints of a tenant's jobs go under its state directory only (its default savepoint directory is there). */
    private void checkOwn(Path directory) {
        if (directory == null) {
            return;
        }
        Path own = Submissions.tenantStatePath(Submissions.defaultStatePath(), tenant)
                .toAbsolutePath()
                .normalize();
        if (!directory.toAbsolutePath().normalize().startsWith(own)) {
            throw new IllegalArgumentException(
                    "tenant " + tenant + ": '" + directory + "' is outside the tenant's state directory " + own);
        }
        TenantRegistry.INSTANCE.require(tenant);
    }
}
