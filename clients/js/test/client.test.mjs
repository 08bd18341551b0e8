// The package's own API against a real dev node: what docs and README show an app doing —
// anchor a stored SMeR by its CID string, verify a SMeR before decrypting it, request with a
// reason commitment, grant, ask who may read and why not, request a data key from the custody
// committee, and follow one patient's events (and only theirs) as blocks are finalised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomAsHex } from '@polkadot/util-crypto';
import {
  anchorRecord, canAccess, cidBytes, grantAccess, newRecord, reasonCommitment, requestAccess,
  send, smerRef, subscribePatient, verifySmer, bestNumber, DispatchError, requestKey, keyRequested,
} from '@semres/client';
import { devKeys, startDevNode } from '@semres/client/dev-node';
import { setCommittee } from './fixtures.mjs';

// The CIDv1 (raw leaves, sha2-256) Kubo gives the empty file, and the SHA-256 of nothing.
const EMPTY_CID = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

let node;
let api;
let alice; let bob; let charlie; let dave; let eve; let ferdie;
before(async () => {
  node = await startDevNode();
  api = node.api;
  ({ alice, bob, charlie, dave, eve, ferdie } = devKeys());
});
after(async () => { await node?.stop(); });

const inBlock = (tx, signer) => send(api, tx, signer, { until: 'inBlock' });

test('a CID string becomes the bytes the chain stores; bad input is refused by name', () => {
  assert.equal(cidBytes(EMPTY_CID), `0x01551220${EMPTY_SHA256}`);
  assert.throws(() => cidBytes('QmNotBase32'), /not a base32 CIDv1/);
  assert.throws(() => smerRef({ cid: EMPTY_CID, sha256: 'abcd' }), /not a SHA-256 hash/);
  assert.deepEqual(smerRef({ cid: EMPTY_CID, sha256: EMPTY_SHA256 }),
    { cid: `0x01551220${EMPTY_SHA256}`, smerHash: `0x${EMPTY_SHA256}`, suite: 1 });
});

test('anchor, verify, request, grant, can_access, and one patient\'s events', async () => {
  // Two hospitals hold custody of data keys (2 of 2).
  const epoch = await setCommittee(api, inBlock, alice, [dave, ferdie], 2);
  // Bob is a practitioner of hospital Eve (requests need a consortium role).
  await inBlock(api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.access.addMember(eve.address, 'Hospital', null),
    api.tx.access.addMember(bob.address, 'Practitioner', eve.address),
  ])), alice);

  const seen = [];
  const unsubscribe = await subscribePatient(api, charlie.address, (e) => seen.push(e));

  // Charlie anchors a stored SMeR by the CID and hash `semres store put` printed.
  const { salt, record } = await newRecord(api, charlie.address);
  const smer = smerRef({ cid: EMPTY_CID, sha256: EMPTY_SHA256 });
  await inBlock(anchorRecord(api, { owner: charlie.address, salt, smer, recipients: [charlie.address], recordClass: 'Laboratory' }), charlie);
  // Another patient's record: never among Charlie's events.
  const other = await newRecord(api, alice.address);
  await inBlock(anchorRecord(api, { owner: alice.address, salt: other.salt, smer: smerRef({ cid: EMPTY_CID, sha256: randomAsHex(32) }), recipients: [alice.address] }), alice);

  assert.deepEqual(await verifySmer(api, record, EMPTY_SHA256),
    { ok: true, owner: charlie.address, author: charlie.address, version: 1 });
  assert.deepEqual(await verifySmer(api, record, randomAsHex(32)), { ok: false, why: 'Mismatch' });
  assert.deepEqual(await verifySmer(api, randomAsHex(32), EMPTY_SHA256), { ok: false, why: 'Unknown' });

  // Bob asks, with only a commitment to his reason on chain.
  const reason = reasonCommitment(api, 101);
  const asked = await inBlock(requestAccess(api, { owner: charlie.address, scope: { Record: record }, reason: reason.commitment }), bob);
  const requested = asked.events.find(({ event }) => api.events.access.AccessRequested.is(event));
  assert.equal(requested.event.data.reason.toHex(), reason.commitment);
  assert.notEqual(reason.commitment, reasonCommitment(api, 101).commitment, 'a fresh salt hides the code');

  assert.deepEqual(await canAccess(api, bob.address, record), { allowed: false, why: 'Nothing' });
  assert.deepEqual(await canAccess(api, charlie.address, record), { allowed: true, basis: 'Owner', id: null });
  const expiresAt = (await bestNumber(api)) + 1000;
  const granted = await inBlock(grantAccess(api, { grantee: bob.address, scope: { Record: record }, expiresAt }), charlie);
  const grant = granted.events.find(({ event }) => api.events.access.AccessGranted.is(event)).event.data.grant.toNumber();
  assert.deepEqual(await canAccess(api, bob.address, record), { allowed: true, basis: 'Grant', id: grant });
  assert.deepEqual(await canAccess(api, eve.address, record), { allowed: false, why: 'Nothing' });

  // Bob's key request: the read's audit entry, in Charlie's feed; granted by his grant.
  const asked2 = await inBlock(requestKey(api, { record, epoch }), bob);
  assert.equal(keyRequested(api, asked2.events).granted, true);
  await send(api, api.tx.access.revokeAccess(grant), charlie);
  assert.deepEqual(await canAccess(api, bob.address, record), { allowed: false, why: 'Revoked' });
  const denied = keyRequested(api, (await inBlock(requestKey(api, { record, epoch }), bob)).events);
  assert.equal(denied.granted, false, 'after revocation the chain refuses');
  await assert.rejects(inBlock(api.tx.custody.releaseShare(denied.id, 1, '0x01'), dave),
    (e) => e instanceof DispatchError && e.error === 'custody.NoBasis');

  // Every event of Charlie's, in order, once finalised; none of Alice's record.
  const expected = ['RecordAnchored', 'AccessRequested', 'AccessGranted', 'KeyRequested', 'AccessRevoked', 'KeyRequested'];
  const deadline = Date.now() + 60_000;
  while (seen.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  unsubscribe();
  assert.deepEqual(seen.map((e) => e.method), expected);
  assert.ok(seen.every((e) => e.data.record === undefined || e.data.record === record),
    'no event about another patient\'s record');
  assert.ok(seen.every((e, i) => i === 0 || e.blockNumber >= seen[i - 1].blockNumber), 'in block order');
});
