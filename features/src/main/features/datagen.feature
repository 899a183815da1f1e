# Feature "datagen": the generated-data connector ('connector' = 'datagen'), for trying Sabot without Kafka.
description = The datagen source connector
requires = core

bundle = mvn:io.sabot/sabot-connector-datagen/${project.version}
