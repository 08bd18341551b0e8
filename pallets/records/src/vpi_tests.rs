//! Unit tests of virtual patient identifiers: who may set and clear them, the owner's
//! refusal, deposits, erasure, and lookups that show every owner tagged with an identifier.

use frame_support::{assert_noop, assert_ok};
use semres_primitives::{record_id, RecordClass, Role, SecurityLevel, Vpi, H256};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};

use crate::{mock::*, tests::*, Error, Event, RecordVpi, VpiMatch, VpiRecords, VpiRefused};

fn vpi(n: u8) -> Vpi {
	H256::repeat_byte(n)
}

/// Dave (a practitioner of Ferdie) anchors Alice's R1 with her consent.
fn dave_anchors_r1() {
	hospital();
	assert_ok!(anchor_r1(Dave, Some(consent(Alice, Dave, 1, 1, 0))));
}

fn found(v: Vpi) -> Vec<VpiMatch<sp_runtime::AccountId32>> {
	Records::records_by_vpi(&v, None, 100)
}

#[test]
fn the_first_author_tags_a_record_and_members_find_it_by_the_identifier() {
	test(|| {
		dave_anchors_r1();
		let before = deposit_of(Dave);
		assert_ok!(Records::set_vpi(signed(Dave), r1(), vpi(7)));
		System::assert_last_event(
			Event::VpiSet {
				record: r1(),
				vpi: vpi(7),
				set_by: account(Dave),
			}
			.into(),
		);
		assert_eq!(
			deposit_of(Dave) - before,
			100 + Records::vpi_footprint().size as Balance,
			"the setter pays for the entry and its index"
		);
		assert_eq!(
			found(vpi(7)),
			vec![VpiMatch {
				record: r1(),
				owner: account(Alice),
				set_by: account(Dave)
			}]
		);
		assert_eq!(Records::vpi_of(&r1()), Some((vpi(7), account(Dave))));
		assert!(found(vpi(8)).is_empty());
	});
}

#[test]
fn nobody_but_the_owner_or_the_first_author_can_tag_a_record() {
	test(|| {
		dave_anchors_r1();
		// Eve amends it later with consent: she did not anchor the first version.
		assert_ok!(Records::amend_record(
			signed(Eve),
			r1(),
			smer(2),
			to(&[Bob]),
			Some(consent(Alice, Eve, 2, 2, 0)),
		));
		for k in [Charlie, Eve, Ferdie, Bob] {
			assert_noop!(
				Records::set_vpi(signed(k), r1(), vpi(7)),
				Error::<Test>::NotOwnerOrFirstAuthor
			);
		}
		// Dave leaves the consortium: he is no care provider now.
		take_role(&account(Dave), Role::Practitioner);
		assert_noop!(
			Records::set_vpi(signed(Dave), r1(), vpi(7)),
			Error::<Test>::NotOwnerOrFirstAuthor
		);
		assert_noop!(
			Records::set_vpi(signed(Alice), H256::repeat_byte(9), vpi(7)),
			Error::<Test>::RecordNotFound
		);
		// The owner may.
		assert_ok!(Records::set_vpi(signed(Alice), r1(), vpi(7)));
		assert_eq!(
			deposit_of(Alice),
			100 + Records::vpi_footprint().size as Balance
		);
	});
}

#[test]
fn a_record_has_one_identifier_and_only_the_owner_or_setter_clears_it() {
	test(|| {
		dave_anchors_r1();
		let held = deposit_of(Dave);
		assert_ok!(Records::set_vpi(signed(Dave), r1(), vpi(7)));
		assert_noop!(
			Records::set_vpi(signed(Dave), r1(), vpi(8)),
			Error::<Test>::VpiAlreadySet
		);
		assert_noop!(
			Records::set_vpi(signed(Alice), r1(), vpi(8)),
			Error::<Test>::VpiAlreadySet
		);
		for k in [Charlie, Eve, Ferdie] {
			assert_noop!(
				Records::clear_vpi(signed(k), r1()),
				Error::<Test>::NotOwnerOrSetter
			);
		}
		// The setter clears it: the deposit comes back, no refusal is recorded.
		assert_ok!(Records::clear_vpi(signed(Dave), r1()));
		System::assert_last_event(
			Event::VpiCleared {
				record: r1(),
				by: account(Dave),
				refused: false,
			}
			.into(),
		);
		assert_eq!(deposit_of(Dave), held);
		assert!(found(vpi(7)).is_empty());
		assert_noop!(Records::clear_vpi(signed(Dave), r1()), Error::<Test>::NoVpi);
		assert_ok!(Records::set_vpi(signed(Dave), r1(), vpi(8)));
		assert_eq!(found(vpi(8)).len(), 1);
	});
}

