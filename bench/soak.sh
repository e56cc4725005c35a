#!/usr/bin/env bash
# Load-and-reload soak: vertx-assets under the mixed workload while its index is rebuilt and
# swapped again and again and clients walk away in the middle of bodies.
#
#   bench/soak.sh                                         60 s, 256 connections, 100 reloads (~2 minutes with the build)
#   DURATION=20 RELOADS=30 CONNECTIONS=64 bench/soak.sh   a shorter one
#
# Installs what it lacks from Debian's packages (wrk, brotli, curl), builds the project with
# -Pbench, assembles the fixture of bench/run.sh, and serves it with SoakServer: AssetsVerticle
# deployed as `serve` deploys it, which on a line of its standard input changes the site and
# reloads the index through the verticle's event-bus address, checking after each reply that the
# new index serves. Then, for DURATION seconds at once: wrk on the mixed workload (every file in
# turn, Accept-Encoding: br;q=1, gzip;q=0.8) counting answers by status class; RELOADS reloads
# spread over the run; Disconnector clients that ask for the largest file and close after a few
# KiB. Before (after a warm-up) and after (once idle): the server's open file descriptors, its
# heap after full GCs, its direct buffers, the AssetIndex objects alive, its RSS. Prints a table
# (also written to $BENCH_DIR/soak/results.md) and exits 1 if an acceptance condition fails:
# a failed request, an answer other than 2xx/3xx, a failed reload or disconnecting client, a
# wrong answer after the soak, a warning in the server's log, descriptors or heap grown beyond
# their tolerance. Traffic goes to 127.0.0.1 only; every step is bounded in time; every process
# it starts is stopped on exit, failure or Ctrl-C. See BENCHMARKS.md, "Soak".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=soak
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, JAR, the fixture, log, check_url

DURATION=${DURATION:-60}                # seconds of load, reloads and disconnecting clients
CONNECTIONS=${CONNECTIONS:-256}         # wrk connections (HTTP/1.1 keep-alive)
WRK_THREADS=${WRK_THREADS:-1}           # wrk threads
TIMEOUT=${TIMEOUT:-5}                   # seconds after which wrk counts a request as timed out (a failure)
RELOADS=${RELOADS:-100}                 # reloads, spread evenly over DURATION
DISCONNECTS=${DISCONNECTS:-20}          # disconnecting clients per second ...
DISCONNECTS_TOTAL=${DISCONNECTS_TOTAL:-}  # ... or in all, for the run and again for the warm-up (overrides DISCONNECTS)
WARMUP=${WARMUP:-10}                    # seconds of the same load (and WARMUP_RELOADS reloads) before the "before" figures
WARMUP_RELOADS=${WARMUP_RELOADS:-2}
PORT=${PORT:-18190}
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}   # as bench/run.sh's servers
ASSETS_ARGS=${ASSETS_ARGS:-}            # extra flags of serve, e.g. "--memory-max-file-size 0"
FD_TOLERANCE=${FD_TOLERANCE:-4}         # descriptors the server may hold after the soak beyond those before
HEAP_TOLERANCE_KIB=${HEAP_TOLERANCE_KIB:-2048}  # heap (and direct buffers) after may exceed before by this ...
HEAP_TOLERANCE_PCT=${HEAP_TOLERANCE_PCT:-10}    # ... or by this % of before, whichever is more
FD_SETTLE_MAX=${FD_SETTLE_MAX:-30}      # seconds to wait for the idle server's descriptor count to settle
WORK=$BENCH_DIR/soak
SITE=$WORK/site
FIXTURE_CACHE=$BENCH_DIR                # the npm tarballs are shared with bench/run.sh
PATHS=$WORK/paths.txt
TMP=$WORK/tmp
BASE=http://127.0.0.1:$PORT

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  need_java_mvn
  command -v jcmd >/dev/null || log "no jcmd on the PATH (a JDK's): the AssetIndex objects alive will not be counted"
}

