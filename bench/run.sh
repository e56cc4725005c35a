#!/usr/bin/env bash
# Side-by-side benchmark: nginx, vertx-web StaticHandler and vertx-assets on the same fixture.
#
#   bench/run.sh              full run (3 rounds x 10 s per server per workload, 25-27 minutes)
#   QUICK=1 bench/run.sh      smoke run (1 round x 3 s, 4-5 minutes after the build)
#
# Installs what it lacks from Debian's packages, builds the project with -Pbench, assembles a
# fixture of real minified assets from the npm registry (Debian's packages if npm fails), makes
# a self-signed P-256 certificate for 127.0.0.1, starts the servers on 127.0.0.1 pinned to one
# CPU (nginx, StaticHandler and vertx-assets each as a cleartext and a TLS process; vertx-assets
# once more with small-footprint JVM flags), checks that each answers every request of a workload
# correctly, then drives them in turn with wrk / h2load pinned to the other CPU and prints a
# markdown table. Every setting below can be overridden from the environment; see BENCHMARKS.md.
# Loopback only; every run is bounded in time; servers are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  ROUNDS=${ROUNDS:-1}; DURATION=${DURATION:-3}; WARMUP=${WARMUP:-1}; H2_WARMUP=${H2_WARMUP:-1}; TLS_WARMUP=${TLS_WARMUP:-1}
else
  # The JVMs' HTTP/2 path (one core for the event loop and the JIT compiler) still gained 2x
  # between rounds after a 10 s warm-up: it gets a longer one. So does TLS.
  ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-10}; H2_WARMUP=${H2_WARMUP:-40}; TLS_WARMUP=${TLS_WARMUP:-20}
