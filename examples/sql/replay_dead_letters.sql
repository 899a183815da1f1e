-- Replaying dead letters after a fix (docs/error-handling.md, "Replaying dead letters"): a job whose table had
-- 'error.handler' = 'dead-letter' with 'error.dead-letter.connector' = 'filesystem' left one JSON line per failed
-- record in ${DLQ}. Once the cause is fixed (the producer, or the table definition: a larger
-- 'source.record.max-size', a wider type), this job writes the failed records of table default.trades back, each
-- line as it was read ('raw' writes the column's text as it is), into ${OUT}; point the fixed table at ${OUT} and run
-- the original query again.
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/replay_dead_letters.sql \
--       -D DLQ=/data/dlq -D OUT=/data/trades-replayed

CREATE TABLE trades_dlq (
  `table`   STRING,
  `split`   STRING,
  `position` STRING,
  original  STRING
) WITH ('connector' = 'filesystem', 'path' = '${DLQ:-/tmp/sabot-dlq}', 'format' = 'json');

CREATE TABLE trades_replayed (line STRING)
WITH ('connector' = 'filesystem', 'path' = '${OUT:-/tmp/sabot-replayed}', 'format' = 'raw');

-- records that were not UTF-8 have original_base64 instead, late rows only their row: neither is replayed here
INSERT INTO trades_replayed
SELECT original FROM trades_dlq WHERE `table` = 'default.trades' AND original IS NOT NULL;
