//! Key envelopes: the data key wrapped for one recipient.

use alloc::vec::Vec;

use crate::{reader::ByteSource, FormatError, SuiteId, FORMAT_V1};

/// A recipient's key id: SHA-256 of the DER SubjectPublicKeyInfo of their public key.
pub type KeyId = [u8; 32];

/// At most this many bytes of wrapped key in one envelope.
pub const MAX_WRAPPED_LEN: usize = 2048;

/// The data key wrapped for one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
	/// Which public key the data key is wrapped for.
	pub key_id: KeyId,
	/// The suite-specific wrapped data key.
	pub wrapped: Vec<u8>,
}

impl Envelope {
	/// Encoded size: key id, length, wrapped key.
	pub fn encoded_len(&self) -> usize {
		32 + 2 + self.wrapped.len()
	}

	/// Appends the encoding to `out`.
	pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), FormatError> {
		if self.wrapped.is_empty() || self.wrapped.len() > MAX_WRAPPED_LEN {
			return Err(FormatError::InvalidField("wrapped_key_len"));
		}
		out.extend_from_slice(&self.key_id);
		out.extend_from_slice(&(self.wrapped.len() as u16).to_le_bytes());
		out.extend_from_slice(&self.wrapped);
		Ok(())
	}

	/// Reads one envelope of a SMeR of `suite`; its length must be that of the suite's wraps
	/// (checked before anything is allocated).
	pub fn read_from<S: ByteSource>(src: &mut S, suite: SuiteId) -> Result<Self, S::Error> {
		let mut fixed = [0u8; 34];
		src.fill(&mut fixed)?;
		let mut key_id = [0u8; 32];
		key_id.copy_from_slice(&fixed[..32]);
		let len = u16::from_le_bytes([fixed[32], fixed[33]]) as usize;
		if len == 0 || len > MAX_WRAPPED_LEN || !suite.wrapped_len_ok(len) {
			return Err(FormatError::InvalidField("wrapped_key_len").into());
		}
		let mut wrapped = alloc::vec![0u8; len];
		src.fill(&mut wrapped)?;
		Ok(Envelope { key_id, wrapped })
	}
}

/// Magic bytes of a detached envelope.
pub const DETACHED_MAGIC: [u8; 4] = *b"SMeK";

/// An envelope stored apart from its SMeR: how a record is shared with a new recipient without
/// re-encrypting or re-uploading the payload. It names the SMeR by anchor hash; the data key it
/// carries is checked against the SMeR's key commitment before use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetachedEnvelope {
	/// The suite of the SMeR (and of the wrap).
	pub suite: SuiteId,
	/// Anchor hash (SHA-256) of the SMeR this envelope opens.
	pub smer_hash: [u8; 32],
	/// The wrapped data key.
	pub envelope: Envelope,
}

impl DetachedEnvelope {
	/// The encoding: magic, version, suite, SMeR hash, envelope.
	pub fn encode(&self) -> Result<Vec<u8>, FormatError> {
		let mut out = Vec::with_capacity(4 + 2 + 32 + self.envelope.encoded_len());
		out.extend_from_slice(&DETACHED_MAGIC);
		out.push(FORMAT_V1);
		out.push(self.suite.id());
		out.extend_from_slice(&self.smer_hash);
		self.envelope.encode_into(&mut out)?;
		Ok(out)
	}

	/// Parses a detached envelope; `bytes` must hold exactly one.
	pub fn decode(bytes: &[u8]) -> Result<Self, FormatError> {
		let mut src = bytes;
		let mut head = [0u8; 38];
		src.fill(&mut head)?;
		if head[..4] != DETACHED_MAGIC {
			return Err(FormatError::NotASmer);
		}
		if head[4] != FORMAT_V1 {
			return Err(FormatError::UnsupportedVersion(head[4]));
		}
		let suite = SuiteId::from_u8(head[5])?;
		let mut smer_hash = [0u8; 32];
		smer_hash.copy_from_slice(&head[6..38]);
		let envelope = Envelope::read_from(&mut src, suite)?;
		if !src.is_empty() {
			return Err(FormatError::TrailingData);
		}
		Ok(DetachedEnvelope {
			suite,
			smer_hash,
			envelope,
		})
	}
}