fi
SETTLE_PCT=${SETTLE_PCT:-10}            # before each run, wait until the whole machine uses less CPU than this
SETTLE_MAX=${SETTLE_MAX:-120}           # (% of one CPU over 1 s), for at most this many seconds
FOREIGN_MAX=${FOREIGN_MAX:-10}          # a round in which other processes used more CPU than this is run again ...
ATTEMPTS=${ATTEMPTS:-5}                 # ... up to this many times in all, then kept and marked
CONNECTIONS=${CONNECTIONS:-64}          # wrk connections (HTTP/1.1 keep-alive), one wrk thread
H2_CLIENTS=${H2_CLIENTS:-16}            # h2load connections ...
H2_STREAMS=${H2_STREAMS:-4}             # ... times concurrent streams each = requests in flight (h2c and h2 over TLS)
TLS_CONNECT_CLIENTS=${TLS_CONNECT_CLIENTS:-200}  # tls-connect: each h2load run opens this many connections at once, one GET each
TLS_RESUME_CLIENTS=${TLS_RESUME_CLIENTS:-20}     # tls-resume: each h2load run has this many clients ...
TLS_RESUME_CONNS=${TLS_RESUME_CONNS:-50}         # ... each opening this many connections in turn, one GET each (the first a full handshake)
TLS_LOOPS=${TLS_LOOPS:-2}               # h2load runs side by side in tls-connect/tls-resume, so that one's start and end leave no gap
SERVER_CPU=${SERVER_CPU:-0}             # every server is pinned here (nginx: 1 worker)
LOAD_CPU=${LOAD_CPU:-1}                 # wrk and h2load are pinned here
PORT_BASE=${PORT_BASE:-18080}           # this port and the 8 after it (see the Servers section)
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}   # the same for every JVM server but vertx-assets-small
ASSETS_ARGS=${ASSETS_ARGS:-}      # extra flags of every vertx-assets' serve, e.g. "--memory-max-file-size 65536"
TLS_ASSETS_ARGS=${TLS_ASSETS_ARGS:-}    # more flags of vertx-assets-tls (it gets --tls-cert/--tls-key in any case)
STATICHANDLER_TLS_ENGINE=${STATICHANDLER_TLS_ENGINE:-}   # statichandler-tls: empty (Vert.x's default, the JDK's), jdk or openssl
# vertx-assets-small: the same jar with small-footprint JVM flags (BENCHMARKS.md says how they were
# chosen): a small heap, capped metaspace, code cache and direct memory, and glibc's heap trimmed
# every second, which returns what the JIT compiler's bursts leave behind.
SMALL_JVM_OPTS=${SMALL_JVM_OPTS:--XX:+UseSerialGC -Xms16m -Xmx48m -XX:MaxDirectMemorySize=64m -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=64m -Xss512k -XX:TrimNativeHeapInterval=1000}
SMALL_ASSETS_ARGS=${SMALL_ASSETS_ARGS:---instances 1}
SMALL_WORKLOADS=${SMALL_WORKLOADS:-mixed}   # the cleartext workloads vertx-assets-small takes part in
# vertx-assets-b and vertx-assets-b-tls: vertx-assets and vertx-assets-tls again, with these flags
# added, for a change of settings measured side by side in one run (SERVERS must name them), e.g.
# B_ASSETS_ARGS="--metrics /metrics".
B_ASSETS_ARGS=${B_ASSETS_ARGS:-}
B_JVM_OPTS=${B_JVM_OPTS:-}          # and these JVM flags after JVM_OPTS, e.g. a -D property
SERVERS=${SERVERS:-nginx statichandler vertx-assets vertx-assets-small nginx-tls statichandler-tls vertx-assets-tls}
WORKLOADS=${WORKLOADS:-mixed small large revalidate h2c-mixed h2-tls-mixed h1-tls-mixed tls-connect tls-resume}
WORKLOADS=${WORKLOADS//h2-mixed/h2c-mixed}   # its name before the TLS workloads came
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
  command -v openssl >/dev/null || missing+=(openssl)
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
# Server processes, their URLs by protocol (H1: HTTP/1.1, H2: h2c, TLS: https offering h2 and
# http/1.1 by ALPN) and the workloads each takes part in. The JVM servers listen on one port
# each, so the TLS workloads have processes of their own; so does nginx (nginx-tls: the same
# settings plus TLS), so that what TLS adds to a process's memory stays out of the cleartext rows.
declare -A PID H1 H2 TLS SERVES STARTED
PORT_NGINX=$PORT_BASE; PORT_NGINX_H2=$((PORT_BASE + 1)); PORT_SH=$((PORT_BASE + 2)); PORT_VA=$((PORT_BASE + 3))
PORT_NGINX_TLS=$((PORT_BASE + 4)); PORT_SH_TLS=$((PORT_BASE + 5)); PORT_VA_TLS=$((PORT_BASE + 6))
PORT_NGINX_PROBE=$((PORT_BASE + 7))   # nginx-tls with an access log of resumed sessions: what the load tools do
PORT_VA_SMALL=$((PORT_BASE + 8))
PORT_VA_B=$((PORT_BASE + 9)); PORT_VA_B_TLS=$((PORT_BASE + 10))
PORT_LAST=$PORT_VA_B_TLS
H1[nginx]=http://127.0.0.1:$PORT_NGINX;       H2[nginx]=http://127.0.0.1:$PORT_NGINX_H2
TLS[nginx-tls]=https://127.0.0.1:$PORT_NGINX_TLS
H1[statichandler]=http://127.0.0.1:$PORT_SH;  H2[statichandler]=http://127.0.0.1:$PORT_SH
H1[vertx-assets]=http://127.0.0.1:$PORT_VA;   H2[vertx-assets]=http://127.0.0.1:$PORT_VA
H1[vertx-assets-small]=http://127.0.0.1:$PORT_VA_SMALL; H2[vertx-assets-small]=http://127.0.0.1:$PORT_VA_SMALL
TLS[statichandler-tls]=https://127.0.0.1:$PORT_SH_TLS
TLS[vertx-assets-tls]=https://127.0.0.1:$PORT_VA_TLS
H1[vertx-assets-b]=http://127.0.0.1:$PORT_VA_B;   H2[vertx-assets-b]=http://127.0.0.1:$PORT_VA_B
TLS[vertx-assets-b-tls]=https://127.0.0.1:$PORT_VA_B_TLS
CLEAR_WORKLOADS="mixed small large medium revalidate h2c-mixed"
TLS_WORKLOADS="h2-tls-mixed h1-tls-mixed tls-connect tls-resume"
SERVES[nginx]=$CLEAR_WORKLOADS; SERVES[nginx-tls]=$TLS_WORKLOADS
SERVES[statichandler]=$CLEAR_WORKLOADS; SERVES[vertx-assets]=$CLEAR_WORKLOADS
SERVES[statichandler-tls]=$TLS_WORKLOADS; SERVES[vertx-assets-tls]=$TLS_WORKLOADS
SERVES[vertx-assets-small]=$SMALL_WORKLOADS
SERVES[vertx-assets-b]=$CLEAR_WORKLOADS; SERVES[vertx-assets-b-tls]=$TLS_WORKLOADS
serves() { [[ " ${SERVES[$1]:-} " == *" $2 "* ]]; }
# The server each workload's ratios are to.
reference() { if serves nginx "$1"; then echo nginx; else echo nginx-tls; fi; }
# Whether the server has precompressed variants: what it must answer to Accept-Encoding: br.
declare -A PRECOMPRESSED=([nginx]=1 [nginx-tls]=1 [statichandler]=0 [vertx-assets]=1 [statichandler-tls]=0 [vertx-assets-tls]=1 \
  [vertx-assets-small]=1 [vertx-assets-b]=1 [vertx-assets-b-tls]=1)

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# One self-signed ECDSA P-256 certificate for 127.0.0.1 and localhost, made afresh for every run
# and used by every TLS server; curl's checks trust it (TLS_CA), the load tools do not verify.
CERT=$WORK/tls/cert.pem
KEY=$WORK/tls/key.pem
TLS_CA=$CERT
make_cert() {
  rm -rf "$WORK/tls"; mkdir -p "$WORK/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$KEY" -out "$CERT" 2>"$WORK/tls/openssl.log" \
    || { cat "$WORK/tls/openssl.log" >&2; die "openssl could not make the certificate"; }
  chmod a+r "$KEY" "$CERT"
}

# write_nginx_conf NAME: nginx's configuration for the server NAME (nginx or nginx-tls), in $WORK/NAME.
write_nginx_conf() {
  local name=$1 prefix=$WORK/$1 servers
  rm -rf "$prefix"; mkdir -p "$prefix/logs"
  local user=""
  [[ $EUID -eq 0 ]] && user="user root;"
  if [[ $name == nginx ]]; then
    servers="  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $SITE;
    location / { add_header Cache-Control \"public, max-age=60\"; }
  }
  server {
    listen 127.0.0.1:$PORT_NGINX_H2 http2;   # nginx 1.22: cleartext http2 = h2c prior knowledge
    root $SITE;
    location / { add_header Cache-Control \"public, max-age=60\"; }
  }"
  else
    servers="  ssl_certificate $CERT;
  ssl_certificate_key $KEY;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache shared:SSL:10m;   # session tickets: on by default
  log_format tls_probe '\$ssl_session_reused \$ssl_protocol \$server_protocol';
  server {
    listen 127.0.0.1:$PORT_NGINX_TLS ssl http2;   # nginx 1.22 syntax: h2 and http/1.1 by ALPN
    root $SITE;
    location / { add_header Cache-Control \"public, max-age=60\"; }
  }
  server {
    # Not measured: the checks send the load tools here once, to see from this log whether they
    # resume TLS sessions (r) or make full handshakes (.).
    listen 127.0.0.1:$PORT_NGINX_PROBE ssl;
    root $SITE;
    access_log $prefix/logs/tls-probe.log tls_probe;
  }"
  fi
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
$servers
}
EOF
}

start_server() {
  local s=$1 out=$WORK/logs/$1.log
  case $s in
    nginx | nginx-tls)
      write_nginx_conf "$s"
      taskset -c "$SERVER_CPU" nginx -p "$WORK/$s" -c "$WORK/$s/nginx.conf" -e "$WORK/$s/logs/error.log" \
        -g 'daemon off;' >"$out" 2>&1 &
      ;;
    statichandler)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -cp "$JAR" org.vertxassets.bench.StaticHandlerServer "$SITE" "$PORT_SH" \
        >"$out" 2>&1 &
      ;;
    statichandler-tls)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -cp "$JAR" org.vertxassets.bench.StaticHandlerServer "$SITE" "$PORT_SH_TLS" \
        "$CERT" "$KEY" $STATICHANDLER_TLS_ENGINE >"$out" 2>&1 &
      ;;
    vertx-assets)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA" $ASSETS_ARGS "$SITE" \
        >"$out" 2>&1 &
      ;;
    vertx-assets-tls)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA_TLS" $ASSETS_ARGS \
        $TLS_ASSETS_ARGS --tls-cert "$CERT" --tls-key "$KEY" "$SITE" >"$out" 2>&1 &
      ;;
    vertx-assets-small)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $SMALL_JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA_SMALL" $ASSETS_ARGS \
        $SMALL_ASSETS_ARGS "$SITE" >"$out" 2>&1 &
      ;;
    vertx-assets-b)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS $B_JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA_B" $ASSETS_ARGS \
        $B_ASSETS_ARGS "$SITE" >"$out" 2>&1 &
      ;;
    vertx-assets-b-tls)
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS $B_JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$PORT_VA_B_TLS" $ASSETS_ARGS \
        $TLS_ASSETS_ARGS $B_ASSETS_ARGS --tls-cert "$CERT" --tls-key "$KEY" "$SITE" >"$out" 2>&1 &
      ;;
    *) die "unknown server $s" ;;
  esac
  PID[$s]=$!
}

