#!/usr/bin/env bash
# A runtime upgrade passed by the council, on a running network (the zombienet network of
# scripts/test.sh, after the governance scenario): two thirds whitelist the new runtime's
# `system.set_code` call by motion; a member who is not enough alone dispatches it; the chain
# then runs the new runtime (spec_version one higher), its state kept (council, custody
# committee, records), blocks still produced and finalised. A stranger cannot dispatch it.
#
# Usage: scripts/upgrade-scenario.sh WS_URL [WASM]   (WASM, or $SEMRES_UPGRADE_WASM: from
# scripts/upgrade-runtime.sh)
set -euo pipefail
ROOT="${SEMRES_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=scripts/custody-lib.sh
source "$ROOT/scripts/custody-lib.sh"
URL="$1"; WASM="${2:-${SEMRES_UPGRADE_WASM:-}}"; LABEL="UPGRADE SCENARIO"
S="${SEMRES:-${CARGO_TARGET_DIR:-$HOME/.cache/semres/target}/debug/semres}"
export SEMRES_URL="$URL"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
people_suris
[ -s "$WASM" ] || fail "no upgrade runtime at $WASM"

version() {
  curl -s -H 'Content-Type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"state_getRuntimeVersion","params":[]}' "${URL/ws:/http:}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["specVersion"])'
}
before=$(version)
epoch_before=$("$S" --json custody show | field epoch)
echo "spec_version $before; custody committee epoch $epoch_before"

step "A stranger cannot dispatch the upgrade, whitelisted or not"
refused 6 council dispatch --wasm "$WASM" $(as ferdie)

step "Two thirds of the council whitelist the upgrade; a member dispatches it"
govern council whitelist --wasm "$WASM"
run council dispatch --wasm "$WASM" $(as bob)

step "The chain runs the new runtime, its state kept"
for _ in $(seq 30); do [ "$(version)" -gt "$before" ] && break; sleep 2; done
after=$(version)
[ "$after" -eq $((before + 1)) ] || fail "spec_version is $after, expected $((before + 1))"
[ "$("$S" --json custody show | field epoch)" = "$epoch_before" ] || fail "the custody committee changed"
python3 "$ROOT/scripts/chainwatch.py" advancing "$URL" --seconds 30 --blocks 3 --finalized 2 \
  || fail "the upgraded chain does not produce and finalise blocks"
printf '\n\033[1mspec_version %s -> %s, through the council.\033[0m\n' "$before" "$after"
