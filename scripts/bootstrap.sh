#!/usr/bin/env bash
# Installs what Lathe needs on Debian 12, by group, idempotently (fast when already done).
#   scripts/bootstrap.sh core web        # what `make run` needs
#   scripts/bootstrap.sh core web test   # what `make test` needs (adds the browser and aws CLI)
#   scripts/bootstrap.sh bench           # the peers the benchmarks compare against
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A GROUP_PACKAGES=(
  [core]="g++ cmake ninja-build pkg-config ccache git curl ca-certificates sqlite3 \
libboost-dev zlib1g-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libssl-dev libcurl4-openssl-dev \
libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev \
libre2-dev libxgboost-dev xgboost liblinear-dev libfasttext-dev libyaml-cpp-dev \
libcld2-dev libphonenumber-dev libicu-dev libstemmer-dev \
apertium apertium-dev lttoolbox-dev libxml2-dev apertium-eng-spa apertium-spa-cat apertium-fr-es \
apertium-es-pt apertium-eng-cat apertium-fra-cat apertium-por-cat apertium-spa-ita apertium-es-gl \
espeak-ng libespeak-ng-dev libmp3lame-dev libvorbis-dev libogg-dev \
libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-vie libpoppler-cpp-dev \
libdlib-dev libdlib-data libjpeg-dev libpng-dev"
  [web]="nodejs npm"
  [test]="chromium clang libclang-rt-14-dev procps awscli file imagemagick enscript ghostscript poppler-utils sox"
  [bench]="time wrk nginx-light hyperfine tesseract-ocr python3-pandas r-cran-data.table python3-sklearn python3-xgboost python3-fastapi uvicorn python3-uvloop python3-httptools"
  [lint]="clang-format clang-tidy"
)

groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(core web)

missing=()
for g in "${groups[@]}"; do
  [ -n "${GROUP_PACKAGES[$g]+x}" ] || { echo "bootstrap: unknown group '$g'" >&2; exit 2; }
  for p in ${GROUP_PACKAGES[$g]}; do
    # A machine that already has node/npm from elsewhere does not need Debian's.
    if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
    if [ "$p" = npm ] && command -v npm >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}"
fi

# npm packages from the committed lock files; re-run only when a lock file changed.
npm_install() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  local stamp="$dir/node_modules/.lathe-lock-sha"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "bootstrap: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
}
for g in "${groups[@]}"; do
  case $g in
    web) npm_install web ;;
    test) npm_install tests/e2e ;;
  esac
done
echo "bootstrap: ${groups[*]} ready"
