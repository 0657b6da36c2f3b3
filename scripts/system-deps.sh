#!/usr/bin/env bash
# System packages pip cannot bring, installed from Debian's packages only when missing (idempotent).
#
# followthemoney needs normality, which needs PyICU; PyICU is published on PyPI as source only, so pip
# builds it against ICU's headers (libicu-dev, found through pkg-config) with a C++ compiler. A fresh
# Debian machine may have neither. Uses sudo when not root.
set -euo pipefail
log() { echo "system-deps: $*" >&2; }

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists icu-uc 2>/dev/null || missing+=(libicu-dev)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  missing+=(python3-dev)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
log "installing ${missing[*]} (to build PyICU for followthemoney)"
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
