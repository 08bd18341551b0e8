//! Sealing: record → SMeR, streaming, in memory bounded by two chunks.

use std::io::{Read, Write};

use semres_smer::{
	AnchorHash, AnchorHasher, ChunkLayout, Envelope, Header, Metadata, SmerPrefix, SuiteId,
	FORMAT_VERSION, TAG_LEN,
};

use crate::{
	cipher::PayloadCipher,
	custody::{self, CustodyPlan},
	pipeline, schedule,
	wrap::{self, WrapContext},
	CedaError, DataKey, PublicKey,
};

/// Default chunk size: 1 MiB of plaintext per chunk.
pub const DEFAULT_CHUNK_LOG2: u8 = 20;

/// What to seal a record as.
#[derive(Clone, Debug)]
pub struct SealOptions {
	/// Record metadata for the header.
	pub metadata: Metadata,
	/// Plaintext bytes per chunk, as a power of two (12 ..= 24).
	pub chunk_size_log2: u8,
	/// Split the data key among the consortium's custodians (the SMeR's custody section).
	pub custody: Option<CustodyPlan>,
}

impl SealOptions {
	/// Options with the default chunk size, without custody.
	pub fn new(metadata: Metadata) -> Self {
		SealOptions {
			metadata,
			chunk_size_log2: DEFAULT_CHUNK_LOG2,
			custody: None,
		}
	}

	/// These options, with the data key split among `plan`'s custodians.
	pub fn with_custody(self, plan: CustodyPlan) -> Self {
		SealOptions {
			custody: Some(plan),
			..self
		}
	}
}

/// The outcome of sealing.
#[derive(Clone, Debug)]
pub struct SealReport {
	/// SHA-256 of the whole SMeR: what the chain anchors.
	pub anchor_hash: AnchorHash,
	/// Bytes written.
	pub smer_len: u64,
	/// The suite used.
	pub suite: SuiteId,
}

/// Writes to `W`, hashing and counting what passes.
pub(crate) struct HashingWriter<W> {
	pub inner: W,
	pub hasher: AnchorHasher,
	pub written: u64,
}

impl<W: Write> HashingWriter<W> {
	pub fn new(inner: W) -> Self {
		HashingWriter {
			inner,
			hasher: AnchorHasher::new(),
			written: 0,
		}
	}

	pub fn put(&mut self, bytes: &[u8]) -> Result<(), CedaError> {
		self.hasher.update(bytes);
		self.inner.write_all(bytes)?;
		self.written += bytes.len() as u64;
		Ok(())
	}
}

/// Encrypts the chunks of one payload in order.
pub(crate) struct ChunkSealer {
	cipher: PayloadCipher,
	header: Header,
	aad: [u8; 32],
	next: u64,
}

impl ChunkSealer {
	/// The payload is `layout().chunk_count()` calls to [`Self::seal_next`].
	pub fn layout(&self) -> ChunkLayout {
		self.header.layout()
	}

	/// Encrypts the next chunk in place and returns its tag.
	pub fn seal_next(&mut self, buf: &mut [u8]) -> [u8; TAG_LEN] {
		let layout = self.layout();
		debug_assert_eq!(buf.len() as u64, layout.plain_len(self.next));
		let nonce = ChunkLayout::nonce(
			&self.header.nonce_prefix,
			self.next,
			layout.is_last(self.next),
		);
		self.next += 1;
		self.cipher.seal(nonce, &self.aad, buf)
	}
}

/// The SHA-256 of a header's bytes: the associated data of every payload chunk.
pub(crate) fn header_digest(header_bytes: &[u8]) -> [u8; 32] {
	let mut h = AnchorHasher::new();
	h.update(header_bytes);
	h.finalize().0
}

/// Checks that all recipients use one suite and returns it.
pub(crate) fn common_suite(recipients: &[PublicKey]) -> Result<SuiteId, CedaError> {
	let suite = recipients
		.first()
		.ok_or(CedaError::NoRecipients)?
		.algorithm()
		.suite();
	if let Some(other) = recipients.iter().find(|r| r.algorithm().suite() != suite) {
		return Err(CedaError::SuiteMismatch(format!(
			"recipients' keys need different suites ({} and {}); a SMeR has one suite",
			suite.name(),
			other.algorithm().suite().name()
		)));
	}
	Ok(suite)
}

