//! The anchor hash: SHA-256 over every byte of a SMeR, as the chain records it.

use core::fmt;
use sha2::{Digest, Sha256};

/// SHA-256 of a whole SMeR.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnchorHash(pub [u8; 32]);

impl fmt::Display for AnchorHash {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
	}
}

impl fmt::Debug for AnchorHash {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "AnchorHash({self})")
	}
}

/// Incremental anchor hash, for SMeRs that do not fit in memory.
#[derive(Clone, Default)]
pub struct AnchorHasher(Sha256);

impl AnchorHasher {
	/// A hasher over no bytes yet.
	pub fn new() -> Self {
		Self::default()
	}

	/// Feeds the next bytes.
	pub fn update(&mut self, bytes: &[u8]) {
		self.0.update(bytes);
	}

	/// The hash of everything fed.
	pub fn finalize(self) -> AnchorHash {
		AnchorHash(self.0.finalize().into())
	}
}

/// The anchor hash of an in-memory SMeR.
pub fn anchor_hash(smer: &[u8]) -> AnchorHash {
	let mut h = AnchorHasher::new();
	h.update(smer);
	h.finalize()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sha256_vector() {
		// FIPS 180-2, "abc".
		assert_eq!(
			anchor_hash(b"abc").to_string(),
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
		);
	}
}