wait_ready() {
  local s=$1 i
  for i in $(seq 1 300); do
    kill -0 "${PID[$s]}" 2>/dev/null || return 1
    if curl -s -o /dev/null --max-time 1 --cacert "$CERT" "${H1[$s]:-${TLS[$s]}}/index.html"; then return 0; fi
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
# status_kib SERVER FIELD: the sum of a /proc/PID/status field over the server's processes, in
# KiB: VmRSS (resident now) or VmHWM (the most that was ever resident).
status_kib() {
  local total=0 p v
  for p in $(server_pids "$1"); do
    v=$(awk -v f="$2:" '$1==f{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
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

# base_url SERVER PROTO: the server's URL for h1 (HTTP/1.1), h2c, or over TLS (h2 or h1-tls).
base_url() {
  case $2 in
    h1) echo "${H1[$1]}" ;;
    h2c) echo "${H2[$1]}" ;;
    h2 | h1-tls) echo "${TLS[$1]}" ;;
  esac
}

# check_get SERVER PATH ENCODING_HEADER(or "") EXPECT_ENC [PROTO] -> 0 if right, message on stdout otherwise
check_get() {
  local s=$1 proto=${5:-h1}
  local curl_proto=$proto
  [[ $proto == h1-tls ]] && curl_proto=h1
  check_url "$(base_url "$s" "$proto")" "$2" "$3" "$4" "$curl_proto"
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

# The request of the workloads that open TLS connections, read one answer over each, then close
# (tls-resume: asked to by Connection: close, so that the client opens the next with a session).
TLS_CONNECT_PATH=/css/small.css

# check_closes SERVER -> 0 if the server closes an HTTP/1.1 over TLS connection after answering a
# request that carries Connection: close: curl then needs a new connection for a second request.
check_closes() {
  local url=${TLS[$1]}$TLS_CONNECT_PATH n
  n=$(curl -s --max-time 10 --http1.1 --cacert "$CERT" -H 'Connection: close' -o /dev/null -o /dev/null \
    -w '%{num_connects} ' "$url" "$url" || true)
  [[ $n == "1 1 " ]] || { echo "Connection: close not honoured (connections opened for two requests: ${n:-none})"; return 1; }
}

# check_resumes SERVER -> 0 if a TLS session the server gave on one connection is resumed on the
# next (openssl s_client, the session handed from one to the other in a file); message otherwise.
check_resumes() {
  local hostport=${TLS[$1]#https://} req first second
  req=$'GET '"$TLS_CONNECT_PATH"$' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'
  rm -f "$TMP/tls-session.pem"
  first=$(printf '%s' "$req" | timeout 10 openssl s_client -connect "$hostport" -CAfile "$CERT" -ign_eof \
    -sess_out "$TMP/tls-session.pem" 2>/dev/null | grep -a -m1 -E '^(New|Reused),' || true)
  [[ -s $TMP/tls-session.pem ]] || { echo "first connection (${first:-no handshake}) gave no session to resume"; return 1; }
  second=$(printf '%s' "$req" | timeout 10 openssl s_client -connect "$hostport" -CAfile "$CERT" -ign_eof \
    -sess_in "$TMP/tls-session.pem" 2>/dev/null | grep -a -m1 -E '^(New|Reused),' || true)
  [[ $second == Reused,* ]] || { echo "second connection: ${second:-no handshake}, the session was not resumed"; return 1; }
}

check_workload() {
  local s=$1 w=$2 path msg
  ENC_SEEN=()
  case $w in
    mixed | h2c-mixed | h2-tls-mixed | h1-tls-mixed)
      local proto
      case $w in mixed) proto=h1 ;; h2c-mixed) proto=h2c ;; h2-tls-mixed) proto=h2 ;; h1-tls-mixed) proto=h1-tls ;; esac
      while IFS= read -r path; do
        msg=$(check_get "$s" "$path" "$ACCEPT_ENCODING" "$(expected_mixed_encoding "$s" "$path")" "$proto") || { echo "$msg"; return 1; }
        ENC_SEEN+=("$(expected_mixed_encoding "$s" "$path")")
      done <"$WORK/paths.txt"
      ;;
    tls-connect)
      msg=$(check_get "$s" "$TLS_CONNECT_PATH" "" identity h1-tls) || { echo "$msg"; return 1; }
      ENC_SEEN+=(identity)
      ;;
    tls-resume)
      msg=$(check_get "$s" "$TLS_CONNECT_PATH" "" identity h1-tls) || { echo "$msg"; return 1; }
      msg=$(check_closes "$s") || { echo "$msg"; return 1; }
      msg=$(check_resumes "$s") || { echo "$msg"; return 1; }
      ENC_SEEN+=(identity)
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
  sed 's/.*/BASE&/' "$WORK/paths.txt" >"$WORK/h2-uris.template"
  # tls-connect and tls-resume: h2load runs again and again, LOOPS of them side by side, until
  # the time is up; each run's output is kept for the sums.
  cat >"$WORK/h2load-loop.sh" <<'EOF'
