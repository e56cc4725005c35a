#!/usr/bin/env bash
# Precompression benchmark: vertx-assets' compress against WhiteNoise's compressor on two trees.
#
#   bench/compress.sh                 full run (5 rounds of both trees; ~5 minutes after the build)
#   ROUNDS=1 bench/compress.sh        smoke run
#   TREES=small bench/compress.sh     one tree only (large, small, or both: "large small")
#   VARIANTS="zstd 17=--zstd-level 17;1 thread=--threads 1" bench/compress.sh   extra rows of compress
#
# Installs what it lacks from Debian's packages (python3-whitenoise, python3-brotli, brotli, time),
# builds the project with -Pbench, assembles the trees from pinned npm packages, then runs
# CompressBench: each tool in turn on a fresh copy of each tree, as a fresh process, the order
# rotating each round, after waiting for the machine to be quiet. It prints a markdown table per
# tree (wall time, CPU time, bytes of .br/.gz/.zst) and writes them to
# target/bench/compress-results.md. WhiteNoise runs on Debian's /usr/bin/python3.
#
# The trees: "large" (12.5 MB, 2107 files): the dist folders of bootstrap and jquery with their
# source maps, and the whole bootstrap-icons package, where many small files keep both cores busy;
# "small" (1.3 MB, 11 files): what one page of a site loads (bootstrap's readable CSS with its
# 664 KiB source map, bootstrap's and jquery's minified JS, Font Awesome's CSS, htmx,
# normalize.css, two icons, a stylesheet and a page), where the largest file decides the time
# unless its codecs run side by side.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=compress-bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"     # BUILD_DIR, BENCH_DIR, SKIP_BUILD, JAR, log, apt_install, fetch_package
ROUNDS=${ROUNDS:-5}
TREES=${TREES:-large small}
VARIANTS=${VARIANTS:-}
WORK=$BENCH_DIR/compress
OUT=${OUT:-$BENCH_DIR/compress-results.md}
SETTLE_MAX=${SETTLE_MAX:-120}     # wait at most this many seconds for a quiet machine before each run
FOREIGN_MAX=${FOREIGN_MAX:-10}    # a run during which other processes used more than this % of a CPU ...
ATTEMPTS=${ATTEMPTS:-3}           # ... is run again, up to this many times in all
JAVA_OPTS=${JAVA_OPTS:-}          # flags of the JVM that runs CompressBench (not of the tools it times)

NPM_PACKAGES=(bootstrap@5.3.3 jquery@3.7.1 bootstrap-icons@1.11.3)
SMALL_NPM_PACKAGES=(bootstrap@5.3.3 jquery@3.7.1 @fortawesome/fontawesome-free@6.5.2 htmx.org@1.9.12
  normalize.css@8.0.1 bootstrap-icons@1.11.3)
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

# Kept between runs: deleting thousands of files just before measuring slows down whichever tool
# creates files next (ext4 without a journal skips inodes freed in the last minutes).
LARGE_FIXTURE=$WORK/fixture
make_large_fixture() {
  local npm=$WORK/npm stamp=$WORK/fixture.done
  mkdir -p "$npm"
  if [[ -f $stamp && $(cat "$stamp") == "${NPM_PACKAGES[*]}" ]]; then
    log "large tree: reusing $LARGE_FIXTURE"
    return
  fi
  rm -rf "$LARGE_FIXTURE" "$stamp"
  mkdir -p "$LARGE_FIXTURE"/{bootstrap,jquery,bootstrap-icons}
  local bs jq bi
  bs=$(fetch_package bootstrap@5.3.3 "$npm")
  jq=$(fetch_package jquery@3.7.1 "$npm")
  bi=$(fetch_package bootstrap-icons@1.11.3 "$npm")
  # Whole folders as a site ships them: minified and readable builds with their source maps,
  # the icon font with its CSS and JSON, the sprite and every icon as its own SVG.
  tar -xzf "$bs" -C "$LARGE_FIXTURE/bootstrap" --strip-components=2 package/dist
  tar -xzf "$jq" -C "$LARGE_FIXTURE/jquery" --strip-components=2 package/dist
  tar -xzf "$bi" -C "$LARGE_FIXTURE/bootstrap-icons" --strip-components=1 package/font package/icons package/bootstrap-icons.svg
  find "$LARGE_FIXTURE" -exec touch -h -d '2025-01-01 00:00:00 UTC' {} +
  echo "${NPM_PACKAGES[*]}" >"$stamp"
  log "large tree (npm: ${NPM_PACKAGES[*]}): $(find "$LARGE_FIXTURE" -type f | wc -l) files, $(du -sh --apparent-size "$LARGE_FIXTURE" | cut -f1)"
}

