//! The storage interface, and fetching a SMeR verified against its CID and its anchor hash.

use std::{
	io::{Read, Write},
	path::Path,
};

use semres_smer::{AnchorHash, AnchorHasher};

use crate::{Cid, CidBuilder, DeryError};

/// What was stored or fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PutReport {
	/// The content address (CIDv1, as Kubo computes it).
	pub cid: Cid,
	/// Content length in bytes.
	pub size: u64,
	/// SHA-256 of the content: for a SMeR, its anchor hash.
	pub sha256: AnchorHash,
}

/// A content-addressed store of SMeRs.
pub trait Store {
	/// Stores everything `input` yields and returns its CID.
	fn put(&self, input: &mut dyn Read) -> Result<PutReport, DeryError>;

	/// Writes the content addressed by `cid` to `out`, verifying it against `cid` as it goes:
	/// the content must be the canonical DAG of its bytes (Kubo's layout for `ipfs add
	/// --cid-version=1 --raw-leaves`), so one CID reads the same here and in Kubo. Refuses
	/// content longer than `max_len` before writing more than that ([`DeryError::TooLarge`]).
	/// On error `out` may hold unverified bytes: write to a temporary file and discard it on
	/// error (as [`get_to_file`] and [`fetch_verified`] do).
	fn get_bounded(
		&self,
		cid: &Cid,
		out: &mut dyn Write,
		max_len: u64,
	) -> Result<PutReport, DeryError>;

	/// [`Store::get_bounded`] without a size limit.
	fn get(&self, cid: &Cid, out: &mut dyn Write) -> Result<PutReport, DeryError> {
		self.get_bounded(cid, out, u64::MAX)
	}

	/// Whether the store holds the root block of `cid` (not a proof that all blocks are there).
	fn has(&self, cid: &Cid) -> Result<bool, DeryError>;

	/// Reads all of `cid` and checks it against its address; returns its length.
	fn verify(&self, cid: &Cid) -> Result<PutReport, DeryError> {
		self.get(cid, &mut std::io::sink())
	}
}

/// What a fetch writes passes through here: counted against the limit, hashed (SHA-256), and
/// fed to the canonical CID of the bytes, which must come out as the requested CID.
pub(crate) struct VerifyingWriter<'a> {
	inner: &'a mut dyn Write,
	cid: Cid,
	limit: u64,
	hasher: AnchorHasher,
	builder: CidBuilder,
	len: u64,
}

impl<'a> VerifyingWriter<'a> {
	pub fn new(cid: &Cid, inner: &'a mut dyn Write, limit: u64) -> Self {
		VerifyingWriter {
			inner,
			cid: *cid,
			limit,
			hasher: AnchorHasher::new(),
			builder: CidBuilder::new(),
			len: 0,
		}
	}

	/// Writes the next bytes of the content.
	pub fn put(&mut self, bytes: &[u8]) -> Result<(), DeryError> {
		let len = self.len.saturating_add(bytes.len() as u64);
		if len > self.limit {
			return Err(DeryError::TooLarge {
				cid: self.cid.to_string(),
				limit: self.limit,
			});
		}
		self.builder.update(bytes, &mut |_, _| Ok(()))?;
		self.hasher.update(bytes);
		self.inner.write_all(bytes)?;
		self.len = len;
		Ok(())
	}

	/// Checks that the bytes are the canonical content of the CID; returns the report.
	pub fn finish(self) -> Result<PutReport, DeryError> {
		self.inner.flush()?;
		let (got, _, _) = self.builder.finish(&mut |_, _| Ok(()))?;
		if got != self.cid {
			return Err(DeryError::Corrupted {
				cid: self.cid.to_string(),
				block: got.to_string(),
			});
		}
		Ok(PutReport {
			cid: self.cid,
			size: self.len,
			sha256: self.hasher.finalize(),
		})
	}
}

/// Fetches `cid` into `dest`, which appears (atomically) only if the content matches `cid`.
pub fn get_to_file(store: &dyn Store, cid: &Cid, dest: &Path) -> Result<PutReport, DeryError> {
	fetch(store, cid, None, u64::MAX, dest)
}

/// Fetches the SMeR `cid` into `dest` and checks it against the hash anchored on chain:
/// `dest` appears only if the content matches both its CID and `anchor`, and nothing beyond
/// `max_len` bytes is ever written. This is the check the SEMRES paper requires before
/// decryption.
pub fn fetch_verified(
	store: &dyn Store,
	cid: &Cid,
	anchor: &AnchorHash,
	max_len: u64,
	dest: &Path,
) -> Result<PutReport, DeryError> {
	fetch(store, cid, Some(anchor), max_len, dest)
}

fn fetch(
	store: &dyn Store,
	cid: &Cid,
	anchor: Option<&AnchorHash>,
	max_len: u64,
	dest: &Path,
) -> Result<PutReport, DeryError> {
	let dir = dest
		.parent()
		.filter(|p| !p.as_os_str().is_empty())
		.unwrap_or(Path::new("."));
	let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
	let report = store.get_bounded(
		cid,
		&mut std::io::BufWriter::new(tmp.as_file_mut()),
		max_len,
	)?;
	if let Some(expected) = anchor {
		if &report.sha256 != expected {
			return Err(DeryError::AnchorMismatch {
				expected: *expected,
				actual: report.sha256,
			});
		}
	}
	tmp.as_file().sync_all()?;
	tmp.persist(dest).map_err(|e| DeryError::Io(e.error))?;
	Ok(report)
}
