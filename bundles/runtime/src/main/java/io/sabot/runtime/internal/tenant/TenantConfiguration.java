package io.sabot.runtime.internal.tenant;

import io.sabot.runtime.Tenants;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One tenant, declared as a factory configuration {@value Tenants#PID} (e.g. {@code etc/io.sabot.tenant-acme.cfg}).
 * Quota changes apply live ({@link Modified}); an invalid value is rejected naming the property and why, and leaves
 * the previous values in force (a tenant whose first configuration is invalid exists, runs nothing, and says why).
 * Deleting the configuration removes the tenant and cancels its running jobs; their checkpoints stay.
 */
@Component(
        service = TenantConfiguration.class,
        configurationPid = Tenants.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = TenantConfiguration.Config.class, factory = true)
public final class TenantConfiguration {

    @ObjectClassDefinition(
            name = "Sabot tenant",
            description = "A tenant: its own jobs, tables, state and metrics, and its quotas (0: unlimited). Quota"
                    + " changes apply live.")
    public @interface Config {
        String webconsole_configurationFactory_nameHint() default "{id}";

        @AttributeDefinition(
                name = "Id",
                description = "Lower-case letters, digits, '-' and '_' (a metric name segment and a directory name).")
        String id();

        @AttributeDefinition(
                name = "Allowed connectors",
                description = "Connectors the tenant's tables may use; empty: every installed connector.",
                required = false)
        String[] allowed_connectors() default {};

        @AttributeDefinition(
                name = "Allowed paths",
                description = "Absolute directories a table's 'path' option must lie under; empty: any.",
                required = false)
        String[] allowed_paths() default {};

        @AttributeDefinition(name = "Max jobs", description = "Jobs that may run at once.", min = "0")
        int max_jobs() default 0;

        @AttributeDefinition(name = "Max parallelism", description = "The highest parallelism of a job.", min = "0")
        int max_parallelism() default 0;

        @AttributeDefinition(
                name = "Max memory (bytes)",
                description = "Arrow memory all of the tenant's jobs may hold together.",
                min = "0")
        long max_memory_bytes() default 0;

        @AttributeDefinition(
                name = "Max state (bytes)",
                description = "The largest checkpoint one job may take; a job whose checkpoint is larger fails.",
                min = "0")
        long max_state_bytes() default 0;
    }

    /** The property keys this configuration knows (besides Config Admin's and FileInstall's own). */
    static final Set<String> KEYS = Set.of(
            "id",
            "allowed.connectors",
            "allowed.paths",
            "max.jobs",
            "max.parallelism",
            "max.memory.bytes",
            "max.state.bytes",
            "webconsole.configurationFactory.nameHint");

    private final Tenant tenant;
    private final TenantRegistry registry;

    @Activate
    public TenantConfiguration(Map<String, Object> properties) {
        this(properties, TenantRegistry.INSTANCE);
    }

    TenantConfiguration(Map<String, Object> properties, TenantRegistry registry) {
        String pid = String.valueOf(properties.getOrDefault("service.pid", Tenants.PID));
        String id = id(Tenants.PID + " " + pid, properties.get("id"));
        this.registry = registry;
        this.tenant = registry.add(id, pid);
        modified(properties);
    }

    @Modified
    public void modified(Map<String, Object> properties) {
        String prefix = Tenants.PID + " '" + tenant.id() + "': ";
        try {
            Object id = properties.get("id");
            if (id == null || !String.valueOf(id).strip().equals(tenant.id())) {
                throw new IllegalArgumentException("id cannot change from '" + tenant.id() + "' to '" + id
                        + "' (delete the configuration and create another)");
            }
            tenant.apply(quotas(properties));
        } catch (IllegalArgumentException e) {
            tenant.reject(prefix + e.getMessage());
            System.out.println("sabot: " + prefix + "configuration rejected: " + e.getMessage());
        }
    }

    @Deactivate
    public void deactivate() {
        registry.remove(tenant);
    }

    public Tenant tenant() {
        return tenant;
    }

    /**
     * Why a configuration with these properties would be rejected, as {@link #modified} and activation would say it
     * (a bad id as activation names it, bad values with the tenant's prefix); empty if it would be applied.
     */
    static java.util.Optional<String> check(Map<String, ?> properties) {
        String id;
        try {
            id = id(Tenants.PID, properties.get("id"));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) properties;
            quotas(values);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(Tenants.PID + " '" + id + "': " + e.getMessage());
        }
    }

    /** The configuration's id, or why it is not usable; {@code where} names the configuration. */
    private static String id(String where, Object value) {
        String id = value == null ? "" : String.valueOf(value).strip();
        if (!TenantRegistry.ID.matcher(id).matches()) {
            // no tenant without a usable id: the component fails to activate, and Config Admin shows this
            throw new IllegalArgumentException(where + ": id = '" + id + "' must be 1 to 63"
                    + " lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        return id;
    }

    /** Every value checked, every problem named at once. */
    static Tenant.Quotas quotas(Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        for (String key : properties.keySet()) {
            if (!KEYS.contains(key)
                    && !key.startsWith("service.")
                    && !key.startsWith("component.")
                    && !key.startsWith("felix.")
                    && !key.startsWith("webconsole.")
                    && !key.startsWith("osgi.")) { // DS adds osgi.ds.satisfying.condition.target
                problems.add(
                        key + ": unknown property (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        Set<String> connectors = new LinkedHashSet<>();
        for (String c : strings(properties.get("allowed.connectors"))) {
            connectors.add(c.toLowerCase(Locale.ROOT));
        }
        List<Path> paths = new ArrayList<>();
        for (String p : strings(properties.get("allowed.paths"))) {
            Path path = Path.of(p);
            if (!path.isAbsolute()) {
                problems.add("allowed.paths: '" + p + "' is not an absolute path");
            } else {
                paths.add(path.normalize());
            }
        }
        long maxJobs = number(properties, "max.jobs", Integer.MAX_VALUE, problems);
        long maxParallelism = number(properties, "max.parallelism", Integer.MAX_VALUE, problems);
        long maxMemory = number(properties, "max.memory.bytes", Long.MAX_VALUE, problems);
        long maxState = number(properties, "max.state.bytes", Long.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Tenant.Quotas(connectors, paths, (int) maxJobs, (int) maxParallelism, maxMemory, maxState);
    }

    private static long number(Map<String, Object> properties, String key, long max, List<String> problems) {
        Object value = properties.get(key);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return 0;
        }
        long n;
        if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
            n = number.longValue();
        } else {
            try {
                n = Long.parseLong(String.valueOf(value).strip());
            } catch (NumberFormatException e) {
                problems.add(key + " = '" + value + "' is not a whole number");
                return 0;
            }
        }
        if (n < 0 || n > max) {
            problems.add(key + " = " + n + " must be between 0 (unlimited) and " + max);
            return 0;
        }
        return n;
    }

    /** A list property as Config Admin or FileInstall hands it: an array, a collection or comma-separated text. */
    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Collection<?> items = value instanceof Object[] array
                ? Arrays.asList(array)
                : value instanceof Collection<?> c
                        ? c
                        : List.of(String.valueOf(value).split(","));
        for (Object item : items) {
            String s = String.valueOf(item).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
