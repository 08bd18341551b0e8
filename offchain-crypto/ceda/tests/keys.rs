//! Key generation, PEM/DER import and export, encryption at rest, and key ids.

mod common;
use common::*;
use semres_ceda::{smer::SuiteId, CedaError, KeyAlgorithm, PrivateKey, PublicKey};
use sha2::{Digest, Sha256};

#[test]
fn every_key_kind_round_trips_through_pem_and_der() {
	for suite in SuiteId::ALL {
		let (k, _) = keys(suite);
		let pem = k.to_pem(None).unwrap();
		assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
		let back = PrivateKey::from_pem(&pem, None).unwrap();
		assert_eq!(
			back.public_key().key_id(),
			k.public_key().key_id(),
			"{suite:?}"
		);
		assert_eq!(back.algorithm(), k.algorithm());
		let der = k.to_pkcs8_der().unwrap();
		assert_eq!(
			PrivateKey::from_pkcs8_der(&der)
				.unwrap()
				.public_key()
				.key_id(),
			k.public_key().key_id()
		);

		let pub_pem = k.public_key().to_pem();
		assert!(pub_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
		let p = PublicKey::from_pem(&pub_pem).unwrap();
		assert_eq!(p.to_spki_der(), k.public_key().to_spki_der());
		assert_eq!(p.algorithm().suite(), suite);
	}
}

#[test]
fn key_id_is_sha256_of_spki_der() {
	let (k, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let id: [u8; 32] = Sha256::digest(k.public_key().to_spki_der()).into();
	assert_eq!(k.public_key().key_id(), id);
}

#[test]
fn encrypted_private_keys_need_the_right_password() {
	let (k, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let pem = k.to_pem(Some(b"correct horse")).unwrap();
	assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
	let back = PrivateKey::from_pem(&pem, Some(b"correct horse")).unwrap();
	assert_eq!(back.public_key().key_id(), k.public_key().key_id());
	assert!(matches!(
		PrivateKey::from_pem(&pem, Some(b"wrong")),
		Err(CedaError::WrongPassword)
	));
	assert!(matches!(
		PrivateKey::from_pem(&pem, None),
		Err(CedaError::PasswordRequired)
	));
}

#[test]
fn malformed_keys_are_named() {
	assert!(matches!(
		PublicKey::from_pem("not a pem"),
		Err(CedaError::MalformedKey(_))
	));
	let (k, _) = keys(SuiteId::Sm2Sm4GcmSm3);
	let priv_pem = k.to_pem(None).unwrap();
	assert!(matches!(
		PublicKey::from_pem(&priv_pem),
		Err(CedaError::MalformedKey(_))
	));
	assert!(matches!(
		PrivateKey::from_pem(&k.public_key().to_pem(), None),
		Err(CedaError::MalformedKey(_))
	));
	assert!(matches!(
		PrivateKey::from_pkcs8_der(&[0x30, 0x03, 0x02, 0x01, 0x00]),
		Err(CedaError::MalformedKey(_))
	));
}

#[test]
fn rsa_sizes_select_suites() {
	assert_eq!(KeyAlgorithm::Rsa2048.suite(), SuiteId::RsaOaep2048Aes128Gcm);
	let (k, _) = keys(SuiteId::RsaOaep2048Aes128Gcm);
	assert_eq!(k.algorithm(), KeyAlgorithm::Rsa2048);
	assert_eq!(KeyAlgorithm::Rsa4096.suite(), SuiteId::RsaOaep3072Aes256Gcm);
}
