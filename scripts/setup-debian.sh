#!/usr/bin/env bash
# Installs the Debian packages the stack and its tests use. Safe to run again.
set -euo pipefail
packages=(ffmpeg redis-server postgresql espeak-ng sox pocketsphinx-testdata chromium fonts-wqy-microhei poppler-utils nodejs npm)
missing=()
# NodeSource's nodejs carries npm itself and conflicts with Debian's npm package: take it as it is.
if command -v node >/dev/null && { command -v npm >/dev/null || [ -d /usr/lib/node_modules/npm ]; }; then
  packages=("${packages[@]/nodejs}"); packages=("${packages[@]/npm}")
fi
for p in "${packages[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The AppHost and the tests start their own redis-server and postgres; the distribution's services are not needed.
command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null && systemctl stop redis-server || true
command -v systemctl >/dev/null && systemctl is-active --quiet postgresql 2>/dev/null && systemctl stop postgresql || true
