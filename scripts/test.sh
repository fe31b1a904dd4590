#!/usr/bin/env bash
# Install everything the test suite needs and run all of it: unit, AppTest and browser tests.
# Used by the README's quick start and by CI (.ci/run), so the two can never drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet -r requirements-dev.txt

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Two processes per core pair: AppTest and chainladder work is single-threaded. Whole files go to
# one worker (--dist loadfile), so a browser module shares one app server across its tests.
python -m pytest -n auto --dist loadfile "$@"
