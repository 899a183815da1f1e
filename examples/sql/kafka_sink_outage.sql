-- A Kafka sink that rides out a broker outage: rows go exactly once into topic 'orders-out' (create it first);
-- stop the broker for a while and start it again, and the job holds its writes, sends again what the broker did not
-- take, and finishes with every row committed once (docs/error-handling.md#a-kafka-broker-outage).
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/kafka_sink_outage.sql -D BOOTSTRAP=localhost:9092
-- Read the result with kafka-console-consumer --isolation-level read_committed: ids 0 to LAST_ID, each once.

CREATE TABLE orders (id BIGINT, name STRING) WITH (
  'connector'       = 'datagen',
  'rows-per-second' = '${RATE:-150}',
  'fields.id.kind'  = 'sequence',
  'fields.id.start' = '0',
  'fields.id.end'   = '${LAST_ID:-29999}'
);

SET 'execution.checkpointing.interval' = '1 s';
SET 'state.checkpoints.dir' = '${CHECKPOINTS:-/tmp/sabot-kafka-sink-outage}';

CREATE TABLE orders_out (id BIGINT, name STRING) WITH (
  'connector'                       = 'kafka',
  'topic'                           = '${TOPIC:-orders-out}',
  'properties.bootstrap.servers'    = '${BOOTSTRAP:-localhost:9092}',
  'format'                          = 'json',
  'sink.delivery-guarantee'         = 'exactly-once',
  'sink.transactional-id-prefix'    = '${TOPIC:-orders-out}',
  -- the producer gives up after seconds, not minutes, so that the error handlers see the outage
  'properties.delivery.timeout.ms'  = '3000',
  'properties.request.timeout.ms'   = '1000',
  'properties.max.block.ms'         = '2000',
  -- and retry: the writer sends the open transaction's records again with a new producer
  'error.handler'                   = 'retry',
  'error.retry.delay'               = '200 ms',
  'error.retry.max-delay'           = '1 s',
  'error.retry.max-retries'         = '1000'
);

INSERT INTO orders_out SELECT id, name FROM orders;
