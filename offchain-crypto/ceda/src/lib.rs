//! # CEDA — Combined Encryption and Decryption Architecture
//!
//! Seals medical records into SMeRs and opens them (SEMRES paper, §3.1). A random data key
//! encrypts the record (chunked AES-GCM or SM4-GCM); the data key is wrapped with each
//! recipient's public key (RSA-OAEP, HPKE X25519, SM2, HPKE X-Wing). The SMeR format itself is
//! in [`semres_smer`].
//!
//! - [`keys`]: key generation, PEM/DER import and export, password-encrypted private keys.
//! - [`seal()`] / [`open()`]: streaming, bounded-memory sealing and opening of records of any size.
//! - [`custody`]: the data key split t-of-n among the consortium's custodians and released,
//!   share by share, to one reader for one authorised key request.
//! - [`vpi`]: virtual patient identifiers (paper 004), the keyed pseudonyms the chain indexes
//!   records by, and their secret's encrypted file format.
//! - [`share()`]: a detached envelope for a new recipient, without touching the payload.
//! - [`open_verified()`] and the other `*_hashed` functions: hash a SMeR in the same pass that
//!   reads it, so that what is checked against the anchor is what is decrypted.
//!
//! RSA private-key operations run in aws-lc-rs (constant-time OAEP), not in the `rsa` crate,
//! whose timing side channel (RUSTSEC-2023-0071, "Marvin") has no fixed release.

#![forbid(unsafe_code)]

mod cipher;
pub mod custody;
mod error;
pub mod keys;
mod open;
mod pipeline;
mod schedule;
mod seal;
mod share;
#[cfg(test)]
mod vectors;
mod verify;
pub mod vpi;
mod wrap;

pub use error::CedaError;
pub use keys::{KeyAlgorithm, PrivateKey, PublicKey};
pub use open::{inspect, open, open_bytes, open_checked, OpenReport, Unlock};
pub use schedule::DataKey;
pub use seal::{seal, seal_bytes, SealOptions, SealReport};
pub use semres_smer as smer;
pub use share::{rekey, rekey_with, share};
pub use verify::{check, inspect_hashed, open_hashed, open_verified, rekey_hashed, HashingReader};
pub use vpi::{VpiSecret, VPI_CONTEXT};

/// Reads a SMeR prefix from any stream, mapping a short read to a truncation error.
pub(crate) struct IoSource<R>(pub R);

impl<R: std::io::Read> semres_smer::reader::ByteSource for IoSource<R> {
	type Error = CedaError;
	fn fill(&mut self, buf: &mut [u8]) -> Result<(), CedaError> {
		read_exact(&mut self.0, buf)
	}
}

/// `read_exact`, with end-of-input reported as a truncated SMeR.
pub(crate) fn read_exact<R: std::io::Read>(r: &mut R, buf: &mut [u8]) -> Result<(), CedaError> {
	r.read_exact(buf).map_err(|e| match e.kind() {
		std::io::ErrorKind::UnexpectedEof => CedaError::Format(semres_smer::FormatError::Truncated),
		_ => CedaError::Io(e),
	})
}
