//! What the records registry (pallet `Records`) tells and does for the other pallets.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::{DispatchError, DispatchResult, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

use crate::{RecordClass, RecordId, SecurityLevel, ServiceId, SmerHash, SuiteId, Version};

/// The CEDA suite ids a SMeR may carry (see `docs/smer.md`): 1 RSA-3072, 2 RSA-2048,
/// 3 X25519, 4 SM2, 5 X-Wing.
pub const SUITES: core::ops::RangeInclusive<SuiteId> = 1..=5;

/// Whether `suite` is a CEDA suite id.
pub fn is_known_suite(suite: SuiteId) -> bool {
	SUITES.contains(&suite)
}

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

/// Which record an anchor is for: a new record of the owner, or the next version of one.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum AnchorTarget {
	/// A new record with id `record_id(owner, salt)`.
	New {
		/// The owner's client's random salt (also what the SMeR header's record id derives from).
		salt: [u8; 32],
		/// Kind of record.
		class: RecordClass,
		/// Sensitivity.
		level: SecurityLevel,
	},
	/// The next version of an existing record of the owner.
	Amend(RecordId),
}

/// A record as the other pallets see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordSummary<AccountId, BlockNumber> {
	/// The record's owner (the patient).
	pub owner: AccountId,
	/// The record's class.
	pub class: RecordClass,
	/// The record's security level.
	pub level: SecurityLevel,
	/// Its latest version.
	pub latest: Version,
	/// The block it was erased in (crypto-shredded), if it was.
	pub erased_at: Option<BlockNumber>,
}

/// What the records registry tells other pallets about an anchored record version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorInfo<AccountId, BlockNumber> {
	/// The record's owner (the patient).
	pub owner: AccountId,
	/// Who submitted this version.
	pub author: AccountId,
	/// The institution the author acted for when anchoring (itself for a hospital), fixed
	/// then: later changes of membership do not move it.
	pub institution: Option<AccountId>,
	/// When this version was anchored.
	pub anchored_at: BlockNumber,
	/// The block the record was erased in, if it was.
	pub erased_at: Option<BlockNumber>,
	/// The service this anchor settled, if any (an anchor settles at most one).
	pub settled: Option<ServiceId>,
}

/// Read access to the records registry (implemented by pallet `Records`).
pub trait RecordsInspect<AccountId, BlockNumber> {
	/// A record, if it exists.
	fn record(record: &RecordId) -> Option<RecordSummary<AccountId, BlockNumber>>;
	/// Facts about `version` of `record`, if it exists.
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, BlockNumber>>;
}

/// What pallet `Payment` asks of the records registry: settle a service by an anchor.
pub trait ServiceRecords<AccountId, BlockNumber>: RecordsInspect<AccountId, BlockNumber> {
	/// Longest CID of a SMeR reference.
	type MaxCidLen: Get<u32>;
	/// Most recipients of one version.
	type MaxRecipients: Get<u32>;

	/// Anchors a consultation's SMeR for `owner`, submitted by `author` on the authority of
	/// the owner's booking of `service` (no owner signature), and marks it settled by
	/// `service`. Returns the record and version anchored.
	fn anchor_for_service(
		author: &AccountId,
		owner: &AccountId,
		target: AnchorTarget,
		smer: SmerRef<Self::MaxCidLen>,
		recipients: BoundedVec<AccountId, Self::MaxRecipients>,
		service: ServiceId,
	) -> Result<(RecordId, Version), DispatchError>;

	/// Marks `version` of `record` as having settled `service`; fails if it already settled
	/// one.
	fn settle(record: &RecordId, version: Version, service: ServiceId) -> DispatchResult;
}

/// No records exist (for runtimes and tests without a records registry).
impl<AccountId, BlockNumber> RecordsInspect<AccountId, BlockNumber> for () {
	fn record(_: &RecordId) -> Option<RecordSummary<AccountId, BlockNumber>> {
		None
	}
	fn anchor(_: &RecordId, _: Version) -> Option<AnchorInfo<AccountId, BlockNumber>> {
		None
	}
}
