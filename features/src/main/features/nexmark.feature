# Feature "nexmark": The NEXMark generator source ('connector' = 'nexmark'): bid, auction and person streams.
description = The NEXMark generator source ('connector' = 'nexmark'): bid, auction and person streams
requires = core

bundle = mvn:io.sabot/sabot-connector-nexmark/${project.version}
