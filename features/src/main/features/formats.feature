# Feature "formats": the csv, json, raw and avro record formats ('format' = 'csv' | 'json' | 'raw' | 'avro').
description = The csv, json, raw and avro formats
requires = core

bundle = mvn:io.sabot/sabot-format-csv/${project.version}
bundle = mvn:io.sabot/sabot-format-json/${project.version}
bundle = mvn:io.sabot/sabot-format-raw/${project.version}
# Apache Avro embedded privately; Jackson (core, databind, annotations) comes from the core feature
bundle = mvn:io.sabot/sabot-format-avro/${project.version}
