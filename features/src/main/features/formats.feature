# Feature "formats": the csv and json record formats ('format' = 'csv' | 'json').
description = The csv and json formats
requires = core

bundle = mvn:io.sabot/sabot-format-csv/${project.version}
bundle = mvn:io.sabot/sabot-format-json/${project.version}
