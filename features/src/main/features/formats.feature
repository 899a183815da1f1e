# Feature "formats": the csv, json and raw record formats ('format' = 'csv' | 'json' | 'raw').
description = The csv, json and raw formats
requires = core

bundle = mvn:io.sabot/sabot-format-csv/${project.version}
bundle = mvn:io.sabot/sabot-format-json/${project.version}
bundle = mvn:io.sabot/sabot-format-raw/${project.version}
