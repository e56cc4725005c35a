#!/usr/bin/env bash
# Side-by-side benchmark: nginx, vertx-web StaticHandler and vertx-assets on the same fixture.
#
#   bench/run.sh              full run (3 rounds x 10 s per server per workload, ~15 minutes)
#   QUICK=1 bench/run.sh      smoke run (1 round x 3 s, ~2 minutes after the build)
#
# Installs what it lacks from Debian's packages, builds the project with -Pbench, assembles a
# fixture of real minified assets from the npm registry (Debian's packages if npm fails), starts
# the three servers on 127.0.0.1 pinned to one CPU, checks that each answers every request of a
# workload correctly, then drives them in turn with wrk / h2load pinned to the other CPU and
# prints a markdown table. Every setting below can be overridden from the environment; see
# BENCHMARKS.md. Loopback only; every run is bounded in time; servers are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-3}; WARMUP=${WARMUP:-1}; H2_WARMUP=${H2_WARMUP:-1}
else
  # The JVMs' HTTP/2 path (one core for the event loop and the JIT compiler) still gained 2x
  # between rounds after a 10 s warm-up: it gets a longer one.
  ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-10}; H2_WARMUP=${H2_WARMUP:-40}
fi
SETTLE_PCT=${SETTLE_PCT:-10}            # before each run, wait until the whole machine uses less CPU than this
SETTLE_MAX=${SETTLE_MAX:-120}           # (% of one CPU over 1 s), for at most this many seconds
FOREIGN_MAX=${FOREIGN_MAX:-10}          # a round in which other processes used more CPU than this is run again ...
ATTEMPTS=${ATTEMPTS:-5}                 # ... up to this many times in all, then kept and marked
CONNECTIONS=${CONNECTIONS:-64}          # wrk connections (HTTP/1.1 keep-alive), one wrk thread
H2_CLIENTS=${H2_CLIENTS:-16}            # h2load connections ...
H2_STREAMS=${H2_STREAMS:-4}             # ... times concurrent streams each = requests in flight
SERVER_CPU=${SERVER_CPU:-0}             # every server is pinned here (nginx: 1 worker)
LOAD_CPU=${LOAD_CPU:-1}                 # wrk and h2load are pinned here
PORT_BASE=${PORT_BASE:-18080}           # nginx h1, nginx h2c, StaticHandler, vertx-assets
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}   # the same for both JVM servers
ASSETS_ARGS=${ASSETS_ARGS:-}      # extra flags of vertx-assets' serve, e.g. "--memory-max-file-size 65536"
SERVERS=${SERVERS:-nginx statichandler vertx-assets}
WORKLOADS=${WORKLOADS:-mixed small large revalidate h2-mixed}
MEDIUM_PATH=${MEDIUM_PATH:-/js/jquery.min.js}  # the file of the sweep-only workload "medium" (identity)
LOG_TAG=bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, FIXTURE_FROM, the fixture, log, apt_install
WORK=$BENCH_DIR

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
NGINX_MODULES=/usr/lib/nginx/modules
install_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  [[ -f $NGINX_MODULES/ngx_http_brotli_static_module.so ]] || missing+=(libnginx-mod-http-brotli-static)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v curl >/dev/null || missing+=(curl)
  command -v taskset >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  need_java_mvn
  local ncpu
  ncpu=$(nproc --all)
  ((SERVER_CPU < ncpu && LOAD_CPU < ncpu)) || die "SERVER_CPU=$SERVER_CPU / LOAD_CPU=$LOAD_CPU: this machine has $ncpu CPUs"
}

SITE=$WORK/site
FIXTURE_CACHE=$WORK
PATHS=$WORK/paths.txt

