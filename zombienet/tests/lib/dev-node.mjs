// Starts `semres-node --dev --tmp` on free ports for a test and connects polkadot.js to it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

/** The node binary: $SEMRES_NODE (scripts/test.sh sets it). */
export const NODE_BIN = process.env.SEMRES_NODE;

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

/** Starts a dev node; resolves once polkadot.js is connected. Call `stop()` when done. */
export async function startDevNode({ timeoutMs = 240_000 } = {}) {
  if (!NODE_BIN) throw new Error('SEMRES_NODE is not set: run the tests through scripts/test.sh');
  const [rpc, p2p, prom] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(NODE_BIN, [
    '--dev', '--tmp', '--no-mdns',
    '--rpc-port', String(rpc), '--port', String(p2p), '--prometheus-port', String(prom),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-20_000); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

  const deadline = Date.now() + timeoutMs;
  let api;
  while (!api) {
    if (child.exitCode !== null) throw new Error(`semres-node exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) { child.kill(); throw new Error(`semres-node did not answer:\n${log}`); }
    const provider = new WsProvider(`ws://127.0.0.1:${rpc}`, false);
    try {
      await provider.connect();
      await new Promise((resolve, reject) => {
        provider.on('connected', resolve);
        provider.on('error', reject);
        setTimeout(() => reject(new Error('connect timeout')), 2_000);
      });
      api = await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
    } catch {
      await provider.disconnect().catch(() => {});
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  return {
    api,
    log: () => log,
    async stop() {
      await api.disconnect().catch(() => {});
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** A dispatch error's name: `section.Name` for pallet errors, else e.g. `BadOrigin`, `Token.FundsUnavailable`. */
export function errorName(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}`;
  }
  const inner = dispatchError.value;
  return inner && inner.type ? `${dispatchError.type}.${inner.type}` : dispatchError.type;
}

/**
 * Signs and sends `tx`; resolves with `{ blockHash, events }` once its block is in the chain
 * (`until: 'inBlock'`) or finalised (the default), rejects with `section.Name` on a dispatch
 * error.
 */
export function send(api, tx, signer, { until = 'finalized' } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        unsub();
        reject(new Error(errorName(api, dispatchError)));
      } else if (until === 'inBlock' && status.isInBlock) {
        unsub();
        resolve({ blockHash: status.asInBlock, events });
      } else if (status.isFinalized) {
        unsub();
        resolve({ blockHash: status.asFinalized, events });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        unsub();
        reject(new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; }, reject);
  });
}

/** `send` until the transaction's block is finalised. */
export function sendAndFinalize(api, tx, signer) {
  return send(api, tx, signer);
}

/** Resolves with the number of the best block once it reaches `n`. */
export async function waitForBlock(api, n) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    api.rpc.chain.subscribeNewHeads((header) => {
      if (header.number.toNumber() >= n) {
        unsub();
        resolve(header.number.toNumber());
      }
    }).then((u) => { unsub = u; }, reject);
  });
}
