#!/usr/bin/env python3
"""Watches a SEMRES node over JSON-RPC (HTTP, the node's RPC port) and asserts what the
consortium network tests need: blocks and finality advancing or finality stalled, a node
caught up with another, blocks authored (or no longer authored) by an Aura key.

Usage:
  chainwatch.py advancing URL --seconds S [--blocks N] [--finalized N]
  chainwatch.py stalled URL --seconds S          (blocks go on, finality does not)
  chainwatch.py caught-up URL REF_URL --within S (URL's best reaches REF's finalized)
  chainwatch.py isolated URL REF_URL --seconds S  (REF goes on, URL does not follow: it is
                                                   --blocks or more behind, and stays there)
  chainwatch.py authors URL --aura HEX --within S          (a new block by this key)
  chainwatch.py not-authoring URL --aura HEX --blocks N --within S
                                                  (N new blocks in a row, none by this key)
Exits 0 when the assertion holds, 1 (with the reason) when it does not, 2 on bad usage.
The block author is Aura's: the slot of the block's pre-runtime digest modulo the number of
authorities at its parent (`AuraApi_authorities`).
"""
import argparse
import json
import sys
import time
import urllib.request


def rpc(url, method, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)})
    req = urllib.request.Request(
        url.replace("ws://", "http://"), body.encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        answer = json.load(r)
    if "error" in answer:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]


def header(url, block_hash=None):
    return rpc(url, "chain_getHeader", block_hash) if block_hash else rpc(url, "chain_getHeader")


def best(url):
    return int(header(url)["number"], 16)


def finalized(url):
    return int(header(url, rpc(url, "chain_getFinalizedHead"))["number"], 16)


def compact_len(data):
    """SCALE compact integer at the start of `data`: (value, bytes used)."""
    mode = data[0] & 3
    if mode == 0:
        return data[0] >> 2, 1
    if mode == 1:
        return int.from_bytes(data[:2], "little") >> 2, 2
    if mode == 2:
        return int.from_bytes(data[:4], "little") >> 2, 4
    raise ValueError("big compact")


def author(url, number):
    """The Aura public key (hex) that authored block `number`."""
    block_hash = rpc(url, "chain_getBlockHash", number)
    h = header(url, block_hash)
    slot = None
    for log in h["digest"]["logs"]:
        raw = bytes.fromhex(log[2:])
        if raw[0] == 6 and raw[1:5] == b"aura":  # PreRuntime(aura, slot)
            n, used = compact_len(raw[5:])
            slot = int.from_bytes(raw[5 + used : 5 + used + n], "little")
    if slot is None:
        raise RuntimeError(f"block {number} has no Aura pre-runtime digest")
    raw = bytes.fromhex(rpc(url, "state_call", "AuraApi_authorities", "0x", h["parentHash"])[2:])
    count, used = compact_len(raw)
    keys = [raw[used + 32 * i : used + 32 * (i + 1)].hex() for i in range(count)]
    return keys[slot % count]


def fail(msg):
    print(f"chainwatch: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("check")
    p.add_argument("url")
    p.add_argument("ref", nargs="?")
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--within", type=float, default=120)
    p.add_argument("--blocks", type=int, default=3)
    p.add_argument("--finalized", type=int, default=2)
    p.add_argument("--aura")
    a = p.parse_args()
    url = a.url
    if a.check in ("advancing", "stalled"):
        if a.check == "stalled":
            time.sleep(6)  # a GRANDPA round under way when the nodes went down concludes
        b0, f0 = best(url), finalized(url)
        time.sleep(a.seconds)
        b1, f1 = best(url), finalized(url)
        print(f"in {a.seconds:.0f} s: best #{b0} -> #{b1}, finalized #{f0} -> #{f1}")
        if a.check == "advancing":
            if b1 - b0 < a.blocks or f1 - f0 < a.finalized:
                fail(f"expected >= {a.blocks} blocks and >= {a.finalized} finalized")
        else:
            if b1 - b0 < 2:
                fail("blocks stopped too (expected them to go on without finality)")
            # A round already under way may still conclude: allow one block of it.
            if f1 - f0 > 1:
                fail("finality advanced without a GRANDPA supermajority")
    elif a.check == "isolated":
        if not a.ref:
            sys.exit(2)
        u0, r0 = best(url), best(a.ref)
        time.sleep(a.seconds)
        u1, r1 = best(url), best(a.ref)
        print(f"in {a.seconds:.0f} s: {url} #{u0} -> #{u1}, {a.ref} #{r0} -> #{r1}")
        if r1 - r0 < 2:
            fail(f"{a.ref} stopped")
        if u1 != u0 or r1 - u1 < a.blocks:
            fail(f"{url} follows the chain")
    elif a.check == "caught-up":
        if not a.ref:
            sys.exit(2)
        target = finalized(a.ref)
        deadline = time.time() + a.within
        while time.time() < deadline:
            try:
                if best(url) >= target:
                    print(f"{url} reached #{target} (finalized at {a.ref})")
                    return
            except OSError:
                pass  # the node is still starting
            time.sleep(2)
        fail(f"{url} did not reach #{target} within {a.within:.0f} s")
    elif a.check in ("authors", "not-authoring"):
        key = (a.aura or "").lower().removeprefix("0x")
        if len(key) != 64:
            sys.exit(2)
        deadline = time.time() + a.within
        seen = best(url)
        clean = 0
        while time.time() < deadline:
            now = best(url)
            for n in range(seen + 1, now + 1):
                by_key = author(url, n) == key
                if a.check == "authors" and by_key:
                    print(f"block #{n} authored by 0x{key}")
                    return
                clean = 0 if by_key else clean + 1
                if a.check == "not-authoring" and clean >= a.blocks:
                    print(f"{a.blocks} blocks in a row up to #{n}, none by 0x{key}")
                    return
            seen = now
            time.sleep(2)
        fail(f"no {'block by' if a.check == 'authors' else 'clean run of blocks without'} 0x{key} within {a.within:.0f} s")
    else:
        sys.exit(2)


if __name__ == "__main__":
    main()
