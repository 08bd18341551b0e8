//! Unit tests: who may publish keys, set committees, answer requests; requests stored for
//! refused readers too, with the chain's verdict; no release without a basis at the request's
//! block and now (revocation, erasure); one answer per custodian; deposits.

use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use semres_primitives::H256;

use crate::{
	mock::*, Answer, CurrentEpoch, Denial, Error, Event, HoldReason, KeyRequests, Releases,
};

const R: H256 = H256([7; 32]);

fn key(n: u8) -> BoundedVec<u8, frame_support::traits::ConstU32<64>> {
	BoundedVec::truncate_from(vec![n; 44])
}

fn signed(a: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(a)
}

fn held(a: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &a)
}

/// Hospitals 1 ..= 4 with custody keys, a 3-of-4 committee (epoch 1), version 1 of R.
fn committee() {
	for h in 1..=4 {
		hospital(h);
		assert_ok!(Custody::register_custody_key(signed(h), key(h as u8)));
	}
	assert_ok!(Custody::set_committee(
		RuntimeOrigin::root(),
		BoundedVec::truncate_from(vec![1, 2, 3, 4]),
		3
	));
	anchor(R, 1);
}

fn share() -> BoundedVec<u8, frame_support::traits::ConstU32<128>> {
	BoundedVec::truncate_from(vec![9; 80])
}

#[test]
fn only_hospitals_publish_custody_keys_and_pay_for_them() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Custody::register_custody_key(signed(5), key(5)),
			Error::<Test>::NotHospital
		);
		hospital(5);
		assert_noop!(
			Custody::register_custody_key(signed(5), BoundedVec::new()),
			Error::<Test>::BadKey
		);
		assert_ok!(Custody::register_custody_key(signed(5), key(5)));
		let first = held(5);
		assert!(first > 0);
		// Replacing keeps one deposit.
		assert_ok!(Custody::register_custody_key(signed(5), key(6)));
		assert_eq!(held(5), first);
	});
}

