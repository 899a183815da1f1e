-- Error handling with the log dead-letter target: one trade in 100 has a quantity that is no number. Instead of
-- failing the job, each such row is logged as one WARN line (logger io.sabot.dead-letters, in data/log/sabot.log)
-- with its table, operator, message and values, and the query goes on with the other rows.
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/bad_rows_to_log.sql
-- For replayable dead letters use 'error.dead-letter.connector' = 'filesystem' with 'error.dead-letter.path'
-- (docs/error-handling.md).

CREATE TABLE trades (
  id      BIGINT,
  volume  BIGINT,
  -- the quantity as a producer might send it: text, sometimes not a number
  qty AS CASE WHEN id % 100 = 7 THEN 'many' ELSE CAST(volume AS STRING) END
) WITH (
  'connector'                     = 'datagen',
  'rows-per-second'               = '1000000',
  'fields.id.kind'                = 'sequence',
  'fields.id.start'               = '1',
  'fields.id.end'                 = '${ROWS:-10000}',
  'fields.volume.min'             = '1',
  'fields.volume.max'             = '1000',
  'error.handler'                 = 'dead-letter',
  'error.dead-letter.connector'   = 'log',
  'error.dead-letter.max-chars'   = '200'
);

SELECT id, CAST(qty AS INT) * 2 AS doubled FROM trades;
