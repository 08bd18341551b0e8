// Test fixtures: SMeR references that stand for SMeRs these tests never store.
import { u8aToHex } from '@polkadot/util';
import { sha256AsU8a } from '@polkadot/util-crypto';
import { smerRef } from '@semres/client';

/** A SMeR reference named by `label`: a CIDv1 (raw, sha2-256) of the label and a SMeR hash. */
export function fakeSmer(label) {
  const digest = sha256AsU8a(new TextEncoder().encode(label));
  return smerRef({ cid: u8aToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])), sha256: u8aToHex(sha256AsU8a(digest)) });
}

/**
 * A custody committee of `hospitals` (keyring pairs, made hospitals here) with `threshold`,
 * set through sudo by `root`, each with a stand-in custody key (the chain does not parse
 * keys); `submit(tx, signer)` sends a transaction. Resolves with the committee's epoch.
 */
export async function setCommittee(api, submit, root, hospitals, threshold) {
  await submit(api.tx.sudo.sudo(api.tx.utility.batchAll(
    hospitals.map((h) => api.tx.access.addMember(h.address, 'Hospital', null)),
  )), root);
  await Promise.all(hospitals.map((h, i) => submit(
    api.tx.custody.registerCustodyKey(u8aToHex(new Uint8Array(44).fill(i + 1))), h)));
  await submit(api.tx.sudo.sudo(api.tx.custody.setCommittee(hospitals.map((h) => h.address), threshold)), root);
  return (await api.query.custody.currentEpoch()).toNumber();
}
