# Feature "metrics-csv": the 'csv' exporter (Dropwizard's CsvReporter).
description = The 'csv' metrics exporter: every metric appended periodically to a CSV file per metric
requires = metrics

bundle = mvn:io.sabot/sabot-metrics-csv/${project.version}
