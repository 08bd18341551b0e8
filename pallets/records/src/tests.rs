//! Unit tests: every call's success and error paths, consent forgery, replay, submitter binding,
//! expiry and cancellation, record-id squatting, deposits, erasure at the exact block,
//! anchoring for a booked service, queries, events, and the storage invariants after each test.

use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, ConstU32},
	BoundedVec,
};
use semres_primitives::{
	record_id, AnchorTarget, RecordClass, RecordId, RecordsInspect, Role, SecurityLevel,
	ServiceRecords, H256,
};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{AccountId32, MultiSignature};

use crate::{
	mock::*, Anchors, Authorisation, ConsentEpochs, ConsentOf, Error, Event, HoldReason,
	OwnerConsent, SmerRef, Verification,
};

pub(crate) const SALT: [u8; 32] = [1; 32];

/// Alice's record with [`SALT`].
pub(crate) fn r1() -> RecordId {
	record_id(&account(Alice), &SALT)
}

pub(crate) fn smer(n: u8) -> SmerRef<ConstU32<64>> {
	SmerRef {
		cid: BoundedVec::truncate_from(vec![0x01, 0x55, 0x12, 0x20, n]),
		smer_hash: H256::repeat_byte(n),
		suite: 1,
	}
}

pub(crate) fn to(who: &[Sr25519Keyring]) -> BoundedVec<AccountId32, ConstU32<8>> {
	BoundedVec::truncate_from(who.iter().map(|k| k.to_account_id()).collect())
}

pub(crate) fn signed(k: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(k))
}

pub(crate) fn deposit_of(k: Sr25519Keyring) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &account(k))
}

/// A consent by `signer` (as Alice) to `version` of R1 with `smer(n)` for Bob, for
/// `submitter`, valid until block 20, in epoch `epoch`.
pub(crate) fn consent(
	signer: Sr25519Keyring,
	submitter: Sr25519Keyring,
	version: u32,
	n: u8,
	epoch: u32,
) -> ConsentOf<Test> {
	consent_until(signer, submitter, version, n, epoch, 20)
}

pub(crate) fn consent_until(
	signer: Sr25519Keyring,
	submitter: Sr25519Keyring,
	version: u32,
	n: u8,
	epoch: u32,
	valid_until: u64,
) -> ConsentOf<Test> {
	let payload = Records::signing_payload(
		&r1(),
		version,
		&account(Alice),
		&account(submitter),
		&smer(n),
		&to(&[Bob]),
		RecordClass::Outpatient,
		SecurityLevel::Private,
		valid_until,
		epoch,
	);
	OwnerConsent {
		submitter: account(submitter),
		valid_until,
		epoch,
		signature: MultiSignature::Sr25519(signer.pair().sign(&payload)),
	}
}

/// `by` anchors Alice's R1 with `smer(1)` for Bob.
pub(crate) fn anchor_r1(
	by: Sr25519Keyring,
	c: Option<ConsentOf<Test>>,
) -> sp_runtime::DispatchResult {
	Records::anchor_record(
		signed(by),
		account(Alice),
		SALT,
		smer(1),
		to(&[Bob]),
		RecordClass::Outpatient,
		SecurityLevel::Private,
		c,
	)
}

/// Makes Ferdie a hospital and Dave and Eve its practitioners.
pub(crate) fn hospital() {
	give_role(&account(Ferdie), Role::Hospital, None);
	give_role(&account(Dave), Role::Practitioner, Some(account(Ferdie)));
	give_role(&account(Eve), Role::Practitioner, Some(account(Ferdie)));
}

pub(crate) fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Records::do_try_state().expect("storage invariants hold");
	});
}

