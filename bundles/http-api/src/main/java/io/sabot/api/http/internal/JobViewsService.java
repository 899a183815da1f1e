package io.sabot.api.http.internal;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.api.http.JobViews;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginRegistry;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@link JobViews} from the API's own {@link ApiHandler}, so the console and the API cannot drift apart. */
@Component(service = JobViews.class)
public final class JobViewsService implements JobViews {

    private final JobRegistry jobs;
    private final PluginRegistry plugins;
    private final ApiHandler handler;
    private volatile MetricRegistry metrics;

    @Activate
    public JobViewsService(@Reference JobRegistry jobs, @Reference PluginRegistry plugins) {
        this.jobs = jobs;
        this.plugins = plugins;
        this.handler = new ApiHandler(jobs, plugins, () -> metrics);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(sabot.metrics.registry=node)")
    void setMetrics(MetricRegistry registry) {
        this.metrics = registry;
    }

    void unsetMetrics(MetricRegistry registry) {
        if (this.metrics == registry) {
            this.metrics = null;
        }
    }

    @Override
    public ObjectNode jobs() {
        return handler.list();
    }

    @Override
    public Optional<ObjectNode> job(String job) {
        return handler.detail(job);
    }

    @Override
    public String maskSecrets(String sql) {
        return handler.maskSecrets(sql);
    }

    @Override
    public JobViews forTenant(String tenant) {
        // the registry's tenant view: another tenant's job is no job, as for the API's tenant principals
        ApiHandler scoped = new ApiHandler(jobs.forTenant(tenant), plugins, () -> metrics);
        return new JobViews() {
            @Override
            public ObjectNode jobs() {
                return scoped.list();
            }

            @Override
            public Optional<ObjectNode> job(String job) {
                return scoped.detail(job);
            }

            @Override
            public String maskSecrets(String sql) {
                return scoped.maskSecrets(sql);
            }

            @Override
            public JobViews forTenant(String other) {
                if (!tenant.equals(other)) {
                    throw new IllegalArgumentException("a view of tenant " + tenant + " cannot see tenant " + other);
                }
                return this;
            }
        };
    }
}