#[test]
fn committees_are_governed_checked_and_numbered() {
	new_test_ext().execute_with(|| {
		for h in 1..=3 {
			hospital(h);
			assert_ok!(Custody::register_custody_key(signed(h), key(h as u8)));
		}
		let set = |members: Vec<AccountId>, t| {
			Custody::set_committee(RuntimeOrigin::root(), BoundedVec::truncate_from(members), t)
		};
		assert_noop!(
			Custody::set_committee(signed(1), BoundedVec::truncate_from(vec![1, 2]), 2),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(set(vec![1, 2], 1), Error::<Test>::BadCommittee);
		assert_noop!(set(vec![1, 2], 3), Error::<Test>::BadCommittee);
		assert_noop!(set(vec![1, 1, 2], 2), Error::<Test>::BadCommittee);
		assert_noop!(set(vec![1, 2, 5], 2), Error::<Test>::NotHospital);
		hospital(5);
		assert_noop!(set(vec![1, 2, 5], 2), Error::<Test>::NoCustodyKey);
		assert_ok!(set(vec![1, 2, 3], 2));
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		assert_ok!(set(vec![2, 3], 2));
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
		System::assert_last_event(
			Event::CommitteeSet {
				epoch: 2,
				threshold: 2,
				custodians: 2,
			}
			.into(),
		);
		// The old committee stays: records sealed for it can still be released.
		assert_eq!(
			crate::Committees::<Test>::get(1).unwrap().custodians.len(),
			3
		);
		// A hospital that left cannot join a new committee.
		leave(3);
		assert_noop!(set(vec![2, 3], 2), Error::<Test>::NotHospital);
	});
}

#[test]
fn a_request_is_stored_and_evented_even_for_a_reader_without_basis() {
	new_test_ext().execute_with(|| {
		committee();
		assert_noop!(
			Custody::request_key(signed(9), R, 2, 1),
			Error::<Test>::NoSuchVersion
		);
		assert_noop!(
			Custody::request_key(signed(9), R, 1, 2),
			Error::<Test>::UnknownEpoch
		);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		System::assert_last_event(
			Event::KeyRequested {
				id: 0,
				reader: 9,
				record: R,
				version: 1,
				epoch: 1,
				granted: false,
			}
			.into(),
		);
		let r = KeyRequests::<Test>::get(0).unwrap();
		assert_eq!((r.reader, r.at, r.granted), (9, 1, false));
		assert!(held(9) > 0, "the reader pays for the request's state");
		// Reader 9 had no basis: no custodian can release to it, even a willing one; the
		// attempt fails and leaves nothing.
		assert_noop!(
			Custody::release_share(signed(1), 0, 1, share()),
			Error::<Test>::NoBasis
		);
		// A basis given after the request does not make it good.
		allow(9, R, 1, 100);
		assert_noop!(
			Custody::release_share(signed(1), 0, 1, share()),
			Error::<Test>::NoBasis
		);
		// Refusing is always possible.
		assert_ok!(Custody::deny_request(signed(1), 0, 1, Denial::NoBasis));
	});
}

#[test]
fn revocation_binds_from_its_block_also_for_earlier_requests() {
	new_test_ext().execute_with(|| {
		committee();
		allow(9, R, 1, 100);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert!(KeyRequests::<Test>::get(0).unwrap().granted);
		assert_ok!(Custody::release_share(signed(1), 0, 1, share()));
		System::set_block_number(3);
		revoke(9, R);
		assert_noop!(
			Custody::release_share(signed(2), 0, 2, share()),
			Error::<Test>::NoBasis
		);
		// A new request is refused by the chain itself.
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert!(!KeyRequests::<Test>::get(1).unwrap().granted);
	});
}

#[test]
fn an_erased_version_is_never_released() {
	new_test_ext().execute_with(|| {
		committee();
		allow(9, R, 1, 100);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert_ok!(Custody::release_share(signed(1), 0, 1, share()));
		erase(R);
		assert_noop!(
			Custody::release_share(signed(2), 0, 2, share()),
			Error::<Test>::NoSuchVersion
		);
		// Requests after erasure are logged, and refused.
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert!(!KeyRequests::<Test>::get(1).unwrap().granted);
		assert_noop!(
			Custody::release_share(signed(1), 1, 1, share()),
			Error::<Test>::NoBasis
		);
	});
}

#[test]
fn a_custodian_that_cannot_pay_for_its_release_releases_nothing() {
	new_test_ext().execute_with(|| {
		committee();
		allow(9, R, 1, 100);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		let free = Balances::free_balance(1);
		assert_ok!(
			<Balances as frame_support::traits::fungible::Mutate<_>>::burn_from(
				&1,
				free - 1,
				frame_support::traits::tokens::Preservation::Expendable,
				frame_support::traits::tokens::Precision::Exact,
				frame_support::traits::tokens::Fortitude::Polite,
			)
		);
		assert_noop!(
			Custody::release_share(signed(1), 0, 1, share()),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn each_custodian_answers_once_for_its_own_share() {
	new_test_ext().execute_with(|| {
		committee();
		allow(9, R, 1, 100);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert!(KeyRequests::<Test>::get(0).unwrap().granted);
		// Not a custodian, or another custodian's index.
		assert_noop!(
			Custody::release_share(signed(5), 0, 1, share()),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			Custody::release_share(signed(2), 0, 1, share()),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			Custody::release_share(signed(1), 0, 0, share()),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			Custody::release_share(signed(1), 0, 9, share()),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			Custody::release_share(signed(1), 0, 1, BoundedVec::new()),
			Error::<Test>::BadShare
		);
		assert_noop!(
			Custody::release_share(signed(1), 7, 1, share()),
			Error::<Test>::UnknownRequest
		);
		assert_ok!(Custody::release_share(signed(1), 0, 1, share()));
		System::assert_last_event(
			Event::ShareReleased {
				id: 0,
				index: 1,
				custodian: 1,
			}
			.into(),
		);
		assert_noop!(
			Custody::release_share(signed(1), 0, 1, share()),
			Error::<Test>::AlreadyAnswered
		);
		assert_noop!(
			Custody::deny_request(signed(1), 0, 1, Denial::NoBasis),
			Error::<Test>::AlreadyAnswered
		);
		assert_ok!(Custody::deny_request(signed(2), 0, 2, Denial::NoBasis));
		assert_noop!(
			Custody::release_share(signed(2), 0, 2, share()),
			Error::<Test>::AlreadyAnswered
		);
		let r = KeyRequests::<Test>::get(0).unwrap();
		assert_eq!(
			r.answers.to_vec(),
			vec![(1, Answer::Released), (2, Answer::Denied(Denial::NoBasis))]
		);
		assert_eq!(Releases::<Test>::get(0, 1).unwrap().sealed, share());
		assert!(Releases::<Test>::get(0, 2).is_none());
		assert_ok!(Custody::do_try_state());
	});
}

#[test]
fn a_custodian_of_a_later_committee_cannot_answer_for_an_earlier_one() {
	new_test_ext().execute_with(|| {
		committee();
		hospital(5);
		assert_ok!(Custody::register_custody_key(signed(5), key(5)));
		assert_ok!(Custody::set_committee(
			RuntimeOrigin::root(),
			BoundedVec::truncate_from(vec![5, 2, 3, 4]),
			3
		));
		allow(9, R, 1, 100);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert_noop!(
			Custody::release_share(signed(5), 0, 1, share()),
			Error::<Test>::NotCustodian
		);
		assert_ok!(Custody::release_share(signed(1), 0, 1, share()));
	});
}

#[test]
fn requests_are_pruned_after_their_lifetime_returning_the_deposits() {
	new_test_ext().execute_with(|| {
		committee();
		allow(9, R, 1, 100);
		let before = held(1);
		assert_ok!(Custody::request_key(signed(9), R, 1, 1));
		assert_ok!(Custody::release_share(signed(1), 0, 1, share()));
		assert!(
			held(1) > before,
			"the custodian pays for its release's state"
		);
		System::set_block_number(10);
		assert_noop!(
			Custody::prune_request(signed(5), 0),
			Error::<Test>::TooEarly
		);
		System::set_block_number(11);
		assert_ok!(Custody::prune_request(signed(5), 0));
		assert_eq!(held(9), 0);
		assert_eq!(held(1), before);
		assert!(KeyRequests::<Test>::get(0).is_none());
		assert!(Releases::<Test>::get(0, 1).is_none());
		assert_ok!(Custody::do_try_state());
		assert_noop!(
			Custody::prune_request(signed(5), 0),
			Error::<Test>::UnknownRequest
		);
	});
}
