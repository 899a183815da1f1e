package io.sabot.runtime.internal.tenant;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.TenantInfo;
import io.sabot.runtime.Tenants;
import io.sabot.runtime.internal.TextTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands for tenants: {@code sabot:tenants} (quotas and use), {@code sabot:tenant <id>} (one tenant and its
 * jobs), and acting as a tenant, with exactly its rights: {@code sabot:tenantSubmit <id> <file|script> [name]},
 * {@code sabot:tenantCancel <id> <job>}, {@code sabot:tenantSavepoint <id> <job> [dir]}, {@code sabot:tenantStop <id>
 * <job> [dir]}. The shell's own {@code sabot:jobs}, {@code sabot:cancel}, {@code sabot:savepoint} and {@code
 * sabot:stop} are the administrator's and reach every tenant's jobs.
 */
@Component(
        service = TenantCommands.class,
        property = {
            "osgi.command.scope=sabot",
            "osgi.command.function=tenants",
            "osgi.command.function=tenant",
            "osgi.command.function=tenantSubmit",
            "osgi.command.function=tenantCancel",
            "osgi.command.function=tenantSavepoint",
            "osgi.command.function=tenantStop"
        })
public final class TenantCommands {

    private final Tenants tenants;
    private final JobRegistry jobs;

    @Activate
    public TenantCommands(@Reference Tenants tenants, @Reference JobRegistry jobs) {
        this.tenants = tenants;
        this.jobs = jobs;
    }

    /** Every tenant with its quotas (0: unlimited) and what it uses. */
    public String tenants() {
        if (tenants.tenants().isEmpty()) {
            return "No tenants (declare one with a " + Tenants.PID + " factory configuration).\n";
        }
        TextTable table = new TextTable(
                "TENANT",
                "JOBS",
                "MAX JOBS",
                "MAX PARALLELISM",
                "MEMORY",
                "MAX MEMORY",
                "MAX STATE",
                "CONNECTORS",
                "ERROR");
        for (TenantInfo t : tenants.tenants()) {
            table.row(
                    t.id(),
                    t.runningJobs().size(),
                    t.maxJobs(),
                    t.maxParallelism(),
                    t.memoryUsed(),
                    t.maxMemoryBytes(),
                    t.maxStateBytes(),
                    t.allowedConnectors().isEmpty()
                            ? "all"
                            : String.join(",", new java.util.TreeSet<>(t.allowedConnectors())),
                    t.error());
        }
        return table.toString();
    }

    /** One tenant and its jobs. */
    public String tenant(String id) {
        TenantInfo t = tenants.tenant(id).orElseThrow(() -> new IllegalArgumentException("no tenant '" + id + "'"));
        StringBuilder out = new StringBuilder();
        out.append("Tenant ")
                .append(t.id())
                .append(": running ")
                .append(t.runningJobs())
                .append('\n');
        if (!t.error().isEmpty()) {
            out.append("Configuration rejected: ").append(t.error()).append('\n');
        }
        for (JobInfo job : jobs.forTenant(t.id()).jobs()) {
            out.append(job.id()).append(' ').append(job.state()).append('\n');
        }
        return out.toString();
    }

    /** Runs a script as a tenant's jobs: {@code script} is a file's path, or the script itself. */
    public String tenantSubmit(String tenant, String script) throws java.io.IOException {
        return tenantSubmit(tenant, script, null);
    }

    /** Like {@link #tenantSubmit(String, String)}, naming the jobs ({@code pipeline.name}). */
    public String tenantSubmit(String tenant, String script, String name) throws java.io.IOException {
        Path file = script.contains("\n") || script.contains(";") ? null : Path.of(script);
        String sql =
                file != null && Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : script;
        StringBuilder out = new StringBuilder();
        for (JobInfo job : jobs.forTenant(tenant).submit(sql, name, Map.of())) {
            out.append("Submitted ")
                    .append(job.id())
                    .append(" for tenant ")
                    .append(tenant)
                    .append(": ")
                    .append(job.state())
                    .append('\n');
        }
        return out.toString();
    }

    /** Cancels one of a tenant's running jobs; another tenant's job is "no running job" to it. */
    public String tenantCancel(String tenant, String job) {
        JobRegistry scoped = jobs.forTenant(tenant);
        String full = scoped.job(job).map(JobInfo::id).orElse(job);
        return scoped.cancel(full)
                ? "Cancelled " + full + ".\n"
                : "No running job " + job + " for tenant " + tenant + ".\n";
    }

    /**
     * Takes a savepoint of one of a tenant's jobs into its default directory (under the tenant's state directory);
     * another tenant's job is unknown to it.
     */
    public String tenantSavepoint(String tenant, String job) {
        return jobs.forTenant(tenant).savepoint(job, null).describe() + "\n";
    }

    /** Like {@link #tenantSavepoint(String, String)}, into {@code dir}, which must be inside the tenant's directory. */
    public String tenantSavepoint(String tenant, String job, String dir) {
        return jobs.forTenant(tenant).savepoint(job, Path.of(dir)).describe() + "\n";
    }

    /** Stops one of a tenant's jobs with a savepoint into its default directory. */
    public String tenantStop(String tenant, String job) {
        return jobs.forTenant(tenant).stopWithSavepoint(job, null).describe() + "\n";
    }

    /** Like {@link #tenantStop(String, String)}, into {@code dir}, which must be inside the tenant's directory. */
    public String tenantStop(String tenant, String job, String dir) {
        return jobs.forTenant(tenant).stopWithSavepoint(job, Path.of(dir)).describe() + "\n";
    }
}
