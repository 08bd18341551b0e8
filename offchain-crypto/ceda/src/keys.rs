//! Recipient keys: generation, import and export (PKCS#8 private, SPKI public, PEM and DER),
//! private keys encrypted at rest (PKCS#8 PBES2: scrypt + AES-256-CBC, as `openssl pkcs8`
//! reads them), and key ids (SHA-256 of the SPKI DER).

use der::{asn1::OctetStringRef, pem::LineEnding, Decode, Encode};
use hpke::{Deserializable, Kem, Serializable};
use pkcs8::{
	spki::{AlgorithmIdentifierOwned, ObjectIdentifier},
	DecodePrivateKey, EncodePrivateKey, EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef,
};
use semres_smer::{KeyId, SuiteId};
use sha2::{Digest, Sha256};
use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::CedaError;

pub(crate) type X25519Kem = hpke::kem::X25519HkdfSha256;
pub(crate) type XWingKem = hpke::kem::XWing;

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// X-Wing KEM (draft-connolly-cfrg-xwing-kem).
const OID_XWING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.62253.25722");

/// The algorithm of a key pair, which fixes the CEDA suite it is used with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlgorithm {
	/// RSA with a 2048-bit modulus (legacy suite).
	Rsa2048,
	/// RSA with a 3072-bit modulus (default suite).
	Rsa3072,
	/// RSA with a 4096-bit modulus (default suite).
	Rsa4096,
	/// X25519 for HPKE.
	X25519,
	/// SM2 (GB/T 32918).
	Sm2,
	/// X-Wing: ML-KEM-768 + X25519.
	XWing,
}

impl KeyAlgorithm {
	/// The suite SMeRs for this key use.
	pub fn suite(self) -> SuiteId {
		match self {
			Self::Rsa2048 => SuiteId::RsaOaep2048Aes128Gcm,
			Self::Rsa3072 | Self::Rsa4096 => SuiteId::RsaOaep3072Aes256Gcm,
			Self::X25519 => SuiteId::HpkeX25519Aes256Gcm,
			Self::Sm2 => SuiteId::Sm2Sm4GcmSm3,
			Self::XWing => SuiteId::HpkeXWingAes256Gcm,
		}
	}

	/// The algorithm to generate for a suite.
	pub fn for_suite(suite: SuiteId) -> Self {
		match suite {
			SuiteId::RsaOaep3072Aes256Gcm => Self::Rsa3072,
			SuiteId::RsaOaep2048Aes128Gcm => Self::Rsa2048,
			SuiteId::HpkeX25519Aes256Gcm => Self::X25519,
			SuiteId::Sm2Sm4GcmSm3 => Self::Sm2,
			SuiteId::HpkeXWingAes256Gcm => Self::XWing,
		}
	}

	fn rsa_bits(bits: usize) -> Result<Self, CedaError> {
		match bits {
			2048 => Ok(Self::Rsa2048),
			3072 => Ok(Self::Rsa3072),
			4096 => Ok(Self::Rsa4096),
			b => Err(CedaError::MalformedKey(format!(
				"RSA-{b} is not supported (2048, 3072, 4096)"
			))),
		}
	}
}

/// A recipient's public key.
#[derive(Clone)]
pub struct PublicKey {
	pub(crate) alg: KeyAlgorithm,
	pub(crate) inner: PublicInner,
	spki_der: Vec<u8>,
}

#[derive(Clone)]
pub(crate) enum PublicInner {
	Rsa(aws_lc_rs::rsa::PublicEncryptingKey),
	X25519(<X25519Kem as Kem>::PublicKey),
	Sm2(sm2::PublicKey),
	XWing(<XWingKem as Kem>::PublicKey),
}

impl PublicKey {
	/// The key's algorithm.
	pub fn algorithm(&self) -> KeyAlgorithm {
		self.alg
	}

	/// The DER SubjectPublicKeyInfo.
	pub fn to_spki_der(&self) -> &[u8] {
		&self.spki_der
	}

	/// PEM (`-----BEGIN PUBLIC KEY-----`).
	pub fn to_pem(&self) -> String {
		der::pem::encode_string("PUBLIC KEY", LineEnding::LF, &self.spki_der)
			.expect("PEM encoding of DER cannot fail; qed")
	}

	/// Wraps a data key for this recipient as a version 1 SMeR envelope holds it (for
	/// benchmarks: a version 2 wrap costs the same; sealing binds wraps to their SMeR).
	pub fn wrap_key(&self, key: &crate::DataKey) -> Result<Vec<u8>, CedaError> {
		crate::wrap::wrap(self, key, &crate::wrap::WrapContext::v1())
	}

	/// The key id SMeR envelopes name: SHA-256 of the SPKI DER.
	pub fn key_id(&self) -> KeyId {
		Sha256::digest(&self.spki_der).into()
	}

