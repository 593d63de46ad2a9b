#!/usr/bin/env bash
# Runs a command with a private Xvfb display (1280x1024, 24 bit) and returns the command's own
# exit status. test.sh runs the tests this way, also on a desktop, because the baseline images
# are rendered by Mesa's software rasterizer, not by whatever GPU drives the desktop.
set -euo pipefail

command -v Xvfb >/dev/null || { echo "with-xvfb: Xvfb is not installed (package xvfb)" >&2; exit 1; }

# A free display number: no lock file and no socket.
n=99
while [[ -e /tmp/.X${n}-lock || -e /tmp/.X11-unix/X${n} ]]; do n=$((n + 1)); done

Xvfb ":${n}" -screen 0 1280x1024x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  [[ -e /tmp/.X11-unix/X${n} ]] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { echo "with-xvfb: Xvfb :${n} failed to start" >&2; exit 1; }
  sleep 0.05
done

export DISPLAY=":${n}"
set +e
"$@"
status=$?
set -e
exit "$status"
