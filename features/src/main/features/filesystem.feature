# Feature "filesystem": files as tables ('connector' = 'filesystem'), read and written exactly once.
description = The filesystem connector (source and exactly-once sink)
requires = formats

bundle = mvn:io.sabot/sabot-connector-filesystem/${project.version}