SMALL_FIXTURE=$WORK/fixture-small
SMALL_LAYOUT=2   # bump when the files taken below change, so that a kept tree is made again
make_small_fixture() {
  local npm=$WORK/npm stamp=$WORK/fixture-small.done
  mkdir -p "$npm"
  if [[ -f $stamp && $(cat "$stamp") == "$SMALL_LAYOUT ${SMALL_NPM_PACKAGES[*]}" ]]; then
    log "small tree: reusing $SMALL_FIXTURE"
    return
  fi
  rm -rf "$SMALL_FIXTURE" "$stamp"
  mkdir -p "$SMALL_FIXTURE"/{css,js,icons}
  local spec
  for spec in "${SMALL_NPM_PACKAGES[@]}"; do fetch_package "$spec" "$npm" >/dev/null; done
  x() { tar -xzf "$npm/$(npm_tgz "$1")" -O "package/$2" >"$SMALL_FIXTURE/$3"; }
  x bootstrap@5.3.3 dist/css/bootstrap.css css/bootstrap.css
  x bootstrap@5.3.3 dist/css/bootstrap.css.map css/bootstrap.css.map
  x bootstrap@5.3.3 dist/js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js
  x jquery@3.7.1 dist/jquery.min.js js/jquery.min.js
  x @fortawesome/fontawesome-free@6.5.2 css/all.css css/fontawesome.css
  x htmx.org@1.9.12 dist/htmx.min.js js/htmx.min.js
  x normalize.css@8.0.1 normalize.css css/normalize.css
  x bootstrap-icons@1.11.3 icons/github.svg icons/github.svg
  x bootstrap-icons@1.11.3 icons/heart-fill.svg icons/heart-fill.svg
  # A site's own few files: its stylesheet and the page that loads the rest.
  {
    printf ':root{--brand:#0d6efd;--ink:#212529;--muted:#6c757d;--gap:1rem}\n'
    printf 'body{margin:0;font-family:system-ui,sans-serif;color:var(--ink);line-height:1.5}\n'
    printf '.site-header{display:flex;align-items:center;justify-content:space-between;padding:var(--gap)}\n'
    printf '.hero{padding:4rem var(--gap);background:linear-gradient(135deg,#f8f9fa,#e9ecef)}\n'
    printf '.card-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:var(--gap)}\n'
    printf 'footer{padding:2rem var(--gap);border-top:1px solid #dee2e6;font-size:.875rem}\n'
  } >"$SMALL_FIXTURE/css/site.css"
  {
    printf '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>A page</title>\n'
    local css js
    for css in normalize bootstrap fontawesome site; do printf '<link rel="stylesheet" href="/css/%s.css">\n' "$css"; done
    printf '</head>\n<body>\n<header class="site-header"><a href="/">Home</a>'
    printf '<img src="/icons/github.svg" alt="GitHub" width="24" height="24"></header>\n<main class="card-grid">\n'
    local i
    for i in $(seq 1 12); do
      printf '<article class="card" hx-get="/cards/%d" hx-trigger="revealed"><h2 class="h5">Card %d</h2>' "$i" "$i"
      printf '<p><i class="fa-solid fa-star"></i> Each card says a little, as real pages do.</p>'
      printf '<img src="/icons/heart-fill.svg" alt="" width="16" height="16"></article>\n'
    done
    printf '</main>\n<footer>A footer.</footer>\n'
    for js in jquery.min bootstrap.bundle.min htmx.min; do printf '<script src="/js/%s.js"></script>\n' "$js"; done
    printf '</body>\n</html>\n'
  } >"$SMALL_FIXTURE/index.html"
  find "$SMALL_FIXTURE" -exec touch -h -d '2025-01-01 00:00:00 UTC' {} +
  echo "$SMALL_LAYOUT ${SMALL_NPM_PACKAGES[*]}" >"$stamp"
  log "small tree (npm: ${SMALL_NPM_PACKAGES[*]}): $(find "$SMALL_FIXTURE" -type f | wc -l) files, $(du -sh --apparent-size "$SMALL_FIXTURE" | cut -f1)"
}

about() {
  printf 'Machine: %s CPUs (%s), %s RAM, Linux %s; %s; Python %s, WhiteNoise %s (python3-brotli %s); brotli4j %s, zstd-jni %s. Trees from npm: %s.' \
    "$(nproc)" "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)" \
    "$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)" "$(uname -r)" \
    "$(java -version 2>&1 | head -n 1)" "$($PYTHON -c 'import platform; print(platform.python_version())')" \
    "$(dpkg-query -W -f='${Version}' python3-whitenoise 2>/dev/null || echo '?')" \
    "$(dpkg-query -W -f='${Version}' python3-brotli 2>/dev/null || echo '?')" \
    "$(sed -n 's:.*<brotli4j.version>\(.*\)</brotli4j.version>.*:\1:p' "$ROOT/pom.xml")" \
    "$(sed -n 's:.*<zstd-jni.version>\(.*\)</zstd-jni.version>.*:\1:p' "$ROOT/pom.xml")" \
    "$(printf '%s\n' "${NPM_PACKAGES[@]}" "${SMALL_NPM_PACKAGES[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')"
}

# The copies are deleted at the end only (see make_fixture).
cleanup() { rm -rf "$WORK"/run-* 2>/dev/null || true; }
trap cleanup EXIT

install_tools
build_jar CompressBench
mkdir -p "$WORK"
cleanup   # what an interrupted run left
trees=()
for tree in $TREES; do
  case $tree in
    large) make_large_fixture; trees+=("large=$LARGE_FIXTURE") ;;
    small) make_small_fixture; trees+=("small=$SMALL_FIXTURE") ;;
    *) die "TREES: unknown tree '$tree'; the trees are large and small" ;;
  esac
done
((${#trees[@]})) || die "TREES is empty; give large, small or both"
log "running CompressBench: $ROUNDS round(s) of: $TREES"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dvariants="$VARIANTS" -Dsettle.max="$SETTLE_MAX" -Dforeign.max="$FOREIGN_MAX" -Dattempts="$ATTEMPTS" \
  -cp "$JAR" org.vertxassets.bench.CompressBench "$(IFS=,; echo "${trees[*]}")" "$WORK" "$OUT" "$ROUNDS" "$(about)"
log "results: $OUT"
