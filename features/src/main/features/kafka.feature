# Feature "kafka": Kafka topics as tables ('connector' = 'kafka'), read and written exactly once.
description = The Kafka connector (source with a split per partition, at-least-once or exactly-once transactional sink); kafka-clients inside, private
requires = formats

bundle = mvn:io.sabot/sabot-connector-kafka/${project.version}
