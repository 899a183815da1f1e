#!/usr/bin/env bash
# Distribution test: uses a copy of target/sabot the way an operator would (bin/sabot start/stop/status, curl).
# Guards: no admin/admin; generated password printed once, stored hashed, plain copy owner-only; console answers;
# hot deploy within 2 s; configuration and password survive a restart. Usage: distribution-test.sh TARGET_DIR
set -uo pipefail

target="$(cd "${1:?target directory}" && pwd -P)"
work="$target/distribution-test"
passed=0
failed=0

check() { # description, then a command that must succeed
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "  ok    $what"
  else
    failed=$((failed + 1))
    echo "  FAIL  $what"
  fi
}

if ! command -v curl >/dev/null 2>&1; then
  echo "distribution test skipped: no curl"
  exit 0
fi

# shellcheck source=test-lib.sh
. "$(dirname "$0")/test-lib.sh"

rm -rf "$work"
mkdir -p "$work"
cp -a "$target/sabot" "$work/sabot"
home="$work/sabot"
rm -rf "$home/data" "$home"/etc/webconsole-*
port="$(free_port)"
url="http://127.0.0.1:$port/system/console"
sabot() { "$home/bin/sabot" "$@" -p "$port"; }
code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$@"; }
bundle_present() { # symbolic name
  curl -s -m 5 -u "admin:$password" "$url/bundles.json" | grep -q "\"symbolicName\":\"$1\""
}
within() { # seconds, command...
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}
trap 'sabot stop >/dev/null 2>&1' EXIT

# The datagen connector starts outside the container: the test hot-deploys it as a user would.
datagen_jar="$(ls "$home"/bundle/sabot-connector-datagen-*.jar)"
mv "$datagen_jar" "$work/sabot-connector-datagen.jar"

# $[env:] references (Config Admin's interpolation plugin): the container gets this process's environment; a job
# declared as configuration reads its input from one variable and writes to the default of an unset one
env_in="$work/env-in"
env_out="$work/env-out"
mkdir -p "$env_in"
for i in $(seq 1 50); do echo "$i,$((i * i))"; done >"$env_in/squares.csv"
export SABOT_DIST_ENV_IN="$env_in"
unset SABOT_DIST_ENV_UNSET

echo "Distribution test in $home, HTTP port $port"
start_out="$(sabot start 2>&1)"
echo "$start_out" | sed 's/password [A-Za-z0-9]*/password ********/; s/^/  | /'
check "first start succeeds" grep -q "Sabot started" <<<"$start_out"
password="$(cat "$home/etc/webconsole-admin.password" 2>/dev/null)"
check "generated password is 20 characters or more" test "${#password}" -ge 20
check "generated password is printed on the first start" grep -qF "password $password" <<<"$start_out"
check "plain password file is rw------- " test "$(stat -c %a "$home/etc/webconsole-admin.password")" = 600
check "credentials file holds no plain password" bash -c "! grep -qF '$password' '$home/etc/webconsole-credentials.properties'"
check "credentials file holds a salted sha-256 hash" grep -q '^felix.webconsole.password={sha-256}[0-9a-f]\{16\}-' "$home/etc/webconsole-credentials.properties"
check "status says running" bash -c "'$home/bin/sabot' status >/dev/null"
check "jobs: reaches the background container through its control channel" bash -c \
  "'$home/bin/sabot' jobs | grep -q '^Container pid [0-9]* (container, port $port):'"
check "console without credentials: 401" test "$(code "$url")" = 401
check "console with admin/admin: 401" test "$(code -u admin:admin "$url")" = 401
check "console with the generated password: 200/302" grep -qE '^(200|302)$' <<<"$(code -u "admin:$password" "$url")"
# health: the /health servlet of the runtime's checks, and bin/sabot health reading it through the run file
check "/health without credentials: 401" test "$(code "http://127.0.0.1:$port/health")" = 401
check "/health answers 200 while nothing is unhealthy" test "$(code -u "admin:$password" "http://127.0.0.1:$port/health")" = 200
check "/health answers JSON saying healthy" bash -c \
  "curl -s -m 5 -u 'admin:$password' 'http://127.0.0.1:$port/health' | grep -q '\"healthy\" *: *true'"
check "bin/sabot health exits 0 and prints the verdict" bash -c \
  "out=\"\$('$home/bin/sabot' health)\" && grep -q 'healthy (' <<<\"\$out\""
