// Records helpers for the polkadot.js tests: SMeR references and the owner's anchor consent.
import { u8aToHex } from '@polkadot/util';
import { sha256AsU8a } from '@polkadot/util-crypto';

/** A SMeR reference: a CIDv1 (raw, sha2-256) of some bytes, and a SMeR hash. */
export function smerRef(label) {
  const digest = sha256AsU8a(new TextEncoder().encode(label));
  return { cid: u8aToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])), smerHash: u8aToHex(sha256AsU8a(digest)), suite: 1 };
}

/** The consent payload of pallets/README.md, SCALE-encoded with the metadata's own types. */
export function consentPayload(api, { record, version, owner, smer, recipients, recordClass, level, nonce }) {
  return api.createType(
    '(Bytes, H256, H256, u32, AccountId32, PalletSemresRecordsSmerRef, Vec<AccountId32>, SemresPrimitivesRecordClass, SemresPrimitivesSecurityLevel, u64)',
    ['SEMRES anchor v1', api.genesisHash, record, version, owner, smer, recipients, recordClass, level, nonce],
  ).toU8a();
}

/** The owner's consent (next nonce, sr25519 signature) to an anchor with these contents. */
export async function consentOf(api, ownerPair, anchor) {
  const nonce = (await api.call.recordsApi.ownerNonce(ownerPair.address)).toNumber();
  const payload = consentPayload(api, { ...anchor, owner: ownerPair.address, nonce });
  return { nonce, signature: { Sr25519: u8aToHex(ownerPair.sign(payload)) } };
}