#[test]
fn the_owner_anchors_directly_and_holds_the_deposit() {
	test(|| {
		assert_ok!(anchor_r1(Alice, None));
		System::assert_last_event(
			Event::RecordAnchored {
				record: r1(),
				owner: account(Alice),
				author: account(Alice),
				institution: None,
				class: RecordClass::Outpatient,
				level: SecurityLevel::Private,
				smer_hash: smer(1).smer_hash,
				cid: smer(1).cid,
			}
			.into(),
		);
		let a = Anchors::<Test>::get(r1(), 1).unwrap();
		assert_eq!(a.author, account(Alice));
		assert_eq!(a.recipients.to_vec(), vec![account(Bob)]);
		assert_eq!(a.authorisation, Authorisation::OwnerSubmitted);
		assert_eq!(a.time, 1_767_225_600_000);
		assert_eq!(a.anchored_at, 1);
		assert_eq!(Records::record(&r1()).unwrap().versions, 1);
		assert_eq!(
			Records::verify(&r1(), &smer(1).smer_hash),
			Verification::Match {
				owner: account(Alice),
				author: account(Alice),
				version: 1
			}
		);
		let first = 100 + Records::first_version_footprint().size as Balance;
		assert_eq!(
			deposit_of(Alice),
			first,
			"base + bytes of the items' MaxEncodedLen"
		);
		assert!(
			Records::first_version_footprint().size > Records::amendment_footprint().size,
			"a first version also pays for the record entry"
		);
	});
}

