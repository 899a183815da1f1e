package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.SavepointInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** Publishes the container's {@link Jobs} as the {@link JobRegistry} service. */
@Component(service = JobRegistry.class)
public final class JobRegistryService implements JobRegistry {

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
