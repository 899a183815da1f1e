-- Orders from every regional topic ('orders-eu', 'orders-us', … and any created later that match the pattern),
-- in JSON, counted per topic and minute and written as Avro records (Flink's schema derived from the columns).
-- Needs a broker (BOOTSTRAP, default localhost:9092) with topics 'orders-<region>' whose records look like
--   {"customer":"c1","amount":10,"ts":"2024-01-01 00:00:01.250"}
-- and a topic 'orders-per-minute':
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/kafka_avro_topics.sql -D BOOTSTRAP=localhost:9092
-- The job runs until cancelled; a new 'orders-<region>' topic is read from its beginning within 10 seconds.

CREATE TABLE orders (
  customer  STRING,
  amount    BIGINT,
  ts        TIMESTAMP(3),
  region    STRING METADATA FROM 'topic' VIRTUAL,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector'                               = 'kafka',
  'topic-pattern'                           = 'orders-[a-z]+',
  'properties.bootstrap.servers'            = '${BOOTSTRAP:-localhost:9092}',
  'scan.startup.mode'                       = 'earliest-offset',
  'scan.topic-partition-discovery.interval' = '10 s',
  'format'                                  = 'json'
);

CREATE TABLE orders_per_minute (
  region        STRING,
  window_start  TIMESTAMP(3),
  orders        BIGINT,
  total         BIGINT
) WITH (
  'connector'                    = 'kafka',
  'topic'                        = 'orders-per-minute',
  'properties.bootstrap.servers' = '${BOOTSTRAP:-localhost:9092}',
  'format'                       = 'avro'
);

INSERT INTO orders_per_minute
SELECT region, window_start, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY region, window_start, window_end;
