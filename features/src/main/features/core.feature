# Feature "core": what every Sabot node runs.
# Versions are the parent pom's properties, substituted when the features module is built.
# Adding a bundle: one "bundle =" line here, one test-classpath <dependency> line in features/pom.xml.
description = Framework services (DS, Config Admin, metatype, FileInstall, Gogo, logging), Arrow, the SPIs, metrics and the Sabot runtime

# Declarative Services, with the three OSGi bundles SCR does not resolve without
bundle = mvn:org.osgi/org.osgi.util.function/${osgi.function.version}
bundle = mvn:org.osgi/org.osgi.util.promise/${osgi.promise.version}
bundle = mvn:org.osgi/org.osgi.service.component/${osgi.component.version}
bundle = mvn:org.apache.felix/org.apache.felix.scr/${felix.scr.version}

# Configuration: Config Admin, metatype (console forms), FileInstall (etc/*.cfg, deploy/)
bundle = mvn:org.apache.felix/org.apache.felix.configadmin/${felix.configadmin.version}
bundle = mvn:org.apache.felix/org.apache.felix.metatype/${felix.metatype.version}
bundle = mvn:org.apache.felix/org.apache.felix.fileinstall/${felix.fileinstall.version}
# Config Admin's interpolation plugin: $[secret:name] (a file in etc/secrets) and $[env:NAME] in configuration
# values, resolved when a configuration is delivered, never stored (etc/config.properties sets it up)
bundle = mvn:org.osgi/org.osgi.util.converter/${osgi.converter.version}
bundle = mvn:org.apache.felix/org.apache.felix.configadmin.plugin.interpolation/${felix.configadmin.interpolation.version}

# Gogo shell (bin/sabot console)
bundle = mvn:org.apache.felix/org.apache.felix.gogo.runtime/${felix.gogo.runtime.version}
bundle = mvn:org.apache.felix/org.apache.felix.gogo.command/${felix.gogo.command.version}
bundle = mvn:org.apache.felix/org.apache.felix.gogo.shell/${felix.gogo.shell.version}

# Logging: slf4j 1.7 and 2.0 APIs (level: -Dorg.ops4j.pax.logging.DefaultServiceLog.level, see etc/system.properties)
bundle = mvn:org.ops4j.pax.logging/pax-logging-api/${pax-logging.version}

# Arrow: the sabot-arrow library bundle and what it imports (bundles/arrow/README.md). It needs no framework
# property (Felix's default system packages include sun.misc); Arrow IPC needs java.base/java.nio opened, which
# the launcher jar's manifest does (Add-Opens).
bundle = mvn:com.fasterxml.jackson.core/jackson-annotations/${jackson.version}
bundle = mvn:com.fasterxml.jackson.core/jackson-core/${jackson.version}
bundle = mvn:com.fasterxml.jackson.core/jackson-databind/${jackson.version}
bundle = mvn:com.fasterxml.jackson.datatype/jackson-datatype-jsr310/${jackson.version}
bundle = mvn:com.google.flatbuffers/flatbuffers-java/${flatbuffers.version}
bundle = mvn:io.sabot/sabot-arrow/${project.version}

# Metrics
bundle = mvn:io.dropwizard.metrics/metrics-core/${metrics.version}
bundle = mvn:io.dropwizard.metrics/metrics-healthchecks/${metrics.version}

# Sabot APIs and runtime
bundle = mvn:io.sabot/sabot-connector-spi/${project.version}
bundle = mvn:io.sabot/sabot-state-spi/${project.version}
bundle = mvn:io.sabot/sabot-errors-spi/${project.version}
bundle = mvn:io.sabot/sabot-metrics-spi/${project.version}
bundle = mvn:io.sabot/sabot-plan/${project.version}
bundle = mvn:io.sabot/sabot-sql/${project.version}
bundle = mvn:io.sabot/sabot-engine/${project.version}
bundle = mvn:io.sabot/sabot-runtime/${project.version}
# The default state backend, memory: jobs on it (all, unless they SET another) are refused without it
bundle = mvn:io.sabot/sabot-state-memory/${project.version}
