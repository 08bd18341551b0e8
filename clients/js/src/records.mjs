// Records: SMeR references, record ids, the owner's anchor consent, anchoring and verifying.
// Every type comes from the chain's metadata; nothing here is hand-encoded.
import { u8aToHex } from '@polkadot/util';
import { base32Decode, randomAsHex } from '@polkadot/util-crypto';
import { bestNumber } from './chain.mjs';

/** The binary form of a CIDv1 as `semres store put` prints it (base32, `b…`), hex. */
export function cidBytes(cid) {
  if (typeof cid !== 'string' || !/^b[a-z2-7]+$/.test(cid)) {
    throw new Error(`not a base32 CIDv1: ${cid}`);
  }
  return u8aToHex(base32Decode(cid, true));
}

/**
 * The chain's reference to a stored SMeR: its CID (a base32 string or hex bytes), its
 * SHA-256 anchor hash (hex, with or without 0x) and its CEDA suite id (1 = RSA-3072/AES-256).
 */
export function smerRef({ cid, sha256, suite = 1 }) {
  return { cid: cid.startsWith('0x') ? cid : cidBytes(cid), smerHash: anchorHash(sha256), suite };
}

/** A SHA-256 anchor hash as the chain takes it: 0x and 64 hex digits. */
export function anchorHash(sha256) {
  const hash = sha256.startsWith('0x') ? sha256 : `0x${sha256}`;
  if (!/^0x[0-9a-f]{64}$/i.test(hash)) throw new Error(`not a SHA-256 hash: ${sha256}`);
  return hash;
}

/** A fresh random salt and the id of `owner`'s record with it (computed by the runtime). */
export async function newRecord(api, owner) {
  const salt = randomAsHex(32);
  const record = (await api.call.recordsApi.recordId(owner, salt)).toHex();
  return { salt, record };
}

/** The consent payload the owner signs (docs/app-developer.md), SCALE-encoded. */
export function consentPayload(api, {
  record, version, owner, submitter, smer, recipients, recordClass, level, validUntil, epoch,
}) {
  return api.createType(
    '(Bytes, H256, H256, u32, AccountId32, AccountId32, SemresPrimitivesRecordsSmerRef, Vec<AccountId32>, SemresPrimitivesCodesRecordClass, SemresPrimitivesCodesSecurityLevel, u32, u32)',
    ['SEMRES anchor v2', api.genesisHash, record, version, owner, submitter, smer, recipients, recordClass, level, validUntil, epoch],
  ).toU8a();
}

/**
 * The owner's consent to one anchor (`{ record, version, smer, recipients, recordClass, level }`)
 * submitted by `submitter`: valid for `validFor` blocks from now, in the owner's current
 * consent epoch, signed by `ownerPair` (sr25519).
 */
export async function signConsent(api, ownerPair, submitter, anchor, { validFor = 100 } = {}) {
  const epoch = (await api.call.recordsApi.consentEpoch(ownerPair.address)).toNumber();
  const validUntil = (await bestNumber(api)) + validFor;
  const payload = consentPayload(api, { ...anchor, owner: ownerPair.address, submitter, validUntil, epoch });
  return { submitter, validUntil, epoch, signature: { Sr25519: u8aToHex(ownerPair.sign(payload)) } };
}

/**
 * The transaction anchoring version 1 of `owner`'s record `salt`. Without `consent` the owner
 * signs it; with one (see `signConsent`) the submitter the consent names does.
 */
export function anchorRecord(api, { owner, salt, smer, recipients, recordClass = 'Other', level = 'Private', consent = null }) {
  return api.tx.records.anchorRecord(owner, salt, smer, recipients, recordClass, level, consent);
}

/**
 * Checks a fetched SMeR's hash against the record's anchors before anything decrypts it:
 * `{ ok: true, owner, author, version }` on a match, else `{ ok: false, why }` with `why` one of
 * `Mismatch`, `Unknown` (no such record) or `Erased`.
 */
export async function verifySmer(api, record, sha256) {
  const v = await api.call.recordsApi.verify(record, anchorHash(sha256));
  if (!v.isMatch) return { ok: false, why: v.type };
  const m = v.asMatch;
  return { ok: true, owner: m.owner.toString(), author: m.author.toString(), version: m.version.toNumber() };
}

/**
 * Every record tagged with virtual patient identifier `vpi` (0x and 64 hex digits; a record
 * office derives it from the national id with `semres vpi derive`), as
 * `[{ record, owner, setBy }]`, following pages. More than one owner means someone tagged their
 * own records with this identifier, or the patient holds several accounts (docs/auditor.md).
 */
export async function recordsByVpi(api, vpi, pageSize = 100) {
  const found = [];
  for (let start = null; ;) {
    const page = await api.call.recordsApi.recordsByVpi(anchorHash(vpi), start, pageSize);
    page.forEach((m) => found.push({
      record: m.record.toHex(), owner: m.owner.toString(), setBy: m.setBy.toString(),
    }));
    if (page.length < pageSize) return found;
    start = page[page.length - 1].record;
  }
}
