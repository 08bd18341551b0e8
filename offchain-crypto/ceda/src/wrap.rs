//! Wrapping the data key for a recipient and unwrapping it, per key algorithm:
//! RSA-OAEP (SHA-256, MGF1-SHA-256, no label: `openssl pkeyutl -pkeyopt rsa_padding_mode:oaep
//! -pkeyopt rsa_oaep_md:sha256` interoperates), HPKE base mode (X25519 or X-Wing, HKDF-SHA256,
//! AES-256-GCM, `info` = "SEMRES v1 data key"), SM2 public-key encryption (C1C3C2).

use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, OaepPublicEncryptingKey, OAEP_SHA256_MGF1SHA256};
use hpke::{aead::AesGcm256, kdf::HkdfSha256, Deserializable, Kem, OpModeR, OpModeS, Serializable};
use zeroize::Zeroizing;

use crate::{
	keys::{PrivateInner, PublicInner, X25519Kem, XWingKem},
	CedaError, DataKey, PrivateKey, PublicKey,
};

/// HPKE `info` binding the wrap to its purpose.
const HPKE_INFO: &[u8] = b"SEMRES v1 data key";

/// The data key wrapped for `recipient`.
pub(crate) fn wrap(recipient: &PublicKey, key: &DataKey) -> Result<Vec<u8>, CedaError> {
	match &recipient.inner {
		PublicInner::Rsa(pk) => {
			let oaep = OaepPublicEncryptingKey::new(pk.clone())
				.map_err(|_| CedaError::Crypto("RSA-OAEP key"))?;
			let mut out = vec![0u8; oaep.ciphertext_size()];
			let n = oaep
				.encrypt(&OAEP_SHA256_MGF1SHA256, key.as_bytes(), &mut out, None)
				.map_err(|_| CedaError::Crypto("RSA-OAEP encryption"))?
				.len();
			out.truncate(n);
			Ok(out)
		}
		PublicInner::X25519(pk) => hpke_seal::<X25519Kem>(pk, HPKE_INFO, &[], key.as_bytes()),
		PublicInner::XWing(pk) => hpke_seal::<XWingKem>(pk, HPKE_INFO, &[], key.as_bytes()),
		PublicInner::Sm2(pk) => sm2::pke::EncryptingKey::new(*pk)
			.encrypt(&mut getrandom::SysRng, key.as_bytes())
			.map_err(|_| CedaError::Crypto("SM2 encryption")),
	}
}

/// The data key from an envelope addressed to `key`.
pub(crate) fn unwrap(key: &PrivateKey, wrapped: &[u8]) -> Result<DataKey, CedaError> {
	let bytes = match &key.inner {
		PrivateInner::Rsa(sk) => {
			let oaep = OaepPrivateDecryptingKey::new(sk.clone())
				.map_err(|_| CedaError::Crypto("RSA-OAEP key"))?;
			let mut out = Zeroizing::new(vec![0u8; oaep.min_output_size()]);
			let n = oaep
				.decrypt(&OAEP_SHA256_MGF1SHA256, wrapped, &mut out, None)
				.map_err(|_| CedaError::UnwrapFailed)?
				.len();
			out.truncate(n);
			out
		}
		PrivateInner::X25519(sk) => hpke_open::<X25519Kem>(sk, HPKE_INFO, &[], wrapped)?,
		PrivateInner::XWing(sk) => hpke_open::<XWingKem>(sk, HPKE_INFO, &[], wrapped)?,
		PrivateInner::Sm2(sk) => Zeroizing::new(
			sm2::pke::DecryptingKey::new(sk.clone())
				.decrypt(wrapped)
				.map_err(|_| CedaError::UnwrapFailed)?,
		),
	};
	Ok(DataKey(bytes))
}

/// `pt` sealed to an HPKE public key (X25519 or X-Wing) with `info` and `aad`, as `enc || ct`;
/// other keys cannot be HPKE recipients.
pub(crate) fn seal_to_hpke(
	recipient: &PublicKey,
	info: &[u8],
	aad: &[u8],
	pt: &[u8],
) -> Result<Vec<u8>, CedaError> {
	match &recipient.inner {
		PublicInner::X25519(pk) => hpke_seal::<X25519Kem>(pk, info, aad, pt),
		PublicInner::XWing(pk) => hpke_seal::<XWingKem>(pk, info, aad, pt),
		_ => Err(not_hpke()),
	}
}

/// Opens what [`seal_to_hpke`] sealed to `key` with the same `info` and `aad`.
pub(crate) fn open_from_hpke(
	key: &PrivateKey,
	info: &[u8],
	aad: &[u8],
	wrapped: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CedaError> {
	match &key.inner {
		PrivateInner::X25519(sk) => hpke_open::<X25519Kem>(sk, info, aad, wrapped),
		PrivateInner::XWing(sk) => hpke_open::<XWingKem>(sk, info, aad, wrapped),
		_ => Err(not_hpke()),
	}
}

fn not_hpke() -> CedaError {
	CedaError::SuiteMismatch("custody and key release need an HPKE key (x25519 or x-wing)".into())
}

fn hpke_seal<K: Kem>(
	pk: &K::PublicKey,
	info: &[u8],
	aad: &[u8],
	pt: &[u8],
) -> Result<Vec<u8>, CedaError> {
	let (enc, ct) =
		hpke::single_shot_seal::<AesGcm256, HkdfSha256, K>(&OpModeS::Base, pk, info, pt, aad)
			.map_err(|_| CedaError::Crypto("HPKE seal"))?;
	let mut out = enc.to_bytes().to_vec();
	out.extend_from_slice(&ct);
	Ok(out)
}

fn hpke_open<K: Kem>(
	sk: &K::PrivateKey,
	info: &[u8],
	aad: &[u8],
	wrapped: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CedaError> {
	let enc_len = <K::EncappedKey as Serializable>::size();
	if wrapped.len() <= enc_len {
		return Err(CedaError::UnwrapFailed);
	}
	let (enc, ct) = wrapped.split_at(enc_len);
	let enc = K::EncappedKey::from_bytes(enc).map_err(|_| CedaError::UnwrapFailed)?;
	hpke::single_shot_open::<AesGcm256, HkdfSha256, K>(&OpModeR::Base, sk, &enc, info, ct, aad)
		.map(Zeroizing::new)
		.map_err(|_| CedaError::UnwrapFailed)
}
