// Access: grants, requests with reason commitments, and who may read a record now.
import { randomAsHex } from '@polkadot/util-crypto';

/**
 * A reason commitment for a request or an emergency access: `blake2_256(SCALE((code, salt)))`.
 * Only the commitment goes on chain; keep `{ code, salt }` for the auditor.
 */
export function reasonCommitment(api, code, salt = randomAsHex(32)) {
  const commitment = api.createType('(u32, [u8; 32])', [code, salt]).hash.toHex();
  return { code, salt, commitment };
}

/**
 * The transaction granting `grantee` access to `scope` (`{ Record: id }`, `{ Class: 'Laboratory' }`
 * or `'All'`) for `purpose` until block `expiresAt`, optionally naming a detached key envelope
 * stored in DERy (`envelope`: CID bytes, hex).
 */
export function grantAccess(api, { grantee, scope, purpose = 'Treatment', expiresAt, envelope = null }) {
  return api.tx.access.grantAccess(grantee, scope, purpose, expiresAt, envelope);
}

/** The transaction requesting access to `owner`'s `scope`, with a `reasonCommitment`'s commitment. */
export function requestAccess(api, { owner, scope, purpose = 'Treatment', reason }) {
  return api.tx.access.requestAccess(owner, scope, purpose, reason);
}

/**
 * May `reader` read `record` now? `{ allowed: true, basis: 'Owner' | 'Grant' | 'Emergency', id }`
 * or `{ allowed: false, why }` with `why` one of `NoRecord`, `Erased`, `Expired`, `Revoked`,
 * `PendingApprovals`, `Nothing` (the runtime's `AccessApi.check_access`).
 */
export async function canAccess(api, reader, record) {
  const answer = await api.call.accessApi.checkAccess(reader, record);
  if (answer.isErr) return { allowed: false, why: answer.asErr.type };
  const basis = answer.asOk;
  return { allowed: true, basis: basis.type, id: basis.isOwner ? null : basis.value.toNumber() };
}
