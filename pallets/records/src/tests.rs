//! Unit tests: every call's success and error paths, consent forgery and replay, erasure at
//! the exact block, queries, events, and the storage invariants after each test.

use frame_support::{assert_noop, assert_ok, BoundedVec};
use semres_primitives::{RecordClass, RecordId, RecordsInspect, SecurityLevel, H256};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::{AccountId32, MultiSignature};

use crate::{
	mock::*, Anchors, Authorisation, ConsentOf, Error, Event, OwnerConsent, OwnerNonces, SmerRef,
	Verification,
};

const R1: RecordId = H256::repeat_byte(1);

fn smer(n: u8) -> SmerRef<frame_support::traits::ConstU32<64>> {
	SmerRef {
		cid: BoundedVec::truncate_from(vec![0x01, 0x55, 0x12, 0x20, n]),
		smer_hash: H256::repeat_byte(n),
		suite: 1,
	}
}

fn to(
	who: &[sp_keyring::Sr25519Keyring],
) -> BoundedVec<AccountId32, frame_support::traits::ConstU32<8>> {
	BoundedVec::truncate_from(who.iter().map(|k| k.to_account_id()).collect())
}

/// Alice's consent to `version` of R1 with `smer(n)` for Bob, with her current nonce.
fn consent(signer: sp_keyring::Sr25519Keyring, version: u32, n: u8, nonce: u64) -> ConsentOf<Test> {
	let payload = Records::signing_payload(
		&R1,
		version,
		&account(Alice),
		&smer(n),
		&to(&[Bob]),
		RecordClass::Outpatient,
		SecurityLevel::Private,
		nonce,
	);
	OwnerConsent {
		nonce,
		signature: MultiSignature::Sr25519(signer.pair().sign(&payload)),
	}
}

fn anchor_by_alice() {
	assert_ok!(Records::anchor_record(
		RuntimeOrigin::signed(account(Alice)),
		R1,
		account(Alice),
		smer(1),
		to(&[Bob]),
		RecordClass::Outpatient,
		SecurityLevel::Private,
		None,
	));
}

fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Records::do_try_state().expect("storage invariants hold");
	});
}

#[test]
fn the_owner_anchors_directly() {
	test(|| {
		anchor_by_alice();
		System::assert_last_event(
			Event::RecordAnchored {
				record: R1,
				owner: account(Alice),
				author: account(Alice),
				class: RecordClass::Outpatient,
				level: SecurityLevel::Private,
				smer_hash: smer(1).smer_hash,
				cid: smer(1).cid,
			}
			.into(),
		);
		let a = Anchors::<Test>::get(R1, 1).unwrap();
		assert_eq!(a.author, account(Alice));
		assert_eq!(a.recipients.to_vec(), vec![account(Bob)]);
		assert_eq!(a.authorisation, Authorisation::OwnerSubmitted);
		assert_eq!(a.time, 1_767_225_600_000);
		assert_eq!(a.anchored_at, 1);
		assert_eq!(Records::record(&R1).unwrap().versions, 1);
		assert_eq!(
			Records::verify(&R1, &smer(1).smer_hash),
			Verification::Match { version: 1 }
		);
	});
}

#[test]
fn a_practitioner_anchors_with_the_owners_signature() {
	test(|| {
		register_practitioner(&account(Dave));
		assert_ok!(Records::anchor_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			account(Alice),
			smer(1),
			to(&[Bob]),
			RecordClass::Outpatient,
			SecurityLevel::Private,
			Some(consent(Alice, 1, 1, 0)),
		));
		let a = Anchors::<Test>::get(R1, 1).unwrap();
		assert_eq!(a.author, account(Dave));
		assert_eq!(a.authorisation, Authorisation::OwnerSigned { nonce: 0 });
		assert_eq!(OwnerNonces::<Test>::get(account(Alice)), 1);
		assert_eq!(Records::record(&R1).unwrap().owner, account(Alice));
	});
}

#[test]
fn wallet_wrapped_signatures_are_accepted() {
	test(|| {
		register_practitioner(&account(Dave));
		let payload = Records::signing_payload(
			&R1,
			1,
			&account(Alice),
			&smer(1),
			&to(&[Bob]),
			RecordClass::Outpatient,
			SecurityLevel::Private,
			0,
		);
		let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
		let c = OwnerConsent {
			nonce: 0,
			signature: MultiSignature::Sr25519(Alice.pair().sign(&wrapped)),
		};
		assert_ok!(Records::anchor_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			account(Alice),
			smer(1),
			to(&[Bob]),
			RecordClass::Outpatient,
			SecurityLevel::Private,
			Some(c),
		));
	});
}

