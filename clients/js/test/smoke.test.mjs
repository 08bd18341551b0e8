// polkadot.js against a real dev node, with metadata alone (no hand-written types).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { send } from '@semres/client';
import { startDevNode } from '@semres/client/dev-node';

let node;
before(async () => { node = await startDevNode(); });
after(async () => { await node?.stop(); });

test('reads chain name, runtime version and wallet properties', async () => {
  const { api } = node;
  assert.equal((await api.rpc.system.chain()).toString(), 'SEMRES Development');
  assert.equal(api.runtimeVersion.specName.toString(), 'semres');
  assert.ok(api.runtimeVersion.specVersion.toNumber() >= 100);
  const props = await api.rpc.system.properties();
  assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'SEMR');
  assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
  assert.equal(api.registry.chainDecimals[0], 12);
});

test('a balance transfer from Alice to Bob lands in a finalised block', async () => {
  const { api } = node;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const amount = 123n * 10n ** 12n;

  const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
  const { blockHash, events } = await send(
    api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);

  const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
  assert.ok(transfer, 'Balances.Transfer event');
  assert.equal(transfer.event.data.to.toString(), bob.address);
  assert.equal(transfer.event.data.amount.toBigInt(), amount);

  const finalized = await api.rpc.chain.getFinalizedHead();
  const [fin, inc] = await Promise.all([api.rpc.chain.getHeader(finalized), api.rpc.chain.getHeader(blockHash)]);
  assert.ok(fin.number.toNumber() >= inc.number.toNumber(), 'block is finalised');

  const bobAfter = (await api.query.system.account.at(blockHash, bob.address)).data.free.toBigInt();
  assert.equal(bobAfter - bobBefore, amount);
});
