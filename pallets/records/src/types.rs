//! Types of the Records pallet: what an anchor holds (SEMRES paper, Fig. 6).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use semres_primitives::{RecordClass, RecordId, SecurityLevel, ServiceId, Version, Vpi};
use sp_core::Get;

pub use semres_primitives::SmerRef;

/// The owner's consent to an anchor submitted by someone else: a signature by the owner's
/// account key over [`crate::Pallet::signing_payload`]. It names the one account that may
/// submit it, the last block it may be used in, and the owner's consent epoch (raising the
/// epoch with `cancel_consents` voids every consent not yet used). Each consent is for one
/// record version, so it is used at most once.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct OwnerConsent<AccountId, BlockNumber, Signature> {
	/// Who may submit the anchor (and becomes its author).
	pub submitter: AccountId,
	/// The last block the consent may be used in.
	pub valid_until: BlockNumber,
	/// The owner's consent epoch the consent was signed in (see `ConsentEpochs`).
	pub epoch: u32,
	/// The owner's signature over the signing payload.
	pub signature: Signature,
}

/// How the owner authorised an anchor (non-repudiation).
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
pub enum Authorisation {
	/// The owner submitted the transaction (signed by the owner's account).
	OwnerSubmitted,
	/// A care provider submitted it with the owner's signature made in this consent epoch.
	OwnerSigned {
		/// The epoch the signature was made in.
		epoch: u32,
	},
	/// The provider of a telemedicine service the owner booked anchored it to complete the
	/// service: the booking is the owner's consent to exactly this one anchor.
	Booking {
		/// The service.
		service: ServiceId,
	},
}

/// One anchored version of a record.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCid, MaxRecipients))]
pub struct Anchor<AccountId, BlockNumber, MaxCid: Get<u32>, MaxRecipients: Get<u32>, Ticket>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// Who submitted this version (the owner, a hospital or a practitioner); it holds the
	/// anchor's storage deposit.
	pub author: AccountId,
	/// The institution the author acted for (itself for a hospital), fixed when anchored.
	pub institution: Option<AccountId>,
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
	/// The telemedicine service this anchor settled (the paper's "Payment" field), if any.
	pub settled_by: Option<ServiceId>,
	/// The storage deposit held on the author (`None` only for anchors made before storage
	/// version 1, when no deposit was taken).
	pub deposit: Option<Ticket>,
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

/// The answer to "is this SMeR a version of record R?".
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Verification<AccountId> {
	/// The hash is that of `version` of the record, which `owner` owns and `author` anchored.
	Match {
		/// The record's owner: credit nobody else with it.
		owner: AccountId,
		/// Who anchored the matching version.
		author: AccountId,
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

/// A record's virtual patient identifier, and who set it (and holds its deposit).
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
pub struct VpiEntry<AccountId, Ticket>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The lookup key.
	pub vpi: Vpi,
	/// The owner, or the care provider that anchored the record's first version.
	pub set_by: AccountId,
	/// The storage deposit held on `set_by`.
	pub deposit: Ticket,
}

/// A record found under a virtual patient identifier.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct VpiMatch<AccountId> {
	/// The record.
	pub record: RecordId,
	/// Its owner: a lookup lists every owner tagged with the identifier, so a record another
	/// owner tagged shows as someone else's.
	pub owner: AccountId,
	/// Who set the identifier (the owner, or the institution's account that anchored it).
	pub set_by: AccountId,
}
