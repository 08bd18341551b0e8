//! Virtual patient identifiers (paper 004): a pseudonymous lookup key for a patient, derived
//! from the national patient id under a secret the consortium's members share, so that a
//! member finds a patient's records on chain while the chain never holds the national id.
//!
//! `vpi = HMAC-SHA-256(secret, "SEMRES vpi v1" || 0x00 || normalise(national id))`
//!
//! - The secret is 32 random bytes. At rest it is a PKCS#8 file whose algorithm is
//!   `id-hmacWithSHA256` (1.2.840.113549.2.9), password-encrypted like every private key here
//!   (PBES2: scrypt + AES-256-CBC; `openssl pkcs8` reads it).
//! - National ids are low-entropy (a letter and nine digits): an unkeyed hash would be
//!   inverted by trying them all. Under a secret key the identifier is a PRF output: without
//!   the secret nobody can compute or invert it.
//! - The context string versions the derivation; a new secret gives new identifiers (records
//!   must then be tagged again).

use aws_lc_rs::hmac;
use pkcs8::{spki::ObjectIdentifier, PrivateKeyInfoRef};
use zeroize::Zeroizing;

use crate::{
	keys::{malformed, pkcs8_from_pem, pkcs8_to_pem, raw_pkcs8},
	CedaError,
};

/// Domain separation of the derivation (a new version would change every identifier).
pub const VPI_CONTEXT: &[u8] = b"SEMRES vpi v1";

/// `id-hmacWithSHA256` (RFC 8018): what the secret is for.
const OID_HMAC_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.9");

/// Longest national id accepted, after normalisation.
pub const MAX_ID_LEN: usize = 32;

/// The consortium's VPI secret. Zeroized when dropped; never printed.
pub struct VpiSecret(Zeroizing<[u8; 32]>);

impl VpiSecret {
	/// A new random secret (from the operating system's generator).
	pub fn generate() -> Result<Self, CedaError> {
		let mut key = Zeroizing::new([0u8; 32]);
		getrandom::fill(key.as_mut()).map_err(|_| CedaError::Crypto("system RNG"))?;
		Ok(Self(key))
	}

	/// The secret with these bytes.
	pub fn from_bytes(bytes: [u8; 32]) -> Self {
		Self(Zeroizing::new(bytes))
	}

	/// The identifier of the patient with `national_id` (see [`normalise`]).
	pub fn derive(&self, national_id: &str) -> Result<[u8; 32], CedaError> {
		let id = normalise(national_id)?;
		let key = hmac::Key::new(hmac::HMAC_SHA256, self.0.as_ref());
		let mut ctx = hmac::Context::with_key(&key);
		ctx.update(VPI_CONTEXT);
		ctx.update(&[0]);
		ctx.update(id.as_bytes());
		let tag = ctx.sign();
		let mut out = [0u8; 32];
		out.copy_from_slice(tag.as_ref());
		Ok(out)
	}

	/// The secret as PEM, encrypted with `password` if given (`ENCRYPTED PRIVATE KEY`).
	pub fn to_pem(&self, password: Option<&[u8]>) -> Result<Zeroizing<String>, CedaError> {
		pkcs8_to_pem(raw_pkcs8(OID_HMAC_SHA256, self.0.as_ref())?, password)
	}

	/// Parses a secret written by [`VpiSecret::to_pem`]; refuses any other key.
	pub fn from_pem(pem: &str, password: Option<&[u8]>) -> Result<Self, CedaError> {
		let der = pkcs8_from_pem(pem, password)?;
		let info = PrivateKeyInfoRef::try_from(der.as_slice()).map_err(malformed)?;
		if info.algorithm.oid != OID_HMAC_SHA256 {
			return Err(CedaError::MalformedKey(format!(
				"not a VPI secret (algorithm {}, expected id-hmacWithSHA256)",
				info.algorithm.oid
			)));
		}
		let bytes: [u8; 32] = info
			.private_key
			.as_bytes()
			.try_into()
			.map_err(|_| CedaError::MalformedKey("a VPI secret is 32 bytes".into()))?;
		Ok(Self::from_bytes(bytes))
	}
}

