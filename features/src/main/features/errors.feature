# Feature "errors": the error handlers ('error.handler' = 'retry, dead-letter' …) and the file dead-letter target.
description = Error handlers fail, skip, retry and dead-letter, and the 'filesystem' dead-letter target
requires = core

bundle = mvn:io.sabot/sabot-errors-basic/${project.version}
bundle = mvn:io.sabot/sabot-errors-dead-letter/${project.version}
