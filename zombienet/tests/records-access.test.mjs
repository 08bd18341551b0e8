// Records and Access through a real dev node with polkadot.js and metadata alone: a record
// anchored by Alice for Bob is readable by Bob while his grant is live, not by Charlie (named
// error), and not by Bob after revocation; a practitioner anchors with Alice's signature, and
// a replayed signature is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { devKeys, startDevNode, sendAndFinalize } from './lib/dev-node.mjs';
import { consentPayload, smerRef } from './lib/records.mjs';

let node;
let api;
let alice; let bob; let charlie; let dave; let ferdie;
before(async () => {
  node = await startDevNode();
  api = node.api;
  ({ alice, bob, charlie, dave, ferdie } = devKeys());
});
after(async () => { await node?.stop(); });

async function expectError(tx, signer, name) {
  await assert.rejects(sendAndFinalize(api, tx, signer), (e) => e.message === name, `expected ${name}`);
}

test('anchor, grant, audited read, refusals, revoke', async () => {
  const record = randomAsHex(32);
  const smer = smerRef('record-1');
  const { events } = await sendAndFinalize(api,
    api.tx.records.anchorRecord(record, alice.address, smer, [bob.address], 'Outpatient', 'Private', null), alice);
  const anchored = events.find(({ event }) => api.events.records.RecordAnchored.is(event));
  assert.ok(anchored, 'Records.RecordAnchored');
  assert.equal(anchored.event.data.owner.toString(), alice.address);

  const verified = await api.call.recordsApi.verify(record, smer.smerHash);
  assert.equal(verified.isMatch, true);
  assert.equal((await api.call.recordsApi.verify(record, randomAsHex(32))).isMismatch, true);

  await expectError(api.tx.access.recordAccess(record, 1), bob, 'access.NotAuthorised');

  const expires = (await api.rpc.chain.getHeader()).number.toNumber() + 1000;
  await sendAndFinalize(api, api.tx.access.grantAccess(bob.address, { Record: record }, 'Treatment', expires, null), alice);
  const basis = await api.call.accessApi.canAccess(bob.address, record);
  assert.equal(basis.isSome, true);
  assert.equal(basis.unwrap().isGrant, true);

  const read = await sendAndFinalize(api, api.tx.access.recordAccess(record, 1), bob);
  assert.ok(read.events.find(({ event }) => api.events.access.RecordAccessed.is(event)), 'Access.RecordAccessed');
  await expectError(api.tx.access.recordAccess(record, 1), charlie, 'access.NotAuthorised');
  assert.equal((await api.call.accessApi.canAccess(charlie.address, record)).isNone, true);

  const grantId = basis.unwrap().asGrant;
  await sendAndFinalize(api, api.tx.access.revokeAccess(grantId), alice);
  assert.equal((await api.call.accessApi.canAccess(bob.address, record)).isNone, true);
  await expectError(api.tx.access.recordAccess(record, 1), bob, 'access.GrantRevoked');

  const history = await api.call.recordsApi.history(record, 1, 10);
  assert.equal(history.length, 1);
  assert.equal(history[0][1].author.toString(), alice.address);
  assert.equal(history[0][1].smer.smerHash.toHex(), smer.smerHash);
  const grants = await api.call.accessApi.grantsOf(alice.address);
  const ours = grants.find(([id]) => id.eq(grantId));
  assert.ok(ours, 'the grant is listed for its owner');
  assert.equal(ours[1].revokedAt.isSome, true, 'revocation is kept in the history');

  const log = await api.call.accessApi.accessLog(record, 0, 10);
  assert.equal(log.length, 1);
  assert.equal(log[0].reader.toString(), bob.address);
});

test('a practitioner anchors with the owner\'s signature; a replay is refused', async () => {
  await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.access.addMember(ferdie.address, 'Hospital', null)), alice);
  await sendAndFinalize(api, api.tx.sudo.sudo(api.tx.access.addMember(dave.address, 'Practitioner', ferdie.address)), alice);

  const record = randomAsHex(32);
  const smer = smerRef('record-2');
  const nonce = (await api.call.recordsApi.ownerNonce(alice.address)).toNumber();
  const payload = consentPayload(api, {
    record, version: 1, owner: alice.address, smer, recipients: [bob.address], recordClass: 'Laboratory', level: 'Low', nonce,
  });
  const fromRuntime = await api.call.recordsApi.signingPayload(record, 1, alice.address, smer.cid, smer.smerHash, 1, [bob.address], 'Laboratory', 'Low', nonce);
  assert.ok(u8aToHex(fromRuntime.unwrap()).endsWith(u8aToHex(payload).slice(2)), 'the runtime API computes the same bytes');
  const consent = { nonce, signature: { Sr25519: u8aToHex(alice.sign(payload)) } };

  const { events } = await sendAndFinalize(api,
    api.tx.records.anchorRecord(record, alice.address, smer, [bob.address], 'Laboratory', 'Low', consent), dave);
  const anchored = events.find(({ event }) => api.events.records.RecordAnchored.is(event));
  assert.equal(anchored.event.data.author.toString(), dave.address);
  assert.equal(anchored.event.data.owner.toString(), alice.address);

  const smer2 = smerRef('record-2 v2');
  await expectError(api.tx.records.amendRecord(record, smer2, [bob.address], consent), dave, 'records.StaleNonce');
  await expectError(api.tx.records.anchorRecord(randomAsHex(32), alice.address, smerRef('x'), [bob.address], 'Laboratory', 'Low', null), dave, 'records.OwnerSignatureMissing');
});
