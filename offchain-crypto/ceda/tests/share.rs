//! Sharing with a detached envelope, and forward re-keying on revocation.

mod common;
use common::*;
use semres_ceda::{
	inspect, open_bytes, rekey, seal_bytes, share,
	smer::{anchor_hash, DetachedEnvelope, SuiteId},
	CedaError, KeyAlgorithm, PrivateKey, Unlock,
};

#[test]
fn a_holder_shares_without_touching_the_payload() {
	for suite in SuiteId::ALL {
		let (alice, bob) = keys(suite);
		let rec = record(6000);
		let (smer, report) = seal_bytes(&rec, &[alice.public_key().clone()], &opts(12)).unwrap();
		let prefix = inspect(&smer[..]).unwrap();

		let det = share(
			&prefix,
			report.anchor_hash,
			&Unlock::Key(alice),
			bob.public_key(),
		)
		.unwrap();
		let det = DetachedEnvelope::decode(&det.encode().unwrap()).unwrap();
		assert_eq!(det.smer_hash, report.anchor_hash.0);

		// The SMeR is unchanged; Bob opens it with the detached envelope.
		assert_eq!(anchor_hash(&smer), report.anchor_hash);
		let (out, _) = open_bytes(
			&smer,
			&Unlock::Detached(bob, &det),
			Some(&report.anchor_hash),
		)
		.unwrap();
		assert_eq!(out, rec, "{suite:?}");
		// Without it, Bob is not a recipient.
		assert!(matches!(
			open_bytes(&smer, &Unlock::Key(bob), None),
			Err(CedaError::NotARecipient { .. })
		));
	}
}

#[test]
fn a_detached_envelope_for_another_smer_fails_the_commitment() {
	let (alice, bob) = keys(SuiteId::HpkeX25519Aes256Gcm);
	let (a, ra) = seal_bytes(b"record a", &[alice.public_key().clone()], &opts(12)).unwrap();
	let (b, _) = seal_bytes(b"record b", &[alice.public_key().clone()], &opts(12)).unwrap();
	let det = share(
		&inspect(&a[..]).unwrap(),
		ra.anchor_hash,
		&Unlock::Key(alice),
		bob.public_key(),
	)
	.unwrap();
	let err = open_bytes(&b, &Unlock::Detached(bob, &det), None).unwrap_err();
	assert!(matches!(err, CedaError::KeyCommitmentMismatch), "{err}");
}

#[test]
fn a_non_holder_cannot_share() {
	let (alice, bob) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let (smer, r) = seal_bytes(b"x", &[alice.public_key().clone()], &opts(12)).unwrap();
	let err = share(
		&inspect(&smer[..]).unwrap(),
		r.anchor_hash,
		&Unlock::Key(bob),
		alice.public_key(),
	)
	.unwrap_err();
	assert!(matches!(err, CedaError::NotARecipient { .. }));
}

#[test]
fn sharing_across_suites_is_refused() {
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let x = PrivateKey::generate(KeyAlgorithm::X25519).unwrap();
	let (smer, r) = seal_bytes(b"x", &[alice.public_key().clone()], &opts(12)).unwrap();
	let err = share(
		&inspect(&smer[..]).unwrap(),
		r.anchor_hash,
		&Unlock::Key(alice),
		x.public_key(),
	)
	.unwrap_err();
	assert!(matches!(err, CedaError::SuiteMismatch(_)));
}

#[test]
fn rekeying_drops_a_revoked_recipient_and_keeps_the_record() {
	let (alice, bob) = keys(SuiteId::HpkeXWingAes256Gcm);
	let rec = record(4096 * 2 + 1);
	let both = [alice.public_key().clone(), bob.public_key().clone()];
	let (v1, r1) = seal_bytes(&rec, &both, &opts(12)).unwrap();
	let mut v2 = Vec::new();
	let r2 = rekey(
		&v1[..],
		&mut v2,
		&Unlock::Key(alice),
		&[alice.public_key().clone()],
		&opts(12),
	)
	.unwrap();
	assert_ne!(r1.anchor_hash, r2.anchor_hash);
	assert_eq!(anchor_hash(&v2), r2.anchor_hash);
	assert_eq!(open_bytes(&v2, &Unlock::Key(alice), None).unwrap().0, rec);
	assert!(matches!(
		open_bytes(&v2, &Unlock::Key(bob), None),
		Err(CedaError::NotARecipient { .. })
	));
	// Bob's old data key does not open the new version either.
	let p1 = inspect(&v1[..]).unwrap();
	let det = share(&p1, r1.anchor_hash, &Unlock::Key(bob), bob.public_key()).unwrap();
	assert!(open_bytes(&v2, &Unlock::Detached(bob, &det), None).is_err());
}