#!/usr/bin/env bash
# h2load-loop.sh OUT SECONDS LOOPS H2LOAD-ARGS...: writes run n of loop l to OUT.l.n
out=$1 secs=$2 loops=$3; shift 3
now() { local t=${EPOCHREALTIME/[.,]/}; echo "${t:0:-3}"; }   # milliseconds
end=$(( $(now) + secs * 1000 ))
for ((l = 0; l < loops; l++)); do
  ( n=0
    while (( $(now) < end )); do timeout 60 h2load "$@" >"$out.$l.$n" 2>&1; n=$((n + 1)); done ) &
done
wait
EOF
  chmod +x "$WORK/h2load-loop.sh"
}

# The h2load arguments of one run of tls-connect (every connection a fresh client: a full
# handshake) and of tls-resume (each client reconnects, with the session of its previous connection).
tls_connect_args() { echo "--h1 -t1 -c$TLS_CONNECT_CLIENTS -n$TLS_CONNECT_CLIENTS -m1 $1$TLS_CONNECT_PATH"; }
tls_resume_args() {
  echo "--h1 -t1 -c$TLS_RESUME_CLIENTS -n$((TLS_RESUME_CLIENTS * TLS_RESUME_CONNS)) -m1 -H connection:close $1$TLS_CONNECT_PATH"
}

