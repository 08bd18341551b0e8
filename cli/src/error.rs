//! CLI errors: a message for people and an exit code for scripts.

use semres_ceda::{smer::FormatError, CedaError};
use semres_dery::DeryError;

/// What went wrong, classified for the exit code (the table is in `semres --help` and
/// docs/app-developer.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
	/// I/O, malformed input, bad arguments found after parsing: exit 1.
	Failure,
	/// Tampered, truncated or mismatching data: exit 3.
	Integrity,
	/// Wrong key, not a recipient, wrong or missing password: exit 4.
	Credentials,
	/// The node cannot be reached, did not answer in time, or answered with an RPC error: 5.
	Chain,
	/// The chain refused the transaction (a named dispatch error other than those below, or
	/// the pool rejected it): 6.
	Refused,
	/// No such record (or version) is anchored: 10.
	NotAnchored,
	/// The record was erased: 11.
	Erased,
	/// The reader holds no grant or emergency access for the record: 12.
	NotAuthorised,
	/// The reader's grant has expired: 13.
	Expired,
	/// The reader's grant was revoked: 14.
	Revoked,
	/// The SMeR does not hash to its anchor: 15.
	HashMismatch,
	/// The store's content does not match the CID: 16.
	CidMismatch,
	/// An account has no registered CEDA key for the suite: 17.
	NoKey,
	/// The custodians did not release enough shares in time: 18.
	CustodyTimeout,
}

/// An error ready to print.
#[derive(Debug)]
pub struct CliError {
	pub kind: Kind,
	pub message: String,
}

impl CliError {
	pub fn new(kind: Kind, message: impl Into<String>) -> Self {
		CliError {
			kind,
			message: message.into(),
		}
	}

	pub fn failure(message: impl Into<String>) -> Self {
		Self::new(Kind::Failure, message)
	}

	pub fn exit_code(&self) -> i32 {
		match self.kind {
			Kind::Failure => 1,
			Kind::Integrity => 3,
			Kind::Credentials => 4,
			Kind::Chain => 5,
			Kind::Refused => 6,
			Kind::NotAnchored => 10,
			Kind::Erased => 11,
			Kind::NotAuthorised => 12,
			Kind::Expired => 13,
			Kind::Revoked => 14,
			Kind::HashMismatch => 15,
			Kind::CidMismatch => 16,
			Kind::NoKey => 17,
			Kind::CustodyTimeout => 18,
		}
	}

	/// Short machine-readable name of the kind.
	pub fn kind_name(&self) -> &'static str {
		match self.kind {
			Kind::Failure => "failure",
			Kind::Integrity => "integrity",
			Kind::Credentials => "credentials",
			Kind::Chain => "chain",
			Kind::Refused => "refused",
			Kind::NotAnchored => "not-anchored",
			Kind::Erased => "erased",
			Kind::NotAuthorised => "not-authorised",
			Kind::Expired => "expired",
			Kind::Revoked => "revoked",
			Kind::HashMismatch => "hash-mismatch",
			Kind::CidMismatch => "cid-mismatch",
			Kind::NoKey => "no-key",
			Kind::CustodyTimeout => "custody-timeout",
		}
	}

	/// An I/O error about `path`.
	pub fn io(what: &str, path: &std::path::Path, e: std::io::Error) -> Self {
		Self::failure(format!("{what} {}: {e}", path.display()))
	}
}

impl From<CedaError> for CliError {
	fn from(e: CedaError) -> Self {
		let kind = match &e {
			CedaError::Format(
				FormatError::UnknownSuite(_) | FormatError::UnsupportedVersion(_),
			)
			| CedaError::MalformedKey(_)
			| CedaError::SuiteMismatch(_)
			| CedaError::UnsupportedSuite(_)
			| CedaError::NoRecipients
			| CedaError::InvalidPatientId(_)
			| CedaError::Custody(_)
			| CedaError::Crypto(_)
			| CedaError::Io(_) => Kind::Failure,
			CedaError::Format(_)
			| CedaError::Tampered { .. }
			| CedaError::KeyCommitmentMismatch
			| CedaError::HeaderMacMismatch
			| CedaError::ForeignEnvelope
			| CedaError::ForeignSmer(_) => Kind::Integrity,
			CedaError::NotARecipient { .. }
			| CedaError::NoCustody
			| CedaError::NotEnoughShares { .. }
			| CedaError::UnwrapFailed
			| CedaError::PasswordRequired
			| CedaError::EmptyPassword
			| CedaError::WrongPassword => Kind::Credentials,
			CedaError::HashMismatch { .. } => Kind::HashMismatch,
		};
		CliError::new(kind, e.to_string())
	}
}

impl From<DeryError> for CliError {
	fn from(e: DeryError) -> Self {
		let kind = match &e {
			DeryError::Corrupted { .. } | DeryError::CidDisagreement { .. } => Kind::CidMismatch,
			DeryError::AnchorMismatch { .. } => Kind::HashMismatch,
			DeryError::TooLarge { .. } => Kind::Integrity,
			_ => Kind::Failure,
		};
		CliError::new(kind, e.to_string())
	}
}

impl From<semres_client::ClientError> for CliError {
	fn from(e: semres_client::ClientError) -> Self {
		use semres_client::ClientError as C;
		let kind = match &e {
			C::Dispatch { name } => match name.as_str() {
				"access.NotAuthorised" | "access.ApprovalsMissing" | "custody.NoBasis" => {
					Kind::NotAuthorised
				}
				"access.GrantExpired" => Kind::Expired,
				"access.GrantRevoked" => Kind::Revoked,
				"access.RecordErased" | "records.RecordErased" => Kind::Erased,
				"access.RecordNotFound" | "records.RecordNotFound" => Kind::NotAnchored,
				_ => Kind::Refused,
			},
			C::Rejected(_) => Kind::Refused,
			C::Unreachable(_) | C::Rpc(_) | C::Timeout(_) => Kind::Chain,
			C::DevAccountOnLiveChain(_) | C::Account(_) => Kind::Credentials,
		};
		CliError::new(kind, e.to_string())
	}
}

pub type Result<T> = std::result::Result<T, CliError>;