check "Jetty listens on 127.0.0.1 only" bash -c "! ss -ltn 2>/dev/null | grep -E ':$port\\b' | grep -vqE '127\\.0\\.0\\.1|::ffff:127\\.0\\.0\\.1'"

# a job declared as configuration whose paths are $[env:] references (docs/secrets-and-environments.md)
cat >"$home/deploy/io.sabot.job-envprobe.cfg" <<'CFG'
sql = CREATE TABLE sq (n BIGINT, sq BIGINT) WITH ('connector' = 'filesystem', 'path' = '$[env:SABOT_DIST_ENV_IN]', 'format' = 'csv'); \
  CREATE TABLE squares (n BIGINT, sq BIGINT) WITH ('connector' = 'filesystem', 'path' = '$[env:SABOT_DIST_ENV_UNSET;default=ENV_OUT]', 'format' = 'csv'); \
  INSERT INTO squares SELECT n, sq FROM sq;
CFG
sed -i "s|ENV_OUT|$env_out|" "$home/deploy/io.sabot.job-envprobe.cfg"
env_rows() { cat "$env_out"/* 2>/dev/null | sort -t, -k1n; }
env_job_wrote() { [ "$(env_rows | tr '\n' ' ')" = "$(sort -t, -k1n "$env_in/squares.csv" | tr '\n' ' ')" ]; }
check "env: a job declared as configuration reads \$[env:NAME] and writes to \$[env:UNSET;default=…]" within 60 env_job_wrote
check "env: the configuration file still holds the references" grep -qF '$[env:SABOT_DIST_ENV_IN]' "$home/deploy/io.sabot.job-envprobe.cfg"
rm -f "$home/deploy/io.sabot.job-envprobe.cfg"

# metrics: the distribution configures the prometheus and jmx exporters (etc/io.sabot.metrics.exporter-*.cfg)
scrape() { curl -s -m 5 -u "admin:$password" "http://127.0.0.1:$port/metrics"; }
both_exporters_running() { scrape | grep -qE '^sabot_exporters_running\{node="[^"]+"\} 2$'; }
check "metrics: /metrics answers with sabot_ metrics, the prometheus and jmx exporters running" within 30 both_exporters_running
check "metrics: /metrics without credentials: 401" test "$(code "http://127.0.0.1:$port/metrics")" = 401
check "metrics: /metrics is in the Prometheus text format (TYPE lines, version 0.0.4)" bash -c \
  "curl -s -m 5 -u 'admin:$password' -D - 'http://127.0.0.1:$port/metrics' | grep -qi '^content-type: text/plain; *version=0.0.4' &&
   curl -s -m 5 -u 'admin:$password' 'http://127.0.0.1:$port/metrics' | grep -qx '# TYPE sabot_exporters_failed gauge'"

# hot deploy: a minimal bundle made here
mkdir -p "$work/hot"
printf 'Bundle-ManifestVersion: 2\nBundle-SymbolicName: sabot.distribution.test\nBundle-Version: 1.0.0\n' >"$work/hot/MANIFEST.MF"
(cd "$work/hot" && jar cfm hot.jar MANIFEST.MF)
cp "$work/hot/hot.jar" "$home/deploy/hot.jar"
check "a jar dropped into deploy/ is installed within 2 s" within 2 bundle_present sabot.distribution.test
rm -f "$home/deploy/hot.jar"
check "a jar deleted from deploy/ is uninstalled within 2 s" within 2 bash -c "! curl -s -m 5 -u 'admin:$password' '$url/bundles.json' | grep -q sabot.distribution.test"

# hot deploy of a connector: its factory appears on (and vanishes from) the Sabot console page
plugins_json() { curl -s -m 5 -u "admin:$password" "$url/sabot/plugins.json"; }
datagen_listed() { plugins_json | grep -q '"identifier" : "datagen"'; }
datagen_gone() { plugins_json | grep -q '"plugins"' && ! datagen_listed; }
# the page registers once the runtime bundle is active; a loaded machine starting nine connector bundles takes a while
check "the Sabot page answers and lists no datagen before it is deployed" within 30 datagen_gone
cp "$work/sabot-connector-datagen.jar" "$home/deploy/"
check "a connector dropped into deploy/ is on the Sabot page within 2 s" within 2 datagen_listed
check "the Sabot page shows the connector's options" bash -c \
  "curl -s -m 5 -u 'admin:$password' '$url/sabot' | grep -q \"<code>rows-per-second</code>\""
# the same page as a person sees it: headless Chromium renders it inside the console frame
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [ -n "$chromium_bin" ]; then
  browse() { # chromium option, url
    timeout 60 "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$(mktemp -d)" --window-size=1400,1100 "$@" 2>/dev/null
  }
  page="$(browse --dump-dom "http://admin:$password@127.0.0.1:$port/system/console/sabot")"
  check "Chromium: the console frames the Sabot page" grep -q 'Apache Felix Web Console' <<<"$page"
  lists_datagen() { grep -q 'data-identifier="datagen"' <<<"$page" && grep -q 'rows-per-second' <<<"$page"; }
  check "Chromium: the page lists datagen with its options" lists_datagen
  check "Chromium: without credentials the console is not shown" bash -c \
    "! grep -q 'data-identifier' <<<\"\$(timeout 60 '$chromium_bin' --headless --no-sandbox --disable-gpu \
    --no-first-run --disable-background-networking --user-data-dir=\$(mktemp -d) --dump-dom '$url/sabot' 2>/dev/null)\""
  browse --screenshot="$work/sabot-page.png" "http://admin:$password@127.0.0.1:$port/system/console/sabot" >/dev/null
  check "Chromium: screenshot of the Sabot page ($work/sabot-page.png)" test -s "$work/sabot-page.png"
elif [ "${CI:-}" = "true" ]; then
  check "Chromium is installed for the browser checks (.ci/run installs it)" false
else
  echo "  skip  browser checks: no chromium (apt-get install chromium)"
fi
# the HTTP API and the client commands (docs/http-api.md), against the background container, datagen deployed
api="http://127.0.0.1:$port/sabot/api/v1"
cli() { SABOT_PASSWORD="$password" "$home/bin/sabot" "$@" --server "http://127.0.0.1:$port"; }
check "api: 401 without credentials" test "$(code "$api/jobs")" = 401
check "api: 401 with admin/admin" test "$(code -u admin:admin "$api/jobs")" = 401
check "api: 200 with the generated password" test "$(code -u "admin:$password" "$api/jobs")" = 200
cat >"$work/api-job.sql" <<'SQL'
CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '500');
CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO sink SELECT id FROM gen;
SQL
submit_out="$(cli submit -f "$work/api-job.sql" --name api-job 2>&1)"
echo "$submit_out" | sed 's/^/  | /'
api_job="$(sed -n 's/^Submitted \(job-[0-9]*\) (api-job): RUNNING$/\1/p' <<<"$submit_out")"
check "api: bin/sabot submit starts the job" test -n "$api_job"
rows_in() { cli status "$api_job" 2>/dev/null | sed -n 's/^rowsIn: *\([0-9]*\)$/\1/p'; }
rows_growing() { local a b; a="$(rows_in)"; sleep 0.5; b="$(rows_in)"; [ -n "$a" ] && [ "${b:-0}" -gt "$a" ]; }
check "api: bin/sabot status shows its rows increasing" within 30 rows_growing
check "api: bin/sabot list shows it running" bash -c "grep -qE '^$api_job +api-job +RUNNING ' <<<\"\$(SABOT_PASSWORD='$password' '$home/bin/sabot' list --server http://127.0.0.1:$port)\""
savepoint_api="$(cli savepoint api-job "$work/api-savepoints" 2>&1)"
check "api: bin/sabot savepoint --server takes a savepoint" bash -c \
  "f=\"\$(sed -n 's/^Savepoint \(.*\) (id .*/\1/p' <<<\"\$1\")\" && test -f \"\$f/_metadata.json\"" _ "$savepoint_api"
check "api: bin/sabot plugins lists datagen" bash -c "cli() { SABOT_PASSWORD='$password' '$home/bin/sabot' plugins --server http://127.0.0.1:$port; }; cli | grep -qE '^connector +datagen +ACTIVE'"
check "api: bin/sabot cancel cancels it" bash -c "SABOT_PASSWORD='$password' '$home/bin/sabot' cancel $api_job --server http://127.0.0.1:$port | grep -qx 'Cancelling $api_job.'"
canceled() { cli status "$api_job" 2>/dev/null | grep -qE '^state: +CANCELED$'; }
check "api: the job ends CANCELED" within 30 canceled
check "api: a wrong password exits 1 naming the 401" bash -c \
  "out=\"\$(SABOT_PASSWORD=wrong '$home/bin/sabot' list --server http://127.0.0.1:$port 2>&1)\"; test \$? = 1 && grep -q 'HTTP 401' <<<\"\$out\""
bad_api="$(cli submit -e "$(printf 'CREATE TABLE t (id BIGINT) WITH (%s);\nINSERT INTO t SELEC 1' "'connector' = 'datagen'")" 2>&1)"
check "api: bad SQL exits 1 naming line and column" bash -c "grep -q 'line 2, column' <<<\"\$1\"" _ "$bad_api"
token_out="$("$home/bin/sabot" token dist-test)"
token="$(sed -n 's/^API token dist-test (role admin): \(sabot_[A-Za-z0-9_-]*\)$/\1/p' <<<"$token_out")"
token_works() { test "$(code -H "Authorization: Bearer $token" "$api/jobs")" = 200; }
check "api: a token made by bin/sabot token works within 5 s" within 5 token_works
"$home/bin/sabot" token dist-test --delete >/dev/null
token_refused() { test "$(code -H "Authorization: Bearer $token" "$api/jobs")" = 401; }
check "api: a deleted token is refused within 5 s" within 5 token_refused

rm -f "$home/deploy/sabot-connector-datagen.jar"
check "a connector deleted from deploy/ leaves the Sabot page within 2 s" within 2 datagen_gone

# a configuration made in the console; posted again until it shows: right after a bundle is uninstalled, Felix
# MetaType may still list it and the console's POST fails with "The bundle is uninstalled" (seen in CI)
configured() { curl -s -m 5 -u "admin:$password" "$url/status-Configurations.txt" | grep -q 'probe = survives'; }
configure() {
  curl -s -o /dev/null -m 5 -u "admin:$password" -X POST \
    -d 'apply=true&action=ajaxConfigManager&propertylist=probe&probe=survives&$location=' \
    "$url/configMgr/sabot.distribution.test"
  configured
}
check "configuration made in the console" within 10 configure

stop_out="$(sabot stop 2>&1)"
check "stop is clean" grep -q "Sabot stopped" <<<"$stop_out"
check "status says not running (exit code 3)" bash -c "'$home/bin/sabot' status >/dev/null; test \$? = 3"
hash_before="$(md5sum <"$home/etc/webconsole-credentials.properties")"
restart_out="$(sabot start 2>&1)"
check "second start succeeds" grep -q "Sabot started" <<<"$restart_out"
check "second start prints no password" bash -c "! grep -qi 'password' <<<'$restart_out'"
check "stored hash unchanged" test "$hash_before" = "$(md5sum <"$home/etc/webconsole-credentials.properties")"
check "same password still works" grep -qE '^(200|302)$' <<<"$(code -u "admin:$password" "$url")"
check "configuration survived the restart" configured
check "the log never shows the password" bash -c "! grep -qF '$password' '$home'/data/log/sabot.log*"
check "the log never shows the API token" bash -c "! grep -qF '$token' '$home'/data/log/sabot.log*"
check "console refuses while a background instance runs" bash -c "! '$home/bin/sabot' console -p $port </dev/null >/dev/null 2>&1"
check "second stop is clean" grep -q "Sabot stopped" <<<"$(sabot stop 2>&1)"

# bin/sabot sql: runs a script in a container of its own (its own bundle cache, a free port), as a user would,
# with the distribution's bundles as shipped (datagen back in bundle/)
cp "$work/sabot-connector-datagen.jar" "$home/bundle/"
sql_out="$("$home/bin/sabot" sql -f "$home/examples/sql/trades_per_hour.sql" -D ROWS=5000 --out "$work/trades.csv" 2>&1)"
sql_code=$?
check "sql: the example runs and writes its result (exit 0)" test "$sql_code" = 0
check "sql: the CSV has the header and every trade counted once" bash -c \
  "head -1 '$work/trades.csv' | grep -qx 'symbol,window_start,trades,volume,avg_price' &&
   test \"\$(tail -n +2 '$work/trades.csv' | awk -F, '{s+=\$3} END {print s}')\" = 5000"
table_out="$("$home/bin/sabot" sql -f "$home/examples/sql/trades_per_hour.sql" -D ROWS=2000 -p 2 2>&1)"
check "sql: prints result batches as a table at parallelism 2" grep -qE '^\| \+I +\| [0-9a-f] +\| 2024-01-01 00:00:00.000' <<<"$table_out"
bad_out="$("$home/bin/sabot" sql -e 'SELEC 1' 2>&1)"
bad_code=$?
check "sql: a syntax error exits 1 naming line and column" bash -c \
  "test $bad_code = 1 && grep -q 'line 1, column 1' <<<\"\$1\"" _ "$bad_out"

failed_out="$("$home/bin/sabot" sql -e "CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
INSERT INTO sink SELECT CAST(s AS INT) FROM (VALUES ('1'), ('x')) AS t(s);
SELECT 'not reached';" 2>&1)"
failed_code=$?
check "sql: a job failing at run time exits 1 naming the job and the cause; the rest of the script does not run" \
  bash -c "test $failed_code = 1 && grep -q 'job-1 failed: .*x' <<<\"\$1\" && ! grep -q 'not reached' <<<\"\$1\"" \
  _ "$failed_out"

rm -f "$home/bundle/sabot-connector-datagen.jar"

# error handlers as shipped (feature errors): a json file with two bad lines, read with the dead-letter handler into a
# dead-letter directory; the good rows are counted, each bad line is a dead letter with its line number
dl="$work/dead-letters"
mkdir -p "$dl/in"
printf '%s\n' '{"id":1,"n":10}' '{"id":2,"n":' '{"id":3,"n":30}' '{"id":"four","n":40}' '{"id":5,"n":50}' >"$dl/in/rows.json"
cat >"$dl/job.sql" <<SQL
CREATE TABLE rows_in (id BIGINT, n BIGINT)
WITH ('connector' = 'filesystem', 'path' = '$dl/in', 'format' = 'json', 'error.handler' = 'dead-letter',
      'error.dead-letter.connector' = 'filesystem', 'error.dead-letter.path' = '$dl/dlq');
SELECT COUNT(*) AS good, SUM(n) AS total FROM rows_in;
SQL
dl_out="$("$home/bin/sabot" sql -f "$dl/job.sql" --out "$dl/result.csv" 2>&1)"
dl_code=$?
check "errors: a job with the dead-letter handler runs over bad lines (exit 0)" test "$dl_code" = 0
check "errors: the good rows are counted" bash -c "tail -1 '$dl/result.csv' | grep -qx '3,90'"
check "errors: each bad line is a dead letter with its line number" bash -c \
  "test \"\$(cat '$dl'/dlq/*.jsonl | grep -o '\"position\":\"line [0-9]*\"' | sort | tr -d '\\n')\" = \
   '\"position\":\"line 2\"\"position\":\"line 4\"'"
if [ "$dl_code" != 0 ]; then echo "$dl_out" | tail -20 | sed 's/^/  | /'; fi

# savepoints across processes: a long job in a background 'bin/sabot sql' (parallelism 2), reached through its control
# channel by 'bin/sabot jobs', 'savepoint' and 'stop', then finished by 'sql --restore <savepoint>' at parallelism 1;
# the committed output must equal an undisturbed run's
sp="$work/savepoints"
mkdir -p "$sp"
cat >"$sp/job.sql" <<'SQL'
SET 'pipeline.name' = 'bids-per-second';
CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  dateTime TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '600000', 'first-event.rate' = '20000',
        'max-emit-speed' = '${FAST}', 'base-time' = '2024-01-01 00:00:00');
CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, top_price BIGINT, avg_price DOUBLE)
WITH ('connector' = 'filesystem', 'path' = '${OUT}', 'format' = 'csv');
INSERT INTO counts
SELECT auction, window_start, COUNT(*), MAX(price), AVG(price)
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
GROUP BY auction, window_start, window_end;
SQL
committed() { find "$1" -type f ! -name '.*' -exec cat {} + 2>/dev/null | sed '/^$/d' | LC_ALL=C sort; }
"$home/bin/sabot" sql -f "$sp/job.sql" -D FAST=true -D OUT="$sp/expected" >"$sp/reference.log" 2>&1
committed "$sp/expected" >"$sp/expected.txt"
check "savepoint: the reference run has output" test -s "$sp/expected.txt"
"$home/bin/sabot" sql -f "$sp/job.sql" -p 2 -D FAST=false -D OUT="$sp/out" >"$sp/run.log" 2>&1 &
sql_pid=$!
job_running() { "$home/bin/sabot" jobs 2>/dev/null | grep -q '^job-1 *RUNNING'; }
check "jobs: lists the running job of a 'bin/sabot sql' process" within 60 job_running
check "jobs: the control channel's run file is owner-only" bash -c \
  "test \"\$(stat -c %a '$home'/data/run/*.json | sort -u)\" = 600 && test \"\$(stat -c %a '$home/data/run')\" = 700"
