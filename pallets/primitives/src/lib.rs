//! # SEMRES primitives
//!
//! The small vocabulary the SEMRES pallets share, so that none reads another's storage:
//! identifiers and codes ([`codes`]: record classes, security levels, roles, HL7 purposes of
//! use), the traits through which one pallet asks another ([`RecordsInspect`],
//! [`ServiceRecords`], [`RolesInspect`]), the paging helper behind every "list of an
//! account's ..." query, and the rules every approver set follows ([`sorted_unique`]). The
//! runtime wires the implementations together.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod access;
pub mod codes;
mod records;
mod roles;

pub use access::*;
pub use codes::*;
pub use records::*;
pub use roles::*;

use alloc::vec::Vec;
use codec::FullCodec;
use frame_support::storage::IterableStorageDoubleMap;
pub use sp_core::H256;

/// A record's identifier, the `record_id` of its SMeRs: `record_id(owner, salt)`, so that
/// every owner has a namespace of their own (nobody can take another owner's id).
pub type RecordId = H256;
/// A record version: 1 for the first anchor, +1 per amendment.
pub type Version = u32;
/// SHA-256 of a SMeR: its anchor hash.
pub type SmerHash = H256;
/// A CEDA suite id (see `docs/smer.md`).
pub type SuiteId = u8;
/// A telemedicine service's identifier (pallet `Payment`).
pub type ServiceId = u64;
/// A virtual patient identifier (paper 004): a pseudonymous lookup key, derived off chain by
/// consortium members from a national patient id under the consortium's secret
/// (HMAC-SHA-256, see `docs/auditor.md`); the chain never sees the national id.
pub type Vpi = H256;

/// Domain separation of record ids.
pub const RECORD_ID_CONTEXT: &[u8] = b"SEMRES record v1";

/// The id of `owner`'s record with `salt`: BLAKE2b-256 of the SCALE encoding of
/// `(RECORD_ID_CONTEXT, owner, salt)`.
pub fn record_id<AccountId: codec::Encode>(owner: &AccountId, salt: &[u8; 32]) -> RecordId {
	H256(sp_io::hashing::blake2_256(&codec::Encode::encode(&(
		RECORD_ID_CONTEXT,
		owner,
		salt,
	))))
}

/// The longest page a listing query returns.
pub const MAX_PAGE: u32 = 100;

/// One page of the entries of double map `M` under first key `k1`: up to `limit` (at most
/// [`MAX_PAGE`]) `(key2, value)` pairs after `start_after` if given, in storage order. Pass the
/// last key of a page to get the next.
pub fn page<M, K1, K2, V>(k1: &K1, start_after: Option<K2>, limit: u32) -> Vec<(K2, V)>
where
	M: IterableStorageDoubleMap<K1, K2, V>,
	K1: FullCodec,
	K2: FullCodec,
	V: FullCodec,
{
	let iter = match start_after {
		Some(after) => M::iter_prefix_from(k1, M::hashed_key_for(k1, after)),
		None => M::iter_prefix(k1),
	};
	iter.take(limit.min(MAX_PAGE) as usize).collect()
}

/// Why a set of signers (approvers, officers) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignerSetError {
	/// An account appears twice.
	Duplicate,
	/// The threshold is zero or above the number of signers.
	BadThreshold,
}

/// Sorts `signers` and checks it as a signer set with `threshold`: no account twice,
/// `1 <= threshold <= len`. Approvals are then bound to this exact, ordered set.
pub fn sorted_unique<A: Ord>(signers: &mut [A], threshold: u32) -> Result<(), SignerSetError> {
	signers.sort();
	if signers.windows(2).any(|w| w[0] == w[1]) {
		return Err(SignerSetError::Duplicate);
	}
	if threshold == 0 || threshold as usize > signers.len() {
		return Err(SignerSetError::BadThreshold);
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn record_ids_are_namespaced_by_owner() {
		let salt = [7u8; 32];
		assert_ne!(record_id(&1u64, &salt), record_id(&2u64, &salt));
		assert_eq!(record_id(&1u64, &salt), record_id(&1u64, &salt));
		assert_ne!(record_id(&1u64, &salt), record_id(&1u64, &[8u8; 32]));
	}

	#[test]
	fn signer_sets_are_sorted_unique_with_a_reachable_threshold() {
		let mut s = [3u8, 1, 2];
		assert_eq!(sorted_unique(&mut s, 2), Ok(()));
		assert_eq!(s, [1, 2, 3]);
		assert_eq!(
			sorted_unique(&mut [1u8, 2, 1], 1),
			Err(SignerSetError::Duplicate)
		);
		assert_eq!(
			sorted_unique(&mut [1u8, 2], 0),
			Err(SignerSetError::BadThreshold)
		);
		assert_eq!(
			sorted_unique(&mut [1u8, 2], 3),
			Err(SignerSetError::BadThreshold)
		);
	}
}
