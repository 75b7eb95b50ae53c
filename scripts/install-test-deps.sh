#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian): Chromium for the browser tests,
# redis-server for rate-limit tests and prometheus (for promtool's checks of the metrics output and
# alert rules). Like Playwright's own installer, it uses apt when they are missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies present: chromium, redis-server, promtool"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
