-- Lookup join (Flink's processing-time temporal join): every order is enriched with its product as the product
-- table is when the order is processed. The products are a CSV file read through the filesystem connector into a
-- full cache, reloaded every minute; orders 8 and 9 of every ten name no product and keep NULLs (LEFT JOIN).
-- Runs on generated orders, no external service:
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/lookup_join.sql -D PRODUCTS=examples/sql/products.csv

CREATE TABLE orders (
  order_id   BIGINT,
  amount     DOUBLE,
  product_id AS MOD(order_id, 10),
  proc_time  AS PROCTIME()
) WITH (
  'connector'            = 'datagen',
  'seed'                 = '7',
  'fields.order_id.kind' = 'sequence',
  'fields.order_id.start'= '1',
  'fields.order_id.end'  = '${ORDERS:-1000}',
  'fields.amount.min'    = '1',
  'fields.amount.max'    = '100'
);

CREATE TABLE products (
  product_id BIGINT,
  name       STRING,
  category   STRING,
  PRIMARY KEY (product_id) NOT ENFORCED
) WITH (
  'connector'                         = 'filesystem',
  'path'                              = '${PRODUCTS:-examples/sql/products.csv}',
  'format'                            = 'csv',
  'lookup.cache'                      = 'FULL',
  'lookup.full-cache.reload-interval' = '1 min'
);

SELECT o.order_id, o.product_id, p.name, p.category, o.amount
FROM orders AS o
LEFT JOIN products FOR SYSTEM_TIME AS OF o.proc_time AS p
  ON o.product_id = p.product_id;
