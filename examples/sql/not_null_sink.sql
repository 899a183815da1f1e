-- NOT NULL columns of a sink table (docs/error-handling.md, "NOT NULL columns"): one order in 50 has no customer.
-- The sink declares customer NOT NULL, so each such row is a VALIDATION failure of table orders_out: here its
-- error handler sends it to a dead-letter directory with its values, and every other order is written. Without a
-- handler the job would fail naming the table, the column and the row; with
--   SET 'table.exec.sink.not-null-enforcer' = 'DROP';
-- such rows are dropped instead, counted as skipped.
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/not_null_sink.sql \
--       -D OUT=/data/orders-out -D DLQ=/data/orders-dlq

CREATE TABLE orders (
  id      BIGINT,
  amount  BIGINT,
  -- the customer as an upstream system might send it: sometimes missing
  customer AS CASE WHEN id % 50 = 3 THEN CAST(NULL AS STRING) ELSE 'c-' || CAST(id % 7 AS STRING) END
) WITH (
  'connector'        = 'datagen',
  'rows-per-second'  = '1000000',
  'fields.id.kind'   = 'sequence',
  'fields.id.start'  = '1',
  'fields.id.end'    = '${ROWS:-10000}',
  'fields.amount.min' = '1',
  'fields.amount.max' = '500'
);

CREATE TABLE orders_out (
  id       BIGINT NOT NULL,
  customer STRING NOT NULL,
  amount   BIGINT
) WITH (
  'connector'                   = 'filesystem',
  'path'                        = '${OUT:-/tmp/sabot-orders-out}',
  'format'                      = 'csv',
  'error.handler'               = 'dead-letter',
  'error.dead-letter.connector' = 'filesystem',
  'error.dead-letter.path'      = '${DLQ:-/tmp/sabot-orders-dlq}'
);

INSERT INTO orders_out SELECT id, customer, amount FROM orders;
