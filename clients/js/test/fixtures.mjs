// Test fixtures: SMeR references that stand for SMeRs these tests never store.
import { u8aToHex } from '@polkadot/util';
import { sha256AsU8a } from '@polkadot/util-crypto';
import { smerRef } from '@semres/client';

/** A SMeR reference named by `label`: a CIDv1 (raw, sha2-256) of the label and a SMeR hash. */
export function fakeSmer(label) {
  const digest = sha256AsU8a(new TextEncoder().encode(label));
  return smerRef({ cid: u8aToHex(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])), sha256: u8aToHex(sha256AsU8a(digest)) });
}