#[test]
fn an_author_who_cannot_pay_the_deposit_anchors_nothing() {
	test(|| {
		let poor = AccountId32::new([9; 32]);
		assert_noop!(
			Records::anchor_record(
				RuntimeOrigin::signed(poor.clone()),
				poor.clone(),
				SALT,
				smer(1),
				BoundedVec::truncate_from(vec![poor]),
				RecordClass::Outpatient,
				SecurityLevel::Low,
				None,
			),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn record_ids_are_namespaced_so_nobody_can_squat_or_copy_them() {
	test(|| {
		// Charlie front-runs Alice's pending anchor with the same salt and SMeR: he gets a
		// record of his own, and hers still goes through.
		assert_ok!(Records::anchor_record(
			signed(Charlie),
			account(Charlie),
			SALT,
			smer(1),
			to(&[Charlie]),
			RecordClass::Outpatient,
			SecurityLevel::Private,
			None,
		));
		// He cannot name Alice as owner without her consent.
		assert_noop!(
			Records::anchor_record(
				signed(Charlie),
				account(Alice),
				SALT,
				smer(1),
				to(&[Charlie]),
				RecordClass::Outpatient,
				SecurityLevel::Private,
				None,
			),
			Error::<Test>::NotRegisteredPractitioner
		);
		assert_ok!(anchor_r1(Alice, None));
		let charlies = record_id(&account(Charlie), &SALT);
		assert_ne!(charlies, r1());
		// Each verification names its owner: Charlie's copy is credited to Charlie only.
		assert_eq!(
			Records::verify(&r1(), &smer(1).smer_hash),
			Verification::Match {
				owner: account(Alice),
				author: account(Alice),
				version: 1
			}
		);
		assert_eq!(
			Records::verify(&charlies, &smer(1).smer_hash),
			Verification::Match {
				owner: account(Charlie),
				author: account(Charlie),
				version: 1
			}
		);
		// The same salt twice for the same owner is refused.
		assert_noop!(anchor_r1(Alice, None), Error::<Test>::RecordExists);
		assert_eq!(Records::record_id(&account(Alice), &SALT), r1());
	});
}

#[test]
fn a_practitioner_anchors_with_the_owners_consent_for_its_institution() {
	test(|| {
		hospital();
		assert_ok!(anchor_r1(Dave, Some(consent(Alice, Dave, 1, 1, 0))));
		let a = Anchors::<Test>::get(r1(), 1).unwrap();
		assert_eq!(a.author, account(Dave));
		assert_eq!(a.institution, Some(account(Ferdie)), "fixed when anchored");
		assert_eq!(a.authorisation, Authorisation::OwnerSigned { epoch: 0 });
		assert_eq!(Records::record(&r1()).unwrap().owner, account(Alice));
		assert!(
			deposit_of(Dave) > 0,
			"the submitter pays for the state it adds"
		);
		assert_eq!(deposit_of(Alice), 0);
		// The practitioner later moves to another hospital: the anchor keeps Ferdie.
		give_role(&account(Charlie), Role::Hospital, None);
		give_role(&account(Dave), Role::Practitioner, Some(account(Charlie)));
		let info = <Records as RecordsInspect<_, _>>::anchor(&r1(), 1).unwrap();
		assert_eq!(info.institution, Some(account(Ferdie)));
		// A hospital anchoring acts for itself.
		assert_ok!(Records::amend_record(
			signed(Ferdie),
			r1(),
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, Ferdie, 2, 2, 0)),
		));
		assert_eq!(
			Anchors::<Test>::get(r1(), 2).unwrap().institution,
			Some(account(Ferdie))
		);
	});
}

#[test]
fn a_consent_for_one_submitter_cannot_be_used_by_another() {
	test(|| {
		hospital();
		let for_dave = consent(Alice, Dave, 1, 1, 0);
		assert_noop!(
			anchor_r1(Eve, Some(for_dave.clone())),
			Error::<Test>::ConsentForAnotherSubmitter
		);
		// Rewriting the submitter field breaks the signature.
		let relabelled = OwnerConsent {
			submitter: account(Eve),
			..for_dave.clone()
		};
		assert_noop!(
			anchor_r1(Eve, Some(relabelled)),
			Error::<Test>::BadOwnerSignature
		);
		assert_ok!(anchor_r1(Dave, Some(for_dave)));
	});
}

#[test]
fn two_practitioners_hold_outstanding_consents_at_once() {
	test(|| {
		hospital();
		// Alice signs two consents before either is used (no shared nonce to collide on):
		// for Dave, R1; for Eve, another record.
		let salt2 = [2u8; 32];
		let r2 = record_id(&account(Alice), &salt2);
		let payload = Records::signing_payload(
			&r2,
			1,
			&account(Alice),
			&account(Eve),
			&smer(2),
			&to(&[Bob]),
			RecordClass::Laboratory,
			SecurityLevel::Low,
			20,
			0,
		);
		let for_eve = OwnerConsent {
			submitter: account(Eve),
			valid_until: 20,
			epoch: 0,
			signature: MultiSignature::Sr25519(Alice.pair().sign(&payload)),
		};
		let for_dave = consent(Alice, Dave, 1, 1, 0);
		assert_ok!(Records::anchor_record(
			signed(Eve),
			account(Alice),
			salt2,
			smer(2),
			to(&[Bob]),
			RecordClass::Laboratory,
			SecurityLevel::Low,
			Some(for_eve),
		));
		assert_ok!(anchor_r1(Dave, Some(for_dave)));
	});
}

#[test]
fn wallet_wrapped_signatures_are_accepted() {
	test(|| {
		hospital();
		let payload = Records::signing_payload(
			&r1(),
			1,
			&account(Alice),
			&account(Dave),
			&smer(1),
			&to(&[Bob]),
			RecordClass::Outpatient,
			SecurityLevel::Private,
			20,
			0,
		);
		let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
		let c = OwnerConsent {
			submitter: account(Dave),
			valid_until: 20,
			epoch: 0,
			signature: MultiSignature::Sr25519(Alice.pair().sign(&wrapped)),
		};
		assert_ok!(anchor_r1(Dave, Some(c)));
	});
}

#[test]
fn forged_missing_expired_cancelled_or_replayed_consent_is_refused() {
	test(|| {
		hospital();
		assert_noop!(
			anchor_r1(Charlie, Some(consent(Alice, Charlie, 1, 1, 0))),
			Error::<Test>::NotRegisteredPractitioner
		);
		assert_noop!(anchor_r1(Dave, None), Error::<Test>::OwnerSignatureMissing);
		assert_noop!(
			anchor_r1(Dave, Some(consent(Charlie, Dave, 1, 1, 0))),
			Error::<Test>::BadOwnerSignature,
		);
		// Signed over other contents (another SMeR).
		assert_noop!(
			anchor_r1(Dave, Some(consent(Alice, Dave, 1, 2, 0))),
			Error::<Test>::BadOwnerSignature
		);
		// Signed for version 2 but used for version 1.
		assert_noop!(
			anchor_r1(Dave, Some(consent(Alice, Dave, 2, 1, 0))),
			Error::<Test>::BadOwnerSignature
		);
		// Another chain (other genesis hash): the signature does not carry over.
		let foreign = consent(Alice, Dave, 1, 1, 0);
		frame_system::BlockHash::<Test>::insert(0, H256::repeat_byte(0x77));
		assert_noop!(
			anchor_r1(Dave, Some(foreign)),
			Error::<Test>::BadOwnerSignature
		);
		frame_system::BlockHash::<Test>::insert(0, H256::repeat_byte(0x6e));
		// Valid until block 5: usable at 5, not at 6.
		let short = consent_until(Alice, Dave, 1, 1, 0, 5);
		run_to(6);
		assert_noop!(
			anchor_r1(Dave, Some(short.clone())),
			Error::<Test>::ConsentExpired
		);
		run_to(5);
		// Alice cancels her outstanding consents: epoch 0 is void.
		assert_ok!(Records::cancel_consents(signed(Alice)));
		System::assert_last_event(
			Event::ConsentsCancelled {
				owner: account(Alice),
				epoch: 1,
			}
			.into(),
		);
		assert_noop!(
			anchor_r1(Dave, Some(short)),
			Error::<Test>::ConsentCancelled
		);
		let c = consent(Alice, Dave, 1, 1, 1);
		assert_ok!(anchor_r1(Dave, Some(c.clone())));
		// Used once: replaying it (same version) finds the record there; for the next version
		// the signature no longer fits.
		assert_noop!(
			anchor_r1(Dave, Some(c.clone())),
			Error::<Test>::RecordExists
		);
		assert_noop!(
			Records::amend_record(signed(Dave), r1(), smer(1), to(&[Bob]), Some(c)),
			Error::<Test>::BadOwnerSignature
		);
		assert_ok!(Records::amend_record(
			signed(Dave),
			r1(),
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, Dave, 2, 2, 1)),
		));
		assert_eq!(ConsentEpochs::<Test>::get(account(Alice)), 1);
	});
}