	/// Parses a DER SubjectPublicKeyInfo.
	pub fn from_spki_der(der: &[u8]) -> Result<Self, CedaError> {
		let spki = SubjectPublicKeyInfoRef::try_from(der).map_err(malformed)?;
		let oid = spki.algorithm.oid;
		let (alg, inner) = if oid == OID_RSA {
			let k = aws_lc_rs::rsa::PublicEncryptingKey::from_der(der).map_err(malformed)?;
			(
				KeyAlgorithm::rsa_bits(k.key_size_bits())?,
				PublicInner::Rsa(k),
			)
		} else if oid == OID_X25519 {
			let raw = spki
				.subject_public_key
				.as_bytes()
				.ok_or_else(|| malformed("bit string"))?;
			let k = <X25519Kem as Kem>::PublicKey::from_bytes(raw).map_err(malformed)?;
			(KeyAlgorithm::X25519, PublicInner::X25519(k))
		} else if oid == OID_EC_PUBLIC_KEY {
			let k = sm2::PublicKey::from_public_key_der(der).map_err(malformed)?;
			(KeyAlgorithm::Sm2, PublicInner::Sm2(k))
		} else if oid == OID_XWING {
			let raw = spki
				.subject_public_key
				.as_bytes()
				.ok_or_else(|| malformed("bit string"))?;
			let k = <XWingKem as Kem>::PublicKey::from_bytes(raw).map_err(malformed)?;
			(KeyAlgorithm::XWing, PublicInner::XWing(k))
		} else {
			return Err(CedaError::MalformedKey(format!(
				"unsupported public key algorithm {oid}"
			)));
		};
		Ok(PublicKey {
			alg,
			inner,
			spki_der: der.to_vec(),
		})
	}

	/// Parses a PEM public key.
	pub fn from_pem(pem: &str) -> Result<Self, CedaError> {
		let (label, der) = der::pem::decode_vec(pem.as_bytes()).map_err(malformed)?;
		if label != "PUBLIC KEY" {
			return Err(CedaError::MalformedKey(format!(
				"expected a PUBLIC KEY, found {label}"
			)));
		}
		Self::from_spki_der(&der)
	}

	fn from_inner(alg: KeyAlgorithm, inner: PublicInner) -> Result<Self, CedaError> {
		let spki_der = match &inner {
			PublicInner::Rsa(k) => {
				use aws_lc_rs::encoding::AsDer;
				AsDer::<aws_lc_rs::encoding::PublicKeyX509Der>::as_der(k)
					.map_err(|_| CedaError::Crypto("RSA public key encoding"))?
					.as_ref()
					.to_vec()
			}
			PublicInner::X25519(k) => raw_spki(OID_X25519, &k.to_bytes())?,
			PublicInner::Sm2(k) => k.to_public_key_der().map_err(malformed)?.into_vec(),
			PublicInner::XWing(k) => raw_spki(OID_XWING, &k.to_bytes())?,
		};
		Ok(PublicKey {
			alg,
			inner,
			spki_der,
		})
	}
}

impl core::fmt::Debug for PublicKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(f, "PublicKey({:?}, {})", self.alg, hex(&self.key_id()))
	}
}

/// A recipient's private key. Key material is zeroized on drop (aws-lc-rs cleanses RSA keys
/// when freed; the others hold zeroizing types).
pub struct PrivateKey {
	pub(crate) inner: PrivateInner,
	public: PublicKey,
}

pub(crate) enum PrivateInner {
	Rsa(aws_lc_rs::rsa::PrivateDecryptingKey),
	X25519(<X25519Kem as Kem>::PrivateKey),
	Sm2(sm2::SecretKey),
	XWing(<XWingKem as Kem>::PrivateKey),
}

impl PrivateKey {
	/// Generates a key pair.
	pub fn generate(alg: KeyAlgorithm) -> Result<Self, CedaError> {
		use aws_lc_rs::rsa::{KeySize, PrivateDecryptingKey};
		let rsa = |size| {
			PrivateDecryptingKey::generate(size)
				.map_err(|_| CedaError::Crypto("RSA key generation"))
		};
		let inner = match alg {
			KeyAlgorithm::Rsa2048 => PrivateInner::Rsa(rsa(KeySize::Rsa2048)?),
			KeyAlgorithm::Rsa3072 => PrivateInner::Rsa(rsa(KeySize::Rsa3072)?),
			KeyAlgorithm::Rsa4096 => PrivateInner::Rsa(rsa(KeySize::Rsa4096)?),
			KeyAlgorithm::X25519 => PrivateInner::X25519(X25519Kem::gen_keypair().0),
			KeyAlgorithm::Sm2 => {
				let mut seed = Zeroizing::new([0u8; 32]);
				loop {
					getrandom::fill(seed.as_mut()).map_err(|_| CedaError::Crypto("system RNG"))?;
					// A random 256-bit string is a valid scalar with overwhelming probability.
					if let Ok(k) = sm2::SecretKey::from_slice(seed.as_ref()) {
						break PrivateInner::Sm2(k);
					}
				}
			}
			KeyAlgorithm::XWing => PrivateInner::XWing(XWingKem::gen_keypair().0),
		};
		Self::from_inner(alg, inner)
	}