# ---------------------------------------------------------------------------------------------
# Processes: all started here, all stopped on exit
# ---------------------------------------------------------------------------------------------
SERVER_PID=""
CHILDREN=()
stop_all() {
  local p
  for p in "${CHILDREN[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    { echo quit >&3; } 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  for p in "${CHILDREN[@]}" $SERVER_PID; do wait "$p" 2>/dev/null || true; done
  exec 3>&-
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# send COMMAND: one line to the soak server.
send() { echo "$*" >&3; }

# wait_lines PATTERN N SECONDS: waits until the soak server has printed N lines matching PATTERN.
wait_lines() {
  local pattern=$1 n=$2 deadline=$((SECONDS + $3))
  while (($(grep -c -- "$pattern" "$WORK/server.out" || true) < n)); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the soak server exited; its log: $(tail -n 20 "$WORK/server.log")"
    ((SECONDS < deadline)) || die "no '$pattern' from the soak server within $3 s"
    sleep 0.2
  done
}

HEAPS=0
# Set by measure, for START, BEFORE and AFTER.
FD_START=0 FD_BEFORE=0 FD_AFTER=0 HEAP_START=0 HEAP_BEFORE=0 HEAP_AFTER=0 DIRECT_BEFORE=0 DIRECT_AFTER=0
RSS_START=0 RSS_BEFORE=0 RSS_AFTER=0 CUT_BEFORE=0 CUT_AFTER=0 INDEXES_BEFORE="?" INDEXES_AFTER="?" FDS_BEFORE="" FDS_AFTER=""
# measure NAME: once the server is idle, sets FD_<NAME> (settled), FDS_<NAME> (kinds), HEAP_<NAME>,
# DIRECT_<NAME>, INDEXES_<NAME>, RSS_<NAME> (KiB).
measure() {
  local name=$1 fds last="" same=0 deadline=$((SECONDS + FD_SETTLE_MAX))
  # The count settles once the connections of the load are closed: 3 equal readings a second apart.
  while :; do
    fds=$(find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    if [[ $fds == "$last" ]]; then same=$((same + 1)); else same=0; last=$fds; fi
    ((same >= 2)) && break
    if ((SECONDS >= deadline)); then log "the descriptor count did not settle within ${FD_SETTLE_MAX}s; last: $fds"; break; fi
    sleep 1
  done
  printf -v "FD_$name" '%s' "$fds"
  printf -v "FDS_$name" '%s' "$(fd_kinds)"
  HEAPS=$((HEAPS + 1))
  send heap
  wait_lines '^SOAK heap ' "$HEAPS" 60
  local line
  line=$(grep '^SOAK heap ' "$WORK/server.out" | tail -n 1)
  printf -v "HEAP_$name" '%s' "$(sed -E 's/.* used=([0-9]+).*/\1/' <<<"$line")"
  printf -v "DIRECT_$name" '%s' "$(sed -E 's/.* direct_bytes=([0-9]+).*/\1/' <<<"$line")"
  printf -v "CUT_$name" '%s' "$(sed -E 's/.* sends_ended_early=([0-9]+).*/\1/' <<<"$line")"
  printf -v "INDEXES_$name" '%s' "$(live_indexes)"
  printf -v "RSS_$name" '%s' "$(awk '/^VmRSS:/{print $2}' "/proc/$SERVER_PID/status")"
  local f=FD_$name k=FDS_$name h=HEAP_$name d=DIRECT_$name i=INDEXES_$name r=RSS_$name
  log "$name: ${!f} descriptors (${!k}), heap used after GC $(mib "${!h}"), direct buffers $(mib "${!d}")," \
    "AssetIndex objects alive: ${!i}, RSS $(mib $((${!r} * 1024)))"
}

# The server's descriptors by kind: sockets, files of the site, deleted files, others.
fd_kinds() {
  find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null | awk -v site="$SITE/" '
    /^socket:/ {s++; next}
    / \(deleted\)$/ {d++; next}
    index($0, site) == 1 {f++; next}
    {o++}
    END {printf "%d sockets, %d files of the site, %d deleted files, %d others", s, f, d, o}'
}

# The AssetIndex objects alive after a full GC (jcmd's class histogram counts live objects only).
live_indexes() {
  command -v jcmd >/dev/null || { echo "?"; return; }
  timeout 60 jcmd "$SERVER_PID" GC.class_histogram 2>/dev/null \
    | awk '$4 == "org.vertxassets.AssetIndex" {n = $2} END {print n + 0}' || echo "?"
}

mib() { awk -v b="$1" 'BEGIN{printf "%.1f MiB", b / 1048576}'; }

# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------
write_lua() {
  # wrk's socket errors are in summary.errors; response() counts every answer by status class
  # in each thread, and done() adds the threads up.
  {
    mixed_lua
    cat <<'EOF'
local threads = {}
setup = function(thread) table.insert(threads, thread) end
c1, c2, c3, c4, c5, cx = 0, 0, 0, 0, 0, 0
response = function(status, headers, body)
  if status >= 200 and status < 300 then c2 = c2 + 1
  elseif status >= 300 and status < 400 then c3 = c3 + 1
  elseif status >= 400 and status < 500 then c4 = c4 + 1
  elseif status >= 500 and status < 600 then c5 = c5 + 1
  elseif status >= 100 and status < 200 then c1 = c1 + 1
  else cx = cx + 1 end
end
done = function(summary, latency, requests)
  local t = {c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, cx = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%.0f duration_us=%.0f bytes=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f"
    .. " s1xx=%.0f s2xx=%.0f s3xx=%.0f s4xx=%.0f s5xx=%.0f other=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    t.c1, t.c2, t.c3, t.c4, t.c5, t.cx, latency:percentile(50), latency:percentile(99), latency.max))
end
EOF
  } >"$WORK/soak.lua"
}

# load NAME SECONDS RELOADS: wrk, the disconnecting clients and the reloads at once, for SECONDS.
load() {
  local name=$1 secs=$2 reloads=$3 rate=$DISCONNECTS
  [[ -n $DISCONNECTS_TOTAL ]] && rate=$(awk -v n="$DISCONNECTS_TOTAL" -v s="$secs" 'BEGIN{print n / s}')
  local before_reloads
  before_reloads=$(grep -c '^SOAK reloads ' "$WORK/server.out" || true)
  timeout $((secs + 60)) java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$JAR" \
    org.vertxassets.bench.Disconnector 127.0.0.1 "$PORT" "$LARGEST,$HUGE" "$rate" "$secs" \
    >"$WORK/$name-disconnect.out" 2>"$WORK/$name-disconnect.log" 3>&- &
  local dpid=$!
  CHILDREN+=("$dpid")
  ((reloads > 0)) && send "reload $reloads $secs"
  timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout "${TIMEOUT}s" -s "$WORK/soak.lua" "$BASE/" \
    >"$WORK/$name-wrk.out" 2>&1 3>&- &
  local wpid=$!
  CHILDREN+=("$wpid")
  # In the background and waited for, so that a signal to this script is handled at once.
  wait "$wpid" || log "$name: wrk exited with status $?"
  wait "$dpid" || log "$name: the disconnecting clients exited with status $?"
  if ((reloads > 0)); then wait_lines '^SOAK reloads ' $((before_reloads + 1)) 180; fi
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
install_tools
build_jar SoakServer Disconnector
mkdir -p "$WORK" "$TMP"
make_site_fixture
write_lua
LARGEST=$(while IFS= read -r p; do f=$SITE$p; [[ $f == */ ]] && f+=index.html; echo "$(stat -c %s "$f") $p"; done <"$PATHS" \
  | sort -rn | awk 'NR==1{print $2}')
# A file of 3 MiB for half of the disconnecting clients: bodies of 1 MiB or more are sent in
# pieces (Pieces.java), a path of its own. Not in the mixed workload.
HUGE=/soak-huge.bin
head -c $((3 * 1024 * 1024)) /dev/urandom >"$SITE$HUGE"
if port_busy "$PORT"; then die "port $PORT is in use (set PORT)"; fi

# The configuration serve would run with, deployed by SoakServer as serve deploys it.
# shellcheck disable=SC2086
java -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" $ASSETS_ARGS "$SITE" --print-config >"$WORK/config.json"
rm -f "$WORK/control"; mkfifo "$WORK/control"
# shellcheck disable=SC2086
java $JVM_OPTS -cp "$JAR" org.vertxassets.bench.SoakServer "$WORK/config.json" "$SITE" \
  <"$WORK/control" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
exec 3<>"$WORK/control"     # read-write: does not wait for the server to open its end
wait_lines '^SOAK ready ' 1 120
log "soak server ready (pid $SERVER_PID): $(grep '^SOAK ready ' "$WORK/server.out"); $(head -n 1 "$WORK/server.log")"
# jcmd's first attach opens a socket in the JVM for good: made now, it is in every count below.
if command -v jcmd >/dev/null; then timeout 60 jcmd "$SERVER_PID" VM.version >/dev/null 2>&1 || true; fi

# Every answer of the workload, checked once before and once after.
check_all() {
  local path file want msg bad=0
  while IFS= read -r path; do
    file=$SITE$path
    [[ $file == */ ]] && file+=index.html
    want=identity
    [[ -f $file.br ]] && want=br
    if ! msg=$(check_url "$BASE" "$path" "$ACCEPT_ENCODING" "$want"); then
      log "check: $msg"; bad=$((bad + 1))
    fi
  done <"$PATHS"
  echo "$bad"
}
BAD_BEFORE=$(check_all)
((BAD_BEFORE == 0)) || die "$BAD_BEFORE of the workload's answers are wrong before the soak"
log "check: all $(wc -l <"$PATHS") answers of the mixed workload are right; disconnecting clients will ask for $LARGEST and $HUGE"

measure START
log "warm-up: ${WARMUP}s of the same load, $WARMUP_RELOADS reloads"
load warmup "$WARMUP" "$WARMUP_RELOADS"
measure BEFORE
log "soak: ${DURATION}s, wrk -c$CONNECTIONS, $RELOADS reloads, disconnecting clients"
SOAK_START=$(date -u +%Y-%m-%dT%H:%MZ)
load soak "$DURATION" "$RELOADS"
measure AFTER
BAD_AFTER=$(check_all)

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
declare -A W=() D=()
line=$(grep '^SOAK requests=' "$WORK/soak-wrk.out" || true)
[[ -n $line ]] || { cat "$WORK/soak-wrk.out" >&2; die "wrk printed no figures"; }
for kv in ${line#SOAK }; do W[${kv%%=*}]=${kv#*=}; done
line=$(grep '^DISCONNECT ' "$WORK/soak-disconnect.out" || true)
[[ -n $line ]] || { cat "$WORK/soak-disconnect.log" >&2; die "the disconnecting clients printed no figures"; }
for kv in ${line#DISCONNECT }; do D[${kv%%=*}]=${kv#*=}; done
RELOAD_LINE=$(grep '^SOAK reloads ' "$WORK/server.out" | tail -n 1)
declare -A R=()
for kv in ${RELOAD_LINE#SOAK reloads }; do R[${kv%%=*}]=${kv#*=}; done
SOCKET_FAILURES=$((W[connect] + W[read] + W[write] + W[timeout]))
NOT_2XX_3XX=$((W[s1xx] + W[s4xx] + W[s5xx] + W[other]))
# The lines of the server's log at WARNING or SEVERE, and stack traces.
LOG_PROBLEMS=$(grep -cE '^(WARNING|SEVERE):|^[[:space:]]+at |Exception' "$WORK/server.log" || true)
RPS=$(awk -v n="${W[requests]}" -v d="${W[duration_us]}" 'BEGIN{printf "%.0f", n / (d / 1e6)}')
allowed() { awk -v b="$1" -v kib="$HEAP_TOLERANCE_KIB" -v pct="$HEAP_TOLERANCE_PCT" \
  'BEGIN{a = kib * 1024; p = b * pct / 100; printf "%.0f", (a > p ? a : p)}'; }
HEAP_ALLOWED=$(allowed "$HEAP_BEFORE")
DIRECT_ALLOWED=$(allowed "$DIRECT_BEFORE")

FAILED=()
((SOCKET_FAILURES == 0)) || FAILED+=("$SOCKET_FAILURES failed requests")
((NOT_2XX_3XX == 0)) || FAILED+=("$NOT_2XX_3XX answers other than 2xx/3xx")
((W[requests] == W[s2xx] + W[s3xx] + NOT_2XX_3XX)) || FAILED+=("wrk counted ${W[requests]} requests but saw $((W[s2xx] + W[s3xx] + NOT_2XX_3XX)) answers")
((${R[failed]:-1} == 0 && ${R[ok]:-0} == RELOADS)) || FAILED+=("reloads: ${R[ok]:-0} of $RELOADS done and checked, ${R[failed]:-?} failed")
((D[failed] == 0)) || FAILED+=("${D[failed]} disconnecting clients failed")
((BAD_AFTER == 0)) || FAILED+=("$BAD_AFTER answers of the workload wrong after the soak")
((LOG_PROBLEMS == 0)) || FAILED+=("$LOG_PROBLEMS warning, error or stack-trace lines in the server's log")
DELETED_AFTER=$(sed -E 's/.* ([0-9]+) deleted files.*/\1/' <<<"$FDS_AFTER")
((DELETED_AFTER == 0)) || FAILED+=("$DELETED_AFTER removed files still held open after the soak (a replaced index did not close them)")
((FD_AFTER <= FD_BEFORE + FD_TOLERANCE)) || FAILED+=("descriptors grew from $FD_BEFORE to $FD_AFTER (tolerance $FD_TOLERANCE)")
((HEAP_AFTER <= HEAP_BEFORE + HEAP_ALLOWED)) || FAILED+=("heap grew from $(mib "$HEAP_BEFORE") to $(mib "$HEAP_AFTER") (tolerance $(mib "$HEAP_ALLOWED"))")
((DIRECT_AFTER <= DIRECT_BEFORE + DIRECT_ALLOWED)) || FAILED+=("direct buffers grew from $(mib "$DIRECT_BEFORE") to $(mib "$DIRECT_AFTER") (tolerance $(mib "$DIRECT_ALLOWED"))")
[[ $INDEXES_AFTER == "?" || $INDEXES_AFTER -le 1 ]] || FAILED+=("$INDEXES_AFTER AssetIndex objects alive after the soak, expected 1")

while IFS= read -r l; do FAILED+=("  ${l#SOAK }"); done < <(grep '^SOAK reload [0-9]* failed' "$WORK/server.out" | head -n 5)
while IFS= read -r l; do FAILED+=("  $l"); done < <(head -n 5 "$WORK/soak-disconnect.log")
while IFS= read -r l; do FAILED+=("  server log: $l"); done < <(grep -E '^(WARNING|SEVERE):|Exception' "$WORK/server.log" | head -n 5)

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
[[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] || COMMIT+=" (with uncommitted changes)"
REPORT=$WORK/results.md
{
  echo "### Soak"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo))," \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r);" \
    "$(java -version 2>&1 | head -n 1); wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}'); fixture from $FIXTURE_SOURCE."
  echo
  echo "$SOAK_START · commit \`$COMMIT\` · ${DURATION} s · wrk -t$WRK_THREADS -c$CONNECTIONS --timeout ${TIMEOUT}s, mixed workload ·" \
    "$RELOADS reloads · disconnecting clients: ${D[attempts]} · JVM: \`$JVM_OPTS\` · $(grep -o 'instances=[0-9]* transport=[A-Za-z]*' "$WORK/server.out")" \
    "· before: after a ${WARMUP} s warm-up with $WARMUP_RELOADS reloads"
  echo
  echo "| | before | after | |"
  echo "|---|---:|---:|---|"
  echo "| requests (wrk) | | ${W[requests]} | $RPS req/s |"
  echo "| failed requests: connect / read / write / timeout | | ${W[connect]} / ${W[read]} / ${W[write]} / ${W[timeout]} | |"
  echo "| answers 2xx / 3xx | | ${W[s2xx]} / ${W[s3xx]} | |"
  echo "| answers other than 2xx/3xx (1xx / 4xx / 5xx / other) | | $NOT_2XX_3XX (${W[s1xx]} / ${W[s4xx]} / ${W[s5xx]} / ${W[other]}) | |"
  echo "| latency p50 / p99 / max | | $((W[p50_us] / 1000)) / $((W[p99_us] / 1000)) / $((W[max_us] / 1000)) ms | |"
  echo "| reloads done and checked / failed | | ${R[ok]:-?} / ${R[failed]:-?} | of $RELOADS |"
  echo "| time per reload, median / max | | ${R[median_ms]:-?} / ${R[max_ms]:-?} ms | request to reply: build and swap |"
  echo "| disconnecting clients: done (RST / FIN) / failed | | ${D[done]} (${D[rst]} / ${D[fin]}) / ${D[failed]} | \`$LARGEST\` and \`$HUGE\` (3 MiB, which Vert.x sends as 1 MiB regions), identity, closed after 1–8 KiB |"
  echo "| file sends the server saw cut short | | $((CUT_AFTER - CUT_BEFORE)) | the others had left the server whole |"
  echo "| answers of the workload wrong after the soak | $BAD_BEFORE | $BAD_AFTER | status, encoding, bytes |"
  echo "| warnings / errors in the server's log | | $LOG_PROBLEMS | |"
  echo "| open file descriptors | $FD_BEFORE | $FD_AFTER | tolerance +$FD_TOLERANCE; at start $FD_START |"
  echo "| heap used after full GC | $(mib "$HEAP_BEFORE") | $(mib "$HEAP_AFTER") | tolerance +$(mib "$HEAP_ALLOWED"); at start $(mib "$HEAP_START") |"
  echo "| direct buffers (the memory tier) | $(mib "$DIRECT_BEFORE") | $(mib "$DIRECT_AFTER") | tolerance +$(mib "$DIRECT_ALLOWED") |"
  echo "| AssetIndex objects alive | $INDEXES_BEFORE | $INDEXES_AFTER | |"
  echo "| RSS | $(mib $((RSS_BEFORE * 1024))) | $(mib $((RSS_AFTER * 1024))) | at start $(mib $((RSS_START * 1024))) |"
  echo
  echo "Descriptors before: $FDS_BEFORE; after: $FDS_AFTER."
  echo
  if ((${#FAILED[@]} == 0)); then
    echo "Acceptance: **passed** (no failed request, every answer 2xx/3xx, every reload done and checked, no failed"
    echo "disconnecting client, no warning in the log, descriptors, heap and direct buffers within their tolerance)."
  else
    echo "Acceptance: **FAILED**:"
    echo
    printf -- '- %s\n' "${FAILED[@]}"
  fi
} >"$REPORT"
cat "$REPORT"
log "report: $REPORT; logs: $WORK/server.log, $WORK/server.out, $WORK/soak-*.out"
((${#FAILED[@]} == 0))
