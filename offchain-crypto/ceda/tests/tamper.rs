//! Altered, truncated, reordered, foreign or wrongly-keyed SMeRs never yield plaintext.

mod common;
use common::*;
use semres_ceda::{
	open_bytes, seal_bytes,
	smer::{anchor_hash, parse_prefix, FormatError, SuiteId, TAG_LEN},
	CedaError, Unlock,
};

fn sealed(suite: SuiteId, len: usize) -> Vec<u8> {
	let (alice, _) = keys(suite);
	seal_bytes(&record(len), &[alice.public_key().clone()], &opts(12))
		.unwrap()
		.0
}

#[test]
fn a_flipped_byte_anywhere_is_rejected() {
	for suite in [
		SuiteId::RsaOaep3072Aes256Gcm,
		SuiteId::Sm2Sm4GcmSm3,
		SuiteId::HpkeXWingAes256Gcm,
	] {
		let (alice, _) = keys(suite);
		let smer = sealed(suite, 5000); // two chunks
		let expected = anchor_hash(&smer);
		// Every byte of header and envelope, and a stride through payload and tags.
		let prefix_len = parse_prefix(&smer).unwrap().len;
		let positions = (0..prefix_len)
			.chain((prefix_len..smer.len()).step_by(97))
			.chain([smer.len() - 1]);
		for pos in positions {
			let mut bad = smer.clone();
			bad[pos] ^= 0x01;
			assert!(
				open_bytes(&bad, &Unlock::Key(alice), None).is_err(),
				"{suite:?}: flip at {pos} accepted"
			);
			let err = open_bytes(&bad, &Unlock::Key(alice), Some(&expected)).unwrap_err();
			assert!(
				matches!(err, CedaError::HashMismatch { .. }),
				"{suite:?}: {err}"
			);
		}
	}
}

#[test]
fn payload_tampering_names_the_chunk() {
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let mut smer = sealed(SuiteId::HpkeX25519Aes256Gcm, 9000); // chunks of 4096, 4096, 808
	let n = smer.len();
	smer[n - 20] ^= 0x80; // in the last chunk
	let err = open_bytes(&smer, &Unlock::Key(alice), None).unwrap_err();
	assert!(matches!(err, CedaError::Tampered { chunk: 2 }), "{err}");
}

#[test]
fn truncation_is_detected() {
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let smer = sealed(SuiteId::RsaOaep3072Aes256Gcm, 4096 * 2);
	for cut in [1, TAG_LEN, 4096 + TAG_LEN, smer.len() - 10] {
		let err = open_bytes(&smer[..smer.len() - cut], &Unlock::Key(alice), None).unwrap_err();
		assert!(
			matches!(err, CedaError::Format(FormatError::Truncated)),
			"cut {cut}: {err}"
		);
	}
	let mut longer = smer.clone();
	longer.push(0);
	let err = open_bytes(&longer, &Unlock::Key(alice), None).unwrap_err();
	assert!(
		matches!(err, CedaError::Format(FormatError::TrailingData)),
		"{err}"
	);
}

#[test]
fn dropping_the_last_chunk_is_detected_even_with_a_consistent_length() {
	// Rewrite plaintext_len to cover only the first chunk: the header no longer matches the
	// AEAD-authenticated header, and chunk 0 was not sealed as the last chunk.
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let smer = sealed(SuiteId::HpkeX25519Aes256Gcm, 4096 * 2);
	let p = parse_prefix(&smer).unwrap();
	let mut q = p.clone();
	q.header.plaintext_len = 4096;
	q.header_bytes = q.header.encode().unwrap();
	let mut forged = q.encode().unwrap();
	forged.extend_from_slice(&smer[p.len..p.len + 4096 + TAG_LEN]);
	assert!(open_bytes(&forged, &Unlock::Key(alice), None).is_err());
}