	/// The private key of `alg` (X25519, SM2 or X-Wing) whose secret is `secret`: the X25519
	/// scalar, the SM2 scalar, the X-Wing seed (test vectors).
	#[cfg(test)]
	pub(crate) fn from_secret(alg: KeyAlgorithm, secret: &[u8; 32]) -> Self {
		let inner = match alg {
			KeyAlgorithm::X25519 => {
				PrivateInner::X25519(<X25519Kem as Kem>::PrivateKey::from_bytes(secret).unwrap())
			}
			KeyAlgorithm::Sm2 => PrivateInner::Sm2(sm2::SecretKey::from_slice(secret).unwrap()),
			KeyAlgorithm::XWing => {
				PrivateInner::XWing(<XWingKem as Kem>::PrivateKey::from_bytes(secret).unwrap())
			}
			_ => unimplemented!("RSA keys are not made from 32 bytes"),
		};
		Self::from_inner(alg, inner).expect("valid key; qed")
	}

	fn from_inner(alg: KeyAlgorithm, inner: PrivateInner) -> Result<Self, CedaError> {
		let public = match &inner {
			PrivateInner::Rsa(k) => PublicInner::Rsa(k.public_key()),
			PrivateInner::X25519(k) => PublicInner::X25519(X25519Kem::sk_to_pk(k)),
			PrivateInner::Sm2(k) => PublicInner::Sm2(k.public_key()),
			PrivateInner::XWing(k) => PublicInner::XWing(XWingKem::sk_to_pk(k)),
		};
		Ok(PrivateKey {
			inner,
			public: PublicKey::from_inner(alg, public)?,
		})
	}

	/// The key's algorithm.
	pub fn algorithm(&self) -> KeyAlgorithm {
		self.public.alg
	}

	/// The matching public key.
	pub fn public_key(&self) -> &PublicKey {
		&self.public
	}

	/// Unwraps a data key wrapped for this key by [`PublicKey::wrap_key`].
	pub fn unwrap_key(&self, wrapped: &[u8]) -> Result<crate::DataKey, CedaError> {
		crate::wrap::unwrap(self, wrapped, &crate::wrap::WrapContext::v1())
	}

	/// The unencrypted PKCS#8 DER.
	pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, CedaError> {
		let der = match &self.inner {
			PrivateInner::Rsa(k) => {
				use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
				let d: Pkcs8V1Der = k
					.as_der()
					.map_err(|_| CedaError::Crypto("RSA key encoding"))?;
				Zeroizing::new(d.as_ref().to_vec())
			}
			PrivateInner::X25519(k) => {
				// RFC 8410: the private key is itself a DER OCTET STRING.
				let raw = Zeroizing::new(k.to_bytes().to_vec());
				let inner = Zeroizing::new(
					OctetStringRef::new(&raw)
						.map_err(malformed)?
						.to_der()
						.map_err(malformed)?,
				);
				raw_pkcs8(OID_X25519, &inner)?
			}
			PrivateInner::Sm2(k) => {
				Zeroizing::new(k.to_pkcs8_der().map_err(malformed)?.as_bytes().to_vec())
			}
			PrivateInner::XWing(k) => raw_pkcs8(OID_XWING, &Zeroizing::new(k.to_bytes().to_vec()))?,
		};
		Ok(der)
	}

	/// Parses an unencrypted PKCS#8 DER private key.
	pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CedaError> {
		let info = PrivateKeyInfoRef::try_from(der).map_err(malformed)?;
		let oid = info.algorithm.oid;
		let key = info.private_key.as_bytes();
		let (alg, inner) = if oid == OID_RSA {
			let k = aws_lc_rs::rsa::PrivateDecryptingKey::from_pkcs8(der).map_err(malformed)?;
			(
				KeyAlgorithm::rsa_bits(k.key_size_bits())?,
				PrivateInner::Rsa(k),
			)
		} else if oid == OID_X25519 {
			let raw = <&OctetStringRef>::from_der(key).map_err(malformed)?;
			let k =
				<X25519Kem as Kem>::PrivateKey::from_bytes(raw.as_bytes()).map_err(malformed)?;
			(KeyAlgorithm::X25519, PrivateInner::X25519(k))
		} else if oid == OID_EC_PUBLIC_KEY {
			(
				KeyAlgorithm::Sm2,
				PrivateInner::Sm2(sm2::SecretKey::from_pkcs8_der(der).map_err(malformed)?),
			)
		} else if oid == OID_XWING {
			let k = <XWingKem as Kem>::PrivateKey::from_bytes(key).map_err(malformed)?;
			(KeyAlgorithm::XWing, PrivateInner::XWing(k))
		} else {
			return Err(CedaError::MalformedKey(format!(
				"unsupported private key algorithm {oid}"
			)));
		};
		Self::from_inner(alg, inner)
	}