#[test]
fn a_practitioner_of_a_hospital_that_left_cannot_anchor() {
	test(|| {
		hospital();
		take_role(&account(Ferdie), Role::Hospital);
		assert_noop!(
			anchor_r1(Dave, Some(consent(Alice, Dave, 1, 1, 0))),
			Error::<Test>::NotRegisteredPractitioner
		);
	});
}

#[test]
fn anchors_are_validated() {
	test(|| {
		let anchor = |s: SmerRef<_>, r| {
			Records::anchor_record(
				signed(Alice),
				account(Alice),
				SALT,
				s,
				r,
				RecordClass::Laboratory,
				SecurityLevel::Moderate,
				None,
			)
		};
		let empty = SmerRef {
			cid: BoundedVec::new(),
			..smer(1)
		};
		assert_noop!(anchor(empty, to(&[Bob])), Error::<Test>::EmptyCid);
		let foreign = SmerRef {
			suite: 9,
			..smer(1)
		};
		assert_noop!(anchor(foreign, to(&[Bob])), Error::<Test>::UnknownSuite);
		assert_noop!(anchor(smer(1), to(&[])), Error::<Test>::NoRecipients);
		assert_ok!(anchor(smer(1), to(&[Bob])));
		// The same SMeR twice in one record is refused; in another owner's record it is not
		// Alice's business.
		assert_noop!(
			Records::amend_record(signed(Alice), r1(), smer(1), to(&[Bob]), None),
			Error::<Test>::DuplicateSmer
		);
	});
}

