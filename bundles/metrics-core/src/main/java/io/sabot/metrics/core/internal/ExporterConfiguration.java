package io.sabot.metrics.core.internal;

import io.sabot.metrics.core.NodeMetrics;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One exporter configuration (factory PID {@value NodeMetrics#EXPORTER_FACTORY_PID}), handed to the {@link
 * ExporterManager}. It has no {@code modified} method on purpose: a changed configuration deactivates this component
 * and activates a new one, which stops the running exporter and starts a new one, as the SPI promises exporters.
 */
@Component(
        configurationPid = NodeMetrics.EXPORTER_FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = ExporterConfiguration.Config.class, factory = true)
public final class ExporterConfiguration {

    @ObjectClassDefinition(
            name = "Sabot metrics exporter",
            description = "Publishes the node's metrics through an exporter plug-in (jmx, prometheus, slf4j, csv)."
                    + " Options of the exporter itself (e.g. 'interval', 'directory', 'domain', 'path') are further"
                    + " properties of this configuration; see docs/metrics-exporters.md.")
    @interface Config {

        @AttributeDefinition(
                name = "Type",
                description =
                        "Identifier of the exporter plug-in: jmx, prometheus, slf4j, csv, or another installed one")
        String type();

        @AttributeDefinition(
                name = "Name",
                required = false,
                description = "Unique name of this exporter ([A-Za-z0-9_-]); defaults to the configuration's name")
        String name() default "";

        @AttributeDefinition(
                name = "Include",
                required = false,
                cardinality = 100,
                description =
                        "Metric name patterns to export ('*' within a segment, '**' across segments); all if empty")
        String[] include() default {};

        @AttributeDefinition(
                name = "Exclude",
                required = false,
                cardinality = 100,
                description = "Metric name patterns not to export, even if included")
        String[] exclude() default {};

        @AttributeDefinition(
                name = "Tenant",
                required = false,
                description = "Export only this tenant's metrics; all of the node's if empty")
        String tenant() default "";

        String webconsole_configurationFactory_nameHint() default "{name} ({type})";
    }

    private final ExporterManager manager;
    private final String pid;

    @Activate
    public ExporterConfiguration(@Reference ExporterManager manager, Map<String, Object> properties) {
        this.manager = manager;
        this.pid = String.valueOf(properties.get("service.pid"));
        manager.configure(ExporterSettings.from(pid, properties));
    }

    @Deactivate
    void deactivate() {
        manager.unconfigure(pid);
    }
}
