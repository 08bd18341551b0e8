//! The key schedule: from the random data key to the payload key and the key commitment.
//!
//! PRK = HKDF-Extract(salt = nonce_prefix || record_id, IKM = data key), with SHA-256 (SM3 for
//! the SM suite); payload key = HKDF-Expand(PRK, "SEMRES v1 payload key", key length);
//! commitment = HKDF-Expand(PRK, "SEMRES v1 key commitment", 32); and for version 2 SMeRs the
//! header MAC key = HKDF-Expand(PRK, "SEMRES v2 header mac", 32), the MAC HMAC with the same hash
//! over the prefix before it (as age's header MAC: envelopes and custody shares cannot be
//! stripped, added or altered by anyone without the data key).

use hkdf::Hkdf;
use hmac::{KeyInit, Mac, SimpleHmac};
use semres_smer::{Header, SmerPrefix, SuiteId, HEADER_MAC_LEN};
use zeroize::Zeroizing;

use crate::CedaError;

const PAYLOAD_INFO: &[u8] = b"SEMRES v1 payload key";
const COMMIT_INFO: &[u8] = b"SEMRES v1 key commitment";
const MAC_INFO: &[u8] = b"SEMRES v2 header mac";

/// A data key: the random symmetric key a record is sealed under. Zeroized on drop.
#[derive(Clone)]
pub struct DataKey(pub(crate) Zeroizing<Vec<u8>>);

impl DataKey {
	/// A fresh random data key of the suite's length.
	pub fn generate(suite: SuiteId) -> Result<Self, CedaError> {
		let mut k = Zeroizing::new(vec![0u8; suite.key_len()]);
		getrandom::fill(&mut k).map_err(|_| CedaError::Crypto("system RNG"))?;
		Ok(DataKey(k))
	}

	/// A data key from raw bytes (e.g. one recovered with another tool).
	pub fn from_bytes(bytes: &[u8]) -> Self {
		DataKey(Zeroizing::new(bytes.to_vec()))
	}

	/// The key bytes.
	pub fn as_bytes(&self) -> &[u8] {
		&self.0
	}
}

impl core::fmt::Debug for DataKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("DataKey(..)")
	}
}

/// Keys derived from a data key for one SMeR.
pub(crate) struct Derived {
	pub payload_key: Zeroizing<Vec<u8>>,
	pub commitment: [u8; 32],
	pub mac_key: Zeroizing<[u8; 32]>,
	uses_sm3: bool,
}

impl Derived {
	/// The header MAC of `prefix` (version 2): HMAC over its authenticated bytes.
	pub fn header_mac(&self, prefix: &SmerPrefix) -> Result<[u8; HEADER_MAC_LEN], CedaError> {
		let bytes = prefix.authenticated_bytes()?;
		Ok(if self.uses_sm3 {
			mac::<sm3::Sm3>(&self.mac_key, &bytes)
		} else {
			mac::<sha2::Sha256>(&self.mac_key, &bytes)
		})
	}

	/// Checks a version 2 prefix's header MAC (constant time); version 1 has none.
	pub fn check_header_mac(&self, prefix: &SmerPrefix) -> Result<(), CedaError> {
		if prefix.header.version < 2 {
			return Ok(());
		}
		let stored = prefix.header_mac.ok_or(CedaError::HeaderMacMismatch)?;
		if !constant_time_eq(&self.header_mac(prefix)?, &stored) {
			return Err(CedaError::HeaderMacMismatch);
		}
		Ok(())
	}
}

fn mac<D>(key: &[u8; 32], bytes: &[u8]) -> [u8; HEADER_MAC_LEN]
where
	SimpleHmac<D>: KeyInit + Mac,
	D: sha2::Digest + hmac::digest::block_api::BlockSizeUser,
{
	let mut m = <SimpleHmac<D> as KeyInit>::new_from_slice(key).expect("HMAC takes any key; qed");
	m.update(bytes);
	let mut out = [0u8; HEADER_MAC_LEN];
	out.copy_from_slice(&m.finalize().into_bytes());
	out
}

/// Derives the payload key and key commitment for `header`'s suite, nonce prefix and record.
pub(crate) fn derive(
	key: &DataKey,
	suite: SuiteId,
	nonce_prefix: &[u8],
	record_id: &[u8; 32],
) -> Derived {
	let mut salt = Vec::with_capacity(nonce_prefix.len() + 32);
	salt.extend_from_slice(nonce_prefix);
	salt.extend_from_slice(record_id);
	let mut payload_key = Zeroizing::new(vec![0u8; suite.key_len()]);
	let mut commitment = [0u8; 32];
	let mut mac_key = Zeroizing::new([0u8; 32]);
	// Expanding at most 255 hash lengths cannot fail.
	let outputs: [(&[u8], &mut [u8]); 3] = [
		(PAYLOAD_INFO, &mut payload_key[..]),
		(COMMIT_INFO, &mut commitment[..]),
		(MAC_INFO, &mut mac_key[..]),
	];
	if suite.uses_sm3() {
		let h = Hkdf::<sm3::Sm3>::new(Some(&salt), key.as_bytes());
		for (info, out) in outputs {
			h.expand(info, out).expect("short output; qed");
		}
	} else {
		let h = Hkdf::<sha2::Sha256>::new(Some(&salt), key.as_bytes());
		for (info, out) in outputs {
			h.expand(info, out).expect("short output; qed");
		}
	}
	Derived {
		payload_key,
		commitment,
		mac_key,
		uses_sm3: suite.uses_sm3(),
	}
}

/// Derives the payload key for `header`, checking the data key against its commitment first.
pub(crate) fn derive_checked(key: &DataKey, header: &Header) -> Result<Derived, CedaError> {
	if key.as_bytes().len() != header.suite.key_len() {
		return Err(CedaError::KeyCommitmentMismatch);
	}
	let d = derive(
		key,
		header.suite,
		&header.nonce_prefix,
		&header.metadata.record_id,
	);
	if !constant_time_eq(&d.commitment, &header.key_commitment) {
		return Err(CedaError::KeyCommitmentMismatch);
	}
	Ok(d)
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
	a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
