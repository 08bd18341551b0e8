//! Opening: SMeR → record. The header and the data key are checked before any payload byte is
//! decrypted; a payload that fails authentication anywhere yields an error, never plaintext
//! (callers writing to files write to a temporary file and keep it only on success).

use std::io::{Read, Write};

use semres_smer::{
	anchor_hash, AnchorHash, ChunkLayout, DetachedEnvelope, FormatError, Header, SmerPrefix,
	TAG_LEN,
};

use crate::{
	cipher::PayloadCipher,
	custody::{self, CustodyContext},
	keys::hex,
	pipeline, read_exact, schedule,
	seal::header_digest,
	wrap::{self, WrapContext},
	CedaError, DataKey, IoSource, PrivateKey,
};

/// How to obtain a SMeR's data key.
pub enum Unlock<'a> {
	/// With a recipient's private key and the SMeR's own envelope for it.
	Key(&'a PrivateKey),
	/// With a recipient's private key and a detached envelope (a share).
	Detached(&'a PrivateKey, &'a DetachedEnvelope),
	/// With the data key itself (e.g. re-keying after it was unwrapped once).
	DataKey(&'a DataKey),
	/// With shares the custodians released to `reader` for key request `request` on the chain
	/// `genesis` (a version 2 SMeR with a custody section).
	Custody {
		/// The reader's HPKE key the shares were released to.
		reader: &'a PrivateKey,
		/// The released shares (at least the section's threshold).
		shares: &'a [crate::custody::ReleasedShare],
		/// The chain's genesis hash.
		genesis: [u8; 32],
		/// The key request's id.
		request: u64,
	},
}

/// The outcome of opening.
#[derive(Clone, Debug)]
pub struct OpenReport {
	/// The SMeR's header.
	pub header: Header,
}

/// Reads a SMeR's prefix (header and envelopes) without decrypting anything.
pub fn inspect<R: Read>(input: R) -> Result<SmerPrefix, CedaError> {
	SmerPrefix::read_from(&mut IoSource(input))
}

/// The data key for `prefix`, checked against its key commitment and (version 2) its header
/// MAC: a SMeR whose envelopes or custody shares were altered is refused here, before any
/// payload byte is decrypted.
pub(crate) fn unlock_key(prefix: &SmerPrefix, unlock: &Unlock) -> Result<DataKey, CedaError> {
	if let Unlock::Key(sk) | Unlock::Detached(sk, _) = unlock {
		// A key of another suite never opens this SMeR: say so instead of trying.
		if sk.algorithm().suite() != prefix.header.suite {
			return Err(CedaError::SuiteMismatch(format!(
				"a {:?} key cannot open a {} SMeR",
				sk.algorithm(),
				prefix.header.suite.name()
			)));
		}
	}
	let key = match unlock {
		Unlock::Key(sk) => {
			let id = sk.public_key().key_id();
			let env = prefix
				.envelope_for(&id)
				.ok_or_else(|| CedaError::NotARecipient { key_id: hex(&id) })?;
			wrap::unwrap(sk, &env.wrapped, &WrapContext::new(&prefix.header, &id))?
		}
		Unlock::Detached(sk, det) => {
			if det.suite != prefix.header.suite {
				return Err(CedaError::ForeignEnvelope);
			}
			let id = sk.public_key().key_id();
			if det.envelope.key_id != id {
				return Err(CedaError::NotARecipient { key_id: hex(&id) });
			}
			wrap::unwrap(
				sk,
				&det.envelope.wrapped,
				&WrapContext::new(&prefix.header, &id),
			)?
		}
		Unlock::DataKey(k) => (*k).clone(),
		Unlock::Custody {
			reader,
			shares,
			genesis,
			request,
		} => {
			let ctx = CustodyContext::of(*genesis, prefix)?;
			let threshold = prefix.custody.as_ref().map_or(0, |c| c.threshold);
			custody::recover(reader, shares, threshold, &ctx, *request, &prefix.header)?
		}
	};
	schedule::derive_checked(&key, &prefix.header)?.check_header_mac(prefix)?;
	Ok(key)
}

/// Decrypts the chunks of one payload in order.
pub(crate) struct ChunkOpener {
	cipher: PayloadCipher,
	header: Header,
	aad: [u8; 32],
	next: u64,
}

impl ChunkOpener {
	pub fn new(prefix: &SmerPrefix, key: &DataKey) -> Result<Self, CedaError> {
		let derived = schedule::derive_checked(key, &prefix.header)?;
		Ok(ChunkOpener {
			cipher: PayloadCipher::new(prefix.header.suite, &derived.payload_key)?,
			aad: header_digest(&prefix.header_bytes),
			header: prefix.header.clone(),
			next: 0,
		})
	}

	pub fn layout(&self) -> ChunkLayout {
		self.header.layout()
	}

	/// Decrypts the next chunk (`buf` = ciphertext, then tag) in place; returns the plaintext.
	pub fn open_next<'b>(&mut self, buf: &'b mut [u8]) -> Result<&'b [u8], CedaError> {
		let layout = self.layout();
		let i = self.next;
		let split = buf
			.len()
			.checked_sub(TAG_LEN)
			.ok_or(FormatError::Truncated)?;
		let (ct, tag) = buf.split_at_mut(split);
		let tag: [u8; TAG_LEN] = (&*tag).try_into().expect("split at TAG_LEN; qed");
		let nonce = ChunkLayout::nonce(&self.header.nonce_prefix, i, layout.is_last(i));
		if !self.cipher.open(nonce, &self.aad, ct, &tag) {
			return Err(CedaError::Tampered { chunk: i });
		}
		self.next += 1;
		Ok(ct)
	}
}

