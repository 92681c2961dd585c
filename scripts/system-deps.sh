#!/usr/bin/env bash
# Debian packages the tests use: a PDF writer (LibreOffice) and CJK fonts for test
# documents; Chromium for the browser tests (tests/web, driven by Playwright) and
# Node's npm for the one npm package they inject (axe-core, tests/web/package.json); Virtuoso and nginx
# for the sparql store's conformance and deployment tests (tests/kg/store/test_backends.py, tests/deploy/).
# Installs only what is missing; needs root (or sudo) and Debian's apt.
set -euo pipefail
want=(fonts-noto-cjk libreoffice-writer-nogui chromium virtuoso-opensource nginx)
command -v npm >/dev/null || want+=(nodejs npm)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
echo "installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