	/// PEM: `PRIVATE KEY` without a password, `ENCRYPTED PRIVATE KEY` (scrypt + AES-256-CBC)
	/// with one.
	pub fn to_pem(&self, password: Option<&[u8]>) -> Result<Zeroizing<String>, CedaError> {
		pkcs8_to_pem(self.to_pkcs8_der()?, password)
	}

	/// Parses a PEM private key, decrypting it with `password` if it is encrypted.
	pub fn from_pem(pem: &str, password: Option<&[u8]>) -> Result<Self, CedaError> {
		Self::from_pkcs8_der(&pkcs8_from_pem(pem, password)?)
	}
}

/// PKCS#8 DER as PEM: `PRIVATE KEY` without a password, `ENCRYPTED PRIVATE KEY` (PBES2:
/// scrypt + AES-256-CBC) with one.
pub(crate) fn pkcs8_to_pem(
	der: Zeroizing<Vec<u8>>,
	password: Option<&[u8]>,
) -> Result<Zeroizing<String>, CedaError> {
	let (label, der) = match password {
		None => ("PRIVATE KEY", der),
		Some([]) => return Err(CedaError::EmptyPassword),
		Some(pw) => {
			let info = PrivateKeyInfoRef::try_from(der.as_slice()).map_err(malformed)?;
			let enc = info
				.encrypt(pw)
				.map_err(|_| CedaError::Crypto("key encryption"))?;
			(
				"ENCRYPTED PRIVATE KEY",
				Zeroizing::new(enc.as_bytes().to_vec()),
			)
		}
	};
	Ok(Zeroizing::new(
		der::pem::encode_string(label, LineEnding::LF, &der).map_err(malformed)?,
	))
}

/// The PKCS#8 DER in a `PRIVATE KEY` or (decrypted with `password`) `ENCRYPTED PRIVATE KEY`
/// PEM.
pub(crate) fn pkcs8_from_pem(
	pem: &str,
	password: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, CedaError> {
	let (label, der) = der::pem::decode_vec(pem.as_bytes()).map_err(malformed)?;
	let der = Zeroizing::new(der);
	match label {
		"PRIVATE KEY" => Ok(der),
		"ENCRYPTED PRIVATE KEY" => {
			let pw = password.ok_or(CedaError::PasswordRequired)?;
			let enc = EncryptedPrivateKeyInfoRef::try_from(der.as_slice()).map_err(malformed)?;
			let plain = enc.decrypt(pw).map_err(|_| CedaError::WrongPassword)?;
			Ok(Zeroizing::new(plain.as_bytes().to_vec()))
		}
		other => Err(CedaError::MalformedKey(format!(
			"expected a PRIVATE KEY, found {other}"
		))),
	}
}

impl core::fmt::Debug for PrivateKey {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(
			f,
			"PrivateKey({:?}, {})",
			self.public.alg,
			hex(&self.public.key_id())
		)
	}
}

/// An SPKI whose key is raw bytes and whose algorithm has no parameters.
fn raw_spki(oid: ObjectIdentifier, key: &[u8]) -> Result<Vec<u8>, CedaError> {
	SubjectPublicKeyInfoOwned {
		algorithm: AlgorithmIdentifierOwned {
			oid,
			parameters: None,
		},
		subject_public_key: der::asn1::BitString::from_bytes(key).map_err(malformed)?,
	}
	.to_der()
	.map_err(malformed)
}

/// A PKCS#8 structure whose private key is `key` and whose algorithm has no parameters.
pub(crate) fn raw_pkcs8(
	oid: ObjectIdentifier,
	key: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CedaError> {
	let algorithm = pkcs8::spki::AlgorithmIdentifierRef {
		oid,
		parameters: None,
	};
	let info = PrivateKeyInfoRef::new(algorithm, OctetStringRef::new(key).map_err(malformed)?);
	Ok(Zeroizing::new(info.to_der().map_err(malformed)?))
}

pub(crate) fn malformed(e: impl core::fmt::Display) -> CedaError {
	CedaError::MalformedKey(e.to_string())
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}
