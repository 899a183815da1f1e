# Feature "metrics-jmx": the 'jmx' exporter (Dropwizard's JmxReporter; metrics-jmx is a proper bundle).
description = The 'jmx' metrics exporter: an MBean per metric in the platform MBean server
requires = metrics

bundle = mvn:io.dropwizard.metrics/metrics-jmx/${metrics.version}
bundle = mvn:io.sabot/sabot-metrics-jmx/${project.version}
