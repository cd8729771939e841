#!/usr/bin/env bash
# Install what tests/browser needs: Debian's chromium (the browser the tests drive through the
# playwright package's API). Never `playwright install`: it downloads its own browser and fails
# offline. Safe to run twice; does nothing when /usr/bin/chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "install-browser: /usr/bin/chromium present"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
/usr/bin/chromium --version
