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

# shellcheck source=test-lib.sh
. "$(dirname "$0")/test-lib.sh"
windowed_job "$events" true "$work/expected" "$work/reference-checkpoints" fault-injection > "$work/reference.sql"
windowed_job "$events" false "$work/out" "$work/checkpoints" fault-injection > "$work/job.sql"
windowed_job "$events" true "$work/out" "$work/checkpoints" fault-injection > "$work/final.sql"

echo "fault injection: reference run ($events bids)"
if ! "$sabot" sql -f "$work/reference.sql" > "$work/reference.log" 2>&1; then
  echo "  FAIL  the reference run failed:"; cat "$work/reference.log"; exit 1
fi
committed "$work/expected" > "$work/expected.txt"
echo "  reference: $(wc -l < "$work/expected.txt") rows"

killed=0
finished_early=0
attempts=0
while [ "$killed" -lt "$kills" ] && [ "$attempts" -lt $((kills * 2)) ]; do
  attempts=$((attempts + 1))
  log="$work/run-$attempts.log"
  "$sabot" sql -f "$work/job.sql" --restore latest > "$log" 2>&1 &
  pid=$!
  # wait until the job is submitted (it says where it starts from), then kill it 0.5-4.5 s into its ~6 s run
  deadline=$((SECONDS + 60))
  until grep -Eqs "restoring from|no checkpoint to restore" "$log" || ! kill -0 "$pid" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.1
  done
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.5 + (r % 4000) / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then
    killed=$((killed + 1))
  else
    finished_early=$((finished_early + 1))
  fi
  wait "$pid" 2>/dev/null
  cat "$log" >> "$work/runs.log"
done
if [ "$killed" -lt "$kills" ]; then
  echo "  FAIL  only $killed of $kills runs were still running at their kill"; exit 1
fi
echo "fault injection: $killed SIGKILLs ($finished_early runs ended before their kill); final run"
if ! "$sabot" sql -f "$work/final.sql" --restore latest >> "$work/runs.log" 2>&1; then
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
