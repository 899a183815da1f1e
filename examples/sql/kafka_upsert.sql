-- Orders in a keyed Kafka topic, and the running count and total per customer kept in an upsert topic.
-- Needs a broker (BOOTSTRAP, default localhost:9092) with a topic 'orders' whose records look like
--   key {"order_id":1}   value {"customer":"c1","amount":10}
-- and a topic 'order-totals' (ideally cleanup.policy=compact):
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/kafka_upsert.sql -D BOOTSTRAP=localhost:9092
-- The job reads what 'orders' holds when it starts and ends; 'order-totals' then has, per customer, the latest
-- count and total as its last record (kafka-console-consumer --property print.key=true shows them).

CREATE TABLE orders (
  order_id  BIGINT,
  customer  STRING,
  amount    BIGINT,
  `offset`  BIGINT METADATA VIRTUAL
) WITH (
  'connector'                    = 'kafka',
  'topic'                        = 'orders',
  'properties.bootstrap.servers' = '${BOOTSTRAP:-localhost:9092}',
  'scan.startup.mode'            = 'earliest-offset',
  'scan.bounded.mode'            = 'latest-offset',
  'key.format'                   = 'json',
  'key.fields'                   = 'order_id',
  'value.format'                 = 'json',
  'value.fields-include'         = 'EXCEPT_KEY'
);

CREATE TABLE order_totals (
  customer  STRING,
  orders    BIGINT,
  total     BIGINT,
  PRIMARY KEY (customer) NOT ENFORCED
) WITH (
  'connector'                    = 'upsert-kafka',
  'topic'                        = 'order-totals',
  'properties.bootstrap.servers' = '${BOOTSTRAP:-localhost:9092}',
  'key.format'                   = 'raw',
  'value.format'                 = 'json'
);

INSERT INTO order_totals
SELECT customer, COUNT(*), SUM(amount)
FROM orders
GROUP BY customer;