# ---------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------
declare -A PID H1 H2 STARTED
PORT_NGINX=$PORT_BASE; PORT_NGINX_H2=$((PORT_BASE + 1)); PORT_SH=$((PORT_BASE + 2)); PORT_VA=$((PORT_BASE + 3))
H1[nginx]=http://127.0.0.1:$PORT_NGINX;       H2[nginx]=http://127.0.0.1:$PORT_NGINX_H2
H1[statichandler]=http://127.0.0.1:$PORT_SH;  H2[statichandler]=http://127.0.0.1:$PORT_SH
H1[vertx-assets]=http://127.0.0.1:$PORT_VA;   H2[vertx-assets]=http://127.0.0.1:$PORT_VA
# Whether the server has precompressed variants: what it must answer to Accept-Encoding: br.
declare -A PRECOMPRESSED=([nginx]=1 [statichandler]=0 [vertx-assets]=1)

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_nginx_conf() {
  local prefix=$WORK/nginx
  rm -rf "$prefix"; mkdir -p "$prefix/logs"
  local user=""
  [[ $EUID -eq 0 ]] && user="user root;"
  cat >"$prefix/nginx.conf" <<EOF
load_module $NGINX_MODULES/ngx_http_brotli_static_module.so;
$user
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 100000000;   # the default (1000) would make nginx close wrk's connections
  gzip off;                       # no on-the-fly compression: precompressed files only
  gzip_static on;
  brotli_static on;
  gzip_vary on;
  etag on;
  open_file_cache max=10000 inactive=60s;
  open_file_cache_valid 60s;
  open_file_cache_min_uses 1;
  open_file_cache_errors on;
  client_body_temp_path $prefix/client_body;
  proxy_temp_path $prefix/proxy;
  fastcgi_temp_path $prefix/fastcgi;
  uwsgi_temp_path $prefix/uwsgi;
  scgi_temp_path $prefix/scgi;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $SITE;
    location / { add_header Cache-Control "public, max-age=60"; }
  }
  server {
    listen 127.0.0.1:$PORT_NGINX_H2 http2;   # nginx 1.22: cleartext http2 = h2c prior knowledge
    root $SITE;
    location / { add_header Cache-Control "public, max-age=60"; }
  }
}
EOF
}

start_server() {
  local s=$1 out=$WORK/logs/$1.log
  case $s in
    nginx)
      write_nginx_conf
      taskset -c "$SERVER_CPU" nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log" \
        -g 'daemon off;' >"$out" 2>&1 &
      ;;
    statichandler)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -cp "$JAR" org.vertxassets.bench.StaticHandlerServer "$SITE" "$PORT_SH" \
        >"$out" 2>&1 &
      ;;
    vertx-assets)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA" $ASSETS_ARGS "$SITE" \
        >"$out" 2>&1 &
      ;;
  esac
  PID[$s]=$!
}

wait_ready() {
  local s=$1 i
  for i in $(seq 1 300); do
    kill -0 "${PID[$s]}" 2>/dev/null || return 1
    if curl -s -o /dev/null --max-time 1 "${H1[$s]}/index.html"; then return 0; fi
    sleep 0.2
  done
  return 1
}

stop_servers() {
  local s p
  for s in "${!PID[@]}"; do
    p=${PID[$s]}
    kill -0 "$p" 2>/dev/null || continue
    kill -TERM "$p" 2>/dev/null || true
  done
  for s in "${!PID[@]}"; do
    p=${PID[$s]}
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
    wait "$p" 2>/dev/null || true
  done
  PID=()
}
trap 'stop_servers' EXIT
trap 'exit 130' INT TERM

