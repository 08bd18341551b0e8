#!/usr/bin/env python3
"""ParityDb backup and restore, end to end, on real nodes (run by scripts/test.sh).

A development chain: node A (Alice, authoring and finalising) and node B (a non-authority
node syncing from A, as a hospital's RPC node would). Then:
  1. a backup of B's database while B runs is refused (exit 3), no archive is written;
  2. B is stopped and backed up (scripts/node-backup.sh);
  3. a damaged copy of the archive (one byte changed) is refused (exit 5), nothing restored;
  4. the archive is restored into an empty base path C; a second restore onto C is refused
     (exit 4) and leaves C as it was;
  5. C started alone (no peers): it is B, same peer id, at B's best block with B's hash and
     at least B's finalized block: nothing was re-imported or lost;
  6. C started with A as its boot node: it syncs to A's head, blocks agree with A's, and
     its finality follows A's past what the backup held.

Usage: backup-scenario.py NODE [--keep] (--keep leaves the nodes' directories and logs). Exits 0 when every step holds, 1 otherwise.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chainwatch import best, finalized, rpc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BACKUP = os.path.join(HERE, "node-backup.sh")
CHAIN_ID = "semres_dev"  # the `dev` chain spec's id: DATA/chains/semres_dev
P2P, RPC = 30520, 19975  # A, B, C use the next ports in turn
# Node A's libp2p secret key: a fixed test key (an authority needs one given).
A_KEY = hashlib.sha256(b"semres backup scenario: node A").hexdigest()


def fail(msg):
    print(f"backup-scenario: FAILED: {msg}", file=sys.stderr)
    sys.exit(1)


def step(msg):
    print(f"backup-scenario: {msg}", file=sys.stderr, flush=True)


class Node:
    def __init__(self, node_bin, work, name, index, extra):
        self.name, self.url = name, f"http://127.0.0.1:{RPC + index}"
        self.log = open(os.path.join(work, f"{name}.log"), "ab")
        args = [node_bin, "--base-path", os.path.join(work, name), "--port", str(P2P + index),
                "--rpc-port", str(RPC + index), "--no-mdns", "--no-prometheus",
                "--no-telemetry", "--offchain-worker", "never", *extra]
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while True:
            try:
                rpc(self.url, "system_health")
                return
            except Exception:
                if self.proc.poll() is not None:
                    fail(f"node {name} exited ({self.proc.returncode}); see {self.log.name}")
                if time.time() > deadline:
                    fail(f"node {name} did not answer RPC within 90 s")
                time.sleep(0.5)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail(f"node {self.name} did not stop within 60 s of SIGTERM")


def wait_for(what, check, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return
        time.sleep(1)
    fail(f"{what}: not within {seconds} s")


def backup_tool(*args):
    r = subprocess.run(["bash", BACKUP, *args], capture_output=True, text=True)
    step(f"  node-backup.sh {args[0]} -> {r.returncode}: {r.stderr.strip()}")
    return r.returncode


def block_hash(url, number):
    return rpc(url, "chain_getBlockHash", number)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    node_bin = sys.argv[1]
    work = tempfile.mkdtemp(prefix="semres-backup-")
    nodes = []
    try:
        a = Node(node_bin, work, "a", 0, ["--dev", "--node-key", A_KEY])
        nodes.append(a)
        a_peer = rpc(a.url, "system_localPeerId")
        boot = ["--bootnodes", f"/ip4/127.0.0.1/tcp/{P2P}/p2p/{a_peer}"]
        b = Node(node_bin, work, "b", 1, ["--chain", "dev", *boot])
        nodes.append(b)
        wait_for("B syncs 8 blocks and finalises 6", lambda: best(b.url) >= 8 and finalized(b.url) >= 6, 120)
        b_peer = rpc(b.url, "system_localPeerId")

        step("1. backup of a running node")
        archive = os.path.join(work, "b.tar")
        if backup_tool("backup", "--base-path", os.path.join(work, "b"), archive) != 3:
            fail("a backup of a database in use was not refused with exit 3")
        if os.path.exists(archive):
            fail("a refused backup left an archive behind")

        step("2. B stopped, backed up")
        b.stop()
        nodes.remove(b)
        b_best, b_fin = best_offline(node_bin, work, "b")
        if backup_tool("backup", "--base-path", os.path.join(work, "b"), archive) != 0:
            fail("backup of the stopped node failed")

        step("3. a damaged archive")
        damaged = os.path.join(work, "damaged.tar")
        data = bytearray(open(archive, "rb").read())
        data[len(data) // 2] ^= 0x01
        open(damaged, "wb").write(data)
        bad = os.path.join(work, "bad")
        if backup_tool("restore", "--base-path", bad, damaged) != 5:
            fail("a damaged archive was not refused with exit 5")
        if os.path.exists(os.path.join(bad, "chains")):
            fail("a refused restore wrote a chain directory")

        step("4. restore into an empty base path, then once more onto it")
        c_base = os.path.join(work, "c")
        if backup_tool("restore", "--base-path", c_base, archive) != 0:
            fail("restore failed")
        before = tree(c_base)
        if backup_tool("restore", "--base-path", c_base, archive) != 4:
            fail("a restore onto an existing chain was not refused with exit 4")
        if tree(c_base) != before:
            fail("a refused restore changed the target")

        step("5. C alone: it is B, where B stopped")
        c = Node(node_bin, work, "c", 2, ["--chain", "dev", "--reserved-only"])
        nodes.append(c)
        if rpc(c.url, "system_localPeerId") != b_peer:
            fail("the restored node has another peer id (network key not restored)")
        if best(c.url) != b_best[0] or block_hash(c.url, b_best[0]) != b_best[1]:
            fail(f"restored best block {best(c.url)} is not B's {b_best[0]}")
        if finalized(c.url) < b_fin:
            fail(f"restored finalized block {finalized(c.url)} is below B's {b_fin}")
        step(f"  C at #{b_best[0]} (finalized #{finalized(c.url)}), peer id {b_peer}")
        c.stop()
        nodes.remove(c)

        step("6. C with A as boot node: it syncs and follows finality")
        c = Node(node_bin, work, "c", 2, ["--chain", "dev", *boot])
        nodes.append(c)
        target = best(a.url)
        wait_for(f"C reaches A's best #{target}", lambda: best(c.url) >= target, 120)
        if block_hash(c.url, target) != block_hash(a.url, target):
            fail(f"C's block #{target} differs from A's")
        wait_for("C's finality passes the restore point and A's at sync",
                 lambda: finalized(c.url) > max(b_best[0], target), 120)
        step(f"  C synced to #{best(c.url)}, finalized #{finalized(c.url)} (backup held #{b_best[0]})")
        step("ok")
    finally:
        for n in nodes:
            n.proc.kill()
            n.proc.wait()
        if "--keep" not in sys.argv:
            subprocess.run(["rm", "-rf", work])


def best_offline(node_bin, work, name):
    """The stopped node's best block (number, hash) and finalized number: its database
    opened once more by a node with no peers (nothing can change it meanwhile)."""
    n = Node(node_bin, work, name, 3, ["--chain", "dev", "--reserved-only"])
    try:
        number = best(n.url)
        return (number, block_hash(n.url, number)), finalized(n.url)
    finally:
        n.stop()


def tree(path):
    out = []
    for root, _, files in os.walk(path):
        for f in files:
            p = os.path.join(root, f)
            out.append((p, os.path.getsize(p), os.path.getmtime(p)))
    return sorted(out)


if __name__ == "__main__":
    main()
