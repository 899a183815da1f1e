package io.sabot.runtime.internal.exec;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.ValidationResult;
import io.sabot.runtime.internal.tenant.Tenant;
import io.sabot.sql.ConnectorValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * At {@code CREATE TABLE}, a tenant's table may use only the tenant's allowed connectors, and its {@code path} option
 * (files) only the tenant's allowed directories; then the container's checks ({@link ResolverValidator}). Reads the
 * tenant's quotas at each call, so a changed allow-list applies to the next statement.
 */
final class TenantValidator implements ConnectorValidator {

    private final Tenant tenant;
    private final ConnectorValidator next;

    TenantValidator(Tenant tenant, ConnectorValidator next) {
        this.tenant = tenant;
        this.next = next;
    }

    @Override
    public ValidationResult validate(String tableName, String connector, Map<String, String> options) {
        String context = "connector '" + connector + "' of table '" + tableName + "'";
        Tenant.Quotas quotas = tenant.quotas();
        List<OptionDescriptor<?>> refusals = new ArrayList<>();
        Map<String, String> checked = new java.util.LinkedHashMap<>();
        if (!quotas.allowedConnectors().isEmpty()
                && !quotas.allowedConnectors().contains(connector.toLowerCase(Locale.ROOT))) {
            checked.put("connector", connector);
            refusals.add(OptionDescriptor.key("connector")
                    .stringType()
                    .check(
                            id -> false,
                            "a connector tenant " + tenant.id() + " may use (allowed.connectors: "
                                    + String.join(", ", new TreeSet<>(quotas.allowedConnectors())) + ")"));
        }
        String path = options.get("path");
        if (path != null && !quotas.allowedPaths().isEmpty() && !allowed(path, quotas.allowedPaths())) {
            checked.put("path", path);
            refusals.add(OptionDescriptor.key("path")
                    .stringType()
                    .check(
                            p -> false,
                            "a path under the directories tenant " + tenant.id() + " may use (allowed.paths: "
                                    + quotas.allowedPaths() + ")"));
        }
        if (!refusals.isEmpty()) {
            return OptionValidation.validate(context, checked, refusals, List.of());
        }
        return next.validate(tableName, connector, options);
    }

    static boolean allowed(String path, List<Path> roots) {
        Path p;
        try {
            String v = path.strip();
            p = v.startsWith("file:") ? Path.of(java.net.URI.create(v)) : Path.of(v);
        } catch (IllegalArgumentException e) { // InvalidPathException too
            return false;
        }
        if (!p.isAbsolute()) {
            return false; // relative to what the container's working directory happens to be: refuse
        }
        Path normal = p.normalize();
        return roots.stream().anyMatch(normal::startsWith);
    }

    @Override
    public boolean supportsLookup(String connector) {
        return next.supportsLookup(connector);
    }

    @Override
    public boolean scansUpserts(String connector) {
        return next.scansUpserts(connector);
    }
}
