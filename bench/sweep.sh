#!/usr/bin/env bash
# Body-source sweep: where should a body come from, memory or the file, for each file size and
# protocol? It decides the defaults of memoryMaxFileSize and zeroCopyMinFileSize (BENCHMARKS.md).
#
#   bench/sweep.sh                 full sweep (5 sizes x 4 protocols x 2 servers, ~12 minutes)
#   SIZES="65536" PROTOCOLS=h1 ROUNDS=1 DURATION=3 bench/sweep.sh     one cell, for a quick look
#
# Two vertx-assets servers, each listening in cleartext and with TLS (four JVMs, all pinned to
# SERVER_CPU, one under load at a time), serve the same files of SIZES bytes:
#   memory: every body from memory on every connection (--memory-max-file-size 8 MiB,
#           --zero-copy-min-file-size beyond any file);
#   file:   no body in memory (--memory-max-file-size 0): cleartext HTTP/1.1 sends with corked
#           sendfile(2) from a descriptor kept open, HTTP/1.1 over TLS reads that descriptor in
#           chunks, HTTP/2 opens the file for each response (Vert.x 5.0's only way there).
# For each size and protocol (h1: wrk -c64; h1-tls: wrk over https; h2c and h2-tls: h2load -c16
# -m10), both are warmed up, then measured in alternating rounds; the table gives the medians,
# memory/file as a ratio, and MB/s. Every answer is checked (status, length, bytes) first.
# Loopback only; every run is bounded in time; servers are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=sweep
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, JAR, log, die, apt_install, build_jar, fetch

SIZES=${SIZES:-16384 65536 262144 1048576 4194304}
PROTOCOLS=${PROTOCOLS:-h1 h1-tls h2c h2-tls}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-64}
H2_CLIENTS=${H2_CLIENTS:-16}
H2_STREAMS=${H2_STREAMS:-10}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORT_BASE=${PORT_BASE:-18180}
JVM_OPTS=${JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}
WORK=$BENCH_DIR/sweep
SITE=$WORK/site
TMP=$WORK/tmp
OUT=${OUT:-$BENCH_DIR/sweep-results.md}

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v taskset >/dev/null || missing+=(util-linux)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  need_java_mvn
}

declare -A PID PORT
SERVERS=(memory file)
declare -A ARGS=(
  [memory]="--memory-max-file-size 8388608 --zero-copy-min-file-size 1099511627776"
  [file]="--memory-max-file-size 0"
)

start_servers() {
  local s i=0 tls
  for s in "${SERVERS[@]}"; do
    for tls in plain tls; do
      PORT[$s,$tls]=$((PORT_BASE + i)); i=$((i + 1))
      local extra=()
      [[ $tls == tls ]] && extra=(--tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem")
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CPU" java $JVM_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "${PORT[$s,$tls]}" \
        --instances 1 ${ARGS[$s]} "${extra[@]}" "$SITE" >"$WORK/$s-$tls.log" 2>&1 &
      PID[$s,$tls]=$!
    done
  done
  local key
  for key in "${!PID[@]}"; do
    local scheme=http
    [[ $key == *,tls ]] && scheme=https
    for _ in $(seq 1 300); do
      kill -0 "${PID[$key]}" 2>/dev/null || die "server $key did not start: $(cat "$WORK/${key/,/-}.log")"
      curl -sk -o /dev/null --max-time 1 "$scheme://127.0.0.1:${PORT[$key]}/f-16384.bin" && continue 2
      sleep 0.2
    done
    die "server $key did not answer"
  done
  log "servers ready: $(grep -h 'TLS by' "$WORK"/*-tls.log | head -n 1)"
}

stop_servers() {
  local key
  for key in "${!PID[@]}"; do kill -TERM "${PID[$key]}" 2>/dev/null || true; done
  for key in "${!PID[@]}"; do wait "${PID[$key]}" 2>/dev/null || true; done
  PID=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

make_site() {
  rm -rf "$SITE"; mkdir -p "$SITE" "$TMP"
  local size
  for size in $SIZES; do
    # Incompressible, as the fonts and images that are this large: identity is what is served.
    head -c "$size" /dev/urandom >"$SITE/f-$size.bin"
  done
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
}

url() {   # url SERVER PROTOCOL SIZE
  local scheme=http tls=plain
  [[ $2 == *tls ]] && { scheme=https; tls=tls; }
  echo "$scheme://127.0.0.1:${PORT[$1,$tls]}/f-$3.bin"
}

check() {   # check SERVER PROTOCOL SIZE: status 200, the protocol asked for, and the file's bytes
  local opts=(-sk --max-time 30 -o "$TMP/body" -w '%{http_code} %{http_version}')
  case $2 in h1 | h1-tls) opts+=(--http1.1) ;; h2c) opts+=(--http2-prior-knowledge) ;; h2-tls) opts+=(--http2) ;; esac
  local got
  got=$(curl "${opts[@]}" "$(url "$1" "$2" "$3")") || got="000 0"
  local want=1.1
  [[ $2 == h2* ]] && want=2
  [[ $got == "200 $want" ]] || die "$1 $2 $3: answered '$got', expected '200 $want'"
  cmp -s "$TMP/body" "$SITE/f-$3.bin" || die "$1 $2 $3: the body differs from the file"
}

