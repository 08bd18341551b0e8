//! The storage interface, and fetching a SMeR verified against its CID and its anchor hash.

use std::{
	io::{Read, Write},
	path::Path,
};

use semres_smer::{AnchorHash, AnchorHasher};

use crate::{Cid, DeryError};

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

	/// Writes the content addressed by `cid` to `out`, verifying it against `cid` as it goes.
	/// On error `out` may hold unverified bytes: write to a temporary file and discard it on
	/// error (as [`get_to_file`] and [`fetch_verified`] do).
	fn get(&self, cid: &Cid, out: &mut dyn Write) -> Result<PutReport, DeryError>;

	/// Whether the store holds the root block of `cid` (not a proof that all blocks are there).
	fn has(&self, cid: &Cid) -> Result<bool, DeryError>;

	/// Reads all of `cid` and checks it against its address; returns its length.
	fn verify(&self, cid: &Cid) -> Result<PutReport, DeryError> {
		self.get(cid, &mut std::io::sink())
	}
}

/// Writes to `W`, hashing (SHA-256) and counting what passes.
pub(crate) struct Sha256Writer<W> {
	pub inner: W,
	pub hasher: AnchorHasher,
	pub len: u64,
}

impl<W: Write> Write for Sha256Writer<W> {
	fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
		let n = self.inner.write(buf)?;
		self.hasher.update(&buf[..n]);
		self.len += n as u64;
		Ok(n)
	}
	fn flush(&mut self) -> std::io::Result<()> {
		self.inner.flush()
	}
}

/// Fetches `cid` into `dest`, which appears (atomically) only if the content matches `cid`.
pub fn get_to_file(store: &dyn Store, cid: &Cid, dest: &Path) -> Result<PutReport, DeryError> {
	fetch(store, cid, None, dest)
}

/// Fetches the SMeR `cid` into `dest` and checks it against the hash anchored on chain:
/// `dest` appears only if the content matches both its CID and `anchor`. This is the check the
/// SEMRES paper requires before decryption.
pub fn fetch_verified(
	store: &dyn Store,
	cid: &Cid,
	anchor: &AnchorHash,
	dest: &Path,
) -> Result<PutReport, DeryError> {
	fetch(store, cid, Some(anchor), dest)
}

fn fetch(
	store: &dyn Store,
	cid: &Cid,
	anchor: Option<&AnchorHash>,
	dest: &Path,
) -> Result<PutReport, DeryError> {
	let dir = dest
		.parent()
		.filter(|p| !p.as_os_str().is_empty())
		.unwrap_or(Path::new("."));
	let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
	let report = store.get(cid, &mut std::io::BufWriter::new(tmp.as_file_mut()))?;
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