#[test]
fn forged_missing_or_replayed_consent_is_refused() {
	test(|| {
		register_practitioner(&account(Dave));
		let anchor = |who: sp_keyring::Sr25519Keyring, c| {
			Records::anchor_record(
				RuntimeOrigin::signed(account(who)),
				R1,
				account(Alice),
				smer(1),
				to(&[Bob]),
				RecordClass::Outpatient,
				SecurityLevel::Private,
				c,
			)
		};
		// Not a practitioner.
		assert_noop!(
			anchor(Charlie, Some(consent(Alice, 1, 1, 0))),
			Error::<Test>::NotRegisteredPractitioner
		);
		// No signature.
		assert_noop!(anchor(Dave, None), Error::<Test>::OwnerSignatureMissing);
		// Signed by someone else.
		assert_noop!(
			anchor(Dave, Some(consent(Charlie, 1, 1, 0))),
			Error::<Test>::BadOwnerSignature
		);
		// Signed over other contents (another SMeR).
		assert_noop!(
			anchor(Dave, Some(consent(Alice, 1, 2, 0))),
			Error::<Test>::BadOwnerSignature
		);
		// Wrong nonce.
		assert_noop!(
			anchor(Dave, Some(consent(Alice, 1, 1, 5))),
			Error::<Test>::StaleNonce
		);
		// Another chain (other genesis hash): the signature does not carry over.
		let foreign = consent(Alice, 1, 1, 0);
		frame_system::BlockHash::<Test>::insert(0, H256::repeat_byte(0x77));
		assert_noop!(
			anchor(Dave, Some(foreign)),
			Error::<Test>::BadOwnerSignature
		);
		frame_system::BlockHash::<Test>::insert(0, H256::repeat_byte(0x6e));
		// Used once, then replayed for a new version: the nonce has moved on.
		let c = consent(Alice, 1, 1, 0);
		assert_ok!(anchor(Dave, Some(c.clone())));
		let replay = Records::amend_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			smer(1),
			to(&[Bob]),
			Some(c),
		);
		assert_noop!(replay, Error::<Test>::StaleNonce);
		let old_nonce = Records::amend_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, 2, 2, 0)),
		);
		assert_noop!(old_nonce, Error::<Test>::StaleNonce);
		// With the next nonce, the amendment goes through.
		assert_ok!(Records::amend_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, 2, 2, 1)),
		));
	});
}

#[test]
fn anchors_are_validated() {
	test(|| {
		let anchor = |s: SmerRef<_>, r| {
			Records::anchor_record(
				RuntimeOrigin::signed(account(Alice)),
				R1,
				account(Alice),
				s,
				r,
				RecordClass::Laboratory,
				SecurityLevel::Moderate,
				None,
			)
		};
		assert_noop!(
			anchor(
				SmerRef {
					cid: BoundedVec::new(),
					..smer(1)
				},
				to(&[Bob])
			),
			Error::<Test>::EmptyCid
		);
		assert_noop!(
			anchor(
				SmerRef {
					suite: 9,
					..smer(1)
				},
				to(&[Bob])
			),
			Error::<Test>::UnknownSuite
		);
		assert_noop!(anchor(smer(1), to(&[])), Error::<Test>::NoRecipients);
		assert_ok!(anchor(smer(1), to(&[Bob])));
		assert_noop!(anchor(smer(2), to(&[Bob])), Error::<Test>::RecordExists);
		let other = Records::anchor_record(
			RuntimeOrigin::signed(account(Bob)),
			H256::repeat_byte(2),
			account(Bob),
			smer(1),
			to(&[Bob]),
			RecordClass::Laboratory,
			SecurityLevel::Moderate,
			None,
		);
		assert_noop!(other, Error::<Test>::DuplicateSmer);
	});
}

