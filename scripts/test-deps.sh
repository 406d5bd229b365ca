#!/usr/bin/env bash
# Install what the browser tests need when it is missing: Debian's chromium and the
# playwright-core driver from npm (never a downloaded browser build).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian chromium for the browser tests" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "could not install chromium; browser tests will skip" >&2
    fi
fi
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules/playwright-core ] \
        && command -v npm >/dev/null 2>&1; then
    (cd tests/browser && npm ci --silent --no-audit --no-fund) \
        || echo "could not install playwright-core; browser tests will skip" >&2
fi
