//! CLI errors: a message for people and an exit code for scripts.

use semres_ceda::{smer::FormatError, CedaError};
use semres_dery::DeryError;

/// What went wrong, classified for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
	/// I/O, malformed input, bad arguments found after parsing: exit 1.
	Failure,
	/// Tampered, truncated or mismatching data: exit 3.
	Integrity,
	/// Wrong key, not a recipient, wrong or missing password: exit 4.
	Credentials,
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
		}
	}

	/// Short machine-readable name of the kind.
	pub fn kind_name(&self) -> &'static str {
		match self.kind {
			Kind::Failure => "failure",
			Kind::Integrity => "integrity",
			Kind::Credentials => "credentials",
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
			| CedaError::Crypto(_)
			| CedaError::Io(_) => Kind::Failure,
			CedaError::Format(_)
			| CedaError::Tampered { .. }
			| CedaError::KeyCommitmentMismatch
			| CedaError::HashMismatch { .. }
			| CedaError::ForeignEnvelope => Kind::Integrity,
			CedaError::NotARecipient { .. }
			| CedaError::UnwrapFailed
			| CedaError::PasswordRequired
			| CedaError::WrongPassword => Kind::Credentials,
		};
		CliError::new(kind, e.to_string())
	}
}

impl From<DeryError> for CliError {
	fn from(e: DeryError) -> Self {
		let kind = match &e {
			DeryError::Corrupted { .. }
			| DeryError::AnchorMismatch { .. }
			| DeryError::CidDisagreement { .. } => Kind::Integrity,
			_ => Kind::Failure,
		};
		CliError::new(kind, e.to_string())
	}
}

pub type Result<T> = std::result::Result<T, CliError>;
