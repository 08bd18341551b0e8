//! The codes records, roles and accesses are classified by: no free text goes on chain.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

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
	Serialize,
	Deserialize,
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
	Serialize,
	Deserialize,
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
	Serialize,
	Deserialize,
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
	Serialize,
	Deserialize,
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
