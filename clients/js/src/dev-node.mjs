// For apps' tests: a throw-away `semres-node --dev --tmp` on free ports, and its accounts.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Keyring } from '@polkadot/keyring';
import { connect } from './chain.mjs';

/** The well-known development accounts' sr25519 key pairs, by name: `{ alice, bob, ... }`. */
export function devKeys() {
  const keyring = new Keyring({ type: 'sr25519' });
  const names = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];
  return Object.fromEntries(names.map((n) => [n, keyring.addFromUri(`//${n[0].toUpperCase()}${n.slice(1)}`)]));
}

/** A TCP port that nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the node binary `bin` (default: $SEMRES_NODE) with `--dev --tmp`; resolves with
 * `{ api, url, log(), stop() }` once polkadot.js is connected. Call `stop()` when done.
 */
export async function startDevNode({ bin = process.env.SEMRES_NODE, timeoutMs = 240_000 } = {}) {
  if (!bin) throw new Error('no node binary: pass { bin } or set SEMRES_NODE (scripts/test.sh sets it)');
  const [rpc, p2p, prom] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(bin, [
    '--dev', '--tmp', '--no-mdns',
    '--rpc-port', String(rpc), '--port', String(p2p), '--prometheus-port', String(prom),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-20_000); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

  const url = `ws://127.0.0.1:${rpc}`;
  const deadline = Date.now() + timeoutMs;
  let api;
  while (!api) {
    if (child.exitCode !== null) throw new Error(`semres-node exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) { child.kill(); throw new Error(`semres-node did not answer:\n${log}`); }
    try {
      api = await connect(url, { timeoutMs: 2_000 });
    } catch {
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  return {
    api,
    url,
    log: () => log,
    async stop() {
      await api.disconnect().catch(() => {});
      child.kill('SIGINT');
      await exited;
    },
  };
}
