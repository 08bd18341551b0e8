// Records, Access and Custody through a real dev node with polkadot.js and metadata alone: a
// record anchored by Alice for Bob is readable by Bob while his grant is live (his key request
// is granted, a custodian's release accepted), not by Charlie (his request is logged and
// refused, and no custodian can release to him), and not by Bob after revocation, and the
// pruned grant returns Alice's deposit; a
// practitioner anchors with Alice's consent naming him, another practitioner cannot use it,
// and cancelled consents are refused; a record tagged with a virtual patient identifier is
// found by it until the owner's untag, which the practitioner cannot override; an emergency responder reads without the patient once
// an officer co-signs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import {
  send, signConsent, consentPayload, newRecord, recordsByVpi, requestKey, keyRequested, keyRequest,
} from '@semres/client';
import { devKeys, startDevNode } from '@semres/client/dev-node';
import { fakeSmer, setCommittee } from './fixtures.mjs';

let node;
let api;
let alice; let bob; let charlie; let dave; let eve; let ferdie;
before(async () => {
  node = await startDevNode();
  api = node.api;
  ({ alice, bob, charlie, dave, eve, ferdie } = devKeys());
});
after(async () => { await node?.stop(); });

const submit = (tx, signer) => send(api, tx, signer, { until: 'inBlock' });

async function expectError(tx, signer, name) {
  await assert.rejects(submit(tx, signer), (e) => e.message === name, `expected ${name}`);
}

/** What `who` holds as storage deposits for `pallet` (e.g. 'isAccess'). */
async function depositOf(who, pallet) {
  const holds = await api.query.balances.holds(who);
  const held = holds.find(({ id }) => id[pallet] && id[`as${pallet.slice(2)}`].isStorageDeposit);
  return held ? held.amount.toBigInt() : 0n;
}

test('anchor, grant, key requests granted and refused, revoke, prune', async () => {
  // Two hospitals hold custody, 2 of 2 (the local network runs 3 of 4); Charlie is one, and a
  // stranger to Alice's record.
  const epoch = await setCommittee(api, submit, alice, [charlie, eve], 2);
  const { salt, record } = await newRecord(api, alice.address);
  const smer = fakeSmer('record-1');
  const { events } = await send(api,
    api.tx.records.anchorRecord(alice.address, salt, smer, [bob.address], 'Outpatient', 'Private', null), alice);
  const anchored = events.find(({ event }) => api.events.records.RecordAnchored.is(event));
  assert.ok(anchored, 'Records.RecordAnchored');
  assert.equal(anchored.event.data.record.toHex(), record, 'the id is record_id(owner, salt)');
  assert.ok(await depositOf(alice.address, 'isRecords') > 0n, 'the anchor holds a deposit');

  const verified = await api.call.recordsApi.verify(record, smer.smerHash);
  assert.equal(verified.isMatch, true);
  assert.equal(verified.asMatch.owner.toString(), alice.address, 'a match names the owner');
  assert.equal((await api.call.recordsApi.verify(record, randomAsHex(32))).isMismatch, true);

  // Charlie copies the anchor (same salt, same SMeR) for himself: it is his record, not Alice's.
  await submit(api.tx.records.anchorRecord(charlie.address, salt, smer, [charlie.address], 'Outpatient', 'Private', null), charlie);
  assert.equal((await api.call.recordsApi.verify(record, smer.smerHash)).asMatch.owner.toString(), alice.address);

  const ask = async (who) => keyRequested(api, (await submit(requestKey(api, { record, epoch }), who)).events);
  const refused = await ask(bob);
  assert.equal(refused.granted, false, 'no grant yet: the request is logged and refused');
  await expectError(api.tx.custody.releaseShare(refused.id, 1, '0x01'), charlie, 'custody.NoBasis');

  const expires = (await api.rpc.chain.getHeader()).number.toNumber() + 1000;
  const before = await depositOf(alice.address, 'isAccess');
  await send(api, api.tx.access.grantAccess(bob.address, { Record: record }, 'Treatment', expires, null), alice);
  assert.ok(await depositOf(alice.address, 'isAccess') > before, 'the grant holds a deposit');
  const basis = await api.call.accessApi.canAccess(bob.address, record);
  assert.equal(basis.isSome, true);
  assert.equal(basis.unwrap().isGrant, true);

  const read = await ask(bob);
  assert.equal(read.granted, true, 'the grant is the basis');
  await expectError(api.tx.custody.releaseShare(read.id, 1, '0x01'), eve, 'custody.NotCustodian');
  await submit(api.tx.custody.releaseShare(read.id, 1, '0x01'), charlie);
  await expectError(api.tx.custody.releaseShare(read.id, 1, '0x01'), charlie, 'custody.AlreadyAnswered');
  const state = await keyRequest(api, read.id);
  assert.equal(state.reader, bob.address);
  assert.deepEqual(state.answers, [{ index: 1, released: true }]);
  assert.equal((await ask(charlie)).granted, false);
  assert.equal((await api.call.accessApi.canAccess(charlie.address, record)).isNone, true);

  const grantId = basis.unwrap().asGrant;
  await expectError(api.tx.access.pruneGrant(grantId), charlie, 'access.GrantStillLive');
  await send(api, api.tx.access.revokeAccess(grantId), alice);
  assert.equal((await api.call.accessApi.canAccess(bob.address, record)).isNone, true);
  // Revocation binds at once: the open request's second share is refused, a new one too.
  await expectError(api.tx.custody.releaseShare(read.id, 2, '0x01'), eve, 'custody.NoBasis');
  assert.equal((await ask(bob)).granted, false);
  await submit(api.tx.custody.denyRequest(read.id, 2, 'NoBasis'), eve);
  assert.equal((await keyRequest(api, read.id)).answers[1].reason, 'NoBasis');

  const history = await api.call.recordsApi.history(record, 1, 10);
  assert.equal(history.length, 1);
  assert.equal(history[0][1].author.toString(), alice.address);
  assert.equal(history[0][1].smer.smerHash.toHex(), smer.smerHash);
  const grants = await api.call.accessApi.grantsOf(alice.address, null, 100);
  const ours = grants.find(([id]) => id.eq(grantId));
  assert.ok(ours, 'the grant is listed for its owner');
  assert.equal(ours[1].revokedAt.isSome, true, 'revocation is kept until pruned');

  // Anyone prunes the revoked grant, for free; Alice's deposit comes back.
  await submit(api.tx.access.pruneGrant(grantId), charlie);
  assert.equal(await depositOf(alice.address, 'isAccess'), before);
  assert.ok(!(await api.call.accessApi.grantsOf(alice.address, null, 100)).some(([id]) => id.eq(grantId)));
});