#[test]
fn swapped_chunks_are_detected() {
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let smer = sealed(SuiteId::RsaOaep3072Aes256Gcm, 4096 * 3);
	let p = parse_prefix(&smer).unwrap().len;
	let c = 4096 + TAG_LEN;
	let mut swapped = smer[..p].to_vec();
	swapped.extend_from_slice(&smer[p + c..p + 2 * c]);
	swapped.extend_from_slice(&smer[p..p + c]);
	swapped.extend_from_slice(&smer[p + 2 * c..]);
	let err = open_bytes(&swapped, &Unlock::Key(alice), None).unwrap_err();
	assert!(matches!(err, CedaError::Tampered { chunk: 0 }), "{err}");
}

#[test]
fn chunks_from_another_smer_are_detected() {
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let a = sealed(SuiteId::HpkeX25519Aes256Gcm, 100);
	let b = sealed(SuiteId::HpkeX25519Aes256Gcm, 100);
	let pa = parse_prefix(&a).unwrap().len;
	let pb = parse_prefix(&b).unwrap().len;
	let mut mixed = a[..pa].to_vec();
	mixed.extend_from_slice(&b[pb..]);
	assert!(matches!(
		open_bytes(&mixed, &Unlock::Key(alice), None),
		Err(CedaError::Tampered { chunk: 0 })
	));
}

#[test]
fn a_non_recipient_gets_a_named_error() {
	for suite in SuiteId::ALL {
		let (_, bob) = keys(suite);
		let smer = sealed(suite, 10);
		let err = open_bytes(&smer, &Unlock::Key(bob), None).unwrap_err();
		assert!(
			matches!(err, CedaError::NotARecipient { .. }),
			"{suite:?}: {err}"
		);
	}
}

#[test]
fn an_envelope_relabelled_for_another_key_does_not_open() {
	// Bob copies Alice's envelope under his own key id: his key cannot unwrap it.
	let (_, bob) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let smer = sealed(SuiteId::RsaOaep3072Aes256Gcm, 10);
	let p = parse_prefix(&smer).unwrap();
	let mut q = p.clone();
	q.envelopes[0].key_id = bob.public_key().key_id();
	let mut forged = q.encode().unwrap();
	forged.extend_from_slice(&smer[p.len..]);
	let err = open_bytes(&forged, &Unlock::Key(bob), None).unwrap_err();
	assert!(matches!(err, CedaError::UnwrapFailed), "{err}");
}

#[test]
fn a_foreign_data_key_fails_the_key_commitment() {
	// An envelope that carries a different (validly wrapped) data key is rejected before any
	// payload is decrypted.
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let a = sealed(SuiteId::HpkeX25519Aes256Gcm, 10);
	let b = sealed(SuiteId::HpkeX25519Aes256Gcm, 10);
	let pa = parse_prefix(&a).unwrap();
	let pb = parse_prefix(&b).unwrap();
	let mut q = pa.clone();
	q.envelopes = pb.envelopes.clone();
	let mut forged = q.encode().unwrap();
	forged.extend_from_slice(&a[pa.len..]);
	let err = open_bytes(&forged, &Unlock::Key(alice), None).unwrap_err();
	assert!(matches!(err, CedaError::KeyCommitmentMismatch), "{err}");
}

#[test]
fn unknown_suite_and_version_are_named() {
	let smer = sealed(SuiteId::HpkeX25519Aes256Gcm, 1);
	let mut bad = smer.clone();
	bad[5] = 99;
	assert_eq!(
		parse_prefix(&bad).unwrap_err(),
		FormatError::UnknownSuite(99)
	);
	let mut bad = smer.clone();
	bad[4] = 3;
	assert_eq!(
		parse_prefix(&bad).unwrap_err(),
		FormatError::UnsupportedVersion(3)
	);
	assert_eq!(
		parse_prefix(b"PK\x03\x04 not a smer").unwrap_err(),
		FormatError::NotASmer
	);
}

#[test]
fn a_version_2_smer_relabelled_as_version_1_does_not_open() {
	// A downgrade would drop the header MAC and the wraps' binding: it fails instead.
	for suite in SuiteId::ALL {
		let (alice, _) = keys(suite);
		let smer = sealed(suite, 10);
		assert_eq!(smer[4], 2, "SEMRES writes version 2");
		let mut v1 = smer.clone();
		v1[4] = 1;
		assert!(
			open_bytes(&v1, &Unlock::Key(alice), None).is_err(),
			"{suite:?}"
		);
	}
}
