-- The seed example: trades per symbol and hour, written as Sabot's users write it (TUMBLE(...) AS window_start).
-- Runs on generated data, no external service:
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/trades_per_hour.sql
--   ... --out trades.csv          writes the final rows as CSV instead of printing them

CREATE TABLE trades (
  id      BIGINT,
  symbol  STRING,
  price   DOUBLE,
  volume  BIGINT,
  -- one trade per second of event time, in order
  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector'            = 'datagen',
  'rows-per-second'      = '1000000',
  'seed'                 = '42',
  'fields.id.kind'       = 'sequence',
  'fields.id.start'      = '1',
  'fields.id.end'        = '${ROWS:-100000}',
  'fields.symbol.length' = '1',
  'fields.price.min'     = '10',
  'fields.price.max'     = '500',
  'fields.volume.min'    = '1',
  'fields.volume.max'    = '1000'
);

SELECT symbol,
       TUMBLE(ts, INTERVAL '1' HOUR) AS window_start,
       COUNT(*)                      AS trades,
       SUM(volume)                   AS volume,
       AVG(price)                    AS avg_price
FROM trades
GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR);
