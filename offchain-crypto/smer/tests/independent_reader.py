#!/usr/bin/env python3
"""An independent SMeR reader, written from docs/smer.md alone with Python's `cryptography`
(OpenSSL). It shares no code with SEMRES: if it opens what `semres seal` writes, the page
specifies the format completely. Format versions 1 and 2 (custody section, header MAC, wraps
bound to their SMeR); suites 1-3 (RSA-OAEP, HPKE X25519); suites 4 (SM2) and 5 (X-Wing) are
not available in `cryptography`'s API and are reported as unsupported.

    independent_reader.py SMER PRIVATE_KEY.pem OUT [--expect-hash HEX]
Exit codes: 0 opened, 1 rejected (message on stderr), 2 unsupported suite.
"""
import hashlib
import hmac
import sys

from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand


class Rejected(Exception):
    pass


def hkdf_extract(salt, ikm):
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def expand(prk, info, length):
    return HKDFExpand(hashes.SHA256(), length, info).derive(prk)


# docs/smer.md §1: the lengths of a data key wrapped under each suite.
WRAP_LENGTHS = {1: (384, 512), 2: (256,), 3: (80,), 4: (113,), 5: (1168,)}
# docs/smer.md §2: data key lengths.
KEY_LENGTHS = {1: 32, 2: 16, 3: 32, 4: 16, 5: 32}


def wrap_context(version, suite, record_id, key_id):
    """docs/smer.md §2: OAEP label (None in version 1) and HPKE info."""
    if version == 1:
        return None, b"SEMRES v1 data key"
    ctx = b"SEMRES v2 data key" + bytes([suite]) + record_id + key_id
    return ctx, ctx


def skip_custody(smer, off, suite):
    """docs/smer.md §1 (version 2): the custody section, checked and skipped."""
    n = smer[off]
    off += 1
    if n == 0:
        return off
    if not 2 <= n <= 64:
        raise Rejected("bad custody count")
    threshold = smer[off + 4]
    if not 2 <= threshold <= n:
        raise Rejected("bad custody threshold")
    off += 5
    sealed_lengths = {enc + KEY_LENGTHS[suite] + 16 for enc in (32, 1120)}
    for i in range(n):
        if smer[off] != i + 1:
            raise Rejected("bad custody index")
        slen = int.from_bytes(smer[off + 33 : off + 35], "little")
        if slen not in sealed_lengths:
            raise Rejected(f"custody share length {slen} is not suite {suite}'s")
        off += 35 + slen
    return off


def read(smer, key_pem, expect_hash=None):
    if expect_hash is not None and hashlib.sha256(smer).hexdigest() != expect_hash:
        raise Rejected("anchor hash mismatch")
    if smer[:4] != b"SMeR":
        raise Rejected("bad magic")
    version = smer[4]
    if version not in (1, 2):
        raise Rejected(f"unsupported version {version}")
    suite = smer[5]
    if suite not in (1, 2, 3):
        raise NotImplementedError(f"suite {suite}")
    header_len = int.from_bytes(smer[6:10], "little")
    header = smer[: 10 + header_len]
    body = header[10:]
    if len(body) != header_len:
        raise Rejected("truncated header")
    record_id, owner = body[0:32], body[32:64]
    ct_len = body[72]
    p = 73 + ct_len
    chunk_log2 = body[p]
    plaintext_len = int.from_bytes(body[p + 1 : p + 9], "little")
    nonce_prefix = body[p + 9 : p + 16]
    commitment = body[p + 16 : p + 48]
    if p + 48 != header_len or not 12 <= chunk_log2 <= 24:
        raise Rejected("bad header")

    off = len(header)
    count = int.from_bytes(smer[off : off + 2], "little")
    off += 2
    envelopes = {}
    for _ in range(count):
        key_id = smer[off : off + 32]
        wlen = int.from_bytes(smer[off + 32 : off + 34], "little")
        if wlen not in WRAP_LENGTHS[suite]:
            raise Rejected(f"envelope length {wlen} is not suite {suite}'s")
        envelopes[key_id] = smer[off + 34 : off + 34 + wlen]
        off += 34 + wlen
    mac = None
    if version == 2:
        off = skip_custody(smer, off, suite)
        authenticated, mac = smer[:off], smer[off : off + 32]
        off += 32

    sk = serialization.load_pem_private_key(key_pem, password=None)
    spki = sk.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_id = hashlib.sha256(spki).digest()
    wrapped = envelopes.get(key_id)
    if wrapped is None:
        raise Rejected("not a recipient")
    label, info = wrap_context(version, suite, record_id, key_id)
    try:
        if suite in (1, 2):
            assert isinstance(sk, rsa.RSAPrivateKey)
            oaep = padding.OAEP(padding.MGF1(hashes.SHA256()), hashes.SHA256(), label)
            data_key = sk.decrypt(wrapped, oaep)
        else:
            assert isinstance(sk, x25519.X25519PrivateKey)
            s = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
            data_key = s.decrypt(wrapped, sk, info=info)
    except (ValueError, Exception) as e:
        raise Rejected(f"envelope does not unwrap ({type(e).__name__})")

    prk = hkdf_extract(nonce_prefix + record_id, data_key)
    payload_key = expand(prk, b"SEMRES v1 payload key", len(data_key))
    if not hmac.compare_digest(expand(prk, b"SEMRES v1 key commitment", 32), commitment):
        raise Rejected("key commitment mismatch")
    if mac is not None:
        mac_key = expand(prk, b"SEMRES v2 header mac", 32)
        if not hmac.compare_digest(hmac.new(mac_key, authenticated, hashlib.sha256).digest(), mac):
            raise Rejected("header MAC mismatch")

    aad = hashlib.sha256(header).digest()
    chunk = 1 << chunk_log2
    n = max(1, -(-plaintext_len // chunk))
    aead = AESGCM(payload_key)
    out = bytearray()
    for i in range(n):
        size = min(chunk, plaintext_len - i * chunk) + 16
        part = smer[off : off + size]
        if len(part) != size:
            raise Rejected("truncated payload")
        nonce = nonce_prefix + i.to_bytes(4, "big") + bytes([1 if i == n - 1 else 0])
        try:
            out += aead.decrypt(nonce, part, aad)
        except Exception:
            raise Rejected(f"chunk {i} failed authentication")
        off += size
    if off != len(smer):
        raise Rejected("trailing data")
    return bytes(out)


def main(argv):
    smer = open(argv[1], "rb").read()
    key = open(argv[2], "rb").read()
    expect = argv[argv.index("--expect-hash") + 1] if "--expect-hash" in argv else None
    try:
        record = read(smer, key, expect)
    except NotImplementedError as e:
        print(f"unsupported: {e}", file=sys.stderr)
        return 2
    except Rejected as e:
        print(f"rejected: {e}", file=sys.stderr)
        return 1
    open(argv[3], "wb").write(record)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
