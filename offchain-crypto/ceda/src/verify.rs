//! Reading a SMeR and hashing it in the same pass: what is decrypted, shared or re-keyed is
//! exactly what was hashed, so a file that changes between two reads cannot slip through. The
//! caller compares the hash with the anchor (or asks the chain) and keeps the output (written
//! to a temporary file) only if it matches.

use std::io::{Read, Write};

use semres_smer::{AnchorHash, AnchorHasher, SmerPrefix};

use crate::{
	open::open_checked, share::rekey_with, CedaError, IoSource, OpenReport, PublicKey, SealOptions,
	SealReport, Unlock,
};

/// A reader that hashes (SHA-256) and counts every byte it yields.
pub struct HashingReader<R> {
	inner: R,
	hasher: AnchorHasher,
	len: u64,
}

impl<R: Read> HashingReader<R> {
	/// Hashes what `inner` yields.
	pub fn new(inner: R) -> Self {
		HashingReader {
			inner,
			hasher: AnchorHasher::new(),
			len: 0,
		}
	}

	/// Reads and hashes what is left, then returns the hash of everything and its length.
	pub fn finish(mut self) -> Result<(AnchorHash, u64), CedaError> {
		std::io::copy(&mut self, &mut std::io::sink())?;
		Ok((self.hasher.finalize(), self.len))
	}
}

impl<R: Read> Read for HashingReader<R> {
	fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
		let n = self.inner.read(buf)?;
		self.hasher.update(&buf[..n]);
		self.len += n as u64;
		Ok(n)
	}
}

/// Opens a SMeR as [`crate::open_checked`] does and returns its anchor hash too, computed over
/// the very bytes decrypted. The output is unverified until the caller has compared that hash:
/// write it to a temporary file and keep it only then.
pub fn open_hashed<R: Read + Send, W: Write>(
	src: R,
	output: W,
	unlock: &Unlock,
	check: &dyn Fn(&SmerPrefix) -> Result<(), CedaError>,
	progress: &mut dyn FnMut(u64),
) -> Result<(OpenReport, AnchorHash), CedaError> {
	let mut src = HashingReader::new(src);
	let report = open_checked(&mut src, output, unlock, check, progress)?;
	let (hash, _) = src.finish()?;
	Ok((report, hash))
}

/// [`open_hashed`], failing with [`CedaError::HashMismatch`] unless the hash is `expected`.
pub fn open_verified<R: Read + Send, W: Write>(
	src: R,
	output: W,
	unlock: &Unlock,
	expected: &AnchorHash,
	progress: &mut dyn FnMut(u64),
) -> Result<OpenReport, CedaError> {
	let (report, actual) = open_hashed(src, output, unlock, &|_| Ok(()), progress)?;
	check(expected, &actual)?;
	Ok(report)
}

/// The prefix (header and envelopes) of a SMeR and its anchor hash, in one read.
pub fn inspect_hashed<R: Read>(src: R) -> Result<(SmerPrefix, AnchorHash), CedaError> {
	let mut src = HashingReader::new(src);
	let prefix = SmerPrefix::read_from(&mut IoSource(&mut src))?;
	let (hash, _) = src.finish()?;
	Ok((prefix, hash))
}

/// Re-keys a SMeR as [`rekey`] does and returns the old SMeR's anchor hash too, computed over
/// the very bytes re-encrypted: compare it before the new version is kept or anchored.
pub fn rekey_hashed<R: Read, W: Write>(
	src: R,
	output: W,
	unlock: &Unlock,
	recipients: &[PublicKey],
	opts_for: &dyn Fn(&semres_smer::Metadata) -> SealOptions,
) -> Result<(SealReport, AnchorHash), CedaError> {
	let mut src = HashingReader::new(src);
	let report = rekey_with(&mut src, output, unlock, recipients, opts_for)?;
	let (hash, _) = src.finish()?;
	Ok((report, hash))
}

/// `Ok` if `actual` is `expected`, else [`CedaError::HashMismatch`].
pub fn check(expected: &AnchorHash, actual: &AnchorHash) -> Result<(), CedaError> {
	if expected == actual {
		Ok(())
	} else {
		Err(CedaError::HashMismatch {
			expected: *expected,
			actual: *actual,
		})
	}
}