#[test]
fn amendments_form_a_version_chain() {
	test(|| {
		assert_ok!(anchor_r1(Alice, None));
		run_to(3);
		hospital();
		assert_ok!(Records::amend_record(
			signed(Dave),
			r1(),
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, Dave, 2, 2, 0)),
		));
		System::assert_last_event(
			Event::RecordAmended {
				record: r1(),
				version: 2,
				author: account(Dave),
				institution: Some(account(Ferdie)),
				smer_hash: smer(2).smer_hash,
				cid: smer(2).cid,
			}
			.into(),
		);
		assert_ok!(Records::amend_record(
			signed(Alice),
			r1(),
			smer(3),
			to(&[Bob, Charlie]),
			None
		));
		let h = Records::history(&r1(), 1, 10);
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
		assert_eq!(Records::history(&r1(), 2, 1).len(), 1);
		assert_eq!(
			Records::verify(&r1(), &smer(2).smer_hash),
			Verification::Match {
				owner: account(Alice),
				author: account(Dave),
				version: 2
			}
		);
		assert_eq!(
			Records::verify(&r1(), &H256::repeat_byte(99)),
			Verification::Mismatch
		);
		assert_eq!(
			Records::verify(&H256::repeat_byte(9), &smer(1).smer_hash),
			Verification::Unknown
		);
		let summary = <Records as RecordsInspect<_, _>>::record(&r1()).unwrap();
		assert_eq!((summary.latest, summary.erased_at), (3, None));
		let info = <Records as RecordsInspect<_, _>>::anchor(&r1(), 2).unwrap();
		assert_eq!(
			(info.owner, info.author, info.anchored_at),
			(account(Alice), account(Dave), 3)
		);
		// Up to MaxVersions (5).
		for n in 4..=5 {
			assert_ok!(Records::amend_record(
				signed(Alice),
				r1(),
				smer(n),
				to(&[Bob]),
				None
			));
		}
		assert_noop!(
			Records::amend_record(signed(Alice), r1(), smer(6), to(&[Bob]), None),
			Error::<Test>::TooManyVersions
		);
		assert_noop!(
			Records::amend_record(
				signed(Alice),
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
		assert_ok!(anchor_r1(Alice, None)); // block 1, retention 10 blocks
		let held = deposit_of(Alice);
		assert_noop!(
			Records::erase_record(signed(Bob), r1()),
			Error::<Test>::NotOwner
		);
		run_to(10);
		assert_noop!(
			Records::erase_record(signed(Alice), r1()),
			Error::<Test>::RetentionNotElapsed
		);
		run_to(11); // exactly updated_at + RetentionPeriod
		assert_noop!(
			Records::set_legal_hold(signed(Alice), r1(), true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Records::set_legal_hold(RuntimeOrigin::root(), r1(), true));
		System::assert_last_event(
			Event::LegalHoldSet {
				record: r1(),
				hold: true,
			}
			.into(),
		);
		assert_noop!(
			Records::erase_record(signed(Alice), r1()),
			Error::<Test>::LegalHold
		);
		assert_ok!(Records::set_legal_hold(RuntimeOrigin::root(), r1(), false));
		assert_ok!(Records::erase_record(signed(Alice), r1()));
		System::assert_last_event(
			Event::RecordErased {
				record: r1(),
				owner: account(Alice),
			}
			.into(),
		);
		let a = Anchors::<Test>::get(r1(), 1).unwrap();
		assert!(a.recipients.is_empty(), "authority status removed");
		assert_eq!(
			a.smer.smer_hash,
			smer(1).smer_hash,
			"tombstone keeps the hash"
		);
		assert_eq!(deposit_of(Alice), held, "the tombstone stays paid for");
		assert_eq!(
			Records::verify(&r1(), &smer(1).smer_hash),
			Verification::Erased
		);
		let summary = <Records as RecordsInspect<_, _>>::record(&r1()).unwrap();
		assert_eq!(summary.erased_at, Some(11));
		assert_noop!(
			Records::erase_record(signed(Alice), r1()),
			Error::<Test>::RecordErased
		);
		assert_noop!(
			Records::amend_record(signed(Alice), r1(), smer(2), to(&[Bob]), None),
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
				signed(Alice),
				account(Alice),
				[i; 32],
				smer(i),
				to(&[Bob]),
				RecordClass::Vaccination,
				SecurityLevel::Low,
				None,
			));
		}
		let page1 = Records::records_of(&account(Alice), None, 3);
		let page2 = Records::records_of(&account(Alice), page1.last().copied(), 3);
		assert_eq!((page1.len(), page2.len()), (3, 2));
		let mut all: Vec<_> = page1.into_iter().chain(page2).collect();
		all.sort();
		let mut expected: Vec<_> = (1..=5u8)
			.map(|i| record_id(&account(Alice), &[i; 32]))
			.collect();
		expected.sort();
		assert_eq!(all, expected);
		assert!(Records::records_of(&account(Bob), None, 10).is_empty());
	});
}

