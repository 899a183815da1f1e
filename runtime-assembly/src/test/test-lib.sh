#!/usr/bin/env bash
# Shared by the distribution's shell tests (sourced).

free_port() { # a free loopback TCP port
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

committed() { # every row of the visible files under $1, sorted
  find "$1" -type f ! -name '.*' -exec cat {} + 2>/dev/null | sed '/^$/d' | LC_ALL=C sort
}

# The faults tests' job: per-second counts, top and average price per auction over EVENTS nexmark bids into the
# exactly-once filesystem sink, checkpointed every 200 ms. Usage: windowed_job EVENTS FAST OUT CHECKPOINTS [NAME]
# (FAST: true generates as fast as possible, false paces at 20,000 events per second).
windowed_job() {
  cat <<SQL
SET 'execution.checkpointing.interval' = '200 ms';
SET 'state.checkpoints.dir' = '$4';
${5:+SET 'pipeline.name' = '$5';}
CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  dateTime TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '$1', 'first-event.rate' = '20000',
        'max-emit-speed' = '$2', 'base-time' = '2024-01-01 00:00:00');
CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, top_price BIGINT, avg_price DOUBLE)
WITH ('connector' = 'filesystem', 'path' = '$3', 'format' = 'csv');
INSERT INTO counts
SELECT auction, window_start, COUNT(*), MAX(price), AVG(price)
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
GROUP BY auction, window_start, window_end;
SQL
}
