package io.sabot.metrics.core.internal;

import io.sabot.metrics.core.ExporterState;
import io.sabot.metrics.core.MetricsExporterStatus;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell command {@code sabot:exporters}: every configured metrics exporter, its state and the reason. */
@Component(
        service = ExporterCommands.class,
        property = {"osgi.command.scope=sabot", "osgi.command.function=exporters"})
public final class ExporterCommands {

    private final MetricsExporterStatus status;

    @Activate
    public ExporterCommands(@Reference MetricsExporterStatus status) {
        this.status = status;
    }

    /** The configured exporters as a table; failed and waiting ones with their reason on the next line. */
    public String exporters() {
        return render(status.exporters());
    }

    static String render(List<ExporterState> states) {
        if (states.isEmpty()) {
            return "No metrics exporter is configured (factory configurations io.sabot.metrics.exporter).\n";
        }
        String format = "%-20s %-12s %-8s %-10s %s%n";
        StringBuilder out = new StringBuilder(String.format(format, "NAME", "TYPE", "STATE", "TENANT", "FACTORY"));
        for (ExporterState s : states) {
            out.append(String.format(
                    format, s.name(), s.type(), s.state(), s.tenant().isEmpty() ? "-" : s.tenant(), s.factoryBundle()));
            if (!s.reason().isEmpty()) {
                out.append("    ").append(s.reason()).append('\n');
            }
        }
        return out.toString();
    }
}
