#!/usr/bin/env bash
# Set up everything ddemu needs on this machine, idempotently:
#   1. a virtual environment (.venv) with ddemu and its extras [test,desktop];
#   2. the npm packages and bundles of the sample apps;
#   3. a Chromium for Playwright (its own if installed, else the system's) and
#      the system libraries of the Qt desktop window (apt-get, when root).
# Called by `make run` and `make test`; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
PY="$VENV/bin/python"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf '\033[33mwarning:\033[0m %s\n' "$*" >&2; }

# 1. Python ------------------------------------------------------------------
if [ ! -x "$PY" ]; then
  step "Creating the virtual environment $VENV"
  "$PYTHON" -m venv "$VENV"
fi
step "Installing ddemu[test,desktop] into $VENV"
"$PY" -m pip install --quiet --disable-pip-version-check -e ".[test,desktop]"

# 2. Sample apps, and the npm tools the tests run --------------------------------
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed to build the sample apps; install Node.js 18 or newer" >&2
  exit 1
fi
# tests/assets/*/package.json: npm tools the tests compare ddemu with (the official
# h5package CLI), installed the same way; they have no build script.
for manifest in sample_apps/*/package.json tests/assets/*/package.json; do
  [ -f "$manifest" ] || continue  # a glob that matched nothing
  app=$(dirname "$manifest")
  # npm ci only when the lock file changed since the last install.
  if [ ! -f "$app/node_modules/.package-lock.json" ] ||
     [ "$app/package-lock.json" -nt "$app/node_modules/.package-lock.json" ]; then
    step "Installing npm packages of $app"
    (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if (cd "$app" && node -e 'process.exit(require("./package.json").scripts?.build ? 0 : 1)'); then
    step "Building $app"
    (cd "$app" && npm run --silent build)
  fi
done

# 3. System packages ---------------------------------------------------------
missing=()
own_chromium=$("$PY" - <<'PY'
import os
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    print("yes" if os.path.exists(p.chromium.executable_path) else "no")
PY
)
if [ "$own_chromium" != yes ] && ! command -v chromium >/dev/null 2>&1 &&
   ! command -v chromium-browser >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
  missing+=(chromium)
fi
if command -v dpkg-query >/dev/null 2>&1; then
  for lib in libegl1 libgl1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
             libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
             libxcb-xkb1 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxi6 \
             libasound2 libxkbfile1; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "install ok installed" || missing+=("$lib")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    warn "missing system packages: ${missing[*]}"
    warn "install them (e.g. sudo apt-get install ${missing[*]}) or run 'playwright install chromium'"
  fi
fi
step "Ready"