#[test]
fn amendments_form_a_version_chain() {
	test(|| {
		anchor_by_alice();
		run_to(3);
		register_practitioner(&account(Dave));
		assert_ok!(Records::amend_record(
			RuntimeOrigin::signed(account(Dave)),
			R1,
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, 2, 2, 0)),
		));
		System::assert_last_event(
			Event::RecordAmended {
				record: R1,
				version: 2,
				author: account(Dave),
				smer_hash: smer(2).smer_hash,
				cid: smer(2).cid,
			}
			.into(),
		);
		assert_ok!(Records::amend_record(
			RuntimeOrigin::signed(account(Alice)),
			R1,
			smer(3),
			to(&[Bob, Charlie]),
			None
		));
		let h = Records::history(&R1, 1, 10);
		assert_eq!(
			h.iter()
				.map(|(v, a)| (*v, a.smer.smer_hash))
				.collect::<Vec<_>>(),
			vec![
				(1, smer(1).smer_hash),
				(2, smer(2).smer_hash),
				(3, smer(3).smer_hash)
			]
		);
		assert_eq!(Records::history(&R1, 2, 1).len(), 1);
		assert_eq!(
			Records::verify(&R1, &smer(1).smer_hash),
			Verification::Match { version: 1 }
		);
		assert_eq!(
			Records::verify(&R1, &H256::repeat_byte(99)),
			Verification::Mismatch
		);
		assert_eq!(
			Records::verify(&H256::repeat_byte(9), &smer(1).smer_hash),
			Verification::Unknown
		);
		assert_eq!(
			<Records as RecordsInspect<_, _>>::latest_version(&R1),
			Some(3)
		);
		let info = <Records as RecordsInspect<_, _>>::anchor(&R1, 2).unwrap();
		assert_eq!(
			(info.owner, info.author, info.anchored_at),
			(account(Alice), account(Dave), 3)
		);
		// Up to MaxVersions (5).
		assert_ok!(Records::amend_record(
			RuntimeOrigin::signed(account(Alice)),
			R1,
			smer(4),
			to(&[Bob]),
			None
		));
		assert_ok!(Records::amend_record(
			RuntimeOrigin::signed(account(Alice)),
			R1,
			smer(5),
			to(&[Bob]),
			None
		));
		assert_noop!(
			Records::amend_record(
				RuntimeOrigin::signed(account(Alice)),
				R1,
				smer(6),
				to(&[Bob]),
				None
			),
			Error::<Test>::TooManyVersions
		);
		assert_noop!(
			Records::amend_record(
				RuntimeOrigin::signed(account(Alice)),
				H256::repeat_byte(8),
				smer(6),
				to(&[Bob]),
				None
			),
			Error::<Test>::RecordNotFound
		);
	});
}

#[test]
fn erasure_waits_for_retention_respects_holds_and_leaves_tombstones() {
	test(|| {
		anchor_by_alice(); // block 1, retention 10 blocks
		assert_noop!(
			Records::erase_record(RuntimeOrigin::signed(account(Bob)), R1),
			Error::<Test>::NotOwner
		);
		run_to(10);
		assert_noop!(
			Records::erase_record(RuntimeOrigin::signed(account(Alice)), R1),
			Error::<Test>::RetentionNotElapsed
		);
		run_to(11); // exactly updated_at + RetentionPeriod
		assert_noop!(
			Records::set_legal_hold(RuntimeOrigin::signed(account(Alice)), R1, true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Records::set_legal_hold(RuntimeOrigin::root(), R1, true));
		System::assert_last_event(
			Event::LegalHoldSet {
				record: R1,
				hold: true,
			}
			.into(),
		);
		assert_noop!(
			Records::erase_record(RuntimeOrigin::signed(account(Alice)), R1),
			Error::<Test>::LegalHold
		);
		assert_ok!(Records::set_legal_hold(RuntimeOrigin::root(), R1, false));
		assert_ok!(Records::erase_record(
			RuntimeOrigin::signed(account(Alice)),
			R1
		));
		System::assert_last_event(
			Event::RecordErased {
				record: R1,
				owner: account(Alice),
			}
			.into(),
		);
		let a = Anchors::<Test>::get(R1, 1).unwrap();
		assert!(a.recipients.is_empty(), "authority status removed");
		assert_eq!(
			a.smer.smer_hash,
			smer(1).smer_hash,
			"tombstone keeps the hash"
		);
		assert_eq!(
			Records::verify(&R1, &smer(1).smer_hash),
			Verification::Erased
		);
		assert_noop!(
			Records::erase_record(RuntimeOrigin::signed(account(Alice)), R1),
			Error::<Test>::RecordErased
		);
		assert_noop!(
			Records::amend_record(
				RuntimeOrigin::signed(account(Alice)),
				R1,
				smer(2),
				to(&[Bob]),
				None
			),
			Error::<Test>::RecordErased
		);
		assert_noop!(
			Records::set_legal_hold(RuntimeOrigin::root(), H256::repeat_byte(3), true),
			Error::<Test>::RecordNotFound
		);
	});
}

#[test]
fn an_owners_records_are_listed_in_pages() {
	test(|| {
		for i in 1..=5u8 {
			assert_ok!(Records::anchor_record(
				RuntimeOrigin::signed(account(Alice)),
				H256::repeat_byte(i),
				account(Alice),
				smer(i),
				to(&[Bob]),
				RecordClass::Vaccination,
				SecurityLevel::Low,
				None,
			));
		}
		let page1 = Records::records_of(&account(Alice), None, 3);
		let page2 = Records::records_of(&account(Alice), page1.last().copied(), 3);
		assert_eq!(page1.len(), 3);
		assert_eq!(page2.len(), 2);
		let mut all: Vec<_> = page1.into_iter().chain(page2).collect();
		all.sort();
		assert_eq!(all, (1..=5u8).map(H256::repeat_byte).collect::<Vec<_>>());
		assert!(Records::records_of(&account(Bob), None, 10).is_empty());
	});
}
