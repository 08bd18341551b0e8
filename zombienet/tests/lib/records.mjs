// Records helpers for the polkadot.js tests: SMeR references, record ids and the owner's
// anchor consent (pallets/README.md), all encoded with the metadata's own types.
import { u8aToHex } from '@polkadot/util';
import { randomAsHex, sha256AsU8a } from '@polkadot/util-crypto';

/** A SMeR reference: a CIDv1 (raw, sha2-256) of some bytes, and a SMeR hash. */
export function smerRef(label) {
  const digest = sha256AsU8a(new TextEncoder().encode(label));
  return { cid: u8aToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])), smerHash: u8aToHex(sha256AsU8a(digest)), suite: 1 };
}

/** A fresh salt and the id of `owner`'s record with it (the runtime computes it). */
export async function newRecord(api, owner) {
  const salt = randomAsHex(32);
  const record = (await api.call.recordsApi.recordId(owner, salt)).toHex();
  return { salt, record };
}

/** The consent payload of pallets/README.md, SCALE-encoded with the metadata's own types. */
export function consentPayload(api, {
  record, version, owner, submitter, smer, recipients, recordClass, level, validUntil, epoch,
}) {
  return api.createType(
    '(Bytes, H256, H256, u32, AccountId32, AccountId32, SemresPrimitivesRecordsSmerRef, Vec<AccountId32>, SemresPrimitivesCodesRecordClass, SemresPrimitivesCodesSecurityLevel, u32, u32)',
    ['SEMRES anchor v2', api.genesisHash, record, version, owner, submitter, smer, recipients, recordClass, level, validUntil, epoch],
  ).toU8a();
}

/**
 * The owner's consent to an anchor with these contents by `submitter`: valid for `validFor`
 * blocks from now, in the owner's current consent epoch, signed with sr25519.
 */
export async function consentOf(api, ownerPair, submitter, anchor, { validFor = 100 } = {}) {
  const epoch = (await api.call.recordsApi.consentEpoch(ownerPair.address)).toNumber();
  const validUntil = (await api.rpc.chain.getHeader()).number.toNumber() + validFor;
  const payload = consentPayload(api, { ...anchor, owner: ownerPair.address, submitter, validUntil, epoch });
  return { submitter, validUntil, epoch, signature: { Sr25519: u8aToHex(ownerPair.sign(payload)) } };
}
