# Feature "metrics": the node's Dropwizard MetricRegistry (service property sabot.metrics.registry=node) and the
# manager that runs the configured exporters (factory configurations io.sabot.metrics.exporter, docs/metrics-exporters.md).
description = The node's metric registry and the metrics exporter manager (sabot:exporters)
requires = core

bundle = mvn:io.sabot/sabot-metrics-core/${project.version}
