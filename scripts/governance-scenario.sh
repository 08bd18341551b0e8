#!/usr/bin/env bash
# Consortium governance on a running network (the zombienet network of scripts/test.sh): the
# council admits a fifth hospital as an authority by motion, its node a well-known node (until
# then it cannot sync); the node catches up, generates session keys
# (`author_rotateKeysWithOwner`) that it registers with their proof (`session.set_keys`); it
# authors within two sessions. Then the council expels a founding hospital (Dave), whose node
# stops authoring within two sessions. Every motion is proposed by Alice and passed by Bob's and
# Charlie's votes (three of four: two thirds); a motion one vote short does nothing.
#
# Usage: scripts/governance-scenario.sh WS_URL NEW_HOSPITAL_NODE_URL
# Needs `semres` and `semres-node` built. Exits non-zero naming the failed step.
set -euo pipefail
ROOT="${SEMRES_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# shellcheck source=scripts/custody-lib.sh
source "$ROOT/scripts/custody-lib.sh"
URL="$1"; NEW_NODE="$2"; LABEL="GOVERNANCE SCENARIO"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/semres/target}/debug"
S="${SEMRES:-$BIN/semres}"
NODE="${SEMRES_NODE:-$BIN/semres-node}"
WATCH=(python3 "$ROOT/scripts/chainwatch.py")
export SEMRES_URL="$URL"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
people_suris

# inspect SURI FIELD: a well-known key's SS58 address or public key (hex), from the node's
# `key inspect`.
inspect() {
  "$NODE" key inspect --output-type json "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])"
}
NEW=$(inspect "//Eve//stash" ss58Address)
# The new hospital's node key is zombienet's: SHA-256 of the node name.
printf '%s' "$(printf eve | sha256sum | cut -c1-64)" >eve.node-key
NEW_PEER=$("$NODE" key inspect-node-key --file eve.node-key)
DAVE=$(inspect "//Dave" ss58Address)
DAVE_AURA=$(inspect "//Dave" publicKey)
# The session after next: at most two sessions of 20 blocks (6 s each) and a margin.
TWO_SESSIONS=330

step "A motion one vote short does nothing: Alice proposes admitting $NEW, only Bob votes"
out=$("$S" --json council admit "$NEW" --authority --node "$NEW_PEER" $(as alice)) || fail "council admit"
motion=$(motion_of <<<"$out")
[ -n "$motion" ] || fail "admitting a hospital was not a council motion: $out"
out=$("$S" --json council vote "$motion" $(as bob)) || fail "bob's vote"
[ "$(motion_of <<<"$out")" = "$motion" ] || fail "two of four ayes closed the motion: $out"
run council motions
refused 6 council admit "$DAVE" $(as ferdie)
grep -q "not on the council" err.txt || fail "a non-member's proposal was not refused as such"

step "Charlie's aye passes it (3 of 4): $NEW is on the council and an authority member"
out=$("$S" --json council vote "$motion" $(as charlie)) || fail "charlie's vote"
[ -z "$(motion_of <<<"$out")" ] || fail "three ayes did not pass the motion: $out"

step "Its node ($NEW_PEER) is now a consortium node: it syncs"
"${WATCH[@]}" caught-up "$NEW_NODE" "$URL" --within 120 || fail "the admitted node does not sync"

step "The new hospital's node generates session keys; the hospital registers them with their proof"
out=$("$S" --json session set-keys --node "$NEW_NODE" $(as eve__stash)) || fail "session set-keys"
NEW_AURA=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["keys"][2:66])' <<<"$out")
echo "   its Aura key: 0x$NEW_AURA"

step "It authors within two sessions"
"${WATCH[@]}" authors "$URL" --aura "$NEW_AURA" --within "$TWO_SESSIONS" || fail "the admitted hospital does not author"

step "The council expels Dave: his node stops authoring within two sessions"
govern council expel "$DAVE"
"${WATCH[@]}" not-authoring "$URL" --aura "$DAVE_AURA" --blocks 12 --within "$((TWO_SESSIONS + 120))" \
  || fail "the expelled hospital still authors"
"${WATCH[@]}" advancing "$URL" --seconds 30 --blocks 3 --finalized 2 || fail "the new set does not finalise"

printf '\n\033[1mThe council governed the authority set as specified.\033[0m\n'