# The server's processes: nginx's master and worker, or the JVM.
server_pids() { local p=${PID[$1]}; echo "$p"; pgrep -P "$p" 2>/dev/null || true; }
rss_kib() {
  local total=0 p v
  for p in $(server_pids "$1"); do
    v=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
cpu_ticks() {
  local total=0 p v
  for p in $(server_pids "$1"); do
    # utime + stime of all the process's threads; the name field may hold spaces, so cut after ')'.
    v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)

# "busy total" jiffies of one CPU (busy: user, nice, system, irq, softirq; loopback TCP is mostly softirq).
cpu_core() { awk -v c="cpu$1" '$1==c{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
core_pct() { awk -v a="$1" -v b="$2" 'BEGIN{split(a,x," "); split(b,y," "); d=y[2]-x[2]; printf "%.0f", (d>0 ? 100*(y[1]-x[1])/d : 0)}'; }

# Every server started, as "name ticks" lines.
all_ticks() { local s; for s in "${!PID[@]}"; do echo "$s $(cpu_ticks "$s")"; done; }

# Jiffies spent in processes (user, nice, system) on all CPUs; interrupts are counted apart.
machine_ticks() { awk '$1=="cpu"{print $2+$3+$4}' /proc/stat; }
# Jiffies stolen by the hypervisor from this virtual machine, on all CPUs.
steal_ticks() { awk '$1=="cpu"{print $9}' /proc/stat; }

# "pid ticks" of every process, read by one awk (the name field may hold spaces and parentheses).
process_ticks() {
  awk '{ line = $0; sub(/^.*\) /, "", line); split(line, f, " "); print FILENAME, f[12] + f[13] }' /proc/[0-9]*/stat \
    2>/dev/null | sed -E 's|^/proc/([0-9]+)/stat|\1|' | sort -k1,1 || true
}

# The processes that used the most CPU over one second, for the log.
top_processes() {
  local a b
  a=$(process_ticks); sleep 1; b=$(process_ticks)
  join <(echo "$a") <(echo "$b") | awk -v hz="$CLK_TCK" '$3 > $2 {printf "%d %s\n", 100*($3-$2)/hz, $1}' | sort -rn | head -n 3 \
    | while read -r pct pid; do
        printf '%s%% pid %s %s; ' "$pct" "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-90)"
      done
}

# Waits until the machine is quiet: a JVM goes on compiling for seconds after a run, and this
# machine may be shared; nothing else should be measured along with the server under load.
settle() {
  local start=$SECONDS a b pct
  while :; do
    a=$(machine_ticks); sleep 1; b=$(machine_ticks)
    pct=$(( 100 * (b - a) / CLK_TCK ))
    ((pct < SETTLE_PCT)) && return 0
    if ((SECONDS - start >= SETTLE_MAX)); then
      log "machine still busy (${pct}% of a CPU) after ${SETTLE_MAX}s: $(top_processes); measuring anyway"
      return 0
    fi
    if (((SECONDS - start) % 15 == 14)); then log "waiting for a quiet machine (${pct}% of a CPU busy): $(top_processes)"; fi
  done
}

# ---------------------------------------------------------------------------------------------
# Checks before measuring: status, Content-Encoding, Content-Length and the bytes themselves
# ---------------------------------------------------------------------------------------------
declare -A CHECK ENCODINGS VALIDATORS
TMP=$WORK/tmp

# check_get SERVER PATH ENCODING_HEADER(or "") EXPECT_ENC [h2] -> 0 if right, message on stdout otherwise
check_get() {
  local s=$1 proto=${5:-h1} base
  base=${H1[$s]}
  [[ $proto == h2 ]] && base=${H2[$s]}
  check_url "$base" "$2" "$3" "$4" "$proto"
}

expected_mixed_encoding() {
  local s=$1 path=$2
  local file=$SITE$path
  [[ $file == */ ]] && file+=index.html
  if [[ ${PRECOMPRESSED[$s]} == 1 && -f $file.br ]]; then echo br; else echo identity; fi
}

summarise_encodings() {
  printf '%s\n' "${ENC_SEEN[@]}" | sort | uniq -c | sort -rn | awk '{printf "%s%s %s", (NR>1?", ":""), $2, $1} END{print ""}'
}

check_workload() {
  local s=$1 w=$2 path msg
  ENC_SEEN=()
  case $w in
    mixed | h2-mixed)
      local proto=h1
      [[ $w == h2-mixed ]] && proto=h2
      while IFS= read -r path; do
        msg=$(check_get "$s" "$path" "$ACCEPT_ENCODING" "$(expected_mixed_encoding "$s" "$path")" "$proto") || { echo "$msg"; return 1; }
        ENC_SEEN+=("$(expected_mixed_encoding "$s" "$path")")
      done <"$WORK/paths.txt"
      ;;
    small) msg=$(check_get "$s" /css/small.css "" identity) || { echo "$msg"; return 1; }; ENC_SEEN+=(identity) ;;
    large) msg=$(check_get "$s" /css/bootstrap.min.css "" identity) || { echo "$msg"; return 1; }; ENC_SEEN+=(identity) ;;
    medium) msg=$(check_get "$s" "$MEDIUM_PATH" "" identity) || { echo "$msg"; return 1; }; ENC_SEEN+=(identity) ;;
    revalidate)
      # A browser revalidating its cached copy: it sends back the validators the server gave.
      fetch "${H1[$s]}/css/bootstrap.min.css" -H "Accept-Encoding: $ACCEPT_ENCODING"
      [[ $F_STATUS == 200 ]] || { echo "first GET: status $F_STATUS"; return 1; }
      local hdrs=() names=() vals=()
      if [[ -n $F_ETAG ]]; then vals+=("If-None-Match: $F_ETAG"); names+=(If-None-Match); fi
      if [[ -n $F_LM ]]; then vals+=("If-Modified-Since: $F_LM"); names+=(If-Modified-Since); fi
      ((${#vals[@]})) || { echo "no ETag nor Last-Modified to revalidate with"; return 1; }
      local h
      for h in "${vals[@]}"; do hdrs+=(-H "$h"); done
      VALIDATORS[$s]=$(IFS='|'; echo "${vals[*]}")
      fetch "${H1[$s]}/css/bootstrap.min.css" -H "Accept-Encoding: $ACCEPT_ENCODING" "${hdrs[@]}"
      [[ $F_STATUS == 304 ]] || { echo "conditional GET (${names[*]}): status $F_STATUS"; return 1; }
      [[ $F_SIZE == 0 ]] || { echo "304 with a $F_SIZE-byte body"; return 1; }
      ENC_SEEN+=("304 (${names[*]})")
      ;;
  esac
  ENCODINGS[$s,$w]=$(summarise_encodings)
}

# ---------------------------------------------------------------------------------------------
# Load
# ---------------------------------------------------------------------------------------------
write_lua() {
  cat >"$WORK/done.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%.0f duration_us=%.0f bytes=%.0f connect=%.0f read=%.0f write=%.0f status=%.0f timeout=%.0f p50_us=%.0f p99_us=%.0f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
EOF
  { mixed_lua; cat "$WORK/done.lua"; } >"$WORK/mixed.lua"
  sed 's/.*/http:\/\/HOST&/' "$WORK/paths.txt" >"$WORK/h2-uris.template"
}

# run_load SERVER WORKLOAD SECONDS -> sets R_RPS R_BYTES R_ERR R_P99 R_LOADCPU R_SRVCPU
run_load() {
  local s=$1 w=$2 secs=$3 out=$TMP/load.out tfile=$TMP/time.out
  local args=()
  settle
  local t0 t1 c0 c1 l0 l1 o0 o1 m0 m1 st0 st1
  t0=$(cpu_ticks "$s"); o0=$(all_ticks); c0=$(cpu_core "$SERVER_CPU"); l0=$(cpu_core "$LOAD_CPU"); m0=$(machine_ticks)
  st0=$(steal_ticks)
  local TIMEFORMAT='%U %S %R'
  case $w in
    mixed) args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/mixed.lua" "${H1[$s]}/") ;;
    small) args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/done.lua" "${H1[$s]}/css/small.css") ;;
    large) args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/done.lua" "${H1[$s]}/css/bootstrap.min.css") ;;
    medium) args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/done.lua" "${H1[$s]}$MEDIUM_PATH") ;;
    revalidate)
      local hdrs=() h hs=()
      IFS='|' read -ra hs <<<"${VALIDATORS[$s]}"
      for h in "${hs[@]}"; do hdrs+=(-H "$h"); done
      args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/done.lua" -H "Accept-Encoding: $ACCEPT_ENCODING" "${hdrs[@]}"
        "${H1[$s]}/css/bootstrap.min.css") ;;
    h2-mixed)
      sed "s|HOST|${H2[$s]#http://}|" "$WORK/h2-uris.template" >"$TMP/h2-uris.txt"
      args=(h2load -t1 -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$secs" -H "accept-encoding: $ACCEPT_ENCODING" -i "$TMP/h2-uris.txt") ;;
  esac
  { time taskset -c "$LOAD_CPU" timeout $((secs + 30)) "${args[@]}" >"$out" 2>&1; } 2>"$tfile" || true
  m1=$(machine_ticks); st1=$(steal_ticks); t1=$(cpu_ticks "$s"); o1=$(all_ticks); c1=$(cpu_core "$SERVER_CPU"); l1=$(cpu_core "$LOAD_CPU")
  R_SRVCORE=$(core_pct "$c0" "$c1"); R_LOADCORE=$(core_pct "$l0" "$l1")
  local u sy real
  read -r u sy real < <(tail -n 1 "$tfile") || true
  [[ -n ${real:-} && $real != 0.000 ]] || { u=0; sy=0; real=1; }
  R_LOADCPU=$(awk -v u="$u" -v s="$sy" -v r="$real" 'BEGIN{printf "%.0f", 100*(u+s)/r}')
  R_SRVCPU=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v r="$real" 'BEGIN{printf "%.0f", 100*(b-a)/hz/r}')
  # CPU used meanwhile by the servers not under load: should be ~0.
  R_OTHERS=$(join <(sort <<<"$o0") <(sort <<<"$o1") | awk -v me="$s" -v hz="$CLK_TCK" -v r="$real" \
    '$1!=me {t+=$3-$2} END{printf "%.0f", 100*t/hz/r}')
  R_STEAL=$(awk -v d="$((st1 - st0))" -v hz="$CLK_TCK" -v r="$real" 'BEGIN{printf "%.0f", 100*d/hz/r}')
  # CPU used meanwhile by any process but the server under load and the load generator.
  R_FOREIGN=$(awk -v m="$((m1 - m0))" -v t="$((t1 - t0))" -v u="$u" -v s="$sy" -v hz="$CLK_TCK" -v r="$real" \
    'BEGIN{f=(m-t)/hz-(u+s); if (f<0) f=0; printf "%.0f", 100*f/r}')
  if [[ $w == h2-mixed ]]; then
    R_RPS=$(awk '/^finished in/{gsub(",",""); print $4}' "$out")
    local ndone failed errored timeout s3 s4 s5
    read -r ndone failed errored timeout < <(awk '/^requests:/{gsub(",",""); print $6, $10, $12, $14}' "$out") || true
    # Status codes also count responses that came after the end of the duration.
    read -r s3 s4 s5 < <(awk '/^status codes:/{gsub(",",""); print $5, $7, $9}' "$out") || true
    R_BYTES=$(awk '/^traffic:/{gsub(/[()]/,"",$3); print $3}' "$out")
    R_REQS=${ndone:-0}
    R_ERR=$(( ${failed:-1} + ${errored:-0} + ${timeout:-0} + ${s3:-0} + ${s4:-0} + ${s5:-0} ))
    R_P99=""
  else
    local line
    line=$(grep '^BENCH ' "$out" || true)
    if [[ -z $line ]]; then R_RPS=""; R_ERR=1; R_BYTES=0; R_REQS=0; return; fi
    local -A v=()
    local kv
    for kv in ${line#BENCH }; do v[${kv%%=*}]=${kv#*=}; done
    R_REQS=${v[requests]}
    R_RPS=$(awk -v n="${v[requests]}" -v d="${v[duration_us]}" 'BEGIN{printf "%.1f", n/(d/1e6)}')
    R_BYTES=${v[bytes]}
    R_ERR=$(( v[connect] + v[read] + v[write] + v[status] + v[timeout] ))
    R_P99=${v[p99_us]}
  fi
  [[ -n $R_RPS ]] || R_ERR=$((R_ERR + 1))
}

