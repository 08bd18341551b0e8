//! CEDA suite identifiers: which key wrap, AEAD and hash a SMeR uses.

use crate::FormatError;

/// A CEDA suite: how the data key is wrapped, which AEAD encrypts the payload, which hash
/// derives the payload key and the key commitment. The id travels in every SMeR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum SuiteId {
	/// RSA-3072 OAEP (SHA-256, MGF1-SHA-256) + AES-256-GCM + SHA-256. The default.
	RsaOaep3072Aes256Gcm = 1,
	/// RSA-2048 OAEP (SHA-256) + AES-128-GCM + SHA-256: the SEMRES paper's setting, accepted
	/// and reported as legacy strength.
	RsaOaep2048Aes128Gcm = 2,
	/// HPKE (RFC 9180) DHKEM(X25519, HKDF-SHA256) + AES-256-GCM + SHA-256 (ECC, paper 004).
	HpkeX25519Aes256Gcm = 3,
	/// SM2 public-key encryption + SM4-GCM + SM3 (the Chinese national suite, paper 003).
	Sm2Sm4GcmSm3 = 4,
	/// HPKE with the X-Wing KEM (ML-KEM-768 + X25519) + AES-256-GCM + SHA-256: post-quantum
	/// hybrid, for records that must stay secret for decades.
	HpkeXWingAes256Gcm = 5,
}

/// How strong a suite is considered today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityStrength {
	/// Below today's recommendation for new data (112-bit classical security).
	Legacy,
	/// 128-bit classical security.
	Standard,
	/// Standard classical security plus resistance to quantum attacks on the key wrap.
	PostQuantum,
}

impl SuiteId {
	/// All suites, in id order.
	pub const ALL: [SuiteId; 5] = [
		Self::RsaOaep3072Aes256Gcm,
		Self::RsaOaep2048Aes128Gcm,
		Self::HpkeX25519Aes256Gcm,
		Self::Sm2Sm4GcmSm3,
		Self::HpkeXWingAes256Gcm,
	];

	/// The suite with this id.
	pub fn from_u8(id: u8) -> Result<Self, FormatError> {
		Self::ALL
			.into_iter()
			.find(|s| *s as u8 == id)
			.ok_or(FormatError::UnknownSuite(id))
	}

	/// The suite's wire id.
	pub fn id(self) -> u8 {
		self as u8
	}

	/// Short stable name, as the CLI prints and accepts it.
	pub fn name(self) -> &'static str {
		match self {
			Self::RsaOaep3072Aes256Gcm => "rsa3072-aes256gcm",
			Self::RsaOaep2048Aes128Gcm => "rsa2048-aes128gcm",
			Self::HpkeX25519Aes256Gcm => "x25519-aes256gcm",
			Self::Sm2Sm4GcmSm3 => "sm2-sm4gcm-sm3",
			Self::HpkeXWingAes256Gcm => "xwing-aes256gcm",
		}
	}

	/// The suite with this name.
	pub fn from_name(name: &str) -> Option<Self> {
		Self::ALL.into_iter().find(|s| s.name() == name)
	}

	/// Length of the data key and of the payload AEAD key, in bytes.
	pub fn key_len(self) -> usize {
		match self {
			Self::RsaOaep2048Aes128Gcm | Self::Sm2Sm4GcmSm3 => 16,
			_ => 32,
		}
	}

	/// Whether the key schedule uses SM3 (else SHA-256).
	pub fn uses_sm3(self) -> bool {
		matches!(self, Self::Sm2Sm4GcmSm3)
	}

	/// Whether `len` is the length of a data key wrapped under this suite: the RSA modulus
	/// (3072 or 4096 bits for suite 1, 2048 for suite 2), HPKE `enc || ct` (32 or, for X-Wing,
	/// 1120 bytes of `enc`, then the key and a 16-byte tag), SM2 `C1 || C3 || C2` (65 + 32 + 16).
	pub fn wrapped_len_ok(self, len: usize) -> bool {
		let tagged = self.key_len() + 16;
		match self {
			Self::RsaOaep3072Aes256Gcm => len == 384 || len == 512,
			Self::RsaOaep2048Aes128Gcm => len == 256,
			Self::HpkeX25519Aes256Gcm => len == 32 + tagged,
			Self::Sm2Sm4GcmSm3 => len == 65 + 32 + self.key_len(),
			Self::HpkeXWingAes256Gcm => len == 1120 + tagged,
		}
	}

	/// How strong the suite is.
	pub fn strength(self) -> SecurityStrength {
		match self {
			Self::RsaOaep2048Aes128Gcm => SecurityStrength::Legacy,
			Self::HpkeXWingAes256Gcm => SecurityStrength::PostQuantum,
			_ => SecurityStrength::Standard,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn ids_and_names_round_trip() {
		for s in SuiteId::ALL {
			assert_eq!(SuiteId::from_u8(s.id()), Ok(s));
			assert_eq!(SuiteId::from_name(s.name()), Some(s));
		}
		assert_eq!(SuiteId::from_u8(0), Err(FormatError::UnknownSuite(0)));
		assert_eq!(SuiteId::from_u8(6), Err(FormatError::UnknownSuite(6)));
	}
}
