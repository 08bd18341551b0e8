//! Types of the Access pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use semres_primitives::{PurposeOfUse, RecordClass, RecordId, Role, SuiteId};
use sp_core::Get;

/// Identifier of a grant.
pub type GrantId = u64;
/// Identifier of an access request.
pub type RequestId = u64;
/// Identifier of an emergency access.
pub type EmergencyId = u64;

/// A published CEDA public key (paper 001: "the RSA public key is announced on the platform").
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxKeyLen))]
pub struct PublishedKey<BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq, MaxKeyLen: Get<u32>>
{
	/// The CEDA suite the key is for.
	pub suite: SuiteId,
	/// The public key, DER SubjectPublicKeyInfo (its SHA-256 is the SMeR key id).
	pub spki: BoundedVec<u8, MaxKeyLen>,
	/// When it was published.
	pub registered_at: BlockNumber,
	/// When it was revoked or replaced, if it was.
	pub revoked_at: Option<BlockNumber>,
}

/// A consortium member's registration.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Membership<AccountId, BlockNumber> {
	/// The institution the member belongs to (none for institutions themselves).
	pub institution: Option<AccountId>,
	/// Since when.
	pub since: BlockNumber,
}

/// What a grant covers.
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
pub enum Scope {
	/// One record.
	Record(RecordId),
	/// All of the owner's records of one class.
	Class(RecordClass),
	/// All of the owner's records.
	All,
}

/// Whether a grant is in force.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum GrantStatus<BlockNumber> {
	/// Waiting for the owner's required approvals (multi-party authorisation).
	PendingApprovals {
		/// Approvals given so far.
		approvals: u32,
	},
	/// In force from this block (until expiry or revocation).
	Active {
		/// The block it took effect.
		since: BlockNumber,
	},
}

/// Read access granted by an owner.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCid, MaxApprovers))]
pub struct Grant<
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxCid: Get<u32>,
	MaxApprovers: Get<u32>,
> {
	/// The records' owner.
	pub owner: AccountId,
	/// Who may read.
	pub grantee: AccountId,
	/// What may be read.
	pub scope: Scope,
	/// Why (HL7 PurposeOfUse).
	pub purpose: PurposeOfUse,
	/// CID of the grantee's detached key envelope in DERy, if the owner made one.
	pub envelope: Option<BoundedVec<u8, MaxCid>>,
	/// When the owner granted it.
	pub granted_at: BlockNumber,
	/// First block at which it no longer holds.
	pub expires_at: BlockNumber,
	/// When it was revoked, if it was.
	pub revoked_at: Option<BlockNumber>,
	/// Approval state.
	pub status: GrantStatus<BlockNumber>,
	/// Who has approved it so far (multi-party authorisation).
	pub approved_by: BoundedVec<AccountId, MaxApprovers>,
}

/// A practitioner's request for access, decided by the owner.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct AccessRequest<AccountId, BlockNumber> {
	/// Who asks.
	pub requester: AccountId,
	/// Whose records.
	pub owner: AccountId,
	/// What.
	pub scope: Scope,
	/// Why.
	pub purpose: PurposeOfUse,
	/// A consortium reason code (no free text: nothing identifying goes on chain).
	pub reason: u32,
	/// When it was made.
	pub requested_at: BlockNumber,
}

/// An owner's multi-party authorisation policy: grants on private records take effect only
/// after `threshold` of `approvers` approve.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxApprovers))]
pub struct ApprovalPolicy<
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxApprovers: Get<u32>,
> {
	/// Who may approve (a guardian, the institution's privacy officer, ...).
	pub approvers: BoundedVec<AccountId, MaxApprovers>,
	/// How many approvals a grant needs.
	pub threshold: u32,
}

/// Emergency ("break-glass") access to a patient's records (paper 002).
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxApprovers))]
pub struct EmergencyAccess<
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxApprovers: Get<u32>,
> {
	/// The emergency responder.
	pub responder: AccountId,
	/// The patient.
	pub patient: AccountId,
	/// Consortium reason code.
	pub reason: u32,
	/// When it was requested.
	pub opened_at: BlockNumber,
	/// Officers who co-signed.
	pub cosigners: BoundedVec<AccountId, MaxApprovers>,
	/// The access window, once enough officers co-signed: `[from, until)`.
	pub window: Option<(BlockNumber, BlockNumber)>,
	/// Who reviewed it afterwards (the owner or a privacy officer); unreviewed until then.
	pub reviewed_by: Option<AccountId>,
}

/// On what basis a reader may read a record.
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
pub enum AccessBasis {
	/// The reader owns the record.
	Owner,
	/// A grant.
	Grant(GrantId),
	/// An emergency access.
	Emergency(EmergencyId),
}

/// One audited key release / decryption.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct AccessLogEntry<AccountId, BlockNumber> {
	/// Who read.
	pub reader: AccountId,
	/// Which version.
	pub version: u32,
	/// When.
	pub at: BlockNumber,
	/// On what basis.
	pub basis: AccessBasis,
}

/// Which roles an institution may hold and members may be given.
pub fn is_institution_role(role: Role) -> bool {
	matches!(role, Role::Hospital | Role::Insurer)
}
