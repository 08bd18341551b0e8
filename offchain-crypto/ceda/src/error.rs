//! CEDA errors: each names what was wrong, none carries plaintext or key material.

use semres_smer::{AnchorHash, FormatError, SuiteId};

/// Why sealing, opening or a key operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CedaError {
	/// The bytes are not a well-formed SMeR.
	#[error("malformed SMeR: {0}")]
	Format(#[from] FormatError),
	/// The SMeR has no envelope for the given private key.
	#[error("wrong key: this SMeR is not encrypted for key {key_id}")]
	NotARecipient {
		/// Hex key id of the key that was tried.
		key_id: String,
	},
	/// The wrapped data key does not open with this private key.
	#[error("wrong key: the data key does not unwrap with this private key")]
	UnwrapFailed,
	/// The unwrapped data key is not the one the SMeR was sealed with.
	#[error("the data key does not match the SMeR's key commitment (forged or foreign envelope)")]
	KeyCommitmentMismatch,
	/// The SMeR has no custody section (version 1, or sealed without custody).
	#[error("the SMeR has no custody shares: only its envelopes' recipients can open it")]
	NoCustody,
	/// A version 2 SMeR's header MAC does not match: its envelopes or custody shares were
	/// added, removed or altered after sealing.
	#[error("the SMeR's header MAC does not match: envelopes or custody shares were altered")]
	HeaderMacMismatch,
	/// A payload chunk failed authentication: the SMeR was altered.
	#[error("SMeR payload chunk {chunk} failed authentication (tampered or corrupted)")]
	Tampered {
		/// Index of the first chunk that failed.
		chunk: u64,
	},
	/// The SMeR's SHA-256 is not the anchored one.
	#[error("SMeR hash mismatch: expected {expected}, got {actual}")]
	HashMismatch {
		/// The anchored hash.
		expected: AnchorHash,
		/// The hash of the bytes read.
		actual: AnchorHash,
	},
	/// A detached envelope belongs to another SMeR or suite.
	#[error("the detached envelope is for another SMeR")]
	ForeignEnvelope,
	/// The SMeR is not the one asked for (its header names another record or owner): refused
	/// before anything is decrypted.
	#[error("foreign SMeR: {0}")]
	ForeignSmer(String),
	/// A key's algorithm cannot be used with this suite, or recipients need different suites.
	#[error("key suite mismatch: {0}")]
	SuiteMismatch(String),
	/// A suite this build cannot use for the requested operation.
	#[error("unsupported suite {0:?} for this operation")]
	UnsupportedSuite(SuiteId),
	/// No recipients were given.
	#[error("a SMeR needs at least one recipient")]
	NoRecipients,
	/// A key could not be parsed.
	#[error("malformed key: {0}")]
	MalformedKey(String),
	/// The private key is encrypted and no password was given.
	#[error("the private key is encrypted: a password is required")]
	PasswordRequired,
	/// A key file would be encrypted under an empty password: refused.
	#[error("an empty password does not protect a key: choose a non-empty one")]
	EmptyPassword,
	/// The password does not decrypt the private key.
	#[error("wrong password for the encrypted private key")]
	WrongPassword,
	/// A custody committee that cannot hold a key (threshold, size, repeated custodians).
	#[error("custody: {0}")]
	Custody(&'static str),
	/// Too few distinct released shares to recover a data key.
	#[error("only {have} of the {need} key shares needed were released")]
	NotEnoughShares {
		/// Distinct shares at hand.
		have: usize,
		/// The committee's threshold.
		need: usize,
	},
	/// A national patient id that is not one (see [`crate::vpi::normalise`]).
	#[error("invalid patient id: {0}")]
	InvalidPatientId(&'static str),
	/// A cryptographic primitive failed unexpectedly (e.g. the system RNG).
	#[error("cryptographic failure: {0}")]
	Crypto(&'static str),
	/// Reading or writing failed.
	#[error("I/O error: {0}")]
	Io(#[from] std::io::Error),
}
