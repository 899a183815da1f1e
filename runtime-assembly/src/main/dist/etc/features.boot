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
# error handlers: fail, skip, retry, dead-letter (and dead letters into files)
errors
# sinks for trying queries: print rows, or discard them (benchmarks)
print
blackhole
