#!/usr/bin/env bash
# Cross-checks docs/smer.md: SMeRs sealed by `semres` open with the independent Python reader,
# tampered ones are rejected, and the published test vector opens. Needs `semres` on PATH
# (or $SEMRES) and python3 with `cryptography` >= 46 (HPKE).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
semres="${SEMRES:-semres}"
reader="$here/independent_reader.py"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
head -c 10000 /dev/urandom > "$tmp/record"
pass=0; fail=0
check() { if "$@"; then pass=$((pass+1)); else echo "FAILED: $*" >&2; fail=$((fail+1)); fi; }

for suite in rsa3072-aes256gcm rsa2048-aes128gcm x25519-aes256gcm; do
  "$semres" keygen --out "$tmp/$suite" --suite "$suite" --no-password >/dev/null
  "$semres" seal "$tmp/record" -o "$tmp/$suite.smer" --to "$tmp/$suite/public.pem" --chunk-size-log2 12 >/dev/null
  hash="$("$semres" hash "$tmp/$suite.smer")"
  check python3 "$reader" "$tmp/$suite.smer" "$tmp/$suite/private.pem" "$tmp/$suite.out" --expect-hash "$hash"
  check cmp -s "$tmp/record" "$tmp/$suite.out"
  cp "$tmp/$suite.smer" "$tmp/bad.smer"
  printf '\x00' | dd of="$tmp/bad.smer" bs=1 seek=5000 conv=notrunc status=none
  check bash -c "! python3 '$reader' '$tmp/bad.smer' '$tmp/$suite/private.pem' '$tmp/bad.out' 2>/dev/null"
done

# Version 2: a flipped header MAC byte (the last byte before the payload of a one-envelope
# X25519 SMeR without custody) is rejected by name, though every envelope still unwraps.
smer="$tmp/x25519-aes256gcm.smer"
python3 - "$smer" "$tmp/mac.smer" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[10 + int.from_bytes(b[6:10], "little") + 2 + 34 + 80 + 1 + 31] ^= 1
open(sys.argv[2], "wb").write(b)
PY
check bash -c "python3 '$reader' '$tmp/mac.smer' '$tmp/x25519-aes256gcm/private.pem' '$tmp/mac.out' 2>&1 | grep -q 'header MAC mismatch'"

# The published vector of docs/smer.md §7 (recipient key: X25519, 0x42 x 32).
python3 - "$tmp/vector.pem" <<'PY'
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
k = X25519PrivateKey.from_private_bytes(bytes([0x42] * 32))
open(sys.argv[1], "wb").write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
PY
python3 -c "import sys; open(sys.argv[2], 'wb').write(bytes.fromhex(open(sys.argv[1]).read()))" \
  "$here/../../ceda/tests/vectors/x25519.smer.hex" "$tmp/vector.smer"
check python3 "$reader" "$tmp/vector.smer" "$tmp/vector.pem" "$tmp/vector.out" --expect-hash 4f6dc1a77711b47c7a41074b449a5a33f8c711da8b8d54799fd06a1d1f6d0216
check test "$(cat "$tmp/vector.out")" = "SEMRES test vector"
# The version 2 vector of §9 (same recipient key; a 2-of-3 custody section the reader skips).
python3 -c "import sys; open(sys.argv[2], 'wb').write(bytes.fromhex(open(sys.argv[1]).read()))" \
  "$here/../../ceda/tests/vectors/x25519-v2.smer.hex" "$tmp/vector2.smer"
check python3 "$reader" "$tmp/vector2.smer" "$tmp/vector.pem" "$tmp/vector2.out" --expect-hash a32a897a710d4fa331ed84124fcdff08307b5cb5f5cfc35c8b947e28e6d26e4c
check test "$(cat "$tmp/vector2.out")" = "SEMRES test vector"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