# h2load_sums FILE... -> "done succeeded errors bytes runs_without_result" over h2load outputs.
# Errors: failed, errored and timed-out requests and statuses other than 2xx; status codes also
# count responses that came after the end of the duration. (%.0f: Debian's awk is mawk, whose %d
# stops at 2^31 - 1, which a 10 s run's traffic passes.)
h2load_sums() {
  awk '/^requests:/ {gsub(",", ""); d += $6; ok += $8; e += $10 + $12 + $14; seen[FILENAME] = 1}
       /^status codes:/ {gsub(",", ""); e += $5 + $7 + $9}
       /^traffic:/ {gsub(/[()]/, "", $3); b += $3}
       END {n = 0; for (i = 1; i < ARGC; i++) if (!(ARGV[i] in seen)) n++; printf "%.0f %.0f %.0f %.0f %d\n", d, ok, e, b, n}' "$@"
}

# tls_info FILE EXPECTED_ALPN -> what h2load negotiated ("TLSv1.3, TLS_AES_128_GCM_SHA256, X25519 253 bits, h2");
# status 1 if the application protocol is not the expected one.
tls_info() {
  local info alpn
  info=$(awk -F': ' '/^TLS Protocol:|^Cipher:|^Server Temp Key:|^Application protocol:/{printf "%s%s", (n++ ? ", " : ""), $2}' "$1")
  alpn=$(awk -F': ' '/^Application protocol:/{print $2; exit}' "$1")
  echo "$info"
  [[ $alpn == "$2" ]]
}

declare -A TLSINFO
# run_load SERVER WORKLOAD SECONDS -> sets R_RPS R_REQS R_BYTES R_ERR R_P99, the CPU figures R_SRVCPU
# R_SRVCORE R_LOADCPU R_LOADCORE R_OTHERS R_FOREIGN R_STEAL, and TLSINFO[SERVER,WORKLOAD] over TLS
run_load() {
  local s=$1 w=$2 secs=$3 out=$TMP/load.out tfile=$TMP/time.out
  local args=() tool=wrk
  rm -f "$out" "$TMP"/loop.out.*
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
    h1-tls-mixed) args=(wrk -t1 -c"$CONNECTIONS" -d"${secs}s" -s "$WORK/mixed.lua" "${TLS[$s]}/") ;;
    h2c-mixed | h2-tls-mixed)
      tool=h2load
      local base=${H2[$s]:-}
      [[ $w == h2-tls-mixed ]] && base=${TLS[$s]}
      sed "s|BASE|$base|" "$WORK/h2-uris.template" >"$TMP/h2-uris.txt"
      args=(h2load -t1 -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$secs" -H "accept-encoding: $ACCEPT_ENCODING" -i "$TMP/h2-uris.txt") ;;
    tls-connect | tls-resume)
      tool=loop
      local a=()
      if [[ $w == tls-connect ]]; then read -ra a <<<"$(tls_connect_args "${TLS[$s]}")"; else read -ra a <<<"$(tls_resume_args "${TLS[$s]}")"; fi
      args=("$WORK/h2load-loop.sh" "$TMP/loop.out" "$secs" "$TLS_LOOPS" "${a[@]}") ;;
  esac
  { time taskset -c "$LOAD_CPU" timeout $((secs + 90)) "${args[@]}" >"$out" 2>&1; } 2>"$tfile" || true
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
  R_P99=""
  case $tool in
    h2load)
      R_RPS=$(awk '/^finished in/{gsub(",",""); print $4}' "$out")
      local ok missing
      read -r R_REQS ok R_ERR R_BYTES missing < <(h2load_sums "$out")
      R_ERR=$((R_ERR + missing))
      ;;
    loop)
      # Connections (one request each) per second of the whole loop, h2load's start-ups included.
      local runs=("$TMP"/loop.out.*) ok missing
      [[ -e ${runs[0]} ]] || runs=("$out")
      read -r R_REQS ok R_ERR R_BYTES missing < <(h2load_sums "${runs[@]}")
      R_ERR=$((R_ERR + missing))
      R_RPS=$(awk -v n="$ok" -v r="$real" 'BEGIN{if (n > 0) printf "%.1f", n/r}')
      # h2load 1.52 counts no traffic across the reconnections of tls-resume ("traffic: 0B").
      [[ $w == tls-resume ]] && R_BYTES=0
      out=${runs[0]}
      ;;
    wrk)
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
      ;;
  esac
  if [[ $tool != wrk && $w != h2c-mixed ]]; then
    # Over TLS, h2load says what it negotiated: HTTP/2 for h2-tls-mixed, HTTP/1.1 for the others.
    local alpn=http/1.1
    [[ $w == h2-tls-mixed ]] && alpn=h2
    if ! TLSINFO[$s,$w]=$(tls_info "$out" "$alpn"); then
      log "  $s $w: h2load negotiated ${TLSINFO[$s,$w]:-nothing}, expected $alpn"
      R_ERR=$((R_ERR + 1))
    fi
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
make_cert
write_lua

