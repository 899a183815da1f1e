-- Accounts kept in an upsert topic (the latest row per account; a tombstone closes one), and the number of accounts
-- and the balance per region over their latest rows, kept in another upsert topic.
-- Needs a broker (BOOTSTRAP, default localhost:9092) with a topic 'accounts' whose records are keyed by the account:
--   key acct-7   value {"account":"acct-7","region":"eu","balance":120}      (a null value deletes acct-7)
-- and a topic 'region-balances' (ideally cleanup.policy=compact):
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/kafka_upsert_read.sql -D BOOTSTRAP=localhost:9092
-- The job reads 'accounts' from its earliest offset to where it is when the job starts, then ends; an account that
-- moved region or changed balance counts once, with its latest row, and a deleted one not at all. Without
-- 'scan.bounded.mode' the job keeps running and updates the balances as records arrive.

CREATE TABLE accounts (
  account   STRING,
  region    STRING,
  balance   BIGINT,
  PRIMARY KEY (account) NOT ENFORCED
) WITH (
  'connector'                    = 'upsert-kafka',
  'topic'                        = '${ACCOUNTS:-accounts}',
  'properties.bootstrap.servers' = '${BOOTSTRAP:-localhost:9092}',
  'key.format'                   = 'raw',
  'value.format'                 = 'json',
  'scan.bounded.mode'            = 'latest-offset'
);

CREATE TABLE region_balances (
  region    STRING,
  accounts  BIGINT,
  balance   BIGINT,
  PRIMARY KEY (region) NOT ENFORCED
) WITH (
  'connector'                    = 'upsert-kafka',
  'topic'                        = '${BALANCES:-region-balances}',
  'properties.bootstrap.servers' = '${BOOTSTRAP:-localhost:9092}',
  'key.format'                   = 'raw',
  'value.format'                 = 'json'
);

-- EXPLAIN shows the ChangelogNormalize keyed by the account that turns the upserts into retractions.
INSERT INTO region_balances
SELECT region, COUNT(*), SUM(balance)
FROM accounts
GROUP BY region;
