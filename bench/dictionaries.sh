#!/usr/bin/env bash
# Compression dictionary transport (RFC 9842): what dcb and dcz deltas against a file's previous
# version save over br, on real version bumps and on a real Vite rebuild.
#
#   bench/dictionaries.sh                 full run (5 timed runs of each delta; ~2 minutes after the build)
#   ROUNDS=1 bench/dictionaries.sh        smoke run
#   VITE_PROJECT=DIR bench/dictionaries.sh   another Vite project to rebuild (default below); VITE_PROJECT= skips it
#
# Fetches pinned version pairs from the npm registry (npm pack, as bench/lib.sh does), copies the
# Vite project (with its node_modules) to BENCH_DIR and builds it twice, the second time with one
# string of src/App.tsx changed, builds the project with -Pbench, then runs DictionaryBench: for
# each pair the new version's identity, br and zstd bytes (compress's defaults: brotli 11, zstd 18),
# its dcb and dcz against the old version, headers included, and the time to make each delta.
# Every delta is decoded with the old version and compared with the new one before it counts.
# Prints a markdown table and writes it to target/bench/dictionaries-results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=dictionaries-bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, JAR, log, die, build_jar, fetch_package
ROUNDS=${ROUNDS:-5}
WORK=$BENCH_DIR/dictionaries
OUT=${OUT:-$BENCH_DIR/dictionaries-results.md}
SETTLE_MAX=${SETTLE_MAX:-120}   # wait at most this many seconds for a quiet machine before timing a pair
JAVA_OPTS=${JAVA_OPTS:-}
VITE_PROJECT=${VITE_PROJECT-/tmp/bundlers/vite/vite-react-ts}
# The string of src/App.tsx that the second Vite build changes, and what it becomes.
VITE_FROM=${VITE_FROM:-Get started}
VITE_TO=${VITE_TO:-Get going}

# One version bump a line: package, old version, new version, then the files compared (paths in
# the tarball). Adjacent releases each; vue's are the last two of 3.4.
BUMPS=(
  "jquery 3.7.0 3.7.1 dist/jquery.min.js"
  "bootstrap 5.3.2 5.3.3 dist/js/bootstrap.bundle.min.js dist/css/bootstrap.min.css"
  "htmx.org 1.9.11 1.9.12 dist/htmx.min.js"
  "react-dom 18.2.0 18.3.1 umd/react-dom.production.min.js"
  "vue 3.4.37 3.4.38 dist/vue.global.prod.js"
)

PAIRS=$WORK/pairs.tsv

npm_pairs() {
  local npm=$WORK/npm bump name old new file tgz version
  mkdir -p "$npm"
  for bump in "${BUMPS[@]}"; do
    read -r name old new files <<<"$bump"
    for version in "$old" "$new"; do
      tgz=$(fetch_package "$name@$version" "$npm")
      mkdir -p "$WORK/files/$name/$version"
      for file in $files; do
        tar -xzf "$tgz" -O "package/$file" >"$WORK/files/$name/$version/${file##*/}" \
          || die "$name@$version has no $file"
      done
    done
    for file in $files; do
      printf '%s\tnpm\t%s\t%s\t%s\t%s\t%s\n' "$name" "${file##*/}" "$old" "$new" \
        "$WORK/files/$name/$old/${file##*/}" "$WORK/files/$name/$new/${file##*/}" >>"$PAIRS"
    done
  done
}

# The largest JavaScript file of a Vite build's assets: its main chunk.
main_chunk() { find "$1/dist/assets" -name '*.js' -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2; }

vite_pair() {
  [[ -n $VITE_PROJECT ]] || { log "VITE_PROJECT is empty: no Vite pair"; return; }
  [[ -d $VITE_PROJECT/node_modules/vite ]] || die "$VITE_PROJECT has no node_modules/vite: install it first, or set VITE_PROJECT="
  command -v node >/dev/null || die "node is needed for the Vite build"
  local copy=$WORK/vite-project vite old new
  # A copy, so that neither build writes into the project (Vite bundles its config under node_modules).
  rm -rf "$copy"
  cp -a "$VITE_PROJECT" "$copy"
  rm -rf "$copy/dist"
  vite=$(node -p "require('$copy/node_modules/vite/package.json').version")
  grep -qF "$VITE_FROM" "$copy/src/App.tsx" || die "src/App.tsx has no '$VITE_FROM' to change"
  log "vite $vite build of $VITE_PROJECT (a copy in $copy)"
  (cd "$copy" && node node_modules/vite/bin/vite.js build --logLevel warn) >&2
  old=$(main_chunk "$copy")
  mkdir -p "$WORK/files/vite/a" "$WORK/files/vite/b"
  cp "$old" "$WORK/files/vite/a/"
  sed -i "s/$VITE_FROM/$VITE_TO/" "$copy/src/App.tsx"
  rm -rf "$copy/dist"
  log "vite build again, with '$VITE_FROM' changed to '$VITE_TO' in src/App.tsx"
  (cd "$copy" && node node_modules/vite/bin/vite.js build --logLevel warn) >&2
  new=$(main_chunk "$copy")
  cp "$new" "$WORK/files/vite/b/"
  [[ ${old##*/} != "${new##*/}" ]] || die "the second Vite build gave the same chunk name: ${new##*/}"
  printf 'vite %s\tvite\t%s\t%s\t%s\t%s\t%s\n' "$vite" "assets/index-*.js" "${old##*/}" "${new##*/}" \
    "$WORK/files/vite/a/${old##*/}" "$WORK/files/vite/b/${new##*/}" >>"$PAIRS"
  VITE_ABOUT=" Vite $vite (create-vite react-ts), main chunk before and after '$VITE_FROM' became '$VITE_TO' in src/App.tsx."
}

about() {
  printf 'Machine: %s CPUs (%s), %s RAM, Linux %s; %s; brotli4j %s, zstd-jni %s. npm: %s.%s' \
    "$(nproc)" "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)" \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(uname -r)" \
    "$(java -version 2>&1 | head -n 1)" \
    "$(sed -n 's:.*<brotli4j.version>\(.*\)</brotli4j.version>.*:\1:p' "$ROOT/pom.xml")" \
    "$(sed -n 's:.*<zstd-jni.version>\(.*\)</zstd-jni.version>.*:\1:p' "$ROOT/pom.xml")" \
    "$(for b in "${BUMPS[@]}"; do read -r n o v _ <<<"$b"; printf '%s %s→%s; ' "$n" "$o" "$v"; done | sed 's/; $//')" \
    "${VITE_ABOUT:-}"
}

need_java_mvn
build_jar DictionaryBench
rm -rf "$WORK/files" "$PAIRS"
mkdir -p "$WORK"
npm_pairs
VITE_ABOUT=
vite_pair
log "running DictionaryBench on $(wc -l <"$PAIRS") pairs, $ROUNDS timed run(s) each"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dsettle.max="$SETTLE_MAX" -cp "$JAR" org.vertxassets.bench.DictionaryBench "$PAIRS" "$OUT" "$ROUNDS" "$(about)"
log "results: $OUT"