median() { sort -n | awk '{a[NR]=$1} END{if (NR==0) print ""; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# The figures of a space-separated list, one a line; nothing (not a failure) for an empty list,
# as a server that died before its first round leaves.
figures() { tr ' ' '\n' <<<"$1" | { grep . || true; }; }

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
mkdir -p "$WORK/logs" "$TMP"
install_tools
build_jar StaticHandlerServer
make_site_fixture
write_lua

read -ra SERVER_LIST <<<"$SERVERS"
read -ra WORKLOAD_LIST <<<"$WORKLOADS"

for p in $PORT_NGINX $PORT_NGINX_H2 $PORT_SH $PORT_VA; do
  if port_busy "$p"; then die "port $p is in use (set PORT_BASE)"; fi
done

for s in "${SERVER_LIST[@]}"; do
  log "starting $s"
  start_server "$s"
  if wait_ready "$s"; then
    STARTED[$s]=1
    log "$s ready (pid ${PID[$s]}): $(head -c 300 "$WORK/logs/$s.log" | tr '\n' ' ')"
  else
    STARTED[$s]=0
    log "$s did not start; its log:"; cat "$WORK/logs/$s.log" >&2 || true
  fi
done

for s in "${SERVER_LIST[@]}"; do
  for w in "${WORKLOAD_LIST[@]}"; do
    if [[ ${STARTED[$s]} != 1 ]]; then CHECK[$s,$w]="server did not start"; continue; fi
    if msg=$(check_workload "$s" "$w"); then
      CHECK[$s,$w]=ok
      # check_workload ran in a subshell: run it again here for ENCODINGS/VALIDATORS.
      check_workload "$s" "$w" >/dev/null
      log "check $s $w: ok (${ENCODINGS[$s,$w]})"
    else
      CHECK[$s,$w]="FAILED: $msg"
      log "check $s $w: FAILED: $msg"
    fi
  done
done

RAW=$WORK/raw.tsv
printf 'workload\tserver\tround\tattempt\treq_s\trequests\tbytes\terrors\tp99_us\tserver_proc_cpu_pct\tload_proc_cpu_pct\tserver_core_busy_pct\tload_core_busy_pct\tother_processes_cpu_pct\tsteal_pct\n' >"$RAW"
declare -A RESULT RANGE BPR RSS SCPU LCPU ERRS
INTERFERENCE=""
for w in "${WORKLOAD_LIST[@]}"; do
  runnable=()
  for s in "${SERVER_LIST[@]}"; do [[ ${CHECK[$s,$w]} == ok ]] && runnable+=("$s"); done
  ((${#runnable[@]})) || continue
  warm=$WARMUP
  [[ $w == h2-* ]] && warm=$H2_WARMUP
  for s in "${runnable[@]}"; do
    log "$w: warm-up $s (${warm}s)"
    run_load "$s" "$w" "$warm"
  done
  declare -A RPS_LIST=() CPU_S=() CPU_L=() BYTES_REQ=() ERRSUM=()
  n=${#runnable[@]}
  for ((r = 0; r < ROUNDS; r++)); do
    for ((k = 0; k < n; k++)); do
      s=${runnable[$(((k + r) % n))]}   # rotate the order each round
      if ! kill -0 "${PID[$s]}" 2>/dev/null; then
        if [[ ${ERRSUM[$s]:-} != dead ]]; then
          st=0; wait "${PID[$s]}" 2>/dev/null || st=$?
          log "$s (pid ${PID[$s]}) is gone, exit status $st (> 128: signal $((st - 128))); last lines of its log:"
          tail -n 5 "$WORK/logs/$s.log" >&2 || true
        fi
        ERRSUM[$s]=dead; continue
      fi
      FOREIGN_SEEN=""
      for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
        run_load "$s" "$w" "$DURATION"
        log "$w round $((r + 1))/$ROUNDS $s: ${R_RPS:-?} req/s, errors $R_ERR; CPU: server process ${R_SRVCPU}%," \
          "server core ${R_SRVCORE}%, load process ${R_LOADCPU}%, load core ${R_LOADCORE}%, other processes ${R_FOREIGN}%" \
          "(other servers ${R_OTHERS}%), stolen by the hypervisor ${R_STEAL}%"
        printf '%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$s" $((r + 1)) "$attempt" "$R_RPS" "$R_REQS" \
          "$R_BYTES" "$R_ERR" "$R_P99" "$R_SRVCPU" "$R_LOADCPU" "$R_SRVCORE" "$R_LOADCORE" "$R_FOREIGN" "$R_STEAL" >>"$RAW"
        FOREIGN_SEEN+=" ${R_FOREIGN}%"
        ((R_FOREIGN > FOREIGN_MAX)) || break
        if ((attempt < ATTEMPTS)); then
          log "  other processes used ${R_FOREIGN}% of a CPU during that round: running it again"
        else
          INTERFERENCE+="- $w, round $((r + 1)), $s: other processes used more than ${FOREIGN_MAX}% of a CPU in all $ATTEMPTS attempts (${FOREIGN_SEEN# }); the last is kept"$'\n'
        fi
      done
      RPS_LIST[$s]+="${R_RPS:-0} "
      CPU_S[$s]+="$R_SRVCORE "
      CPU_L[$s]+="$R_LOADCORE "
      ((R_REQS > 0)) && BYTES_REQ[$s]+="$(awk -v b="$R_BYTES" -v n="$R_REQS" 'BEGIN{printf "%.0f", b/n}') "
      ERRSUM[$s]=$(( ${ERRSUM[$s]:-0} + R_ERR ))
    done
  done
  for s in "${runnable[@]}"; do
    RESULT[$s,$w]=$(figures "${RPS_LIST[$s]:-}" | median)
    RANGE[$s,$w]=$(figures "${RPS_LIST[$s]:-}" | sort -n | awk 'NR==1{lo=$1} {hi=$1} END{printf "%.0f–%.0f", lo, hi}')
    BPR[$s,$w]=$(figures "${BYTES_REQ[$s]:-}" | median)
    SCPU[$s,$w]=$(figures "${CPU_S[$s]:-}" | median)
    LCPU[$s,$w]=$(figures "${CPU_L[$s]:-}" | median)
    RSS[$s,$w]=$(rss_kib "$s")
    ERRS[$s,$w]=${ERRSUM[$s]:-0}
  done
done

# Event loops actually used by the JVM servers (JDK 17 thread dumps carry each thread's CPU time).
EVENTLOOPS=""
for s in statichandler vertx-assets; do
  if [[ ${STARTED[$s]:-0} != 1 ]] || ! kill -0 "${PID[$s]}" 2>/dev/null; then continue; fi
  command -v jcmd >/dev/null || break
  el=$(jcmd "${PID[$s]}" Thread.print 2>/dev/null | grep '^"vert.x-eventloop-thread' \
    | sed -E 's/^"([^"]+)".* cpu=([0-9.]+)ms.*/\1 \2/' || true)
  started=$(grep -c . <<<"$el" || true)
  busy=$(awk '$2 > 1000' <<<"$el" | grep -c . || true)
  EVENTLOOPS+="- $s: $started vert.x event-loop thread(s) started, $busy with more than 1 s of CPU ($(awk '{printf "%s%s %.0f ms", (NR>1?", ":""), $1, $2}' <<<"$el"))"$'\n'
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
declare -A WNAME=([mixed]="(a) mixed, br/gzip accepted" [small]="(b) 1 KiB CSS, identity" \
  [large]="(c) 227 KiB CSS, identity" [revalidate]="(d) revalidation → 304" [h2-mixed]="(e) h2c mixed (h2load)")
WNAME[large]="(c) $(($(stat -c %s "$SITE/css/bootstrap.min.css") / 1024)) KiB CSS, identity"
WNAME[medium]="$(($(stat -c %s "$SITE$MEDIUM_PATH") / 1024)) KiB $MEDIUM_PATH, identity (sweep only)"
REPORT=$WORK/results.md
{
  echo "### Results"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo))," \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r);" \
    "$(java -version 2>&1 | head -n 1); $(nginx -v 2>&1 | sed 's/^nginx version: //'); wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}');" \
    "h2load $(h2load --version 2>&1 | awk '{print $NF; exit}'); fixture from $FIXTURE_SOURCE."
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ) · $ROUNDS round(s) × ${DURATION} s per server per workload ·" \
    "wrk -t1 -c$CONNECTIONS · h2load -t1 -c$H2_CLIENTS -m$H2_STREAMS · servers on CPU $SERVER_CPU, load on CPU $LOAD_CPU ·" \
    "JVM: \`$JVM_OPTS\`; warm-up ${WARMUP} s (h2c ${H2_WARMUP} s) per server per workload"
  echo
  echo "| workload | server | req/s (median) | rounds min–max | × nginx | sent | bytes/resp | server core | load core | RSS MiB |"
  echo "|---|---|---:|---:|---:|---|---:|---:|---:|---:|"
  for w in "${WORKLOAD_LIST[@]}"; do
    base=${RESULT[nginx,$w]:-}
    for s in "${SERVER_LIST[@]}"; do
      if [[ ${CHECK[$s,$w]} != ok ]]; then
        echo "| ${WNAME[$w]} | $s | — | | | **${CHECK[$s,$w]//|/\\|}** | | | | |"
        continue
      fi
      val=${RESULT[$s,$w]:-}
      if [[ -z $val || ${ERRS[$s,$w]} != 0 ]]; then
        echo "| ${WNAME[$w]} | $s | — | | | **errors during the run: ${ERRS[$s,$w]}** (${val:-no result} req/s) | | | | |"
        continue
      fi
      ratio="—"
      [[ -n $base && ${ERRS[nginx,$w]:-1} == 0 ]] && ratio=$(awk -v a="$val" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
      mark=""
      ((${LCPU[$s,$w]:-0} >= 95)) && mark=" †"
      printf '| %s | %s | %.0f%s | %s | %s | %s | %s | %s%% | %s%% | %.0f |\n' "${WNAME[$w]}" "$s" "$val" "$mark" "${RANGE[$s,$w]}" \
        "$ratio" "${ENCODINGS[$s,$w]}" "${BPR[$s,$w]}" "${SCPU[$s,$w]}" "${LCPU[$s,$w]}" \
        "$(awk -v k="${RSS[$s,$w]}" 'BEGIN{print k/1024}')"
    done
  done
  echo
  echo "bytes/resp: body and headers on the wire per response (wrk: bytes read; h2load: all traffic)."
  echo "server / load core: how busy the server's CPU and the load generator's CPU were (user, system and softirq; median round)."
  echo "†: the load generator's CPU was saturated (≥ 95%): the server may have had more to give than this figure."
  echo "RSS: resident memory of the server's processes (nginx: master + worker) after the workload's last round."
  echo
  echo "$EVENTLOOPS"
  if [[ -z $INTERFERENCE ]]; then
    echo "No round was disturbed: in each, processes other than the server under load and the load generator used at most ${FOREIGN_MAX}% of a CPU."
  else
    echo "Rounds disturbed by other processes (kept after $ATTEMPTS attempts):"; echo; echo "$INTERFERENCE"
  fi
} >"$REPORT"
log "raw figures: $RAW"
cat "$REPORT"
