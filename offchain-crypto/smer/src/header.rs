//! The preamble and the authenticated header of a SMeR.

use alloc::{string::String, vec::Vec};

use crate::{
	stream::{ChunkLayout, NoncePrefix, NONCE_PREFIX_LEN},
	FormatError, SuiteId, FORMAT_V1, FORMAT_VERSION, MAGIC,
};

/// Length of the preamble: magic (4), version (1), suite (1), header length (4).
pub const PREAMBLE_LEN: usize = 10;
/// At most this many bytes of content type.
pub const MAX_CONTENT_TYPE_LEN: usize = 127;
/// Smallest and largest chunk sizes, as powers of two (4 KiB ... 16 MiB).
const CHUNK_LOG2_RANGE: core::ops::RangeInclusive<u8> = 12..=24;

/// The fixed first bytes of a SMeR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preamble {
	/// The format version: 1 or 2.
	pub version: u8,
	/// The CEDA suite.
	pub suite: SuiteId,
	/// Length of the header body that follows the preamble.
	pub header_len: u32,
}

impl Preamble {
	/// Parses the preamble.
	pub fn decode(bytes: &[u8; PREAMBLE_LEN]) -> Result<Self, FormatError> {
		if bytes[..4] != MAGIC {
			return Err(FormatError::NotASmer);
		}
		let version = bytes[4];
		if !(FORMAT_V1..=FORMAT_VERSION).contains(&version) {
			return Err(FormatError::UnsupportedVersion(version));
		}
		let suite = SuiteId::from_u8(bytes[5])?;
		let header_len = u32::from_le_bytes([bytes[6], bytes[7], bytes[8], bytes[9]]);
		if header_len as usize > MAX_BODY_LEN {
			return Err(FormatError::HeaderLength);
		}
		Ok(Preamble {
			version,
			suite,
			header_len,
		})
	}
}

/// Largest header body: all fixed fields plus the longest content type.
const MAX_BODY_LEN: usize = FIXED_BODY_LEN + MAX_CONTENT_TYPE_LEN;
/// record id, owner, created_at, content type length, chunk size, plaintext length,
/// nonce prefix, key commitment.
const FIXED_BODY_LEN: usize = 32 + 32 + 8 + 1 + 1 + 8 + NONCE_PREFIX_LEN + 32;

/// Record metadata carried (in the clear, authenticated) by every SMeR. Pseudonymous by design:
/// no names, no health data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metadata {
	/// Identifier of the record (stable across versions), e.g. random bytes.
	pub record_id: [u8; 32],
	/// Pseudonymous id of the record's owner, e.g. the patient's chain account id.
	pub owner: [u8; 32],
	/// Creation time, Unix seconds.
	pub created_at: u64,
	/// Media type of the plaintext, e.g. `application/fhir+json` (at most 127 bytes, UTF-8).
	pub content_type: String,
}

/// The authenticated header of a SMeR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
	/// The format version (1 or 2; SEMRES writes [`FORMAT_VERSION`]).
	pub version: u8,
	/// The CEDA suite.
	pub suite: SuiteId,
	/// Record metadata.
	pub metadata: Metadata,
	/// Plaintext bytes per payload chunk, as a power of two (12 ..= 24).
	pub chunk_size_log2: u8,
	/// Length of the plaintext record.
	pub plaintext_len: u64,
	/// Random per-SMeR prefix of every chunk nonce.
	pub nonce_prefix: NoncePrefix,
	/// Commitment to the data key (see `docs/smer.md`): a key that opens the payload but does
	/// not match it is rejected.
	pub key_commitment: [u8; 32],
}

impl Header {
	/// The payload's chunk layout.
	pub fn layout(&self) -> ChunkLayout {
		ChunkLayout::new(self.chunk_size_log2, self.plaintext_len)
	}

	/// Encodes preamble and body: the bytes the payload AEAD authenticates.
	pub fn encode(&self) -> Result<Vec<u8>, FormatError> {
		self.validate()?;
		let ct = self.metadata.content_type.as_bytes();
		let body_len = FIXED_BODY_LEN + ct.len();
		let mut out = Vec::with_capacity(PREAMBLE_LEN + body_len);
		out.extend_from_slice(&MAGIC);
		out.push(self.version);
		out.push(self.suite.id());
		out.extend_from_slice(&(body_len as u32).to_le_bytes());
		out.extend_from_slice(&self.metadata.record_id);
		out.extend_from_slice(&self.metadata.owner);
		out.extend_from_slice(&self.metadata.created_at.to_le_bytes());
		out.push(ct.len() as u8);
		out.extend_from_slice(ct);
		out.push(self.chunk_size_log2);
		out.extend_from_slice(&self.plaintext_len.to_le_bytes());
		out.extend_from_slice(&self.nonce_prefix);
		out.extend_from_slice(&self.key_commitment);
		debug_assert_eq!(out.len(), PREAMBLE_LEN + body_len);
		Ok(out)
	}

	/// Parses a header body (the bytes after the preamble).
	pub fn decode_body(preamble: &Preamble, body: &[u8]) -> Result<Self, FormatError> {
		let mut r = Cursor(body);
		let record_id = r.array::<32>()?;
		let owner = r.array::<32>()?;
		let created_at = u64::from_le_bytes(r.array::<8>()?);
		let ct_len = r.array::<1>()?[0] as usize;
		let content_type = core::str::from_utf8(r.take(ct_len)?)
			.map_err(|_| FormatError::InvalidField("content_type"))?
			.into();
		let chunk_size_log2 = r.array::<1>()?[0];
		let plaintext_len = u64::from_le_bytes(r.array::<8>()?);
		let nonce_prefix = r.array::<NONCE_PREFIX_LEN>()?;
		let key_commitment = r.array::<32>()?;
		if !r.0.is_empty() {
			return Err(FormatError::HeaderLength);
		}
		let header = Header {
			version: preamble.version,
			suite: preamble.suite,
			metadata: Metadata {
				record_id,
				owner,
				created_at,
				content_type,
			},
			chunk_size_log2,
			plaintext_len,
			nonce_prefix,
			key_commitment,
		};
		header.validate()?;
		Ok(header)
	}

	fn validate(&self) -> Result<(), FormatError> {
		if !(FORMAT_V1..=FORMAT_VERSION).contains(&self.version) {
			return Err(FormatError::UnsupportedVersion(self.version));
		}
		if self.metadata.content_type.len() > MAX_CONTENT_TYPE_LEN {
			return Err(FormatError::InvalidField("content_type"));
		}
		if !CHUNK_LOG2_RANGE.contains(&self.chunk_size_log2) {
			return Err(FormatError::InvalidField("chunk_size_log2"));
		}
		if self.layout().chunk_count() > u64::from(u32::MAX) + 1 {
			return Err(FormatError::InvalidField("plaintext_len"));
		}
		Ok(())
	}
}

/// A cursor over a header body; running out of bytes is a header-length error.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
	fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
		if self.0.len() < n {
			return Err(FormatError::HeaderLength);
		}
		let (head, rest) = self.0.split_at(n);
		self.0 = rest;
		Ok(head)
	}

	fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
		let mut a = [0u8; N];
		a.copy_from_slice(self.take(N)?);
		Ok(a)
	}
}
