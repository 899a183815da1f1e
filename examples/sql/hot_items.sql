-- Nexmark q5 "hot items": the auctions with the most bids in each 10-second window sliding by 2 seconds.
-- Runs on the built-in nexmark generator, no external service:
--   runtime-assembly/target/sabot/bin/sabot sql -f examples/sql/hot_items.sql
-- EVENTS sets the size of the bounded run (default 100000 events, 1000 per second of event time, generated as
-- fast as the engine takes them); the job ends when the generator does.
-- Sabot plans it as Flink does: MaxBids aggregates the windows of CountBids (a window aggregation over another's
-- windows) and the join on starttime/endtime is a window join, so every window's rows are printed once, when the
-- window closes (insert-only, no retractions), and no state outlives its window (EXPLAIN shows WindowJoin).

CREATE TABLE bid (
  auction   BIGINT,
  bidder    BIGINT,
  price     BIGINT,
  channel   VARCHAR,
  url       VARCHAR,
  dateTime  TIMESTAMP(3),
  extra     VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
) WITH (
  'connector'        = 'nexmark',
  'table'            = 'bid',
  'events.num'       = '${EVENTS:-100000}',
  'first-event.rate' = '1000',
  'max-emit-speed'   = 'true',
  'base-time'        = '2024-01-01 00:00:00'
);

SELECT AuctionBids.auction, AuctionBids.num, AuctionBids.starttime, AuctionBids.endtime
FROM (
  SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
) AS AuctionBids
JOIN (
  SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
  FROM (
    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime
    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
    GROUP BY auction, window_start, window_end
  ) AS CountBids
  GROUP BY CountBids.starttime, CountBids.endtime
) AS MaxBids
ON AuctionBids.starttime = MaxBids.starttime
   AND AuctionBids.endtime = MaxBids.endtime
   AND AuctionBids.num >= MaxBids.maxn;
