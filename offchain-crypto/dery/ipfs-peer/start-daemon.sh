#!/usr/bin/env bash
# Starts a js-ipfs daemon with a Kubo-compatible HTTP RPC API on 127.0.0.1:PORT, with its
# repository in DIR, offline and without libp2p listeners (tests need only the RPC API).
# (its gRPC endpoint takes PORT+1). Prints "Daemon is ready" when it serves.
# Usage: start-daemon.sh DIR PORT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$1"; port="$2"
export IPFS_PATH="$dir" NODE_OPTIONS="--import $here/polyfill.mjs"
cli="$here/node_modules/ipfs/src/cli.js"
[ -f "$cli" ] || { echo "js-ipfs is not installed: run scripts/setup.sh" >&2; exit 2; }
if [ ! -f "$dir/config" ]; then
  node "$cli" init --profile test >/dev/null
fi
node -e '
  const fs = require("fs"); const path = process.argv[1] + "/config";
  const c = JSON.parse(fs.readFileSync(path, "utf8"));
  c.Addresses.Swarm = []; c.Bootstrap = [];
  c.Addresses.API = "/ip4/127.0.0.1/tcp/" + process.argv[2];
  c.Addresses.Gateway = "";
  c.Addresses.RPC = "/ip4/127.0.0.1/tcp/" + (Number(process.argv[2]) + 1) + "/ws";
  fs.writeFileSync(path, JSON.stringify(c, null, 2));
' "$dir" "$port"
exec node "$cli" daemon --offline
