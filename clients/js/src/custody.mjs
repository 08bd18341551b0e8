// Key custody (pallet Custody): a reader's key request is the audit entry of a read, with the
// chain's verdict; the custodians answer it with shares sealed to the reader, or denials.

/** `custody.requestKey(record, version, epoch)`: submit it with `send`. */
export function requestKey(api, { record, version = 1, epoch }) {
  return api.tx.custody.requestKey(record, version, epoch);
}

/** The `Custody.KeyRequested` event in a transaction's events: `{ id, granted }`, or null. */
export function keyRequested(api, events) {
  const found = events.find(({ event }) => api.events.custody.KeyRequested.is(event));
  if (!found) return null;
  const { id, granted } = found.event.data;
  return { id: id.toNumber(), granted: granted.isTrue };
}

/**
 * A key request's state: the verdict, and the custodians' answers as
 * `{ index, released: true }` or `{ index, released: false, reason }`; null once pruned.
 */
export async function keyRequest(api, id) {
  const r = await api.query.custody.keyRequests(id);
  if (r.isNone) return null;
  const req = r.unwrap();
  return {
    reader: req.reader.toString(),
    record: req.record.toHex(),
    version: req.version.toNumber(),
    epoch: req.epoch.toNumber(),
    at: req.at.toNumber(),
    granted: req.granted.isTrue,
    answers: req.answers.map(([index, answer]) => (answer.isReleased
      ? { index: index.toNumber(), released: true }
      : { index: index.toNumber(), released: false, reason: answer.asDenied.type })),
  };
}

/** The current custody committee: `{ epoch, threshold, custodians: [address] }`, or null. */
export async function currentCommittee(api) {
  const epoch = (await api.query.custody.currentEpoch()).toNumber();
  if (epoch === 0) return null;
  const c = (await api.query.custody.committees(epoch)).unwrap();
  return {
    epoch,
    threshold: c.threshold.toNumber(),
    custodians: c.custodians.map(([who]) => who.toString()),
  };
}
