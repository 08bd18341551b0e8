//! Wrapping the data key for a recipient and unwrapping it, per key algorithm:
//! RSA-OAEP (SHA-256, MGF1-SHA-256: `openssl pkeyutl -pkeyopt rsa_padding_mode:oaep -pkeyopt
//! rsa_oaep_md:sha256` interoperates), HPKE base mode (X25519 or X-Wing, HKDF-SHA256,
//! AES-256-GCM), SM2 public-key encryption (C1C3C2).
//!
//! Version 1 SMeRs: no OAEP label, HPKE `info` = "SEMRES v1 data key". Version 2 binds each
//! wrap to its SMeR and recipient: the OAEP label and the HPKE `info` are
//! `"SEMRES v2 data key" || suite || record_id || key_id` (SM2 encryption takes no label: its
//! envelopes are bound by the header MAC alone). The HPKE `aad` is empty in both versions, so
//! single-shot HPKE APIs without `aad` (Python's `cryptography`) open them.

use aws_lc_rs::rsa::{OaepPrivateDecryptingKey, OaepPublicEncryptingKey, OAEP_SHA256_MGF1SHA256};
use hpke::{aead::AesGcm256, kdf::HkdfSha256, Deserializable, Kem, OpModeR, OpModeS, Serializable};
use semres_smer::{Header, KeyId};
use zeroize::Zeroizing;

use crate::{
	keys::{PrivateInner, PublicInner, X25519Kem, XWingKem},
	CedaError, DataKey, PrivateKey, PublicKey,
};

/// HPKE `info` of version 1 wraps.
const V1_INFO: &[u8] = b"SEMRES v1 data key";
/// The prefix of version 2 wraps' OAEP label and HPKE `info`.
const V2_CONTEXT: &[u8] = b"SEMRES v2 data key";

/// What a wrap is bound to: its SMeR's format version, suite and record, and the recipient.
pub(crate) struct WrapContext {
	/// OAEP label (version 2) and HPKE `info`.
	label: Option<Vec<u8>>,
	info: Vec<u8>,
}

impl WrapContext {
	/// The context of every version 1 wrap.
	pub fn v1() -> Self {
		WrapContext {
			label: None,
			info: V1_INFO.to_vec(),
		}
	}

	/// The context of a wrap for `recipient` in the SMeR with `header`.
	pub fn new(header: &Header, recipient: &KeyId) -> Self {
		if header.version < 2 {
			return Self::v1();
		}
		let mut ctx = Vec::with_capacity(V2_CONTEXT.len() + 65);
		ctx.extend_from_slice(V2_CONTEXT);
		ctx.push(header.suite.id());
		ctx.extend_from_slice(&header.metadata.record_id);
		ctx.extend_from_slice(recipient);
		WrapContext {
			label: Some(ctx.clone()),
			info: ctx,
		}
	}
}

/// The data key wrapped for `recipient` in context `ctx`.
pub(crate) fn wrap(
	recipient: &PublicKey,
	key: &DataKey,
	ctx: &WrapContext,
) -> Result<Vec<u8>, CedaError> {
	let (info, aad) = (&ctx.info[..], &[][..]);
	match &recipient.inner {
		PublicInner::Rsa(pk) => {
			let oaep = OaepPublicEncryptingKey::new(pk.clone())
				.map_err(|_| CedaError::Crypto("RSA-OAEP key"))?;
			let mut out = vec![0u8; oaep.ciphertext_size()];
			let n = oaep
				.encrypt(
					&OAEP_SHA256_MGF1SHA256,
					key.as_bytes(),
					&mut out,
					ctx.label.as_deref(),
				)
				.map_err(|_| CedaError::Crypto("RSA-OAEP encryption"))?
				.len();
			out.truncate(n);
			Ok(out)
		}
		PublicInner::X25519(pk) => hpke_seal::<X25519Kem>(pk, info, aad, key.as_bytes()),
		PublicInner::XWing(pk) => hpke_seal::<XWingKem>(pk, info, aad, key.as_bytes()),
		PublicInner::Sm2(pk) => sm2::pke::EncryptingKey::new(*pk)
			.encrypt(&mut getrandom::SysRng, key.as_bytes())
			.map_err(|_| CedaError::Crypto("SM2 encryption")),
	}
}

/// The data key from an envelope addressed to `key`, wrapped in context `ctx`.
pub(crate) fn unwrap(
	key: &PrivateKey,
	wrapped: &[u8],
	ctx: &WrapContext,
) -> Result<DataKey, CedaError> {
	let (info, aad) = (&ctx.info[..], &[][..]);
	let bytes = match &key.inner {
		PrivateInner::Rsa(sk) => {
			let oaep = OaepPrivateDecryptingKey::new(sk.clone())
				.map_err(|_| CedaError::Crypto("RSA-OAEP key"))?;
			let mut out = Zeroizing::new(vec![0u8; oaep.min_output_size()]);
			let n = oaep
				.decrypt(
					&OAEP_SHA256_MGF1SHA256,
					wrapped,
					&mut out,
					ctx.label.as_deref(),
				)
				.map_err(|_| CedaError::UnwrapFailed)?
				.len();
			out.truncate(n);
			out
		}
		PrivateInner::X25519(sk) => hpke_open::<X25519Kem>(sk, info, aad, wrapped)?,
		PrivateInner::XWing(sk) => hpke_open::<XWingKem>(sk, info, aad, wrapped)?,
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
