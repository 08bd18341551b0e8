//! Types of the Custody pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use semres_primitives::{RecordId, Version};
use sp_core::Get;

/// A key request's id.
pub type KeyRequestId = u64;
/// A custody committee's epoch: 1 for the first committee, +1 per change.
pub type Epoch = u32;
/// A share's index in its committee: 1 ..= n.
pub type ShareIndex = u8;
/// SHA-256 of a custody key's SubjectPublicKeyInfo DER (as CEDA key ids).
pub type KeyId = [u8; 32];

/// A custodian's published custody key (an HPKE public key, SPKI DER).
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxKeyLen))]
pub struct CustodyKey<MaxKeyLen: Get<u32>, Ticket>
where
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The SubjectPublicKeyInfo DER.
	pub spki: BoundedVec<u8, MaxKeyLen>,
	/// Its key id.
	pub key_id: KeyId,
	/// The storage deposit held on the custodian.
	pub deposit: Ticket,
}

/// A custody committee: who holds shares, in share order, and how many release a key.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCustodians))]
pub struct Committee<AccountId, MaxCustodians: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// Shares released that recover a key.
	pub threshold: u8,
	/// Custodian `i` (0-based) holds share `i + 1`, sealed to the custody key named here.
	pub custodians: BoundedVec<(AccountId, KeyId), MaxCustodians>,
}

/// Why a custodian refused a key request.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Denial {
	/// The reader had no basis at the request's block, or lost it since (revocation binds at
	/// once).
	NoBasis,
	/// The record version does not exist, or was erased.
	NoRecord,
	/// The custodian does not hold a share for this record version.
	NoShare,
	/// The reader has no registered HPKE key (X25519 or X-Wing) to release a share to.
	NoReaderKey,
}

/// How a custodian answered a key request.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum Answer {
	/// It released its share (in [`crate::Releases`]).
	Released,
	/// It refused, saying why.
	Denied(Denial),
}

/// A reader's request for a data key, the chain's verdict on it, and the answers so far.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCustodians))]
pub struct KeyRequest<AccountId, BlockNumber, MaxCustodians, Ticket>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxCustodians: Get<u32>,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// Who asks (and holds the deposit).
	pub reader: AccountId,
	/// The record.
	pub record: RecordId,
	/// The version whose key is asked for.
	pub version: Version,
	/// The committee epoch the version's shares were made for.
	pub epoch: Epoch,
	/// The block the request was made in.
	pub at: BlockNumber,
	/// Whether the reader had a basis at that block (owner, live grant, open emergency window,
	/// record not erased), as pallet `Access` decided it: no share is released otherwise.
	pub granted: bool,
	/// The custodians' answers: share index and answer.
	pub answers: BoundedVec<(ShareIndex, Answer), MaxCustodians>,
	/// The storage deposit held on the reader.
	pub deposit: Ticket,
}

/// A share released for a key request, sealed to the reader for that request.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxShareLen))]
pub struct Release<AccountId, MaxShareLen: Get<u32>, Ticket>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The custodian that released it (and holds the deposit until the request is pruned).
	pub custodian: AccountId,
	/// HPKE `enc || ct` to the reader's key (`semres_ceda::custody::release`).
	pub sealed: BoundedVec<u8, MaxShareLen>,
	/// The storage deposit held on the custodian.
	pub deposit: Ticket,
}