/// Reads a SMeR from `input`, decrypts it with `unlock` and writes the record to `output`.
/// `progress` is called with the plaintext bytes done so far. On error, `output` may hold a
/// prefix of authenticated plaintext: write to a temporary file and discard it on error.
///
/// Opening does not hash: to check a SMeR against its anchored hash, use
/// [`crate::open_verified`], which hashes it in the same pass.
pub fn open<R: Read + Send, W: Write>(
	src: R,
	output: W,
	unlock: &Unlock,
	progress: &mut dyn FnMut(u64),
) -> Result<OpenReport, CedaError> {
	open_checked(src, output, unlock, &|_| Ok(()), progress)
}

/// [`open`], with `check` run on the SMeR's prefix (header and envelopes) before any key is
/// unwrapped or any byte decrypted: e.g. that it is the record the caller asked for.
pub fn open_checked<R: Read + Send, W: Write>(
	mut src: R,
	mut output: W,
	unlock: &Unlock,
	check: &dyn Fn(&SmerPrefix) -> Result<(), CedaError>,
	progress: &mut dyn FnMut(u64),
) -> Result<OpenReport, CedaError> {
	let prefix = SmerPrefix::read_from(&mut IoSource(&mut src))?;
	check(&prefix)?;
	let key = unlock_key(&prefix, unlock)?;
	let mut opener = ChunkOpener::new(&prefix, &key)?;
	let layout = opener.layout();
	let reader = &mut src;
	let read = |buf: &mut Vec<u8>, i: u64| {
		buf.resize(layout.plain_len(i) as usize + TAG_LEN, 0);
		read_exact(reader, buf)
	};
	let mut done = 0u64;
	let decrypt = |buf: &mut Vec<u8>, _| {
		let plain = opener.open_next(buf)?;
		output.write_all(plain)?;
		done += plain.len() as u64;
		progress(done);
		Ok(())
	};
	// Buffers as large as the first (largest) chunk, not the chunk size the header claims: a
	// small SMeR claiming 16 MiB chunks gets small buffers.
	pipeline::run(
		layout.chunk_count(),
		layout.plain_len(0) as usize + TAG_LEN,
		read,
		decrypt,
	)?;
	if src.read(&mut [0u8; 1])? != 0 {
		return Err(FormatError::TrailingData.into());
	}
	output.flush()?;
	Ok(OpenReport {
		header: prefix.header,
	})
}

/// Opens an in-memory SMeR. With `expected`, the SMeR's SHA-256 is checked first, before
/// anything is decrypted.
pub fn open_bytes(
	smer: &[u8],
	unlock: &Unlock,
	expected: Option<&AnchorHash>,
) -> Result<(Vec<u8>, OpenReport), CedaError> {
	if let Some(expected) = expected {
		let actual = anchor_hash(smer);
		if &actual != expected {
			return Err(CedaError::HashMismatch {
				expected: *expected,
				actual,
			});
		}
	}
	let mut record = Vec::new();
	let report = open(smer, &mut record, unlock, &mut |_| {})?;
	Ok((record, report))
}
