#!/usr/bin/env bash
# Installs what the project needs when it is missing: node_modules, and for the tests Debian's
# redis-server, chromium (and a CJK font), xmllint and docker-compose. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_system=${1:-}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "» installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$need_system" = "--system" ]; then
  missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # A CJK font, so that the browser tests' screenshots (test-results/map.png) show Chinese names.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "» installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
