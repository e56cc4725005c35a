#!/usr/bin/env bash
# Precompression benchmark: vertx-assets' compress against WhiteNoise's compressor on one tree.
#
#   bench/compress.sh                 full run (5 rounds; ~5 minutes after the build)
#   ROUNDS=1 bench/compress.sh        smoke run
#   VARIANTS="zstd 17=--zstd-level 17;1 thread=--threads 1" bench/compress.sh   extra rows of compress
#
# Installs what it lacks from Debian's packages (python3-whitenoise, python3-brotli, brotli, time),
# builds the project with -Pbench, assembles a tree of real assets from pinned npm packages (the
# dist folders of bootstrap and jquery with their source maps, and the whole bootstrap-icons
# package), then runs CompressBench: each tool in turn on a fresh copy of the tree, as a fresh
# process, the order rotating each round, after waiting for the machine to be quiet. It prints a
# markdown table (wall time, CPU time, bytes of .br/.gz/.zst) and writes it to
# target/bench/compress-results.md. WhiteNoise runs on Debian's /usr/bin/python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=compress-bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, JAR, log, apt_install, fetch_package
ROUNDS=${ROUNDS:-5}
VARIANTS=${VARIANTS:-}
WORK=$BENCH_DIR/compress
OUT=${OUT:-$BENCH_DIR/compress-results.md}
SETTLE_MAX=${SETTLE_MAX:-120}     # wait at most this many seconds for a quiet machine before each run
FOREIGN_MAX=${FOREIGN_MAX:-10}    # a run during which other processes used more than this % of a CPU ...
ATTEMPTS=${ATTEMPTS:-3}           # ... is run again, up to this many times in all
JAVA_OPTS=${JAVA_OPTS:-}          # flags of the JVM that runs CompressBench (not of the tools it times)

NPM_PACKAGES=(bootstrap@5.3.3 jquery@3.7.1 bootstrap-icons@1.11.3)
PYTHON=/usr/bin/python3

install_tools() {
  local missing=()
  [[ -x $PYTHON ]] || missing+=(python3)
  $PYTHON -c 'import whitenoise.compress' 2>/dev/null || missing+=(python3-whitenoise)
  $PYTHON -c 'import brotli' 2>/dev/null || missing+=(python3-brotli)
  command -v brotli >/dev/null || missing+=(brotli)
  [[ -x /usr/bin/time ]] || missing+=(time)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  $PYTHON -c 'import whitenoise.compress, brotli' || die "WhiteNoise with brotli is not importable by $PYTHON"
  need_java_mvn
}

FIXTURE=$WORK/fixture
make_fixture() {
  local npm=$WORK/npm stamp=$WORK/fixture.done
  mkdir -p "$npm"
  # Kept between runs: deleting thousands of files just before measuring slows down whichever
  # tool creates files next (ext4 without a journal skips inodes freed in the last minutes).
  if [[ -f $stamp && $(cat "$stamp") == "${NPM_PACKAGES[*]}" ]]; then
    log "fixture: reusing $FIXTURE"
    return
  fi
  rm -rf "$FIXTURE" "$stamp"
  mkdir -p "$FIXTURE"/{bootstrap,jquery,bootstrap-icons}
  local bs jq bi
  bs=$(fetch_package bootstrap@5.3.3 "$npm")
  jq=$(fetch_package jquery@3.7.1 "$npm")
  bi=$(fetch_package bootstrap-icons@1.11.3 "$npm")
  # Whole folders as a site ships them: minified and readable builds with their source maps,
  # the icon font with its CSS and JSON, the sprite and every icon as its own SVG.
  tar -xzf "$bs" -C "$FIXTURE/bootstrap" --strip-components=2 package/dist
  tar -xzf "$jq" -C "$FIXTURE/jquery" --strip-components=2 package/dist
  tar -xzf "$bi" -C "$FIXTURE/bootstrap-icons" --strip-components=1 package/font package/icons package/bootstrap-icons.svg
  find "$FIXTURE" -exec touch -h -d '2025-01-01 00:00:00 UTC' {} +
  echo "${NPM_PACKAGES[*]}" >"$stamp"
  log "fixture (npm: ${NPM_PACKAGES[*]}): $(find "$FIXTURE" -type f | wc -l) files, $(du -sh --apparent-size "$FIXTURE" | cut -f1)"
}

about() {
  printf 'Machine: %s CPUs (%s), %s RAM, Linux %s; %s; Python %s, WhiteNoise %s (python3-brotli %s); brotli4j %s, zstd-jni %s. Fixture from npm: %s.' \
    "$(nproc)" "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)" \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(uname -r)" \
    "$(java -version 2>&1 | head -n 1)" "$($PYTHON -c 'import platform; print(platform.python_version())')" \
    "$(dpkg-query -W -f='${Version}' python3-whitenoise 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' python3-brotli 2>/dev/null || echo '?')" \
    "$(sed -n 's:.*<brotli4j.version>\(.*\)</brotli4j.version>.*:\1:p' "$ROOT/pom.xml")" \
    "$(sed -n 's:.*<zstd-jni.version>\(.*\)</zstd-jni.version>.*:\1:p' "$ROOT/pom.xml")" \
    "${NPM_PACKAGES[*]}"
}

# The copies are deleted at the end only (see make_fixture).
cleanup() { rm -rf "$WORK"/run-* 2>/dev/null || true; }
trap cleanup EXIT

install_tools
build_jar CompressBench
mkdir -p "$WORK"
cleanup   # what an interrupted run left
make_fixture
log "running CompressBench: $ROUNDS round(s)"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dvariants="$VARIANTS" -Dsettle.max="$SETTLE_MAX" -Dforeign.max="$FOREIGN_MAX" -Dattempts="$ATTEMPTS" \
  -cp "$JAR" org.vertxassets.bench.CompressBench "$FIXTURE" "$WORK" "$OUT" "$ROUNDS" "$(about)"
log "results: $OUT"
