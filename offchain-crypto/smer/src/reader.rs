//! Reading the part of a SMeR before the payload (preamble, header, envelopes), from a byte
//! slice or, through [`ByteSource`], from any stream.

use alloc::vec::Vec;

use crate::{Envelope, FormatError, Header, Preamble, MAX_ENVELOPES, PREAMBLE_LEN};

/// Where bytes come from while parsing: a slice here, an `io::Read` in `semres-ceda`.
pub trait ByteSource {
	/// The source's error; a format error converts into it.
	type Error: From<FormatError>;
	/// Fills `buf` completely, or fails (a short input is [`FormatError::Truncated`]).
	fn fill(&mut self, buf: &mut [u8]) -> Result<(), Self::Error>;
}

impl ByteSource for &[u8] {
	type Error = FormatError;
	fn fill(&mut self, buf: &mut [u8]) -> Result<(), FormatError> {
		if self.len() < buf.len() {
			return Err(FormatError::Truncated);
		}
		let (head, rest) = self.split_at(buf.len());
		buf.copy_from_slice(head);
		*self = rest;
		Ok(())
	}
}

/// Everything of a SMeR before its payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmerPrefix {
	/// The authenticated header.
	pub header: Header,
	/// The header's exact bytes (preamble + body): what the payload AEAD authenticates.
	pub header_bytes: Vec<u8>,
	/// One key envelope per recipient.
	pub envelopes: Vec<Envelope>,
	/// Bytes from the start of the SMeR to the first payload byte.
	pub len: usize,
}

impl SmerPrefix {
	/// Reads preamble, header and envelopes from `src`.
	pub fn read_from<S: ByteSource>(src: &mut S) -> Result<Self, S::Error> {
		let mut preamble_bytes = [0u8; PREAMBLE_LEN];
		src.fill(&mut preamble_bytes)?;
		let preamble = Preamble::decode(&preamble_bytes)?;
		let mut header_bytes = alloc::vec![0u8; PREAMBLE_LEN + preamble.header_len as usize];
		header_bytes[..PREAMBLE_LEN].copy_from_slice(&preamble_bytes);
		src.fill(&mut header_bytes[PREAMBLE_LEN..])?;
		let header = Header::decode_body(&preamble, &header_bytes[PREAMBLE_LEN..])?;

		let mut count = [0u8; 2];
		src.fill(&mut count)?;
		let count = u16::from_le_bytes(count) as usize;
		if count == 0 || count > MAX_ENVELOPES {
			return Err(FormatError::InvalidField("envelope_count").into());
		}
		let mut envelopes: Vec<Envelope> = Vec::with_capacity(count);
		let mut len = header_bytes.len() + 2;
		for _ in 0..count {
			let envelope = Envelope::read_from(src, header.suite)?;
			if envelopes.iter().any(|e| e.key_id == envelope.key_id) {
				return Err(FormatError::InvalidField("envelope_key_id").into());
			}
			len += envelope.encoded_len();
			envelopes.push(envelope);
		}
		Ok(SmerPrefix {
			header,
			header_bytes,
			envelopes,
			len,
		})
	}

	/// Writes the prefix of a new SMeR: the header's bytes, then the envelopes.
	pub fn encode(header_bytes: &[u8], envelopes: &[Envelope]) -> Result<Vec<u8>, FormatError> {
		if envelopes.is_empty() || envelopes.len() > MAX_ENVELOPES {
			return Err(FormatError::InvalidField("envelope_count"));
		}
		let mut out = Vec::with_capacity(
			header_bytes.len() + 2 + envelopes.iter().map(Envelope::encoded_len).sum::<usize>(),
		);
		out.extend_from_slice(header_bytes);
		out.extend_from_slice(&(envelopes.len() as u16).to_le_bytes());
		for e in envelopes {
			e.encode_into(&mut out)?;
		}
		Ok(out)
	}

	/// The envelope addressed to `key_id`, if any.
	pub fn envelope_for(&self, key_id: &crate::KeyId) -> Option<&Envelope> {
		self.envelopes.iter().find(|e| &e.key_id == key_id)
	}

	/// Total length of a well-formed SMeR with this prefix.
	pub fn total_len(&self) -> u64 {
		self.len as u64 + self.header.layout().payload_len()
	}
}

/// Parses the prefix of an in-memory SMeR and checks that `bytes` holds exactly its payload.
pub fn parse_prefix(bytes: &[u8]) -> Result<SmerPrefix, FormatError> {
	let mut src = bytes;
	let prefix = SmerPrefix::read_from(&mut src)?;
	let payload_len = prefix.header.layout().payload_len();
	let rest = src.len() as u64;
	if rest < payload_len {
		return Err(FormatError::Truncated);
	}
	if rest > payload_len {
		return Err(FormatError::TrailingData);
	}
	Ok(prefix)
}
