#!/usr/bin/env bash
# The browser the page tests drive (test/support/browser.ts): Debian's chromium package, installed when missing.
# Playwright's own browser download is not used: it fetches a binary from outside the package registries.
set -euo pipefail
CHROMIUM="${LEDGER_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-chromium: $CHROMIUM is missing; installing Debian's chromium package" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
"$CHROMIUM" --version >&2