control_port() { sed -n 's/.*"port": *\([0-9]*\).*/\1/p' "$home"/data/run/*.json | head -1; }
check "jobs: the control channel refuses a wrong token" test "$(curl -s -o /dev/null -w '%{http_code}' \
  -H 'Authorization: Bearer 00' "http://127.0.0.1:$(control_port)/sabot/control/v0/jobs")" = 401
sleep 3 # some windows fire and are written before the savepoint
savepoint_out="$("$home/bin/sabot" savepoint job-1 "$sp/taken" 2>&1)"
echo "$savepoint_out" | sed 's/^/  | /'
first="$(sed -n 's/^Savepoint \(.*\) (id .*/\1/p' <<<"$savepoint_out")"
check "savepoint: writes a savepoint of the running job" test -f "$first/_metadata.json"
check "savepoint: its metadata marks it as a savepoint" grep -q '"savepoint" *: *true' "$first/_metadata.json"
sleep 1
stop_out="$("$home/bin/sabot" stop bids-per-second --savepoint "$sp/taken" 2>&1)"
echo "$stop_out" | sed 's/^/  | /'
final="$(sed -n 's/^Stopped .* with savepoint \(.*\) (id .*/\1/p' <<<"$stop_out")"
check "stop: stops the job with a savepoint (by pipeline.name)" test -f "$final/_metadata.json"
ended() { ! [ -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status"; } # gone, or a zombie to wait for
check "stop: the 'sql' process ends by itself" within 30 ended "$sql_pid"
wait "$sql_pid"
sql_code=$?
check "stop: the 'sql' process exits 0 and says the job was stopped" bash -c \
  "test $sql_code = 0 && grep -q 'stopped with a savepoint' '$sp/run.log'"
check "stop: its run file is gone" bash -c "! ls '$home'/data/run/*.json >/dev/null 2>&1"
committed "$sp/out" >"$sp/partial.txt"
check "stop: part of the output was committed" test "$(wc -l <"$sp/partial.txt")" -lt "$(wc -l <"$sp/expected.txt")"
check "savepoint of a job no container has: refused (exit 1)" bash -c "! '$home/bin/sabot' savepoint job-1 >/dev/null 2>&1"
"$home/bin/sabot" sql -f "$sp/job.sql" --restore "$final" -p 1 -D FAST=true -D OUT="$sp/out" >"$sp/restore.log" 2>&1
committed "$sp/out" >"$sp/actual.txt"
check "restore: the savepoint taken at parallelism 2 finishes at 1 with the undisturbed output" \
  cmp -s "$sp/expected.txt" "$sp/actual.txt"
mkdir -p "$sp/not-a-savepoint" && touch "$sp/not-a-savepoint/keep"
check "dispose: refuses a directory that is not a savepoint" bash -c \
  "! '$home/bin/sabot' savepoint --dispose '$sp/not-a-savepoint' 2>/dev/null && test -f '$sp/not-a-savepoint/keep'"
check "dispose: deletes a savepoint" bash -c "'$home/bin/sabot' savepoint --dispose '$first' >/dev/null && ! test -e '$first'"

# the Gogo shell in the foreground, driven through its standard input (datagen hot-deployed again)
cp "$work/sabot-connector-datagen.jar" "$home/deploy/"
# asked every 2 s for 30 s: a loaded machine may take longer than a fixed pause to register the commands
console_out="$( (for _ in $(seq 1 15); do sleep 2; echo 'sabot:connectors'; done; echo 'stop 0') |
  timeout 90 "$home/bin/sabot" console -p "$port" 2>&1)"
check "console: sabot:connectors lists the connectors" \
  grep -qE '^connector +datagen +source +io.sabot.connector.datagen' <<<"$console_out"
rm -f "$home/deploy/sabot-connector-datagen.jar"
check "console: quiet logging keeps the shell readable" bash -c "! grep -q ' INFO : ' <<<\"\$1\"" _ "$console_out"
trap - EXIT

echo "distribution test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
