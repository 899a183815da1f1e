#!/usr/bin/env bash
# A job declared as configuration (deploy/io.sabot.job-windows.cfg) in a long-lived container started with
# bin/sabot start: the container is killed with SIGKILL at random moments KILLS times and started again; the job
# resumes by itself from its latest checkpoint each time. Its committed output must equal, as a multiset, that of an
# undisturbed run of the same job. Usage: managed-job-restart.sh TARGET_DIR KILLS
set -uo pipefail

target="$(cd "${1:?target directory}" && pwd -P)"
kills="${2:-3}"
work="$target/managed-job-restart"
rm -rf "$work"
mkdir -p "$work"
cp -a "$target/sabot" "$work/sabot"
home="$work/sabot"
rm -rf "$home/data" "$home"/etc/webconsole-*
events=$(((kills + 1) * 100000)) # ~5 s of paced job per kill at 20,000 events/s

# shellcheck source=test-lib.sh
. "$(dirname "$0")/test-lib.sh"
port="$(free_port)"
trap '"$home/bin/sabot" stop -p "$port" >/dev/null 2>&1' EXIT

echo "managed job restart: reference run ($events bids)"
windowed_job "$events" true "$work/expected" "$work/reference-checkpoints" > "$work/reference.sql"
if ! "$home/bin/sabot" sql -f "$work/reference.sql" > "$work/reference.log" 2>&1; then
  echo "  FAIL  the reference run failed:"; cat "$work/reference.log"; exit 1
fi
committed "$work/expected" > "$work/expected.txt"
echo "  reference: $(wc -l < "$work/expected.txt") rows"

windowed_job "$events" false "$work/out" "$work/checkpoints" > "$work/job.sql"
printf 'sql.file = %s\n' "$work/job.sql" > "$home/deploy/io.sabot.job-windows.cfg"

killed=0
for _ in $(seq 1 "$kills"); do
  if ! "$home/bin/sabot" start -p "$port" >> "$work/starts.log" 2>&1; then
    echo "  FAIL  the container did not start:"; tail -20 "$work/starts.log"; exit 1
  fi
  pid="$(tr -dc '0-9' < "$home/data/sabot.pid")"
  deadline=$((SECONDS + 60))
  # the job's submission reports where it starts from: a checkpoint, or the beginning
  until grep -Eq "sabot: job windows: (restoring from|no checkpoint to restore)" "$home/data/log/sabot.log"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "  FAIL  the declared job did not start:"; grep -v '^org\.' "$home/data/log/sabot.log" | tail -20; exit 1
    fi
    sleep 0.1
  done
  # kill anywhere in the next 1-4 s of the job's run (each run gets ~5 s of paced input)
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 1 + (r % 3000) / 1000 }')"
  if grep -q "sabot: job windows: finished" "$home/data/log/sabot.log"; then
    echo "  FAIL  the job finished before kill $((killed + 1)): make it longer"; exit 1
  fi
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  killed=$((killed + 1))
  cat "$home/data/log/sabot.log" >> "$work/container.log"
done
echo "managed job restart: $killed SIGKILLs of the container; final start"
"$home/bin/sabot" start -p "$port" >> "$work/starts.log" 2>&1 || { echo "  FAIL  final start"; exit 1; }
deadline=$((SECONDS + 180))
until grep -q "sabot: job windows: finished" "$home/data/log/sabot.log"; do
  if [ "$SECONDS" -ge "$deadline" ] || grep -q "sabot: job windows: failed" "$home/data/log/sabot.log"; then
    echo "  FAIL  the job did not finish after the last start:"; grep "sabot: job" "$home/data/log/sabot.log"; exit 1
  fi
  sleep 0.5
done
cat "$home/data/log/sabot.log" >> "$work/container.log"
"$home/bin/sabot" stop -p "$port" > /dev/null 2>&1
committed "$work/out" > "$work/actual.txt"
restores=$(grep -c "sabot: job windows: .*restoring from" "$work/container.log")
echo "  $restores starts restored from a checkpoint"
if [ "$restores" -lt 1 ]; then
  echo "  FAIL  no start restored from a checkpoint: the kills did not exercise recovery"
  grep "sabot: job" "$work/container.log"; exit 1
fi
if cmp -s "$work/expected.txt" "$work/actual.txt"; then
  echo "  ok    committed output after $killed container kills equals the undisturbed run ($(wc -l < "$work/actual.txt") rows)"
  exit 0
fi
echo "  FAIL  committed output differs from the undisturbed run after $killed container kills:"
diff "$work/expected.txt" "$work/actual.txt" | head -20
echo "  missing: $(comm -23 "$work/expected.txt" "$work/actual.txt" | wc -l), extra: $(comm -13 "$work/expected.txt" "$work/actual.txt" | wc -l)"
exit 1
