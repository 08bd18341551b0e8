// One patient's events: what happens to them and to their records, as blocks are finalised.
const SECTIONS = new Set(['records', 'access', 'payment', 'custody']);

/** The SS58 strings of every account in an event's fields, and its record id if it names one. */
function subjects(event) {
  const accounts = new Set();
  let record = null;
  event.data.forEach((value, i) => {
    const type = event.typeDef[i]?.type;
    if (type === 'AccountId32' || type === 'AccountId') accounts.add(value.toString());
    else if (type === 'Option<AccountId32>' && value.isSome) accounts.add(value.unwrap().toString());
    if (event.data.names?.[i] === 'record') record = value.toHex();
  });
  return { accounts, record };
}

/**
 * Calls `onEvent({ blockNumber, blockHash, section, method, data })` for every Records, Access,
 * Payment and Custody event of a finalised block that names `patient` or one of `patient`'s
 * records (key requests, amendments, payments for them). Records the patient anchors while subscribed are
 * followed too. A failed block read goes to `onError`. Resolves with a function that ends the
 * subscription.
 */
export async function subscribePatient(api, patient, onEvent, {
  pageSize = 100, onError = (e) => console.error(`subscribePatient: ${e.message}`),
} = {}) {
  const records = new Set();
  for (let start = null; ;) {
    const page = await api.call.recordsApi.recordsOf(patient, start, pageSize);
    page.forEach((r) => records.add(r.toHex()));
    if (page.length < pageSize) break;
    start = page[page.length - 1];
  }
  // Finalised heads can jump several blocks at once: walk every block since the last one seen,
  // one block at a time and in order.
  let next = null;
  let queue = Promise.resolve();
  const visit = async (number) => {
    const blockHash = await api.rpc.chain.getBlockHash(number);
    const events = await (await api.at(blockHash)).query.system.events();
    for (const { event } of events) {
      if (!SECTIONS.has(event.section)) continue;
      const { accounts, record } = subjects(event);
      if (event.section === 'records' && event.method === 'RecordAnchored'
        && event.data.owner.toString() === patient) records.add(record);
      if (accounts.has(patient) || (record && records.has(record))) {
        onEvent({
          blockNumber: number,
          blockHash: blockHash.toHex(),
          section: event.section,
          method: event.method,
          data: event.data.toHuman(),
        });
      }
    }
  };
  return api.rpc.chain.subscribeFinalizedHeads((header) => {
    const head = header.number.toNumber();
    queue = queue.then(async () => {
      for (let n = next ?? head; n <= head; n += 1) await visit(n);
      next = Math.max(next ?? 0, head + 1);
    }).catch(onError);
  });
}