#[test]
fn a_booked_provider_anchors_once_for_its_service_without_a_signature() {
	test(|| {
		hospital();
		let new = AnchorTarget::New {
			salt: SALT,
			class: RecordClass::Outpatient,
			level: SecurityLevel::Private,
		};
		let (record, version) = <Records as ServiceRecords<_, _>>::anchor_for_service(
			&account(Dave),
			&account(Alice),
			new,
			smer(1),
			to(&[Alice, Dave]),
			7,
		)
		.unwrap();
		assert_eq!((record, version), (r1(), 1));
		let a = Anchors::<Test>::get(r1(), 1).unwrap();
		assert_eq!(a.authorisation, Authorisation::Booking { service: 7 });
		assert_eq!(a.settled_by, Some(7));
		assert_eq!(a.institution, Some(account(Ferdie)));
		// Amending someone else's record on Alice's booking is refused.
		assert_ok!(Records::anchor_record(
			signed(Bob),
			account(Bob),
			SALT,
			smer(2),
			to(&[Bob]),
			RecordClass::Outpatient,
			SecurityLevel::Low,
			None,
		));
		let bobs = record_id(&account(Bob), &SALT);
		assert_noop!(
			<Records as ServiceRecords<_, _>>::anchor_for_service(
				&account(Dave),
				&account(Alice),
				AnchorTarget::Amend(bobs),
				smer(3),
				to(&[Alice]),
				8,
			),
			Error::<Test>::NotOwner
		);
		let (_, v2) = <Records as ServiceRecords<_, _>>::anchor_for_service(
			&account(Dave),
			&account(Alice),
			AnchorTarget::Amend(r1()),
			smer(3),
			to(&[Alice]),
			8,
		)
		.unwrap();
		assert_eq!(v2, 2);
		// An anchor settles one service.
		assert_noop!(
			<Records as ServiceRecords<_, _>>::settle(&r1(), 2, 9),
			Error::<Test>::AlreadySettled
		);
		assert_ok!(Records::amend_record(
			signed(Alice),
			r1(),
			smer(4),
			to(&[Alice]),
			None
		));
		assert_ok!(<Records as ServiceRecords<_, _>>::settle(&r1(), 3, 9));
		assert_eq!(
			<Records as RecordsInspect<_, _>>::anchor(&r1(), 3)
				.unwrap()
				.settled,
			Some(9)
		);
		assert_noop!(
			<Records as ServiceRecords<_, _>>::settle(&r1(), 9, 9),
			Error::<Test>::AnchorNotFound
		);
	});
}

#[test]
fn invariants_catch_a_broken_index() {
	new_test_ext().execute_with(|| {
		assert_ok!(anchor_r1(Alice, None));
		assert_ok!(Records::do_try_state());
		crate::SmerIndex::<Test>::insert(r1(), H256::repeat_byte(42), 1);
		assert!(Records::do_try_state().is_err());
	});
}