test('a practitioner anchors with the owner\'s consent naming him; another cannot use it', async () => {
  await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.access.addMember(ferdie.address, 'Hospital', null),
    api.tx.access.addMember(dave.address, 'Practitioner', ferdie.address),
    api.tx.access.addMember(eve.address, 'Practitioner', ferdie.address),
  ])), alice);

  const { salt, record } = await newRecord(api, alice.address);
  const smer = fakeSmer('record-2');
  const anchor = { record, version: 1, smer, recipients: [bob.address], recordClass: 'Laboratory', level: 'Low' };
  const consent = await signConsent(api, alice, dave.address, anchor);
  const payload = consentPayload(api, { ...anchor, owner: alice.address, submitter: dave.address, validUntil: consent.validUntil, epoch: consent.epoch });
  const fromRuntime = await api.call.recordsApi.signingPayload(record, 1, alice.address, dave.address, smer.cid, smer.smerHash, 1, [bob.address], 'Laboratory', 'Low', consent.validUntil, consent.epoch);
  assert.ok(u8aToHex(fromRuntime.unwrap()).endsWith(u8aToHex(payload).slice(2)), 'the runtime API computes the same bytes');

  const call = (c) => api.tx.records.anchorRecord(alice.address, salt, smer, [bob.address], 'Laboratory', 'Low', c);
  await expectError(call(consent), eve, 'records.ConsentForAnotherSubmitter');
  const { events } = await send(api, call(consent), dave);
  const anchored = events.find(({ event }) => api.events.records.RecordAnchored.is(event));
  assert.equal(anchored.event.data.author.toString(), dave.address);
  assert.equal(anchored.event.data.institution.unwrap().toString(), ferdie.address, 'the institution is fixed at anchoring');
  assert.equal(anchored.event.data.owner.toString(), alice.address);

  // Replayed for the next version: the signature covered version 1 only.
  await expectError(api.tx.records.amendRecord(record, fakeSmer('record-2 v2'), [bob.address], consent), dave, 'records.BadOwnerSignature');
  await expectError(call(null), dave, 'records.RecordExists');
  const other = await newRecord(api, alice.address);
  await expectError(api.tx.records.anchorRecord(alice.address, other.salt, fakeSmer('x'), [bob.address], 'Laboratory', 'Low', null), dave, 'records.OwnerSignatureMissing');

  // Alice cancels her outstanding consents: one signed before no longer works.
  const amendment = { record, version: 2, smer: fakeSmer('record-2 v2'), recipients: [bob.address], recordClass: 'Laboratory', level: 'Low' };
  const stale = await signConsent(api, alice, dave.address, amendment);
  await submit(api.tx.records.cancelConsents(), alice);
  await expectError(api.tx.records.amendRecord(record, amendment.smer, [bob.address], stale), dave, 'records.ConsentCancelled');
  const fresh = await signConsent(api, alice, dave.address, amendment);
  await submit(api.tx.records.amendRecord(record, amendment.smer, [bob.address], fresh), dave);
});

