#!/usr/bin/env sh
# Installs Debian's chromium for the browser tests (tests/web), once. Idempotent: does nothing when
# /usr/bin/chromium is there. Playwright drives this binary through `executable_path`; we never run
# `playwright install` (no browser downloads from outside the package manager).
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: /usr/bin/chromium is missing and apt-get is not available; install chromium by hand" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup-browser: not root and no sudo; install chromium by hand" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
