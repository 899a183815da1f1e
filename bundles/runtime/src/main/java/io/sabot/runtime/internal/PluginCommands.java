package io.sabot.runtime.internal;

import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands: {@code sabot:connectors}, {@code sabot:plugins [kind]}, {@code sabot:plugin <kind> <id>},
 * {@code sabot:failures}. Gogo finds the methods by name and prints what they return.
 */
@Component(
        service = PluginCommands.class,
        property = {
            "osgi.command.scope=sabot",
            "osgi.command.function=connectors",
            "osgi.command.function=plugins",
            "osgi.command.function=plugin",
            "osgi.command.function=failures"
        })
public final class PluginCommands {

    @Reference
    private PluginRegistry registry;

    /** Installed connectors (sources and sinks) with their bundles and states. */
    public String connectors() {
        return list(registry.snapshot(), PluginKind.CONNECTOR);
    }

    /** Every installed plug-in of every kind, then the ones that failed to bind. */
    public String plugins() {
        PluginSnapshot snapshot = registry.snapshot();
        return list(snapshot, null) + failures(snapshot);
    }

    /** The installed plug-ins of one kind: connector, format, state-backend, error-handler, metrics-exporter. */
    public String plugins(String kind) {
        return list(registry.snapshot(), PluginKind.fromLabel(kind));
    }

    /** One plug-in in detail, with its options. */
    public String plugin(String kind, String identifier) {
        PluginKind pluginKind = PluginKind.fromLabel(kind);
        List<PluginInfo> matches = registry.snapshot().plugins(pluginKind).stream()
                .filter(p -> p.identifier().equals(identifier))
                .toList();
        if (matches.isEmpty()) {
            return "No " + pluginKind.label() + " '" + identifier + "' is installed.\n";
        }
        StringBuilder out = new StringBuilder();
        for (PluginInfo p : matches) {
            out.append(pluginKind.label())
                    .append(' ')
                    .append(p.identifier())
                    .append(" (")
                    .append(String.join(", ", p.roles()))
                    .append(") from ")
                    .append(p.bundleSymbolicName())
                    .append(' ')
                    .append(p.bundleVersion())
                    .append(" [bundle ")
                    .append(p.bundleId())
                    .append(", service ")
                    .append(p.serviceId())
                    .append(", ")
                    .append(p.state())
                    .append("]\n");
            if (!p.description().isEmpty()) {
                out.append(p.description()).append('\n');
            }
            TextTable options = new TextTable("OPTION", "TYPE", "DEFAULT", "REQUIRED", "SECRET", "DESCRIPTION");
            for (OptionInfo o : p.options()) {
                String type = o.allowedValues().isEmpty() ? o.type() : "enum " + String.join("|", o.allowedValues());
                options.row(
                        o.key(),
                        type,
                        o.defaultValue(),
                        o.required() ? "yes" : "",
                        o.secret() ? "yes" : "",
                        o.description());
            }
            out.append(options);
        }
        return out.toString();
    }

    /** Plug-ins that could not be bound, with the reason. */
    public String failures() {
        String failures = failures(registry.snapshot());
        return failures.isEmpty() ? "No plug-in failures.\n" : failures;
    }

    private static String list(PluginSnapshot snapshot, PluginKind kind) {
        TextTable table = new TextTable("KIND", "IDENTIFIER", "ROLES", "BUNDLE", "VERSION", "STATE", "OPTIONS");
        int count = 0;
        for (PluginInfo p : snapshot.plugins()) {
            if (kind == null || p.kind() == kind) {
                table.row(
                        p.kind().label(),
                        p.identifier(),
                        String.join(",", p.roles()),
                        p.bundleSymbolicName(),
                        p.bundleVersion(),
                        p.state(),
                        p.options().size());
                count++;
            }
        }
        if (count == 0) {
            return "No " + (kind == null ? "plug-ins" : kind.label() + " plug-ins") + " installed.\n";
        }
        return table.toString();
    }

    private static String failures(PluginSnapshot snapshot) {
        if (snapshot.failures().isEmpty()) {
            return "";
        }
        TextTable table = new TextTable("FAILED", "KIND", "IDENTIFIER", "BUNDLE", "VERSION", "REASON");
        for (PluginFailure f : snapshot.failures()) {
            table.row(
                    "!",
                    f.kind() == null ? "" : f.kind().label(),
                    f.identifier(),
                    f.bundleSymbolicName() + " [" + f.bundleId() + "]",
                    f.bundleVersion(),
                    f.reason());
        }
        return "\n" + table;
    }
}
