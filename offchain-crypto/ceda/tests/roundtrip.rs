//! Every suite seals and opens records of every size class, and the anchor hash is the
//! SHA-256 of the bytes written.

mod common;
use common::*;
use semres_ceda::{
	open_bytes, seal_bytes,
	smer::{anchor_hash, parse_prefix, SecurityStrength, SuiteId},
	CedaError, Unlock,
};

const CHUNK_LOG2: u8 = 12; // 4 KiB chunks make boundaries cheap to reach.

#[test]
fn every_suite_round_trips_every_size_class() {
	let cs = 1usize << CHUNK_LOG2;
	let sizes = [0, 1, 400, cs - 1, cs, cs + 1, 3 * cs, 3 * cs + 17];
	for suite in SuiteId::ALL {
		let (alice, bob) = keys(suite);
		for &len in &sizes {
			let rec = record(len);
			let recipients = [alice.public_key().clone(), bob.public_key().clone()];
			let (smer, report) = seal_bytes(&rec, &recipients, &opts(CHUNK_LOG2)).unwrap();
			assert_eq!(report.suite, suite);
			assert_eq!(report.smer_len, smer.len() as u64);
			assert_eq!(report.anchor_hash, anchor_hash(&smer));
			let prefix = parse_prefix(&smer).unwrap();
			assert_eq!(prefix.header.plaintext_len, len as u64);
			assert_eq!(prefix.envelopes.len(), 2);
			for key in [alice, bob] {
				let (out, rep) = open_bytes(&smer, &Unlock::Key(key), Some(&report.anchor_hash))
					.unwrap_or_else(|e| panic!("{suite:?} len {len}: {e}"));
				assert_eq!(out, rec, "{suite:?} len {len}");
				assert_eq!(rep.header, prefix.header);
			}
		}
	}
}

#[test]
fn default_chunk_size_round_trips_a_multi_chunk_record() {
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let rec = record(2 * 1024 * 1024 + 5);
	let (smer, _) = seal_bytes(
		&rec,
		&[alice.public_key().clone()],
		&semres_ceda::SealOptions::new(opts(20).metadata),
	)
	.unwrap();
	assert_eq!(
		parse_prefix(&smer).unwrap().header.layout().chunk_count(),
		3
	);
	assert_eq!(open_bytes(&smer, &Unlock::Key(alice), None).unwrap().0, rec);
}

#[test]
fn sealing_twice_gives_different_smers() {
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let rec = record(100);
	let a = seal_bytes(&rec, &[alice.public_key().clone()], &opts(CHUNK_LOG2)).unwrap();
	let b = seal_bytes(&rec, &[alice.public_key().clone()], &opts(CHUNK_LOG2)).unwrap();
	assert_ne!(a.0, b.0, "fresh data key and nonce prefix per SMeR");
	assert_ne!(a.1.anchor_hash, b.1.anchor_hash);
}

#[test]
fn strengths_are_reported() {
	assert_eq!(
		SuiteId::RsaOaep2048Aes128Gcm.strength(),
		SecurityStrength::Legacy
	);
	assert_eq!(
		SuiteId::RsaOaep3072Aes256Gcm.strength(),
		SecurityStrength::Standard
	);
	assert_eq!(
		SuiteId::HpkeXWingAes256Gcm.strength(),
		SecurityStrength::PostQuantum
	);
}

#[test]
fn recipients_must_share_one_suite() {
	let (rsa, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let (x, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let err = seal_bytes(
		b"r",
		&[rsa.public_key().clone(), x.public_key().clone()],
		&opts(12),
	)
	.unwrap_err();
	assert!(matches!(err, CedaError::SuiteMismatch(_)), "{err}");
	assert!(matches!(
		seal_bytes(b"r", &[], &opts(12)).unwrap_err(),
		CedaError::NoRecipients
	));
}

#[test]
fn duplicate_recipients_get_one_envelope() {
	let (alice, _) = keys(SuiteId::Sm2Sm4GcmSm3);
	let r = [alice.public_key().clone(), alice.public_key().clone()];
	let (smer, _) = seal_bytes(b"x", &r, &opts(12)).unwrap();
	assert_eq!(parse_prefix(&smer).unwrap().envelopes.len(), 1);
}

#[test]
fn streaming_seal_rejects_input_of_the_wrong_length() {
	let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let r = [alice.public_key().clone()];
	let mut out = Vec::new();
	let short = semres_ceda::seal(&b"abc"[..], 4, &mut out, &r, &opts(12), &mut |_| {});
	assert!(short.unwrap_err().to_string().contains("shorter"));
	let long = semres_ceda::seal(
		&b"abcde"[..],
		4,
		&mut Vec::new(),
		&r,
		&opts(12),
		&mut |_| {},
	);
	assert!(long.unwrap_err().to_string().contains("longer"));
}

/// A private key of another suite is refused by name, before any envelope is tried.
#[test]
fn a_key_of_another_suite_is_refused_by_name() {
	let (x, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let (smer, _) = seal_bytes(b"r", &[x.public_key().clone()], &opts(12)).unwrap();
	for other in [SuiteId::Sm2Sm4GcmSm3, SuiteId::RsaOaep2048Aes128Gcm] {
		let (k, _) = keys(other);
		let err = open_bytes(&smer, &Unlock::Key(&k), None).unwrap_err();
		assert!(
			matches!(&err, CedaError::SuiteMismatch(m) if m.contains("x25519-aes256gcm")),
			"{err}"
		);
	}
}