/// Builds a header under a fresh data key, writes it and the envelopes for `recipients`, and
/// returns the sealer for the payload.
pub(crate) fn begin<W: Write>(
	out: &mut HashingWriter<W>,
	recipients: &[PublicKey],
	opts: &SealOptions,
	plaintext_len: u64,
) -> Result<ChunkSealer, CedaError> {
	let suite = common_suite(recipients)?;
	let key = DataKey::generate(suite)?;
	let mut nonce_prefix = [0u8; semres_smer::NONCE_PREFIX_LEN];
	getrandom::fill(&mut nonce_prefix).map_err(|_| CedaError::Crypto("system RNG"))?;
	let derived = schedule::derive(&key, suite, &nonce_prefix, &opts.metadata.record_id);
	let header = Header {
		version: FORMAT_VERSION,
		suite,
		metadata: opts.metadata.clone(),
		chunk_size_log2: opts.chunk_size_log2,
		plaintext_len,
		nonce_prefix,
		key_commitment: derived.commitment,
	};
	let header_bytes = header.encode()?;
	let aad = header_digest(&header_bytes);
	let mut envelopes: Vec<Envelope> = Vec::with_capacity(recipients.len());
	for r in recipients {
		let key_id = r.key_id();
		if envelopes.iter().all(|e| e.key_id != key_id) {
			envelopes.push(Envelope {
				key_id,
				wrapped: wrap::wrap(r, &key, &WrapContext::new(&header, &key_id))?,
			});
		}
	}
	let custody = match &opts.custody {
		Some(plan) => Some(custody::section(&key, plan, aad)?),
		None => None,
	};
	let mut prefix = SmerPrefix::new(header.clone(), envelopes, custody)?;
	prefix.set_mac(derived.header_mac(&prefix)?);
	out.put(&prefix.encode()?)?;
	Ok(ChunkSealer {
		cipher: PayloadCipher::new(suite, &derived.payload_key)?,
		aad,
		header,
		next: 0,
	})
}

/// Seals `plaintext_len` bytes from `input` into a SMeR on `output`, for `recipients` (all
/// of one suite). `progress` is called with the plaintext bytes done so far. Records of more
/// than one chunk use two threads (see [`crate::pipeline`]).
pub fn seal<R: Read + Send, W: Write>(
	mut input: R,
	plaintext_len: u64,
	output: W,
	recipients: &[PublicKey],
	opts: &SealOptions,
	progress: &mut dyn FnMut(u64),
) -> Result<SealReport, CedaError> {
	let mut out = HashingWriter::new(output);
	let mut sealer = begin(&mut out, recipients, opts, plaintext_len)?;
	let layout = sealer.layout();
	let reader = &mut input;
	let encrypt = |buf: &mut Vec<u8>, i: u64| {
		buf.resize(layout.plain_len(i) as usize, 0);
		reader.read_exact(buf).map_err(|e| match e.kind() {
			std::io::ErrorKind::UnexpectedEof => input_changed("shorter"),
			_ => CedaError::Io(e),
		})?;
		let tag = sealer.seal_next(buf);
		buf.extend_from_slice(&tag);
		Ok(())
	};
	let mut done = 0;
	let write = |buf: &mut Vec<u8>, _| {
		out.put(buf)?;
		done += (buf.len() - TAG_LEN) as u64;
		progress(done);
		Ok(())
	};
	pipeline::run(
		layout.chunk_count(),
		layout.chunk_size() as usize + TAG_LEN,
		encrypt,
		write,
	)?;
	if input.read(&mut [0u8; 1])? != 0 {
		return Err(input_changed("longer"));
	}
	out.inner.flush()?;
	Ok(SealReport {
		anchor_hash: out.hasher.finalize(),
		smer_len: out.written,
		suite: sealer.header.suite,
	})
}

fn input_changed(how: &str) -> CedaError {
	CedaError::Io(std::io::Error::other(format!(
		"the record is {how} than its declared length"
	)))
}

/// Seals an in-memory record; returns the SMeR and its report.
pub fn seal_bytes(
	record: &[u8],
	recipients: &[PublicKey],
	opts: &SealOptions,
) -> Result<(Vec<u8>, SealReport), CedaError> {
	let mut smer = Vec::with_capacity(record.len() + 4096);
	let report = seal(
		record,
		record.len() as u64,
		&mut smer,
		recipients,
		opts,
		&mut |_| {},
	)?;
	Ok((smer, report))
}
