//! Types of the Access pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use semres_primitives::{PurposeOfUse, RecordClass, RecordId, Role, SuiteId, H256};
use sp_core::Get;

/// Identifier of a grant.
pub type GrantId = u64;
/// Identifier of an access request.
pub type RequestId = u64;
/// Identifier of an emergency access.
pub type EmergencyId = u64;
/// A published key's id: the SHA-256 of its SPKI (the SMeR key id).
pub type KeyId = H256;
/// A commitment to a reason code: `blake2_256(SCALE(code: u32, salt: [u8; 32]))`. The code
/// and salt stay with the requester, who shows them to an auditor; the chain reveals nothing.
pub type ReasonCommitment = H256;

/// A published CEDA public key (paper 001: "the RSA public key is announced on the platform").
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxKeyLen))]
pub struct PublishedKey<BlockNumber, MaxKeyLen: Get<u32>, Ticket>
where
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// SHA-256 of the SPKI: the key id SMeRs name their recipients by.
	pub id: KeyId,
	/// The CEDA suite the key is for.
	pub suite: SuiteId,
	/// The public key, DER SubjectPublicKeyInfo.
	pub spki: BoundedVec<u8, MaxKeyLen>,
	/// When it was published.
	pub registered_at: BlockNumber,
	/// When it was revoked or replaced, if it was.
	pub revoked_at: Option<BlockNumber>,
	/// The storage deposit held on the key's owner (`None`: published before deposits).
	pub deposit: Option<Ticket>,
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

/// A sorted set of signers (approvers, officers) and how many of them must sign; a grant or an
/// emergency keeps the set in force when it was created.
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
#[scale_info(skip_type_params(MaxSigners))]
pub struct SignerSet<AccountId: Clone + core::fmt::Debug + PartialEq + Eq, MaxSigners: Get<u32>> {
	/// The signers, sorted, each once.
	pub signers: BoundedVec<AccountId, MaxSigners>,
	/// How many must sign (1 ..= signers).
	pub threshold: u32,
}

/// Whether a grant is in force.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxApprovers))]
pub enum GrantStatus<
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxApprovers: Get<u32>,
> {
	/// Waiting for the owner's approvers (multi-party authorisation).
	PendingApprovals {
		/// The owner's approvers and threshold when the grant was made: only they count.
		approvers: SignerSet<AccountId, MaxApprovers>,
		/// Who has approved so far.
		approved_by: BoundedVec<AccountId, MaxApprovers>,
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
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
> {
	/// The records' owner; holds the grant's deposit.
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
	pub status: GrantStatus<AccountId, BlockNumber, MaxApprovers>,
	/// The storage deposit held on the owner (`None`: granted before deposits).
	pub deposit: Option<Ticket>,
}

/// A consortium member's request for access, decided by the owner.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct AccessRequest<AccountId, BlockNumber, Ticket> {
	/// Who asks; holds the request's deposit.
	pub requester: AccountId,
	/// Whose records.
	pub owner: AccountId,
	/// What.
	pub scope: Scope,
	/// Why.
	pub purpose: PurposeOfUse,
	/// A commitment to the consortium reason code (nothing identifying goes on chain).
	pub reason: ReasonCommitment,
	/// When it was made.
	pub requested_at: BlockNumber,
	/// The first block it can no longer be approved in; anyone may prune it from then on.
	pub expires_at: BlockNumber,
	/// The storage deposit held on the requester (`None`: made before deposits).
	pub deposit: Option<Ticket>,
}

/// An owner's multi-party authorisation policy: grants that may cover private records take
/// effect only after `threshold` of `signers` approve.
pub type ApprovalPolicy<AccountId, MaxApprovers> = SignerSet<AccountId, MaxApprovers>;

/// An owner's policy, and a change to it that takes effect after the policy-change delay.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxApprovers))]
pub struct PolicyState<
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
	MaxApprovers: Get<u32>,
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
> {
	/// The policy in force (until `pending` takes effect).
	pub current: Option<ApprovalPolicy<AccountId, MaxApprovers>>,
	/// A change (a new policy, or none: removal) and the block it takes effect in.
	pub pending: Option<(Option<ApprovalPolicy<AccountId, MaxApprovers>>, BlockNumber)>,
	/// The storage deposit held on the owner.
	pub deposit: Option<Ticket>,
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
	Ticket: Clone + core::fmt::Debug + PartialEq + Eq,
> {
	/// The emergency responder; holds the deposit.
	pub responder: AccountId,
	/// The patient.
	pub patient: AccountId,
	/// A commitment to the consortium reason code.
	pub reason: ReasonCommitment,
	/// When it was requested.
	pub opened_at: BlockNumber,
	/// The emergency officers and threshold when it was opened: only they may co-sign.
	pub officers: SignerSet<AccountId, MaxApprovers>,
	/// Officers who co-signed.
	pub cosigners: BoundedVec<AccountId, MaxApprovers>,
	/// The access window, once enough officers co-signed: `[from, until)`; `until` moves to
	/// the closing block when it is closed early.
	pub window: Option<(BlockNumber, BlockNumber)>,
	/// When it was closed early (by the responder, the patient, a privacy officer, or the
	/// responder's removal), if it was.
	pub closed_at: Option<BlockNumber>,
	/// Who reviewed it afterwards (the patient or a privacy officer); unreviewed until then.
	pub reviewed_by: Option<AccountId>,
	/// The storage deposit held on the responder.
	pub deposit: Option<Ticket>,
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

/// Which roles an institution may hold and members may be given.
pub fn is_institution_role(role: Role) -> bool {
	matches!(role, Role::Hospital | Role::Insurer)
}
