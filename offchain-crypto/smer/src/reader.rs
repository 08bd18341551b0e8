//! Reading the part of a SMeR before the payload (preamble, header, envelopes, and in version 2
//! the custody section and header MAC), from a byte slice or, through [`ByteSource`], from any
//! stream.

use alloc::vec::Vec;

use crate::{
	Custody, Envelope, FormatError, Header, Preamble, HEADER_MAC_LEN, MAX_ENVELOPES, PREAMBLE_LEN,
};

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
	/// Version 2: the custody section, if the SMeR has one.
	pub custody: Option<Custody>,
	/// Version 2: the header MAC over everything before it (checked by whoever holds the data
	/// key, before the payload is decrypted).
	pub header_mac: Option<[u8; HEADER_MAC_LEN]>,
	/// Bytes from the start of the SMeR to the first payload byte.
	pub len: usize,
}

impl SmerPrefix {
	/// Reads preamble, header, envelopes and (version 2) custody section and header MAC.
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
		for _ in 0..count {
			let envelope = Envelope::read_from(src, header.suite)?;
			if envelopes.iter().any(|e| e.key_id == envelope.key_id) {
				return Err(FormatError::InvalidField("envelope_key_id").into());
			}
			envelopes.push(envelope);
		}
		let (custody, header_mac) = if header.version >= 2 {
			let custody = Custody::read_from(src, header.suite)?;
			let mut mac = [0u8; HEADER_MAC_LEN];
			src.fill(&mut mac)?;
			(custody, Some(mac))
		} else {
			(None, None)
		};
		let mut prefix = SmerPrefix {
			header,
			header_bytes,
			envelopes,
			custody,
			header_mac,
			len: 0,
		};
		prefix.len = prefix.encoded_len();
		Ok(prefix)
	}

	/// The prefix of a new SMeR of `header`'s version; a version 2 prefix gets its MAC with
	/// [`SmerPrefix::set_mac`] before it is encoded.
	pub fn new(
		header: Header,
		envelopes: Vec<Envelope>,
		custody: Option<Custody>,
	) -> Result<Self, FormatError> {
		if envelopes.is_empty() || envelopes.len() > MAX_ENVELOPES {
			return Err(FormatError::InvalidField("envelope_count"));
		}
		if header.version < 2 && custody.is_some() {
			return Err(FormatError::InvalidField("custody_count"));
		}
		let mut prefix = SmerPrefix {
			header_bytes: header.encode()?,
			header,
			envelopes,
			custody,
			header_mac: None,
			len: 0,
		};
		prefix.len = prefix.encoded_len();
		Ok(prefix)
	}

	fn encoded_len(&self) -> usize {
		let mut len = self.header_bytes.len()
			+ 2 + self
			.envelopes
			.iter()
			.map(Envelope::encoded_len)
			.sum::<usize>();
		if self.header.version >= 2 {
			len += Custody::encoded_len(self.custody.as_ref()) + HEADER_MAC_LEN;
		}
		len
	}

	/// The bytes the header MAC covers: header, envelopes and (version 2) custody section,
	/// exactly as stored. For version 1, the whole prefix.
	pub fn authenticated_bytes(&self) -> Result<Vec<u8>, FormatError> {
		let mut out = Vec::with_capacity(self.len);
		out.extend_from_slice(&self.header_bytes);
		out.extend_from_slice(&(self.envelopes.len() as u16).to_le_bytes());
		for e in &self.envelopes {
			e.encode_into(&mut out)?;
		}
		if self.header.version >= 2 {
			Custody::encode_into(self.custody.as_ref(), self.header.suite, &mut out)?;
		}
		Ok(out)
	}

	/// Sets the header MAC of a version 2 prefix.
	pub fn set_mac(&mut self, mac: [u8; HEADER_MAC_LEN]) {
		self.header_mac = Some(mac);
	}

	/// The prefix's bytes: [`SmerPrefix::authenticated_bytes`], then the MAC (version 2).
	pub fn encode(&self) -> Result<Vec<u8>, FormatError> {
		let mut out = self.authenticated_bytes()?;
		if self.header.version >= 2 {
			let mac = self
				.header_mac
				.ok_or(FormatError::InvalidField("header_mac"))?;
			out.extend_from_slice(&mac);
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
