-- Every auction with its number of bids and its best price so far, kept up to date: a regular LEFT JOIN of the
-- auctions with a per-auction aggregate of the bids (a changelog: each new bid retracts the auction's previous count).
-- A regular join keeps every row of both sides for as long as the job runs, so its state grows without bound: here
-- it lives in RocksDB on local disk instead of the heap (docs/state-backends.md).
-- Runs on the built-in nexmark generator, no external service:
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/auction_bids_rocksdb.sql
-- EVENTS sets the size of the bounded run (default 100000 events); BACKEND=memory runs it on the heap instead.

SET 'state.backend.type' = '${BACKEND:-rocksdb}';

CREATE TABLE auction (
  id          BIGINT,
  itemName    VARCHAR,
  description VARCHAR,
  initialBid  BIGINT,
  reserve     BIGINT,
  dateTime    TIMESTAMP(3),
  expires     TIMESTAMP(3),
  seller      BIGINT,
  category    BIGINT,
  extra       VARCHAR
) WITH (
  'connector'        = 'nexmark',
  'table'            = 'auction',
  'events.num'       = '${EVENTS:-100000}',
  'max-emit-speed'   = 'true',
  'base-time'        = '2024-01-01 00:00:00'
);

CREATE TABLE bid (
  auction   BIGINT,
  bidder    BIGINT,
  price     BIGINT,
  channel   VARCHAR,
  url       VARCHAR,
  dateTime  TIMESTAMP(3),
  extra     VARCHAR
) WITH (
  'connector'        = 'nexmark',
  'table'            = 'bid',
  'events.num'       = '${EVENTS:-100000}',
  'max-emit-speed'   = 'true',
  'base-time'        = '2024-01-01 00:00:00'
);

SELECT a.id, a.seller, a.category, b.bids, b.top_price
FROM auction a
LEFT JOIN (
  SELECT auction, COUNT(*) AS bids, MAX(price) AS top_price FROM bid GROUP BY auction
) b ON a.id = b.auction;