load() {   # load SERVER PROTOCOL SIZE SECONDS -> sets RPS
  local u out=$TMP/load.out
  u=$(url "$1" "$2" "$3")
  case $2 in
    h1 | h1-tls) taskset -c "$LOAD_CPU" timeout $(($4 + 30)) wrk -t1 -c"$CONNECTIONS" -d"$4s" "$u" >"$out" 2>&1 || true
      RPS=$(awk '/^Requests\/sec:/{print $2}' "$out")
      if grep -qE 'Non-2xx|Socket errors' "$out"; then die "$1 $2 $3: errors under load: $(grep -E 'Non-2xx|Socket errors' "$out")"; fi ;;
    h2c | h2-tls) taskset -c "$LOAD_CPU" timeout $(($4 + 30)) h2load -t1 -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$4" "$u" >"$out" 2>&1 || true
      RPS=$(awk '/^finished in/{gsub(",",""); print $4}' "$out")
      local failed
      # "requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout" and
      # "status codes: N 2xx, N 3xx, N 4xx, N 5xx".
      failed=$(awk '/^requests:/{gsub(",",""); f=$10+$12+$14} /^status codes:/{gsub(",",""); f+=$5+$7+$9} END{print f}' "$out")
      [[ ${failed:-1} == 0 ]] || die "$1 $2 $3: $failed requests failed under load: $(grep -E '^requests:|^status codes:' "$out")" ;;
  esac
  [[ -n $RPS ]] || die "$1 $2 $3: no figure: $(tail -n 5 "$out")"
}

median() { sort -n | awk '{a[NR]=$1} END{if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

install_tools
build_jar
make_site
start_servers

declare -A RESULT
for proto in $PROTOCOLS; do
  for size in $SIZES; do
    for s in "${SERVERS[@]}"; do check "$s" "$proto" "$size"; load "$s" "$proto" "$size" "$WARMUP"; done
    declare -A LIST=()
    for ((r = 0; r < ROUNDS; r++)); do
      for ((k = 0; k < ${#SERVERS[@]}; k++)); do
        s=${SERVERS[$(((k + r) % ${#SERVERS[@]}))]}
        load "$s" "$proto" "$size" "$DURATION"
        LIST[$s]+="$RPS "
        log "$proto $size round $((r + 1)) $s: $RPS req/s"
      done
    done
    for s in "${SERVERS[@]}"; do RESULT[$s,$proto,$size]=$(tr ' ' '\n' <<<"${LIST[$s]}" | grep . | median); done
  done
done

{
  echo "### Body-source sweep"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ) · $(nproc) CPUs ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo));" \
    "$(java -version 2>&1 | head -n 1) · $ROUNDS round(s) × ${DURATION} s after ${WARMUP} s of warm-up ·" \
    "wrk -t1 -c$CONNECTIONS, h2load -t1 -c$H2_CLIENTS -m$H2_STREAMS · servers on CPU $SERVER_CPU, load on CPU $LOAD_CPU ·" \
    "JVM \`$JVM_OPTS\`; $(grep -h 'TLS by' "$WORK"/*-tls.log | head -n 1 | sed 's/.*vertx-assets: //')"
  echo
  echo "| protocol | file size | memory req/s | file req/s | memory / file | memory MB/s | file MB/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for proto in $PROTOCOLS; do
    for size in $SIZES; do
      m=${RESULT[memory,$proto,$size]}; f=${RESULT[file,$proto,$size]}
      awk -v p="$proto" -v z="$size" -v m="$m" -v f="$f" 'BEGIN{
        printf "| %s | %s KiB | %.0f | %.0f | %.2f | %.0f | %.0f |\n", p, z/1024, m, f, m/f, m*z/1e6, f*z/1e6}'
    done
  done
} >"$OUT"
cat "$OUT"
