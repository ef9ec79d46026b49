#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/browser): Debian's chromium and
# chromium-driver, installed when missing and apt can install them (CI runs as root
# with Debian's registry reachable). Anything else is not an error: the browser
# tests then skip, saying what is missing.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "browser-setup: chromium/chromedriver missing and apt-get unusable here (not root, or no apt); the browser tests will be skipped." >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; } >/dev/null; then
    echo "browser-setup: apt-get could not install chromium chromium-driver; the browser tests will be skipped." >&2
fi
exit 0