read -ra WORKLOAD_LIST <<<"$WORKLOADS"
# The servers asked for that take part in at least one of the workloads asked for.
SERVER_LIST=()
for s in $SERVERS; do
  [[ -n ${SERVES[$s]+x} ]] || die "unknown server $s (known: ${!SERVES[*]})"
  for w in "${WORKLOAD_LIST[@]}"; do
    if serves "$s" "$w"; then SERVER_LIST+=("$s"); break; fi
  done
done
for w in "${WORKLOAD_LIST[@]}"; do
  serves nginx "$w" || serves nginx-tls "$w" || die "unknown workload $w (known: $CLEAR_WORKLOADS $TLS_WORKLOADS)"
done
((${#SERVER_LIST[@]})) || die "none of SERVERS ($SERVERS) takes part in WORKLOADS ($WORKLOADS)"

for p in $(seq "$PORT_BASE" "$PORT_LAST"); do
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

# How the load tools of tls-connect and tls-resume handshake, from nginx's probe log: "." is a
# full handshake, "r" a resumed session. tls-connect must make full handshakes only; tls-resume
# must resume all but the first connection of each client.
declare -A PROBE PROBE_BAD
probe_tls_clients() {
  local w log=$WORK/nginx-tls/logs/tls-probe.log a=() full resumed total want
  for w in tls-connect tls-resume; do
    [[ " ${WORKLOAD_LIST[*]} " == *" $w "* ]] || continue
    if [[ ${STARTED[nginx-tls]:-0} != 1 ]]; then PROBE[$w]="not probed (nginx-tls not started)"; continue; fi
    : >"$log"
    if [[ $w == tls-connect ]]; then read -ra a <<<"$(tls_connect_args "https://127.0.0.1:$PORT_NGINX_PROBE")"
    else read -ra a <<<"$(tls_resume_args "https://127.0.0.1:$PORT_NGINX_PROBE")"; fi
    taskset -c "$LOAD_CPU" timeout 60 h2load "${a[@]}" >"$TMP/probe.out" 2>&1 || true
    sleep 0.5
    read -r full resumed < <(awk '{n[$1]++} END{print n["."] + 0, n["r"] + 0}' "$log")
    total=$((full + resumed))
    PROBE[$w]="one h2load run (h2load $(tls_"${w#tls-}"_args URL)): $total connections, $full full handshakes, $resumed resumed"
    if [[ $w == tls-connect ]]; then
      want=$TLS_CONNECT_CLIENTS
      ((total == want && resumed == 0)) || PROBE_BAD[$w]="the load tool resumed sessions or fell short: ${PROBE[$w]}; expected $want full handshakes"
    else
      want=$((TLS_RESUME_CLIENTS * TLS_RESUME_CONNS))
      ((total == want && full == TLS_RESUME_CLIENTS)) || PROBE_BAD[$w]="the load tool did not resume as expected: ${PROBE[$w]}; expected $want connections, $TLS_RESUME_CLIENTS full"
    fi
    log "probe $w: ${PROBE[$w]}${PROBE_BAD[$w]:+ — FAILED}"
  done
}
probe_tls_clients

for s in "${SERVER_LIST[@]}"; do
  for w in "${WORKLOAD_LIST[@]}"; do
    if ! serves "$s" "$w"; then CHECK[$s,$w]="not this server's"; continue; fi
    if [[ ${STARTED[$s]} != 1 ]]; then CHECK[$s,$w]="server did not start"; continue; fi
    if [[ -n ${PROBE_BAD[$w]:-} ]]; then CHECK[$s,$w]="FAILED: ${PROBE_BAD[$w]}"; continue; fi
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
declare -A RESULT RANGE BPR RSS HWM SCPU LCPU ERRS
INTERFERENCE=""
for w in "${WORKLOAD_LIST[@]}"; do
  runnable=()
  for s in "${SERVER_LIST[@]}"; do [[ ${CHECK[$s,$w]} == ok ]] && runnable+=("$s"); done
  ((${#runnable[@]})) || continue
  warm=$WARMUP
  [[ $w == h2c-mixed ]] && warm=$H2_WARMUP
  [[ " $TLS_WORKLOADS " == *" $w "* ]] && warm=$TLS_WARMUP
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
      ((R_REQS > 0 && R_BYTES > 0)) && BYTES_REQ[$s]+="$(awk -v b="$R_BYTES" -v n="$R_REQS" 'BEGIN{printf "%.0f", b/n}') "
      ERRSUM[$s]=$(( ${ERRSUM[$s]:-0} + R_ERR ))
    done
  done
  for s in "${runnable[@]}"; do
    RESULT[$s,$w]=$(figures "${RPS_LIST[$s]:-}" | median)
    RANGE[$s,$w]=$(figures "${RPS_LIST[$s]:-}" | sort -n | awk 'NR==1{lo=$1} {hi=$1} END{printf "%.0f–%.0f", lo, hi}')
    BPR[$s,$w]=$(figures "${BYTES_REQ[$s]:-}" | median)
    SCPU[$s,$w]=$(figures "${CPU_S[$s]:-}" | median)
    LCPU[$s,$w]=$(figures "${CPU_L[$s]:-}" | median)
    RSS[$s,$w]=$(status_kib "$s" VmRSS)
    HWM[$s,$w]=$(status_kib "$s" VmHWM)
    ERRS[$s,$w]=${ERRSUM[$s]:-0}
  done
done

# Event loops actually used by the JVM servers (JDK 17 thread dumps carry each thread's CPU time).
EVENTLOOPS=""
TLSENGINES=""
for s in statichandler vertx-assets vertx-assets-small vertx-assets-b statichandler-tls vertx-assets-tls vertx-assets-b-tls; do
  if [[ ${STARTED[$s]:-0} != 1 ]] || ! kill -0 "${PID[$s]}" 2>/dev/null; then continue; fi
  command -v jcmd >/dev/null || break
  el=$(jcmd "${PID[$s]}" Thread.print 2>/dev/null | grep '^"vert.x-eventloop-thread' \
    | sed -E 's/^"([^"]+)".* cpu=([0-9.]+)ms.*/\1 \2/' || true)
  started=$(grep -c . <<<"$el" || true)
  busy=$(awk '$2 > 1000' <<<"$el" | grep -c . || true)
  EVENTLOOPS+="- $s: $started vert.x event-loop thread(s) started, $busy with more than 1 s of CPU ($(awk '{printf "%s%s %.0f ms", (NR>1?", ":""), $1, $2}' <<<"$el"))"$'\n'
  if [[ $s == *-tls ]]; then
    # Which TLS engine the server used: the SslContext that Netty built for it is alive as long
    # as the server listens (the histogram collects garbage first).
    ctx=$(jcmd "${PID[$s]}" GC.class_histogram 2>/dev/null \
      | grep -oE 'io\.netty\.handler\.ssl\.[A-Za-z]*ServerContext\b' | sort -u | sed 's/.*\.//' | paste -sd, - || true)
    TLSENGINES+="- $s: TLS engine ${ctx:-unknown} (the Netty SslContext alive in the JVM)."$'\n'
  fi
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
declare -A WNAME=([mixed]="(a) mixed, br/gzip accepted" [small]="(b) 1 KiB CSS, identity" \
  [large]="(c) 227 KiB CSS, identity" [revalidate]="(d) revalidation → 304" [h2c-mixed]="(e) h2c mixed (h2load)" \
  [h2-tls-mixed]="(f) h2 over TLS, mixed (h2load)" [h1-tls-mixed]="(g) HTTP/1.1 over TLS, mixed (wrk)" \
  [tls-connect]="(h) new TLS connections/s, full handshake + one 1 KiB GET" \
  [tls-resume]="(i) TLS connections/s, session resumed + one 1 KiB GET")
WNAME[large]="(c) $(($(stat -c %s "$SITE/css/bootstrap.min.css") / 1024)) KiB CSS, identity"
WNAME[medium]="$(($(stat -c %s "$SITE$MEDIUM_PATH") / 1024)) KiB $MEDIUM_PATH, identity (sweep only)"
mib() { awk -v k="$1" 'BEGIN{printf "%.0f", k/1024}'; }
REPORT=$WORK/results.md
{
  echo "### Results"
  echo
  echo "Machine: $(nproc) CPUs ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo))," \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r);" \
    "$(java -version 2>&1 | head -n 1); $(nginx -v 2>&1 | sed 's/^nginx version: //'); wrk $(wrk -v 2>&1 | awk 'NR==1{print $2}');" \
    "h2load $(h2load --version 2>&1 | awk '{print $NF; exit}'); $(openssl version | awk '{print $1, $2}');" \
    "fixture from $FIXTURE_SOURCE."
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ) · $ROUNDS round(s) × ${DURATION} s per server per workload ·" \
    "wrk -t1 -c$CONNECTIONS · h2load -t1 -c$H2_CLIENTS -m$H2_STREAMS ·" \
    "TLS connections: $TLS_LOOPS h2load runs side by side, again and again (full: \`h2load $(tls_connect_args URL)\`;" \
    "resumed: \`h2load $(tls_resume_args URL)\`) · servers on CPU $SERVER_CPU, load on CPU $LOAD_CPU ·" \
    "JVM: \`$JVM_OPTS\`, vertx-assets-small: \`$SMALL_JVM_OPTS\` and \`${SMALL_ASSETS_ARGS}\` ·" \
    "${B_ASSETS_ARGS:+vertx-assets-b and vertx-assets-b-tls: \`$B_JVM_OPTS $B_ASSETS_ARGS\` ·}" \
    "warm-up ${WARMUP} s (h2c ${H2_WARMUP} s, TLS ${TLS_WARMUP} s) per server per workload"
  echo
  echo "| workload | server | req/s (median) | rounds min–max | × nginx | sent | bytes/resp | server core | load core | RSS MiB | peak RSS MiB |"
  echo "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|"
  for w in "${WORKLOAD_LIST[@]}"; do
    ref=$(reference "$w")
    base=${RESULT[$ref,$w]:-}
    for s in "${SERVER_LIST[@]}"; do
      serves "$s" "$w" || continue
      if [[ ${CHECK[$s,$w]} != ok ]]; then
        echo "| ${WNAME[$w]} | $s | — | | | **${CHECK[$s,$w]//|/\\|}** | | | | | |"
        continue
      fi
      val=${RESULT[$s,$w]:-}
      if [[ -z $val || ${ERRS[$s,$w]} != 0 ]]; then
        echo "| ${WNAME[$w]} | $s | — | | | **errors during the run: ${ERRS[$s,$w]}** (${val:-no result} req/s) | | | | | |"
        continue
      fi
      ratio="—"
      [[ -n $base && ${ERRS[$ref,$w]:-1} == 0 ]] && ratio=$(awk -v a="$val" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
      mark=""
      ((${LCPU[$s,$w]:-0} >= 95)) && mark=" †"
      printf '| %s | %s | %.0f%s | %s | %s | %s | %s | %s%% | %s%% | %s | %s |\n' "${WNAME[$w]}" "$s" "$val" "$mark" "${RANGE[$s,$w]}" \
        "$ratio" "${ENCODINGS[$s,$w]}" "${BPR[$s,$w]:-—}" "${SCPU[$s,$w]}" "${LCPU[$s,$w]}" \
        "$(mib "${RSS[$s,$w]}")" "$(mib "${HWM[$s,$w]}")"
    done
  done
  echo
  echo "bytes/resp: body and headers on the wire per response (wrk: bytes read; h2load: all traffic; not counted by h2load in (i))."
  echo "server / load core: how busy the server's CPU and the load generator's CPU were (user, system and softirq; median round)."
  echo "†: the load generator's CPU was saturated (≥ 95%): the server may have had more to give than this figure."
  echo "× nginx: to nginx on the cleartext workloads, to nginx-tls (nginx with TLS, a process of its own) on the TLS ones (f)–(i)."
  echo "RSS: resident memory of the server's processes (nginx: master + worker) after the workload's last round;" \
    "peak: the most they had resident since they started (VmHWM), up to then."
  echo "(h), (i): connections per second, each with one request (req/s = conn/s), over the whole loop of h2load runs, their start-ups included."
  echo
  # CPU per connection: what the server's core spent on each, whoever was the bottleneck (the
  # client's core saturates first against the fastest servers), and the rate a whole core would
  # allow at that cost, with its ratio to the reference's.
  for w in tls-connect tls-resume; do
    [[ " ${WORKLOAD_LIST[*]} " == *" $w "* ]] || continue
    line=""
    ref=$(reference "$w")
    ref_us=""
    if [[ ${CHECK[$ref,$w]:-} == ok && -n ${RESULT[$ref,$w]:-} && ${ERRS[$ref,$w]:-} == 0 ]]; then
      ref_us=$(awk -v c="${SCPU[$ref,$w]}" -v r="${RESULT[$ref,$w]}" 'BEGIN{printf "%.1f", c*1e4/r}')
    fi
    for s in "${SERVER_LIST[@]}"; do
      serves "$s" "$w" || continue
      [[ ${CHECK[$s,$w]:-} == ok && -n ${RESULT[$s,$w]:-} && ${ERRS[$s,$w]:-} == 0 ]] || continue
      line+="${line:+, }$s $(awk -v c="${SCPU[$s,$w]}" -v r="${RESULT[$s,$w]}" -v ref="$ref_us" -v me="$s" -v rn="$ref" \
        'BEGIN{us=c*1e4/r; printf "%.0f µs (%.0f/s", us, 1e6/us; if (ref != "" && me != rn) printf ", %.2f×", ref/us; printf ")"}')"
    done
    [[ -n $line ]] && echo "- ${WNAME[$w]%%)*}) server core time per connection (server core × 1 s / connections), and the connections per second a whole core would allow at that cost (× $ref): $line."
  done
  for w in tls-connect tls-resume; do
    [[ -n ${PROBE[$w]:-} ]] && echo "- ${WNAME[$w]%%)*}) how the client handshakes, from nginx-tls's \`\$ssl_session_reused\` log: ${PROBE[$w]}."
  done
  for w in h2-tls-mixed tls-connect; do
    for s in "${SERVER_LIST[@]}"; do
      [[ -n ${TLSINFO[$s,$w]:-} ]] && echo "- ${WNAME[$w]%%)*}) negotiated with $s (h2load): ${TLSINFO[$s,$w]}."
    done
  done
  printf '%s' "$TLSENGINES"
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
