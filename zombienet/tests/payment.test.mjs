// Telemedicine payment through a real dev node (dispute window: 5 blocks): a booked service is
// paid to the provider only after a matching record anchor and the dispute window, refunded on
// a no-show, and held on dispute until governance splits it. polkadot.js and metadata alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomAsHex } from '@polkadot/util-crypto';
import { devKeys, startDevNode, send, waitForBlock } from './lib/dev-node.mjs';
import { consentOf, smerRef } from './lib/records.mjs';

const UNIT = 10n ** 12n;

let node;
let api;
let alice; let bob; let charlie; let dave; let ferdie;
before(async () => {
  node = await startDevNode();
  api = node.api;
  ({ alice, bob, charlie, dave, ferdie } = devKeys());
  // Bob is a hospital (the provider), Dave an insurer; Charlie is the patient.
  await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.access.addMember(bob.address, 'Hospital', null),
    api.tx.access.addMember(dave.address, 'Insurer', null),
  ])), alice, { until: 'inBlock' });
});
after(async () => { await node?.stop(); });

/** Sends and waits for inclusion (6-s blocks; finality is not needed to read the state). */
const submit = (tx, signer) => send(api, tx, signer, { until: 'inBlock' });

async function expectError(tx, signer, name) {
  await assert.rejects(submit(tx, signer), (e) => e.message === name, `expected ${name}`);
}

function eventOf(events, method) {
  const found = events.find(({ event }) => api.events.payment[method].is(event));
  assert.ok(found, `payment.${method}`);
  return found.event.data;
}