impl core::fmt::Debug for VpiSecret {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str("VpiSecret(..)")
	}
}

/// The canonical form of a national patient id, so that the same id always gives the same
/// identifier: surrounding white space, inner spaces and hyphens dropped, ASCII letters in
/// upper case; then it must be 4 to [`MAX_ID_LEN`] ASCII letters and digits.
pub fn normalise(national_id: &str) -> Result<String, CedaError> {
	let id: String = national_id
		.trim()
		.chars()
		.filter(|c| *c != ' ' && *c != '-')
		.map(|c| c.to_ascii_uppercase())
		.collect();
	if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
		return Err(CedaError::InvalidPatientId(
			"only letters A-Z, digits, spaces and hyphens are allowed",
		));
	}
	if id.len() < 4 || id.len() > MAX_ID_LEN {
		return Err(CedaError::InvalidPatientId(
			"a national id has 4 to 32 letters and digits",
		));
	}
	Ok(id)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn secret() -> VpiSecret {
		VpiSecret::from_bytes(core::array::from_fn(|i| i as u8))
	}

	/// Computed with OpenSSL, a real peer:
	/// `printf 'SEMRES vpi v1\0A123456789' | openssl dgst -sha256 -mac HMAC \
	///   -macopt hexkey:000102...1f`
	#[test]
	fn the_derivation_matches_openssl_hmac_sha256() {
		let expected = "7fa0aeb1cc7df123d542d857633b660ad335b6ad0c3f25a45d7298a288dc5457";
		assert_eq!(
			crate::keys::hex(&secret().derive("A123456789").unwrap()),
			expected
		);
	}

	#[test]
	fn one_id_in_any_spelling_gives_one_identifier_and_other_ids_or_secrets_another() {
		let s = secret();
		let v = s.derive("A123456789").unwrap();
		for spelling in [" a123456789 ", "A-1234-56789", "a 123 456 789"] {
			assert_eq!(s.derive(spelling).unwrap(), v, "{spelling}");
		}
		assert_ne!(s.derive("A123456788").unwrap(), v);
		assert_ne!(
			VpiSecret::generate().unwrap().derive("A123456789").unwrap(),
			v
		);
	}

	#[test]
	fn ids_that_are_not_ids_are_refused_by_name() {
		for bad in ["", "A12", "A123456789é", "A1234/56789", &"9".repeat(33)] {
			assert!(
				matches!(secret().derive(bad), Err(CedaError::InvalidPatientId(_))),
				"{bad:?}"
			);
		}
	}

	#[test]
	fn the_secret_round_trips_encrypted_and_refuses_other_keys_and_passwords() {
		let pem = secret().to_pem(Some(b"pw")).unwrap();
		assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
		let back = VpiSecret::from_pem(&pem, Some(b"pw")).unwrap();
		assert_eq!(
			back.derive("A123456789").unwrap(),
			secret().derive("A123456789").unwrap()
		);
		assert!(matches!(
			VpiSecret::from_pem(&pem, Some(b"wrong")),
			Err(CedaError::WrongPassword)
		));
		assert!(matches!(
			VpiSecret::from_pem(&pem, None),
			Err(CedaError::PasswordRequired)
		));
		let x = crate::PrivateKey::generate(crate::KeyAlgorithm::X25519).unwrap();
		assert!(matches!(
			VpiSecret::from_pem(&x.to_pem(None).unwrap(), None),
			Err(CedaError::MalformedKey(_))
		));
		assert_eq!(format!("{:?}", secret()), "VpiSecret(..)");
		assert!(matches!(
			secret().to_pem(Some(b"")),
			Err(CedaError::EmptyPassword)
		));
		let key = crate::PrivateKey::generate(crate::KeyAlgorithm::X25519).unwrap();
		assert!(matches!(
			key.to_pem(Some(b"")),
			Err(CedaError::EmptyPassword)
		));
	}
}
