# Feature "metrics-prometheus": the 'prometheus' exporter, a scrape endpoint on the container's HTTP service.
description = The 'prometheus' metrics exporter: text exposition format 0.0.4 at /metrics on the HTTP service (127.0.0.1)
requires = metrics, webconsole

bundle = mvn:io.sabot/sabot-metrics-prometheus/${project.version}
