# Feature "blackhole": The blackhole sink ('connector' = 'blackhole'), for benchmarks.
description = The blackhole sink ('connector' = 'blackhole'), for benchmarks
requires = core

bundle = mvn:io.sabot/sabot-connector-blackhole/${project.version}
