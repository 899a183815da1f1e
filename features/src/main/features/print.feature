# Feature "print": The print sink ('connector' = 'print'), as in Flink.
description = The print sink ('connector' = 'print'), as in Flink
requires = core

bundle = mvn:io.sabot/sabot-connector-print/${project.version}
