# What bench/run.sh, bench/compress.sh and bench/soak.sh share: sourced by each, not run.
#
# The sourcing script sets ROOT (the checkout) and LOG_TAG (the prefix of its log lines) first.
# Defined here: BUILD_DIR, BENCH_DIR, SKIP_BUILD and JAR (from the environment, as before); log
# and die; apt_install (Debian packages, as root or with sudo); build_jar (the jar with -Pbench);
# the npm tarball fetchers; the fixture of run.sh's workloads (make_site_fixture), which soak.sh
# serves too; the wrk script of the mixed workload; and the curl check of one answer.
# shellcheck shell=bash

BUILD_DIR=${BUILD_DIR:-$ROOT/target}
BENCH_DIR=${BENCH_DIR:-$BUILD_DIR/bench}
SKIP_BUILD=${SKIP_BUILD:-0}
JAR=$BUILD_DIR/vertx-assets.jar

log() { printf '[%s %s] %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: $*"
    sudo=(sudo)
  fi
  if [[ $APT_UPDATED == 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  # RUNLEVEL=1 keeps a package's own service (nginx's, on port 80) from being started.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_java_mvn: dies unless java and mvn are on the PATH (they are not installed for you).
need_java_mvn() {
  command -v java >/dev/null || die "java (17+) is needed on the PATH"
  command -v mvn >/dev/null || die "mvn is needed on the PATH"
}

# build_jar CLASS...: builds the jar with the bench sources (unless SKIP_BUILD=1 and it exists)
# and checks that each class (org.vertxassets.bench.CLASS) is in it.
build_jar() {
  if [[ $SKIP_BUILD == 1 && -f $JAR ]]; then
    log "SKIP_BUILD=1: using $JAR"
  else
    log "building: mvn -B -ntp -q package -DskipTests -Pbench -DbuildDir=$BUILD_DIR"
    # Its output goes to stderr with the log: the scripts print their tables on stdout.
    (cd "$ROOT" && mvn -B -ntp -q package -DskipTests -Pbench -DbuildDir="$BUILD_DIR") >&2
  fi
  [[ -f $JAR ]] || die "no $JAR after the build"
  local class
  for class in "$@"; do
    [[ -f $BUILD_DIR/classes/org/vertxassets/bench/$class.class ]] || die "$JAR has no bench classes: build it with -Pbench"
  done
}

# ---------------------------------------------------------------------------------------------
# npm tarballs
# ---------------------------------------------------------------------------------------------
# npm_tgz SPEC: the name npm pack gives, @fontsource/inter@5.0.20 -> fontsource-inter-5.0.20.tgz
npm_tgz() {
  local spec=$1 name version tgz
  name=${spec%@*}; version=${spec##*@}
  tgz="${name#@}"; tgz="${tgz//\//-}-$version.tgz"
  echo "$tgz"
}

# npm_pack SPEC DIR: DIR/<tarball> from the npm registry, by npm, unless already there; status 1 if not.
npm_pack() {
  local spec=$1 dir=$2 tgz
  tgz=$(npm_tgz "$spec")
  [[ -s $dir/$tgz ]] && return 0
  command -v npm >/dev/null || return 1
  log "npm pack $spec"
  (cd "$dir" && timeout 120 npm pack --silent "$spec" >/dev/null 2>&1) || return 1
  [[ -s $dir/$tgz ]]
}

# fetch_package SPEC DIR: prints the path of the tarball; npm pack, or the same tarball straight
# from the registry when npm is missing or fails.
fetch_package() {
  local spec=$1 dir=$2 name version tgz
  name=${spec%@*}; version=${spec##*@}
  tgz=$(npm_tgz "$spec")
  if ! npm_pack "$spec" "$dir"; then
    log "curl https://registry.npmjs.org/$name/-/${name##*/}-$version.tgz"
    curl -fsSL --max-time 120 -o "$dir/$tgz" "https://registry.npmjs.org/$name/-/${name##*/}-$version.tgz"
  fi
  echo "$dir/$tgz"
}

# ---------------------------------------------------------------------------------------------
# The fixture of run.sh's workloads: real assets, plus .br (brotli -q 11) and .gz (gzip -9n)
# siblings made here. Set SITE (the folder to make), FIXTURE_CACHE (where the downloads are
# kept) and PATHS (the file that receives the request paths of the mixed workload); FIXTURE_FROM
# (npm or debian) chooses the source. Sets FIXTURE_SOURCE. Needs brotli, gzip, tar.
# ---------------------------------------------------------------------------------------------
# Pinned fixture sources (npm registry); Debian's packages are the fallback.
SITE_NPM_PACKAGES=(bootstrap@5.3.3 jquery@3.7.1 @fontsource/inter@5.0.20 bootstrap-icons@1.11.3)
SITE_DEBIAN_PACKAGES=(libjs-bootstrap5 libjs-jquery fonts-font-awesome bootstrap-icons)
FIXTURE_FROM=${FIXTURE_FROM:-npm}       # npm, falling back to Debian's packages; or debian
# What the mixed workload accepts.
ACCEPT_ENCODING='br;q=1, gzip;q=0.8'

fixture_from_npm() {
  local dir=$FIXTURE_CACHE/npm spec
  mkdir -p "$dir"
  for spec in "${SITE_NPM_PACKAGES[@]}"; do
    npm_pack "$spec" "$dir" || return 1
  done
  x() { tar -xzf "$dir/$1" -O "package/$2" >"$SITE/$3"; }
  x bootstrap-5.3.3.tgz dist/css/bootstrap.min.css css/bootstrap.min.css
  x bootstrap-5.3.3.tgz dist/js/bootstrap.bundle.min.js js/bootstrap.bundle.min.js
  x jquery-3.7.1.tgz dist/jquery.min.js js/jquery.min.js
  x fontsource-inter-5.0.20.tgz files/inter-latin-400-normal.woff2 fonts/inter-latin-400-normal.woff2
  x bootstrap-icons-1.11.3.tgz icons/github.svg icons/github.svg
  x bootstrap-icons-1.11.3.tgz icons/heart-fill.svg icons/heart-fill.svg
  x bootstrap-icons-1.11.3.tgz font/bootstrap-icons.json data/bootstrap-icons.json
  FIXTURE_SOURCE="npm: ${SITE_NPM_PACKAGES[*]}"
}

fixture_from_debian() {
  local dir=$FIXTURE_CACHE/deb
  mkdir -p "$dir/x"
  (cd "$dir" && apt-get download -qq "${SITE_DEBIAN_PACKAGES[@]}" 2>/dev/null) || return 1
  local deb
  for deb in "$dir"/*.deb; do dpkg -x "$deb" "$dir/x"; done
  local u=$dir/x/usr/share
  cp "$u/bootstrap-html/css/bootstrap.min.css" "$SITE/css/bootstrap.min.css"
  cp "$u/bootstrap-html/js/bootstrap.bundle.min.js" "$SITE/js/bootstrap.bundle.min.js"
  cp "$u/javascript/jquery/jquery.min.js" "$SITE/js/jquery.min.js"
  cp "$u/fonts-font-awesome/fonts/fontawesome-webfont.woff2" "$SITE/fonts/fontawesome-webfont.woff2"
  cp "$u/bootstrap-icons/svg/github.svg" "$SITE/icons/github.svg"
  cp "$u/bootstrap-icons/svg/heart-fill.svg" "$SITE/icons/heart-fill.svg"
  # No JSON of that size in those packages: the icon names, as bootstrap-icons.json has them.
  (cd "$u/bootstrap-icons/svg" && ls *.svg | awk 'BEGIN{printf "{"} {sub(/\.svg$/,""); printf "%s\"%s\": %d", (NR>1?",\n":"\n"), $0, 61440+NR} END{print "\n}"}') \
    >"$SITE/data/bootstrap-icons.json"
  FIXTURE_SOURCE="Debian: ${SITE_DEBIAN_PACKAGES[*]}"
}

make_site_fixture() {
  rm -rf "$SITE"
  mkdir -p "$SITE"/{css,js,fonts,icons,data}
  if [[ $FIXTURE_FROM == debian ]] || ! fixture_from_npm; then
    log "taking the fixture from Debian's packages (FIXTURE_FROM=$FIXTURE_FROM)"
    fixture_from_debian || die "could not assemble the fixture from npm nor from Debian's packages"
  fi
  # A 1 KiB stylesheet, exactly 1024 bytes.
  {
    printf ':root{--brand:#0d6efd;--ink:#212529;--muted:#6c757d;--gap:1rem}\n'
    printf 'body{margin:0;font-family:Inter,system-ui,sans-serif;color:var(--ink);line-height:1.5}\n'
    printf '.site-header{display:flex;align-items:center;justify-content:space-between;padding:var(--gap)}\n'
    printf '.site-header a{color:var(--brand);text-decoration:none}\n'
    printf '.hero{padding:4rem var(--gap);background:linear-gradient(135deg,#f8f9fa,#e9ecef)}\n'
    printf '.hero h1{font-size:clamp(2rem,5vw,3.5rem);margin:0 0 .5rem}\n'
    printf '.card-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:var(--gap)}\n'
    printf '.muted{color:var(--muted)}\n'
    printf 'footer{padding:2rem var(--gap);border-top:1px solid #dee2e6;font-size:.875rem}\n'
    printf '@media (prefers-color-scheme:dark){:root{--ink:#f8f9fa}body{background:#212529}}\n'
  } >"$SITE/css/small.css"
  local pad=$((1024 - 3 - $(stat -c %s "$SITE/css/small.css")))
  ((pad >= 2)) || die "small.css grew past 1 KiB"
  { printf '/*'; head -c $((pad - 2)) /dev/zero | tr '\0' ' '; printf '*/\n'; } >>"$SITE/css/small.css"
  [[ $(stat -c %s "$SITE/css/small.css") == 1024 ]] || die "small.css is not 1024 bytes"
  # An HTML page that uses the rest.
  {
    printf '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    printf '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    printf '<title>vertx-assets benchmark page</title>\n'
    printf '<link rel="preload" href="/%s" as="font" type="font/woff2" crossorigin>\n' "$(cd "$SITE" && ls fonts/*.woff2 | head -n 1)"
    printf '<link rel="stylesheet" href="/css/bootstrap.min.css">\n<link rel="stylesheet" href="/css/small.css">\n'
    printf '</head>\n<body>\n<header class="site-header"><a href="/">Home</a>'
    printf '<a href="https://github.com/"><img src="/icons/github.svg" alt="GitHub" width="24" height="24"></a></header>\n'
    printf '<main class="container">\n<section class="hero"><h1>Static files at the speed of the origin</h1>\n'
    printf '<p class="muted">A page of the benchmark fixture: it links every other file.</p></section>\n'
    printf '<div class="card-grid">\n'
    local i
    for i in $(seq 1 24); do
      printf '<article class="card"><div class="card-body"><h2 class="h5">Card %d</h2>' "$i"
      printf '<p class="card-text">Each card says a little, as real pages do, so that the page compresses as they do.</p>'
      printf '<img src="/icons/heart-fill.svg" alt="" width="16" height="16"></div></article>\n'
    done
    printf '</div>\n</main>\n<footer>Icons: bootstrap-icons. Data: <a href="/data/bootstrap-icons.json">icons</a>.</footer>\n'
    printf '<script src="/js/jquery.min.js"></script>\n<script src="/js/bootstrap.bundle.min.js"></script>\n'
    printf '</body>\n</html>\n'
  } >"$SITE/index.html"
  # Precompressed siblings for the compressible types; one that is not smaller is not kept,
  # so that every server is offered the same variants.
  local f
  while IFS= read -r f; do
    brotli -q 11 -f -o "$f.br" "$f"
    gzip -9 -n -c "$f" >"$f.gz"
    [[ $(stat -c %s "$f.br") -lt $(stat -c %s "$f") ]] || rm -f "$f.br"
    [[ $(stat -c %s "$f.gz") -lt $(stat -c %s "$f") ]] || rm -f "$f.gz"
  done < <(find "$SITE" -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' -o -name '*.json' -o -name '*.html' \))
  # One fixed modification time, so Last-Modified and nginx's ETag are the same in every run.
  find "$SITE" -exec touch -h -d '2025-01-01 00:00:00 UTC' {} +
  chmod -R a+rX "$SITE"
  # The page is asked for as a browser does, by its directory URL.
  (cd "$SITE" && find . -type f ! -name '*.br' ! -name '*.gz' | sed 's|^\./|/|; s|/index\.html$|/|' | LC_ALL=C sort) \
    >"$PATHS"
  log "fixture ($FIXTURE_SOURCE): $(wc -l <"$PATHS") files in $SITE"
}

# mixed_lua: prints the request part of the mixed workload's wrk script (every path of $PATHS in
# turn, Accept-Encoding as above); the caller appends its own done() (and response(), if any).
mixed_lua() {
  printf 'local paths = {\n'
  sed 's/.*/  "&",/' "$PATHS"
  printf '}\n'
  cat <<EOF
wrk.headers["Accept-Encoding"] = "$ACCEPT_ENCODING"
local reqs, n, i = {}, 0, 0
init = function(args)
  for k, p in ipairs(paths) do reqs[k] = wrk.format("GET", p) end
  n = #reqs
end
-- Requests are formatted once; round-robin over every file of the fixture.
request = function()
  i = i % n + 1
  return reqs[i]
end
EOF
}

# ---------------------------------------------------------------------------------------------
# Checks: status, Content-Encoding, Content-Length and the bytes themselves (needs curl, cmp)
# ---------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# fetch URL [curl options...] -> sets F_STATUS F_CE F_CL F_SIZE F_VERSION F_ETAG F_LM, body in $TMP/body
# shellcheck disable=SC2034  # F_ETAG and F_LM are read by run.sh
fetch() {
  local url=$1; shift
  local w
  w=$(curl -s --max-time 10 -D "$TMP/headers" -o "$TMP/body" -w '%{http_code} %{size_download} %{http_version}' "$@" "$url") || w="000 0 0"
  read -r F_STATUS F_SIZE F_VERSION <<<"$w"
  F_CE=$(awk -F': *' 'tolower($1)=="content-encoding"{gsub(/\r/,"",$2); print tolower($2)}' "$TMP/headers")
  F_CL=$(awk -F': *' 'tolower($1)=="content-length"{gsub(/\r/,"",$2); print $2}' "$TMP/headers")
  F_ETAG=$(awk -F': *' 'tolower($1)=="etag"{gsub(/\r/,"",$2); print $2}' "$TMP/headers")
  F_LM=$(awk 'tolower($0) ~ /^last-modified:/{sub(/^[^:]*: */,""); gsub(/\r/,""); print}' "$TMP/headers")
}

# check_url BASE PATH ENCODING_HEADER(or "") EXPECT_ENC [PROTO] -> 0 if the answer is a 200 over
# PROTO with the expected Content-Encoding and exactly the bytes of $SITE's file; a message on
# stdout otherwise. PROTO: h1 (HTTP/1.1, the default), h2c (HTTP/2 cleartext with prior
# knowledge), h2 (HTTP/2 chosen by ALPN, BASE https://). curl reports the version it used, and
# that is checked too. Over https, curl trusts the certificate TLS_CA (if set; else -k).
check_url() {
  local base=$1 path=$2 ae=$3 want=$4 proto=${5:-h1} version=1.1
  local opts=()
  [[ -n $ae ]] && opts+=(-H "Accept-Encoding: $ae")
  case $proto in
    h1) opts+=(--http1.1) ;;
    h2c) opts+=(--http2-prior-knowledge); version=2 ;;
    h2) opts+=(--http2); version=2 ;;
    *) echo "check_url: unknown protocol $proto"; return 1 ;;
  esac
  if [[ $base == https://* ]]; then
    if [[ -n ${TLS_CA:-} ]]; then opts+=(--cacert "$TLS_CA"); else opts+=(-k); fi
  fi
  fetch "$base$path" "${opts[@]}"
  local got=${F_CE:-identity}
  [[ $F_STATUS == 200 ]] || { echo "$path: status $F_STATUS"; return 1; }
  [[ $F_VERSION == "$version" ]] || { echo "$path: answered over HTTP/$F_VERSION, expected HTTP/$version"; return 1; }
  [[ $got == "$want" ]] || { echo "$path: Content-Encoding $got, expected $want"; return 1; }
  local file=$SITE$path
  [[ $file == */ ]] && file+=index.html
  case $got in br) file=$file.br ;; gzip) file=$file.gz ;; esac
  local size
  size=$(stat -c %s "$file")
  [[ -z $F_CL || $F_CL == "$size" ]] || { echo "$path: Content-Length $F_CL, file $size"; return 1; }
  cmp -s "$TMP/body" "$file" || { echo "$path: body differs from ${file#"$SITE"} ($F_SIZE bytes, file $size)"; return 1; }
}
