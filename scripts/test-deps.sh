#!/usr/bin/env bash
# Install what the browser tests need when it is missing: Debian's chromium, node/npm, and the
# playwright-core driver pinned in tests/browser/package-lock.json (never a downloaded browser
# build: the tests launch /usr/bin/chromium). Failures only warn; the browser test then skips
# and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "installing ${missing[*]} from Debian for the browser tests" >&2
        sudo_=""
        [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_="sudo"
        ($sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null) \
            || echo "could not install ${missing[*]}; browser tests will skip" >&2
    else
        echo "missing ${missing[*]} and no apt-get; browser tests will skip" >&2
    fi
fi
if [ -f tests/browser/package-lock.json ] && command -v npm >/dev/null 2>&1; then
    installed=tests/browser/node_modules/playwright-core/package.json
    wanted=$(sed -n 's/.*"playwright-core": "\(.*\)".*/\1/p' tests/browser/package.json)
    if [ ! -f "$installed" ] || ! grep -q "\"version\": \"$wanted\"" "$installed"; then
        # PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: playwright-core downloads nothing, but be explicit.
        (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund) \
            || echo "could not install playwright-core; browser tests will skip" >&2
    fi
fi
