#!/usr/bin/env bash
# Fault injection: a windowed aggregation over the nexmark generator into the exactly-once filesystem sink, with
# checkpoints every 200 ms, run by bin/sabot sql --restore latest; the process is killed with SIGKILL at random
# moments KILLS times and restarted each time, then left to finish. Its committed output must equal, as a multiset,
# that of an undisturbed run of the same job. Usage: fault-injection.sh TARGET_DIR KILLS
set -uo pipefail

target="$(cd "${1:?target directory}" && pwd -P)"
kills="${2:-10}"
work="$target/fault-injection"
rm -rf "$work"
mkdir -p "$work"
sabot="$target/sabot/bin/sabot"
# about 6 s of paced job per kill (a run progresses up to ~6 s before its kill), so that every kill finds the job
# still running
events=$((kills * 120000))

cat > "$work/job.sql" <<'SQL'
SET 'execution.checkpointing.interval' = '200 ms';
SET 'state.checkpoints.dir' = '${CHECKPOINTS}';
SET 'pipeline.name' = 'fault-injection';
CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  dateTime TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '${EVENTS}', 'first-event.rate' = '20000',
        'max-emit-speed' = '${FAST}', 'base-time' = '2024-01-01 00:00:00');
CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, top_price BIGINT, avg_price DOUBLE)
WITH ('connector' = 'filesystem', 'path' = '${OUT}', 'format' = 'csv');
INSERT INTO counts
SELECT auction, window_start, COUNT(*), MAX(price), AVG(price)
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
GROUP BY auction, window_start, window_end;
SQL

committed() { # every row of the visible files under $1, sorted
  find "$1" -type f ! -name '.*' -exec cat {} + 2>/dev/null | sed '/^$/d' | LC_ALL=C sort
}

echo "fault injection: reference run ($events bids)"
if ! "$sabot" sql -f "$work/job.sql" -D EVENTS=$events -D FAST=true -D OUT="$work/expected" \
    -D CHECKPOINTS="$work/reference-checkpoints" > "$work/reference.log" 2>&1; then
  echo "  FAIL  the reference run failed:"; cat "$work/reference.log"; exit 1
fi
committed "$work/expected" > "$work/expected.txt"
echo "  reference: $(wc -l < "$work/expected.txt") rows"

killed=0
finished_early=0
attempts=0
while [ "$killed" -lt "$kills" ] && [ "$attempts" -lt $((kills * 2)) ]; do
  attempts=$((attempts + 1))
  "$sabot" sql -f "$work/job.sql" --restore latest -D EVENTS=$events -D FAST=false -D OUT="$work/out" \
    -D CHECKPOINTS="$work/checkpoints" >> "$work/runs.log" 2>&1 &
  pid=$!
  # the container starts in 2-4 s and the paced job runs ~10 s: kill anywhere from its start to well into it
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 3 + (r % 5000) / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then
    killed=$((killed + 1))
  else
    finished_early=$((finished_early + 1))
  fi
  wait "$pid" 2>/dev/null
done
if [ "$killed" -lt "$kills" ]; then
  echo "  FAIL  only $killed of $kills runs were still running at their kill"; exit 1
fi
echo "fault injection: $killed SIGKILLs ($finished_early runs ended before their kill); final run"
if ! "$sabot" sql -f "$work/job.sql" --restore latest -D EVENTS=$events -D FAST=true -D OUT="$work/out" \
    -D CHECKPOINTS="$work/checkpoints" >> "$work/runs.log" 2>&1; then
  echo "  FAIL  the final run failed:"; tail -20 "$work/runs.log"; exit 1
fi
committed "$work/out" > "$work/actual.txt"
restores=$(grep -c 'restoring from' "$work/runs.log")
echo "  $restores runs restored from a checkpoint"
if [ "$restores" -lt 2 ]; then
  echo "  FAIL  fewer than 2 runs restored from a checkpoint: the kills did not exercise recovery"; exit 1
fi
if cmp -s "$work/expected.txt" "$work/actual.txt"; then
  echo "  ok    committed output after $killed kills equals the undisturbed run ($(wc -l < "$work/actual.txt") rows)"
  exit 0
fi
echo "  FAIL  committed output differs from the undisturbed run after $killed kills:"
diff "$work/expected.txt" "$work/actual.txt" | head -20
echo "  missing: $(comm -23 "$work/expected.txt" "$work/actual.txt" | wc -l), extra: $(comm -13 "$work/expected.txt" "$work/actual.txt" | wc -l)"
exit 1
