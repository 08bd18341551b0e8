// Telemedicine payment through a real dev node (dispute window: 5 blocks): a booked service
// holds the insurer's share only once the insurer authorises it, is completed from the
// appointment on with an anchor the booking itself authorises, and is paid when anyone claims
// it after the window; a no-show is refunded; a dispute holds a bond and the price until
// governance splits it. polkadot.js and metadata alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomAsHex } from '@polkadot/util-crypto';
import { send, waitForBlock, newRecord } from '@semres/client';
import { devKeys, startDevNode } from '@semres/client/dev-node';
import { fakeSmer } from './fixtures.mjs';

const UNIT = 10n ** 12n;

let node;
let api;
let alice; let bob; let charlie; let dave; let eve; let ferdie;
before(async () => {
  node = await startDevNode();
  api = node.api;
  ({ alice, bob, charlie, dave, eve, ferdie } = devKeys());
  // Bob is a hospital (the provider) with Eve as its practitioner, Dave an insurer; Charlie is
  // the patient.
  await send(api, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.access.addMember(bob.address, 'Hospital', null),
    api.tx.access.addMember(eve.address, 'Practitioner', bob.address),
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

/** What `who` has on hold for the Payment pallet's `reason` (at `hash`, or now). */
async function heldOf(who, reason = 'isEscrow', hash) {
  const holds = hash ? await api.query.balances.holds.at(hash, who) : await api.query.balances.holds(who);
  const held = holds.find(({ id }) => id.isPayment && id.asPayment[reason]);
  return held ? held.amount.toBigInt() : 0n;
}

async function freeOf(who, hash) {
  const { data } = hash ? await api.query.system.account.at(hash, who) : await api.query.system.account(who);
  return data.free.toBigInt();
}

/** Charlie books Bob; returns the service id and its appointment block. */
async function book(price, { startsIn = 2, deadlineIn = 60, insurer = null } = {}) {
  const now = await bestNumber();
  const { events } = await submit(api.tx.payment.bookService(bob.address, price, now + startsIn, now + deadlineIn, insurer), charlie);
  const booked = eventOf(events, 'ServiceBooked');
  return { service: booked.service.toNumber(), startsAt: booked.startsAt.toNumber(), booked };
}

/** Eve completes `service` by anchoring a new record of Charlie's on the booking's authority. */
async function completeWithAnchor(service, startsAt, label) {
  await waitForBlock(api, startsAt);
  const { salt, record } = await newRecord(api, charlie.address);
  const target = { New: { salt, class: 'Outpatient', level: 'Moderate' } };
  const done = await submit(api.tx.payment.completeServiceWithAnchor(service, target, fakeSmer(label), [charlie.address, eve.address]), eve);
  return { record, done, completed: eventOf(done.events, 'ServiceCompleted') };
}

test('a service is paid after the insurer\'s consent, a booking-authorised anchor and the window', async () => {
  assert.equal((await api.call.paymentApi.disputeWindow()).toNumber(), 5);
  await submit(api.tx.payment.setCoverage(charlie.address, { share: 250_000, cap: 10n * UNIT, standing: null }), dave);
  const quote = (await api.call.paymentApi.quote(charlie.address, dave.address, 100n * UNIT)).unwrap();
  assert.equal(quote.insurer.toBigInt(), 10n * UNIT, '25 % of 100, capped at 10');
  assert.equal(quote.patient.toBigInt(), 90n * UNIT);

  const [charlieHeld, daveHeld] = [await heldOf(charlie.address), await heldOf(dave.address)];
  const { service, startsAt, booked } = await book(100n * UNIT, { insurer: dave.address, startsIn: 10 });
  assert.equal(booked.awaitingInsurer.isTrue, true);
  assert.equal(await heldOf(charlie.address) - charlieHeld, 90n * UNIT);
  assert.equal(await heldOf(dave.address), daveHeld, 'nothing of the insurer\'s is held before it consents');
  assert.ok(await heldOf(charlie.address, 'isStorageDeposit') > 0n, 'the booking holds the patient\'s deposit');
  await expectError(api.tx.payment.completeService(service, randomAsHex(32), 1), eve, 'payment.InsurerNotAuthorised');
  await expectError(api.tx.payment.authoriseBooking(service), ferdie, 'payment.NotTheInsurer');
  await submit(api.tx.payment.authoriseBooking(service), dave);
  assert.equal(await heldOf(dave.address) - daveHeld, 10n * UNIT);
  const open = await api.call.paymentApi.openServices(bob.address, null, 100);
  assert.ok(open.some(([id, party]) => id.toNumber() === service && party.isProvider), 'listed as open for the provider');

  // Not before the appointment; not with an anchor the patient made herself.
  await expectError(api.tx.payment.completeService(service, randomAsHex(32), 1), eve, 'payment.AppointmentNotStarted');
  await waitForBlock(api, startsAt);
  const own = await newRecord(api, charlie.address);
  await submit(api.tx.records.anchorRecord(charlie.address, own.salt, fakeSmer(`own ${own.record}`), [charlie.address], 'Outpatient', 'Low', null), charlie);
  await expectError(api.tx.payment.completeService(service, own.record, 1), eve, 'payment.AnchorByPatient');
  await expectError(api.tx.payment.completeService(service, randomAsHex(32), 1), eve, 'payment.AnchorNotFound');

  const { record, done, completed } = await completeWithAnchor(service, startsAt, `consultation ${service}`);
  assert.equal(completed.record.toHex(), record);
  const anchor = (await api.call.recordsApi.history(record, 1, 1))[0][1];
  assert.ok(anchor.authorisation.isBooking, 'the booking authorised the anchor');
  assert.equal(anchor.settledBy.unwrap().toNumber(), service, 'the anchor names the service it settled');
  const payableAt = completed.payableAt.toNumber();
  assert.equal(await heldOf(bob.address, 'isEscrow', done.blockHash), 100n * UNIT, 'held on the provider during the window');
  assert.ok((await api.call.paymentApi.service(service)).unwrap().status.isCompleted);
  await expectError(api.tx.payment.claimPayment(service), ferdie, 'payment.NotYetPayable');

  await waitForBlock(api, payableAt);
  const freeBefore = await freeOf(bob.address);
  const { events } = await submit(api.tx.payment.claimPayment(service), ferdie);
  const paid = eventOf(events, 'ServicePaid');
  assert.equal(paid.service.toNumber(), service);
  assert.equal(paid.record.toHex(), record, 'the payment names the anchor');
  assert.equal(paid.amount.toBigInt(), 100n * UNIT);
  assert.equal(await freeOf(bob.address) - freeBefore, 100n * UNIT, 'the provider got the whole price');
  assert.equal(await heldOf(bob.address), 0n);
  assert.ok((await api.call.paymentApi.service(service)).isNone, 'closed: the receipt is the events');
  await expectError(api.tx.payment.disputeService(service), charlie, 'payment.ServiceNotFound');
});

test('a no-show is refunded after the deadline', async () => {
  const before = await heldOf(charlie.address);
  const { service } = await book(7n * UNIT, { deadlineIn: 4 });
  await expectError(api.tx.payment.claimRefund(service), charlie, 'payment.DeadlineNotPassed');
  const { deadline } = (await api.call.paymentApi.service(service)).unwrap();
  await waitForBlock(api, deadline.toNumber() + 1);
  await expectError(api.tx.payment.claimRefund(service), ferdie, 'payment.NotPayer');
  const { events } = await submit(api.tx.payment.claimRefund(service), charlie);
  assert.equal(eventOf(events, 'ServiceRefunded').patientRefund.toBigInt(), 7n * UNIT);
  assert.equal(await heldOf(charlie.address), before);
  assert.ok((await api.call.paymentApi.service(service)).isNone);
});

test('a dispute holds a bond and the price until governance splits it', async () => {
  const { service, startsAt } = await book(50n * UNIT);
  const { completed } = await completeWithAnchor(service, startsAt, `disputed ${service}`);
  const payableAt = completed.payableAt.toNumber();
  const bondBefore = await heldOf(charlie.address, 'isDisputeBond');
  const { events: disputed } = await submit(api.tx.payment.disputeService(service), charlie);
  const bond = eventOf(disputed, 'ServiceDisputed').bond.toBigInt();
  assert.equal(bond, 1n * UNIT);
  assert.equal(await heldOf(charlie.address, 'isDisputeBond') - bondBefore, bond);

  await waitForBlock(api, payableAt + 1);
  await expectError(api.tx.payment.claimPayment(service), ferdie, 'payment.NotYetPayable');
  assert.ok((await api.call.paymentApi.service(service)).unwrap().status.isDisputed, 'not paid out');
  assert.equal(await heldOf(bob.address), 50n * UNIT, 'still held on the provider');

  await expectError(api.tx.payment.resolveDispute(service, 10n * UNIT, false), charlie, 'BadOrigin');
  const charlieFree = await freeOf(charlie.address);
  const deposit = await heldOf(charlie.address, 'isStorageDeposit'); // this service's only
  const { events } = await submit(api.tx.sudo.sudo(api.tx.payment.resolveDispute(service, 30n * UNIT, false)), alice);
  const resolved = eventOf(events, 'DisputeResolved');
  assert.equal(resolved.toProvider.toBigInt(), 30n * UNIT);
  assert.equal(resolved.patientRefund.toBigInt(), 20n * UNIT);
  assert.equal(await freeOf(charlie.address) - charlieFree, 20n * UNIT + bond + deposit, 'refund, bond and deposit back');
  assert.equal(await heldOf(bob.address), 0n);
  assert.equal(await heldOf(charlie.address, 'isDisputeBond'), bondBefore);
  assert.ok((await api.call.paymentApi.service(service)).isNone);
});