#[test]
fn an_owners_clear_is_a_refusal_that_care_providers_cannot_override() {
	test(|| {
		dave_anchors_r1();
		let held = deposit_of(Dave);
		assert_ok!(Records::set_vpi(signed(Dave), r1(), vpi(7)));
		assert_ok!(Records::clear_vpi(signed(Alice), r1()));
		System::assert_last_event(
			Event::VpiCleared {
				record: r1(),
				by: account(Alice),
				refused: true,
			}
			.into(),
		);
		assert_eq!(deposit_of(Dave), held, "the setter's deposit is returned");
		assert!(found(vpi(7)).is_empty());
		assert_noop!(
			Records::set_vpi(signed(Dave), r1(), vpi(7)),
			Error::<Test>::VpiRefused
		);
		// The owner changes her mind: setting it herself lifts the refusal.
		assert_ok!(Records::set_vpi(signed(Alice), r1(), vpi(7)));
		assert!(!VpiRefused::<Test>::contains_key(r1()));
		assert_ok!(Records::clear_vpi(signed(Alice), r1()));
		assert_eq!(deposit_of(Alice), 0);
	});
}

#[test]
fn an_owner_refuses_before_anyone_tags_the_record() {
	test(|| {
		dave_anchors_r1();
		assert_ok!(Records::clear_vpi(signed(Alice), r1()));
		assert_noop!(
			Records::set_vpi(signed(Dave), r1(), vpi(7)),
			Error::<Test>::VpiRefused
		);
	});
}

#[test]
fn erasure_clears_the_identifier_and_returns_its_deposit() {
	test(|| {
		dave_anchors_r1();
		let held = deposit_of(Dave);
		assert_ok!(Records::set_vpi(signed(Dave), r1(), vpi(7)));
		run_to(1 + 10);
		assert_ok!(Records::erase_record(signed(Alice), r1()));
		System::assert_has_event(
			Event::VpiCleared {
				record: r1(),
				by: account(Alice),
				refused: false,
			}
			.into(),
		);
		assert_eq!(deposit_of(Dave), held);
		assert!(found(vpi(7)).is_empty());
		assert!(RecordVpi::<Test>::get(r1()).is_none());
		assert_noop!(
			Records::set_vpi(signed(Alice), r1(), vpi(7)),
			Error::<Test>::RecordErased
		);
		// Nor is a refusal recorded for an erased record (it could never be lifted).
		assert_noop!(
			Records::clear_vpi(signed(Alice), r1()),
			Error::<Test>::RecordErased
		);
	});
}

#[test]
fn a_setter_who_cannot_pay_the_deposit_tags_nothing() {
	test(|| {
		assert_ok!(anchor_r1(Alice, None));
		let free = <Balances as frame_support::traits::fungible::Inspect<_>>::reducible_balance(
			&account(Alice),
			frame_support::traits::tokens::Preservation::Preserve,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		assert_ok!(Balances::transfer_allow_death(
			signed(Alice),
			account(Bob),
			free
		));
		assert_noop!(
			Records::set_vpi(signed(Alice), r1(), vpi(7)),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn a_lookup_shows_every_owner_tagged_with_the_identifier_in_pages() {
	test(|| {
		assert_ok!(anchor_r1(Alice, None));
		assert_ok!(Records::set_vpi(signed(Alice), r1(), vpi(7)));
		// Bob tags three records of his own with Alice's identifier: the lookup shows them as
		// Bob's, next to Alice's, so a member sees two owners claim the patient.
		for salt in 0..3u8 {
			assert_ok!(Records::anchor_record(
				signed(Bob),
				account(Bob),
				[salt; 32],
				smer(10 + salt),
				to(&[Bob]),
				RecordClass::Outpatient,
				SecurityLevel::Private,
				None,
			));
			let record = record_id(&account(Bob), &[salt; 32]);
			assert_ok!(Records::set_vpi(signed(Bob), record, vpi(7)));
		}
		let all = found(vpi(7));
		assert_eq!(all.len(), 4);
		assert_eq!(all.iter().filter(|m| m.owner == account(Alice)).count(), 1);
		assert!(all.iter().all(|m| m.owner == m.set_by));
		// Pages of two, resuming after the last record of a page, cover all four once.
		let first = Records::records_by_vpi(&vpi(7), None, 2);
		let second = Records::records_by_vpi(&vpi(7), first.last().map(|m| m.record), 2);
		assert_eq!((first.len(), second.len()), (2, 2));
		let mut paged: Vec<_> = first.iter().chain(&second).map(|m| m.record).collect();
		paged.sort();
		let mut ids: Vec<_> = all.iter().map(|m| m.record).collect();
		ids.sort();
		assert_eq!(paged, ids);
		assert_eq!(VpiRecords::<Test>::iter_prefix(vpi(7)).count(), 4);
	});
}
