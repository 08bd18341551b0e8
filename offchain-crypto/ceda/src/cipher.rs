//! The payload AEAD: AES-GCM from aws-lc-rs, SM4-GCM from RustCrypto.

use aes_gcm::{aead::AeadInOut, aead::KeyInit, AesGcm};
use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_128_GCM, AES_256_GCM};
use semres_smer::{SuiteId, NONCE_LEN, TAG_LEN};

use crate::CedaError;

type Sm4Gcm = AesGcm<sm4::Sm4, aes_gcm::aead::consts::U12>;

/// A keyed payload cipher for one SMeR.
pub(crate) enum PayloadCipher {
	Aes(LessSafeKey),
	Sm4(Box<Sm4Gcm>),
}

impl PayloadCipher {
	pub fn new(suite: SuiteId, key: &[u8]) -> Result<Self, CedaError> {
		let bad_key = |_| CedaError::Crypto("payload key length");
		Ok(match suite {
			SuiteId::Sm2Sm4GcmSm3 => PayloadCipher::Sm4(Box::new(
				Sm4Gcm::new_from_slice(key).map_err(|_| CedaError::Crypto("payload key length"))?,
			)),
			_ => {
				let alg = if suite.key_len() == 16 {
					&AES_128_GCM
				} else {
					&AES_256_GCM
				};
				PayloadCipher::Aes(LessSafeKey::new(
					UnboundKey::new(alg, key).map_err(bad_key)?,
				))
			}
		})
	}

	/// Encrypts `buf` in place; returns the tag.
	pub fn seal(&self, nonce: [u8; NONCE_LEN], aad: &[u8], buf: &mut [u8]) -> [u8; TAG_LEN] {
		let mut tag = [0u8; TAG_LEN];
		match self {
			PayloadCipher::Aes(k) => {
				let t = k
					.seal_in_place_separate_tag(
						Nonce::assume_unique_for_key(nonce),
						Aad::from(aad),
						buf,
					)
					.expect("chunks are far below the GCM length limit; qed");
				tag.copy_from_slice(t.as_ref());
			}
			PayloadCipher::Sm4(c) => {
				let t = c
					.encrypt_inout_detached(&nonce.into(), aad, buf.into())
					.expect("chunks are far below the GCM length limit; qed");
				tag.copy_from_slice(&t);
			}
		}
		tag
	}

	/// Decrypts `buf` in place if `tag` authenticates it; `false` (and garbage in `buf`) if not.
	pub fn open(
		&self,
		nonce: [u8; NONCE_LEN],
		aad: &[u8],
		buf: &mut [u8],
		tag: &[u8; TAG_LEN],
	) -> bool {
		match self {
			PayloadCipher::Aes(k) => k
				.open_in_place_separate_tag(
					Nonce::assume_unique_for_key(nonce),
					Aad::from(aad),
					tag,
					buf,
				)
				.is_ok(),
			PayloadCipher::Sm4(c) => c
				.decrypt_inout_detached(&nonce.into(), aad, buf.into(), tag.into())
				.is_ok(),
		}
	}
}