test('an emergency responder reads without the patient once an officer co-signs', async () => {
  const { salt, record } = await newRecord(api, alice.address);
  await submit(api.tx.records.anchorRecord(alice.address, salt, fakeSmer('record-3'), [alice.address], 'Allergy', 'Private', null), alice);
  // Charlie's hospital (a custodian since the first test, unless run alone) employs Bob.
  if (!(await api.query.access.members(charlie.address, 'Hospital')).isSome) {
    await submit(api.tx.sudo.sudo(api.tx.access.addMember(charlie.address, 'Hospital', null)), alice);
  }
  await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.access.addMember(bob.address, 'EmergencyResponder', charlie.address),
    api.tx.access.setEmergencyOfficers([eve.address], 1),
  ])), alice);
  const reason = randomAsHex(32); // a commitment to the reason code, not the code
  const { events } = await submit(api.tx.access.openEmergencyAccess(alice.address, reason), bob);
  const opened = events.find(({ event }) => api.events.access.EmergencyAccessOpened.is(event)).event.data;
  assert.equal(opened.reason.toHex(), reason);
  const id = opened.id;
  await expectError(api.tx.access.cosignEmergencyAccess(id), bob, 'access.NotAnEmergencyOfficer');
  await submit(api.tx.access.cosignEmergencyAccess(id), eve);
  const basis = await api.call.accessApi.canAccess(bob.address, record);
  assert.ok(basis.isSome && basis.unwrap().isEmergency, 'emergency basis');
  await expectError(api.tx.access.reviewEmergencyAccess(id), alice, 'access.EmergencyStillOpen');
  await submit(api.tx.access.closeEmergencyAccess(id), alice);
  assert.ok((await api.call.accessApi.canAccess(bob.address, record)).isNone, 'closed by the patient');
  await submit(api.tx.access.reviewEmergencyAccess(id), alice);
  await submit(api.tx.access.pruneEmergency(id), charlie);
});

test('virtual patient identifiers: the first author tags, members find, the owner refuses', async () => {
  // Ferdie (a hospital: registered here unless an earlier test did) anchors a record of Eve's
  // with her consent, and tags it.
  if (!(await api.query.access.members(ferdie.address, 'Hospital')).isSome) {
    await submit(api.tx.sudo.sudo(api.tx.access.addMember(ferdie.address, 'Hospital', null)), alice);
  }
  const { salt, record } = await newRecord(api, eve.address);
  const smer = fakeSmer('tagged');
  const anchor = { record, version: 1, smer, recipients: [eve.address], recordClass: 'Laboratory', level: 'Private' };
  const consent = await signConsent(api, eve, ferdie.address, anchor);
  await submit(api.tx.records.anchorRecord(eve.address, salt, smer, [eve.address], 'Laboratory', 'Private', consent), ferdie);
  const vpi = randomAsHex(32);
  await expectError(api.tx.records.setVpi(record, vpi), charlie, 'records.NotOwnerOrFirstAuthor');
  await submit(api.tx.records.setVpi(record, vpi), ferdie);
  assert.deepEqual(await recordsByVpi(api, vpi), [{ record, owner: eve.address, setBy: ferdie.address }]);
  assert.deepEqual(await recordsByVpi(api, randomAsHex(32)), []);
  // Eve removes it: the hospital cannot tag the record again.
  await submit(api.tx.records.clearVpi(record), eve);
  assert.deepEqual(await recordsByVpi(api, vpi), []);
  await expectError(api.tx.records.setVpi(record, vpi), ferdie, 'records.VpiRefused');
});
