# The features whose bundles make up bundle/ (with the features they require), one or more per line.
# Read at build time by runtime-assembly; feature files live in features/src/main/features/.
# Other bundles (connectors, exporters) go into deploy/ at run time.
core
webconsole
# generated data, so that a first SQL job runs without Kafka
datagen
nexmark
# files in csv or json lines
filesystem
# Kafka topics (kafka-clients inside the bundle)
kafka
# keyed state on local disk (SET 'state.backend.type' = 'rocksdb')
rocksdb
# error handlers: fail, skip, retry, dead-letter (and dead letters into files), circuit-breaker
errors
# sinks for trying queries: print rows, or discard them (benchmarks)
print
blackhole
# the node's metrics and its exporters: the bundles are inert until a configuration names them
# (etc/io.sabot.metrics.exporter-*.cfg: prometheus at /metrics and jmx are configured; csv and slf4j have examples)
metrics
metrics-prometheus
metrics-jmx
metrics-slf4j
metrics-csv
