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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Publishes the container's {@link Jobs} as the {@link JobRegistry} service. */
@Component(service = JobRegistry.class)
public final class JobRegistryService implements JobRegistry {

    /** Where submitted scripts take their defaults from; null outside the container (defaults then). */
    private final RuntimeSettings settings;

    /** Outside the container (tests): submitted scripts run with the executor's defaults. */
    public JobRegistryService() {
        this(null);
    }

    @Activate
    public JobRegistryService(@Reference RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<JobDetails> details(String job) {
        return Jobs.INSTANCE.details(job);
    }

    @Override
    public List<JobInfo> submit(String script, String name, Map<String, String> settings) {
        return Submissions.submit(this.settings, script, name, settings == null ? Map.of() : settings);
    }

    @Override
    public JobRegistry forTenant(String tenant) {
        return new TenantJobs(settings, TenantRegistry.INSTANCE.require(tenant).id());
    }

    @Override
    public Optional<String> tenantOf(String job) {
        try {
            return Optional.of(
                    Jobs.INSTANCE.find(job, e -> true, "this container").tenant());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<JobInfo> jobs() {
        return Jobs.INSTANCE.jobs();
    }

    @Override
    public Optional<JobInfo> job(String id) {
        return Jobs.INSTANCE.job(id);
    }

    @Override
    public boolean cancel(String id) {
        return Jobs.INSTANCE.cancel(id);
    }

    @Override
    public SavepointInfo savepoint(String job, Path targetDirectory) {
        return Jobs.INSTANCE.savepoint(job, targetDirectory);
    }

    @Override
    public SavepointInfo stopWithSavepoint(String job, Path targetDirectory) {
        return Jobs.INSTANCE.stopWithSavepoint(job, targetDirectory);
    }

    @Override
    public void disposeSavepoint(Path savepoint) {
        Jobs.INSTANCE.disposeSavepoint(savepoint);
    }
}
