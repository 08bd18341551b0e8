//! Types of the Records pallet: what an anchor holds (SEMRES paper, Fig. 6).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use semres_primitives::{RecordClass, SecurityLevel, SmerHash, SuiteId, Version};
use sp_core::Get;

/// Where a SMeR is and what it hashes to: the paper's "data index" and "hash of SMeR".
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCid))]
pub struct SmerRef<MaxCid: Get<u32>> {
	/// The SMeR's IPFS CID in DERy (binary CIDv1).
	pub cid: BoundedVec<u8, MaxCid>,
	/// SHA-256 of the whole SMeR.
	pub smer_hash: SmerHash,
	/// CEDA suite the SMeR is sealed with.
	pub suite: SuiteId,
}

/// The owner's consent to an anchor submitted by someone else: a signature by the owner's
/// account key over [`crate::Pallet::signing_payload`], with the owner's next nonce.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct OwnerConsent<Signature> {
	/// The owner's next anchor nonce (see `OwnerNonces`).
	pub nonce: u64,
	/// The owner's signature over the signing payload.
	pub signature: Signature,
}

/// How the owner authorised an anchor (non-repudiation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum Authorisation {
	/// The owner submitted the transaction (signed by the owner's account).
	OwnerSubmitted,
	/// A practitioner submitted it with the owner's signature, consuming this nonce.
	OwnerSigned {
		/// The nonce the signature covered.
		nonce: u64,
	},
}

/// One anchored version of a record.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCid, MaxRecipients))]
pub struct Anchor<AccountId, BlockNumber, MaxCid: Get<u32>, MaxRecipients: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// Who produced this version (institution or practitioner, or the owner).
	pub author: AccountId,
	/// Where the SMeR is and its hash.
	pub smer: SmerRef<MaxCid>,
	/// Authority status: the accounts the SMeR is encrypted for. Emptied on erasure.
	pub recipients: BoundedVec<AccountId, MaxRecipients>,
	/// Block the version was anchored in.
	pub anchored_at: BlockNumber,
	/// Time of that block, Unix milliseconds.
	pub time: u64,
	/// How the owner authorised it.
	pub authorisation: Authorisation,
}

/// A record: its owner, classification and version count.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct RecordInfo<AccountId, BlockNumber> {
	/// The patient who owns the record.
	pub owner: AccountId,
	/// Kind of record.
	pub class: RecordClass,
	/// Sensitivity.
	pub level: SecurityLevel,
	/// Number of versions; the latest is this number.
	pub versions: Version,
	/// Block of the latest version.
	pub updated_at: BlockNumber,
	/// Block the record was erased in, if it was (the anchors stay as tombstones).
	pub erased_at: Option<BlockNumber>,
	/// Whether governance holds the record against erasure.
	pub legal_hold: bool,
}

/// The answer to "does this SMeR match record R?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Verification {
	/// The hash is that of this version of the record.
	Match {
		/// The matching version.
		version: Version,
	},
	/// The record exists; no version has this hash.
	Mismatch,
	/// No such record.
	Unknown,
	/// The record exists but was erased.
	Erased,
}
