// Connecting to a SEMRES node, submitting transactions and naming their failures.
import { ApiPromise, WsProvider } from '@polkadot/api';

/**
 * Connects to the node at `url` (WebSocket RPC) and resolves with an `ApiPromise` built from
 * the chain's metadata alone. Rejects after `timeoutMs` if the node does not answer.
 */
export async function connect(url = 'ws://127.0.0.1:9944', { timeoutMs = 30_000 } = {}) {
  const provider = new WsProvider(url, false);
  try {
    await provider.connect();
    await new Promise((resolve, reject) => {
      if (provider.isConnected) { resolve(); return; }
      const timer = setTimeout(() => reject(new Error(`no answer from ${url} within ${timeoutMs} ms`)), timeoutMs);
      provider.on('connected', () => { clearTimeout(timer); resolve(); });
      provider.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot connect to ${url}: ${e?.message ?? e}`)); });
    });
    return await ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
  } catch (e) {
    await provider.disconnect().catch(() => {});
    throw e;
  }
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

/** A transaction the chain refused: `name` is the dispatch error (`records.NotOwner`, ...). */
export class DispatchError extends Error {
  constructor(name, blockHash) {
    super(name);
    this.name = 'DispatchError';
    this.error = name;
    this.blockHash = blockHash;
  }
}

/**
 * Signs and sends `tx`; resolves with `{ blockHash, events }` once its block is in the chain
 * (`until: 'inBlock'`) or finalised (the default). Rejects with a `DispatchError` whose message
 * is `section.Name` when the call failed, or an `Error` when the pool dropped it.
 */
export function send(api, tx, signer, { until = 'finalized' } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    let done = false;
    const finish = (f, v) => { if (!done) { done = true; unsub(); f(v); } };
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        finish(reject, new DispatchError(errorName(api, dispatchError), status.isInBlock ? status.asInBlock : undefined));
      } else if (until === 'inBlock' && status.isInBlock) {
        finish(resolve, { blockHash: status.asInBlock, events });
      } else if (status.isFinalized) {
        finish(resolve, { blockHash: status.asFinalized, events });
      } else if (status.isDropped || status.isInvalid || status.isUsurped) {
        finish(reject, new Error(`transaction ${status.type}`));
      }
    }).then((u) => { unsub = u; if (done) u(); }, (e) => finish(reject, e));
  });
}

/** Resolves with the number of the best block once it reaches `n`. */
export function waitForBlock(api, n) {
  return new Promise((resolve, reject) => {
    let unsub = null;
    let done = false;
    api.rpc.chain.subscribeNewHeads((header) => {
      if (!done && header.number.toNumber() >= n) {
        done = true;
        unsub?.();
        resolve(header.number.toNumber());
      }
    }).then((u) => { unsub = u; if (done) u(); }, reject);
  });
}

/** The best block's number. */
export async function bestNumber(api) {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}