async function bestNumber() {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** What `who` has on hold for the Payment pallet's escrow (at `hash`, or now). */
async function escrowOf(who, hash) {
  const holds = hash ? await api.query.balances.holds.at(hash, who) : await api.query.balances.holds(who);
  const escrow = holds.find(({ id }) => id.isPayment && id.asPayment.isEscrow);
  return escrow ? escrow.amount.toBigInt() : 0n;
}

async function freeOf(who, hash) {
  const { data } = hash ? await api.query.system.account.at(hash, who) : await api.query.system.account(who);
  return data.free.toBigInt();
}

/** Charlie books Bob; returns the service id from the event. */
async function book(price, { startsIn = 2, deadlineIn = 60, insurer = null } = {}) {
  const now = await bestNumber();
  const { events } = await submit(api.tx.payment.bookService(bob.address, price, now + startsIn, now + deadlineIn, insurer), charlie);
  return eventOf(events, 'ServiceBooked').service.toNumber();
}

/** A new record of Charlie's and the call anchoring it with her signed consent. */
async function charliesRecord(label) {
  const record = randomAsHex(32);
  const smer = smerRef(label);
  const anchor = { record, version: 1, smer, recipients: [charlie.address, bob.address], recordClass: 'Outpatient', level: 'Moderate' };
  const consent = await consentOf(api, charlie, anchor);
  return { record, call: api.tx.records.anchorRecord(record, charlie.address, smer, anchor.recipients, 'Outpatient', 'Moderate', consent) };
}

async function statusOf(service) {
  return (await api.call.paymentApi.service(service)).unwrap().status;
}

test('a booked service is paid to the provider after a matching anchor and the dispute window', async () => {
  assert.equal((await api.call.paymentApi.disputeWindow()).toNumber(), 5);
  await submit(api.tx.payment.setCoverage(charlie.address, { share: 250_000, cap: 10n * UNIT }), dave);
  const quote = (await api.call.paymentApi.quote(charlie.address, dave.address, 100n * UNIT)).unwrap();
  assert.equal(quote.insurer.toBigInt(), 10n * UNIT, '25 % of 100, capped at 10');
  assert.equal(quote.patient.toBigInt(), 90n * UNIT);

  const [charlieHeld, daveHeld] = [await escrowOf(charlie.address), await escrowOf(dave.address)];
  const service = await book(100n * UNIT, { insurer: dave.address });
  assert.equal(await escrowOf(charlie.address) - charlieHeld, 90n * UNIT);
  assert.equal(await escrowOf(dave.address) - daveHeld, 10n * UNIT);
  const open = await api.call.paymentApi.openServices(bob.address, null, 100);
  assert.ok(open.some(([id, party]) => id.toNumber() === service && party.isProvider), 'listed as open for the provider');

  // An anchor the patient made herself does not settle the provider's service.
  const own = randomAsHex(32);
  await submit(api.tx.records.anchorRecord(own, charlie.address, smerRef(`own ${own}`), [charlie.address], 'Outpatient', 'Low', null), charlie);
  await expectError(api.tx.payment.completeService(service, own, 1), bob, 'payment.AnchorNotByProvider');
  await expectError(api.tx.payment.completeService(service, randomAsHex(32), 1), bob, 'payment.AnchorNotFound');

  const { record, call } = await charliesRecord(`consultation ${service}`);
  await submit(call, bob);
  const done = await submit(api.tx.payment.completeService(service, record, 1), bob);
  const completed = eventOf(done.events, 'ServiceCompleted');
  assert.equal(completed.record.toHex(), record);
  const payableAt = completed.payableAt.toNumber();
  assert.equal(await escrowOf(bob.address, done.blockHash), 100n * UNIT, 'held on the provider during the window');
  assert.ok((await statusOf(service)).isCompleted);
  const freeAtCompletion = await freeOf(bob.address, done.blockHash);

  await waitForBlock(api, payableAt);
  const paidHash = await api.rpc.chain.getBlockHash(payableAt);
  const events = await api.query.system.events.at(paidHash);
  const paid = eventOf(events, 'ServicePaid');
  assert.equal(paid.service.toNumber(), service);
  assert.equal(paid.record.toHex(), record, 'the payment names the anchor');
  assert.equal(paid.amount.toBigInt(), 100n * UNIT);
  assert.equal(await freeOf(bob.address, paidHash) - freeAtCompletion, 100n * UNIT, 'the provider got the whole price');
  assert.equal(await escrowOf(bob.address, paidHash), 0n);
  assert.ok((await statusOf(service)).isPaid);
  await expectError(api.tx.payment.disputeService(service), charlie, 'payment.NotCompleted');
});

test('a no-show is refunded after the deadline', async () => {
  const before = await escrowOf(charlie.address);
  const service = await book(7n * UNIT, { deadlineIn: 4 });
  await expectError(api.tx.payment.claimRefund(service), charlie, 'payment.DeadlineNotPassed');
  const { deadline } = (await api.call.paymentApi.service(service)).unwrap();
  await waitForBlock(api, deadline.toNumber() + 1);
  await expectError(api.tx.payment.claimRefund(service), ferdie, 'payment.NotPayer');
  const { events } = await submit(api.tx.payment.claimRefund(service), charlie);
  assert.equal(eventOf(events, 'ServiceRefunded').patientRefund.toBigInt(), 7n * UNIT);
  assert.equal(await escrowOf(charlie.address), before);
  assert.ok((await statusOf(service)).isRefunded);
});

test('a disputed price stays held on the provider until governance splits it', async () => {
  const service = await book(50n * UNIT);
  // Anchor and completion in one batch, as docs/app-developer.md recommends.
  const { record, call } = await charliesRecord(`disputed ${service}`);
  const done = await submit(api.tx.utility.batchAll([call, api.tx.payment.completeService(service, record, 1)]), bob);
  const payableAt = eventOf(done.events, 'ServiceCompleted').payableAt.toNumber();
  await submit(api.tx.payment.disputeService(service), charlie);

  await waitForBlock(api, payableAt + 1);
  assert.ok((await statusOf(service)).isDisputed, 'not paid out');
  assert.equal(await escrowOf(bob.address), 50n * UNIT, 'still held on the provider');

  await expectError(api.tx.payment.resolveDispute(service, 10n * UNIT), charlie, 'BadOrigin');
  const charlieFree = await freeOf(charlie.address);
  const { events } = await submit(api.tx.sudo.sudo(api.tx.payment.resolveDispute(service, 30n * UNIT)), alice);
  const resolved = eventOf(events, 'DisputeResolved');
  assert.equal(resolved.toProvider.toBigInt(), 30n * UNIT);
  assert.equal(resolved.patientRefund.toBigInt(), 20n * UNIT);
  assert.equal(await freeOf(charlie.address) - charlieFree, 20n * UNIT);
  assert.equal(await escrowOf(bob.address), 0n);
  assert.ok((await statusOf(service)).isResolved);
});
