//! Errors of parsing a SMeR.

use core::fmt;

/// Why bytes are not a well-formed SMeR (or detached envelope) of this version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
	/// The input does not start with the SMeR magic bytes.
	NotASmer,
	/// A format version this implementation does not read.
	UnsupportedVersion(u8),
	/// A CEDA suite id this implementation does not know.
	UnknownSuite(u8),
	/// The input ends before the structure it announces.
	Truncated,
	/// The header length field disagrees with the header's content.
	HeaderLength,
	/// A field holds a value outside its allowed range (the field's name).
	InvalidField(&'static str),
	/// Bytes follow the last payload chunk.
	TrailingData,
}

impl fmt::Display for FormatError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::NotASmer => write!(f, "not a SMeR (bad magic bytes)"),
			Self::UnsupportedVersion(v) => write!(f, "unsupported SMeR format version {v}"),
			Self::UnknownSuite(s) => write!(f, "unknown CEDA suite id {s}"),
			Self::Truncated => write!(f, "SMeR is truncated"),
			Self::HeaderLength => write!(f, "SMeR header length does not match its content"),
			Self::InvalidField(name) => write!(f, "SMeR field `{name}` is invalid"),
			Self::TrailingData => write!(f, "data after the last SMeR payload chunk"),
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for FormatError {}
