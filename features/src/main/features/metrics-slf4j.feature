# Feature "metrics-slf4j": the 'slf4j' exporter (Dropwizard's Slf4jReporter, through pax-logging).
description = The 'slf4j' metrics exporter: every metric logged periodically
requires = metrics

bundle = mvn:io.sabot/sabot-metrics-slf4j/${project.version}
