# Feature "errors": the error handlers ('error.handler' = 'retry, dead-letter' …) and the file dead-letter target.
description = Error handlers fail, skip, retry, dead-letter and circuit-breaker, and the 'filesystem' dead-letter target
requires = core

bundle = mvn:io.sabot/sabot-errors-basic/${project.version}
bundle = mvn:io.sabot/sabot-errors-dead-letter/${project.version}
# 'circuit-breaker', and Failsafe, whose circuit breaker it uses (a bundle of its own, packages at 1.0)
bundle = mvn:dev.failsafe/failsafe/${failsafe.version}
bundle = mvn:io.sabot/sabot-errors-circuit-breaker/${project.version}
