//! # SEMRES primitives
//!
//! The small vocabulary the SEMRES pallets share, so that none reads another's storage:
//! identifiers and codes (record classes, security levels, roles, HL7 purposes of use), and the
//! traits through which one pallet asks another (`RecordsInspect`, `RolesInspect`,
//! `RolesInspect`), and the paging helper behind every "list of an account's ..." query. The
//! runtime wires the implementations together.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, FullCodec, MaxEncodedLen};
use frame_support::storage::IterableStorageDoubleMap;
use scale_info::TypeInfo;
pub use sp_core::H256;

/// A record's identifier: the 32-byte `record_id` of its SMeRs (pseudonymous, random).
pub type RecordId = H256;
/// A record version: 1 for the first anchor, +1 per amendment.
pub type Version = u32;
/// SHA-256 of a SMeR: its anchor hash.
pub type SmerHash = H256;
/// A CEDA suite id (see `docs/smer.md`): 1 RSA-3072, 2 RSA-2048, 3 X25519, 4 SM2, 5 X-Wing.
pub type SuiteId = u8;

/// What kind of record (paper 001: the My Health Bank categories).
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
pub enum RecordClass {
	Outpatient,
	Inpatient,
	Laboratory,
	Imaging,
	Prescription,
	DischargeSummary,
	Allergy,
	Vaccination,
	Sensor,
	Other,
}

/// How sensitive a record is (paper 002): private records need the owner's multi-party
/// approvals where configured.
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
pub enum SecurityLevel {
	Private,
	Moderate,
	Low,
}

/// Roles in the consortium registry.
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
pub enum Role {
	Hospital,
	Practitioner,
	Insurer,
	Auditor,
	EmergencyResponder,
	PrivacyOfficer,
}

/// Why data is accessed: HL7 v3 PurposeOfUse codes.
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
pub enum PurposeOfUse {
	/// TREAT: treatment.
	Treatment,
	/// ETREAT: emergency treatment.
	EmergencyTreatment,
	/// HPAYMT: healthcare payment.
	Payment,
	/// HRESCH: healthcare research.
	Research,
	/// HOPERAT: healthcare operations.
	Operations,
	/// PUBHLTH: public health.
	PublicHealth,
	/// PATRQT: requested by the patient.
	PatientRequest,
}

/// What the records registry tells other pallets about an anchored record version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorInfo<AccountId, BlockNumber> {
	/// The record's owner (the patient).
	pub owner: AccountId,
	/// Who produced this version.
	pub author: AccountId,
	/// The record's class.
	pub class: RecordClass,
	/// The record's security level.
	pub level: SecurityLevel,
	/// When this version was anchored.
	pub anchored_at: BlockNumber,
	/// Whether the record has been erased (crypto-shredded).
	pub erased: bool,
}

/// Read access to the records registry (implemented by pallet `Records`).
pub trait RecordsInspect<AccountId, BlockNumber> {
	/// The latest version of `record`, if it exists.
	fn latest_version(record: &RecordId) -> Option<Version>;
	/// Facts about `version` of `record`, if it exists.
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, BlockNumber>>;
}

/// Read access to the consortium registry (implemented by pallet `Access`).
pub trait RolesInspect<AccountId> {
	/// Whether `who` holds `role`.
	fn has_role(who: &AccountId, role: Role) -> bool;
	/// The institution `who` practises at, if `who` is a registered practitioner.
	fn institution_of(who: &AccountId) -> Option<AccountId>;
	/// Whether `who` provides care: a registered hospital or practitioner.
	fn is_care_provider(who: &AccountId) -> bool {
		Self::has_role(who, Role::Hospital) || Self::has_role(who, Role::Practitioner)
	}
}

/// Nobody holds any role (for runtimes and tests without a consortium registry).
impl<AccountId> RolesInspect<AccountId> for () {
	fn has_role(_: &AccountId, _: Role) -> bool {
		false
	}
	fn institution_of(_: &AccountId) -> Option<AccountId> {
		None
	}
}

/// No records exist (for runtimes and tests without a records registry).
impl<AccountId, BlockNumber> RecordsInspect<AccountId, BlockNumber> for () {
	fn latest_version(_: &RecordId) -> Option<Version> {
		None
	}
	fn anchor(_: &RecordId, _: Version) -> Option<AnchorInfo<AccountId, BlockNumber>> {
		None
	}
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
