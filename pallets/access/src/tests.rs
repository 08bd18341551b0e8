//! Unit tests of every call's success and error paths: keys without lock-outs, grants indexed
//! per (grantee, owner) and pruned, requests with expiry and bounds, approvals bound to the set
//! in force, emergencies with their whole life cycle, deposits, history at exact blocks, and
//! the storage invariants after each test.

use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use semres_primitives::{
	PurposeOfUse, RecordClass, RecordId, Role, RolesInspect, SecurityLevel, H256,
};
use sp_runtime::DispatchError;

use crate::{
	mock::*, AccessBasis, Denial, Error, Event, GrantStatus, Grants, HoldReason, Keys,
	OpenRequests, PairEmergencies, PairGrants, Policies, Requests, Scope,
};

const ALICE: AccountId = 1; // patient
const BOB: AccountId = 2; // practitioner
const CHARLIE: AccountId = 3; // a stranger
const RESPONDER: AccountId = 4;
const HOSPITAL: AccountId = 10;
const GUARDIAN: AccountId = 20;
const OFFICER: AccountId = 30;
const OFFICER2: AccountId = 31;
const PRIVACY: AccountId = 40;
const R1: RecordId = H256::repeat_byte(1); // Alice, outpatient, private
const R2: RecordId = H256::repeat_byte(2); // Alice, lab, low
const REASON: H256 = H256::repeat_byte(0xee);

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn deposit(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &who)
}

fn accounts(a: &[AccountId]) -> BoundedVec<AccountId, frame_support::traits::ConstU32<4>> {
	BoundedVec::truncate_from(a.to_vec())
}

fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		add_record(R1, ALICE, RecordClass::Outpatient, SecurityLevel::Private);
		add_record(R2, ALICE, RecordClass::Laboratory, SecurityLevel::Low);
		assert_ok!(Access::add_member(root(), HOSPITAL, Role::Hospital, None));
		assert_ok!(Access::add_member(
			root(),
			BOB,
			Role::Practitioner,
			Some(HOSPITAL)
		));
		f();
		Access::do_try_state().expect("storage invariants hold");
	});
}

/// Alice grants Bob `scope` until `expires_at`; returns the grant id.
fn grant(scope: Scope, expires_at: u64) -> u64 {
	grant_from(ALICE, scope, expires_at)
}

fn grant_from(owner: AccountId, scope: Scope, expires_at: u64) -> u64 {
	assert_ok!(Access::grant_access(
		signed(owner),
		BOB,
		scope,
		PurposeOfUse::Treatment,
		expires_at,
		None
	));
	crate::NextGrantId::<Test>::get() - 1
}

mod keys {
	use super::*;

	fn spki(b: u8) -> BoundedVec<u8, frame_support::traits::ConstU32<1300>> {
		BoundedVec::truncate_from(vec![b; 40])
	}

	fn id(b: u8) -> H256 {
		H256(sp_io::hashing::sha2_256(&[b; 40]))
	}

	#[test]
	fn are_published_rotated_and_revoked_with_deposits() {
		test(|| {
			assert_ok!(Access::register_key(signed(BOB), 1, spki(1)));
			System::assert_last_event(
				Event::KeyRegistered {
					who: BOB,
					key: id(1),
					suite: 1,
				}
				.into(),
			);
			let one = deposit(BOB);
			assert!(one > DEPOSIT_BASE, "a key's deposit covers its bytes");
			run_to(5);
			assert_ok!(Access::register_key(signed(BOB), 1, spki(2)));
			let keys = Keys::<Test>::get(BOB);
			assert_eq!(
				keys[0].revoked_at,
				Some(5),
				"rotation revokes the previous key"
			);
			assert_eq!(Access::current_key(&BOB, 1).unwrap().id, id(2));
			assert_eq!(deposit(BOB), 2 * one);
			assert_ok!(Access::revoke_key(signed(BOB), id(2)));
			System::assert_last_event(
				Event::KeyRevoked {
					who: BOB,
					key: id(2),
				}
				.into(),
			);
			assert!(Access::current_key(&BOB, 1).is_none());
			assert_noop!(
				Access::revoke_key(signed(BOB), id(2)),
				Error::<Test>::KeyAlreadyRevoked
			);
			assert_noop!(
				Access::revoke_key(signed(BOB), id(7)),
				Error::<Test>::KeyNotFound
			);
			assert_noop!(
				Access::register_key(signed(BOB), 9, spki(3)),
				Error::<Test>::UnknownSuite
			);
			assert_noop!(
				Access::register_key(signed(BOB), 1, BoundedVec::new()),
				Error::<Test>::EmptyKey
			);
			assert_noop!(
				Access::register_key(signed(BOB), 3, spki(1)),
				Error::<Test>::KeyAlreadyRegistered
			);
			let poor = 999;
			assert_noop!(
				Access::register_key(signed(poor), 1, spki(9)),
				Error::<Test>::CannotPayDeposit
			);
		});
	}

	#[test]
	fn no_number_of_rotations_locks_an_account_out() {
		test(|| {
			// MaxKeysPerAccount is 6: twenty rotations of one suite still go through, and the
			// list keeps the newest keys, revoked ones giving way with their deposits.
			for b in 1..=20u8 {
				assert_ok!(Access::register_key(signed(BOB), 1, spki(b)));
			}
			let keys = Keys::<Test>::get(BOB);
			assert_eq!(keys.len(), 6);
			assert_eq!(Access::current_key(&BOB, 1).unwrap().id, id(20));
			let per_key = deposit(BOB) / 6;
			assert_eq!(deposit(BOB), 6 * per_key, "only kept keys hold a deposit");
			System::assert_has_event(
				Event::KeyPruned {
					who: BOB,
					key: id(14),
				}
				.into(),
			);
			// One current key in each of the five suites, and rotations go on.
			for suite in 2..=5u8 {
				assert_ok!(Access::register_key(signed(BOB), suite, spki(100 + suite)));
			}
			assert_ok!(Access::register_key(signed(BOB), 3, spki(200)));
			assert_eq!(
				Keys::<Test>::get(BOB)
					.iter()
					.filter(|k| k.revoked_at.is_none())
					.count(),
				5
			);
		});
	}
}

mod consortium {
	use super::*;

	#[test]
	fn governance_manages_members() {
		test(|| {
			assert!(Access::has_role(&BOB, Role::Practitioner));
			assert_eq!(Access::institution_of(&BOB), Some(HOSPITAL));
			assert_noop!(
				Access::add_member(signed(BOB), CHARLIE, Role::Practitioner, Some(HOSPITAL)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Access::add_member(root(), BOB, Role::Practitioner, Some(HOSPITAL)),
				Error::<Test>::AlreadyMember
			);
			assert_noop!(
				Access::add_member(root(), CHARLIE, Role::Practitioner, None),
				Error::<Test>::InvalidInstitution
			);
			assert_noop!(
				Access::add_member(root(), CHARLIE, Role::Hospital, Some(HOSPITAL)),
				Error::<Test>::InvalidInstitution
			);
			assert_noop!(
				Access::add_member(root(), CHARLIE, Role::Practitioner, Some(GUARDIAN)),
				Error::<Test>::InvalidInstitution
			);
			assert_noop!(
				Access::remove_member(root(), CHARLIE, Role::Practitioner),
				Error::<Test>::NotAMember
			);
			assert_ok!(Access::remove_member(root(), BOB, Role::Practitioner));
			System::assert_last_event(
				Event::MemberRemoved {
					who: BOB,
					role: Role::Practitioner,
					emergencies_closed: 0,
				}
				.into(),
			);
			assert!(!Access::is_care_provider(&BOB));
		});
	}

	#[test]
	fn removing_a_hospital_removes_its_practitioners_standing() {
		test(|| {
			assert!(Access::is_care_provider(&BOB));
			assert_ok!(Access::remove_member(root(), HOSPITAL, Role::Hospital));
			assert!(!Access::is_care_provider(&BOB));
			assert!(!Access::has_role(&BOB, Role::Practitioner));
			assert_eq!(Access::institution_of(&BOB), None);
			assert!(!Access::acts_for(&BOB, &HOSPITAL));
			assert_noop!(
				Access::request_access(
					signed(BOB),
					ALICE,
					Scope::All,
					PurposeOfUse::Treatment,
					REASON
				),
				Error::<Test>::MissingRole
			);
			// When the hospital is readmitted, its practitioners stand again.
			assert_ok!(Access::add_member(root(), HOSPITAL, Role::Hospital, None));
			assert!(Access::is_care_provider(&BOB));
		});
	}
}

mod grants {
	use super::*;

	#[test]
	fn a_grant_holds_until_expiry_and_revocation_and_keeps_its_history() {
		test(|| {
			let g = grant(Scope::Record(R1), 10);
			System::assert_last_event(
				Event::AccessGranted {
					grant: g,
					owner: ALICE,
					grantee: BOB,
					scope: Scope::Record(R1),
					purpose: PurposeOfUse::Treatment,
					expires_at: 10,
					pending_approvals: false,
				}
				.into(),
			);
			assert!(deposit(ALICE) > 0, "the owner pays for the grant");
			assert_eq!(Access::can_access(&BOB, &R1), Some(AccessBasis::Grant(g)));
			assert_eq!(Access::can_access(&ALICE, &R1), Some(AccessBasis::Owner));
			assert_eq!(Access::can_access(&BOB, &R2), None, "scope is one record");
			assert_eq!(Access::can_access(&CHARLIE, &R1), None);
			run_to(9);
			assert!(
				Access::can_access(&BOB, &R1).is_some(),
				"last block before expiry"
			);
			run_to(10);
			assert_eq!(Access::basis_at(&BOB, &R1, 10), Err(Denial::Expired));
			assert_eq!(Access::check_access(&BOB, &R1), Err(Denial::Expired));
			let g2 = grant(Scope::Class(RecordClass::Outpatient), 50);
			run_to(12);
			assert_ok!(Access::revoke_access(signed(ALICE), g2));
			System::assert_last_event(
				Event::AccessRevoked {
					grant: g2,
					owner: ALICE,
					grantee: BOB,
				}
				.into(),
			);
			assert_eq!(Access::check_access(&BOB, &R1), Err(Denial::Revoked));
			assert!(Access::was_authorised(&BOB, &R1, 5));
			assert!(
				!Access::was_authorised(&BOB, &R1, 0),
				"not before the grant"
			);
			assert!(Access::was_authorised(&BOB, &R1, 11));
			assert!(!Access::was_authorised(&BOB, &R1, 12));
			assert_noop!(
				Access::revoke_access(signed(ALICE), g2),
				Error::<Test>::GrantRevoked
			);
			assert_noop!(
				Access::revoke_access(signed(BOB), g),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Access::revoke_access(signed(ALICE), 99),
				Error::<Test>::GrantNotFound
			);
			assert_eq!(Access::grants_of(&ALICE, None, 10).len(), 2);
		});
	}

	#[test]
	fn grants_are_validated() {
		test(|| {
			let g = |who, grantee, scope, exp| {
				Access::grant_access(
					signed(who),
					grantee,
					scope,
					PurposeOfUse::Research,
					exp,
					None,
				)
			};
			assert_noop!(g(ALICE, ALICE, Scope::All, 10), Error::<Test>::SelfGrant);
			assert_noop!(g(ALICE, BOB, Scope::All, 1), Error::<Test>::ExpiryInPast);
			assert_noop!(
				g(CHARLIE, BOB, Scope::Record(R1), 10),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				g(ALICE, BOB, Scope::Record(H256::repeat_byte(9)), 10),
				Error::<Test>::RecordNotFound
			);
			for _ in 0..4 {
				assert_ok!(g(ALICE, BOB, Scope::All, 10));
			}
			// Four live grants from Alice to Bob: the fifth needs one of them to end.
			assert_noop!(g(ALICE, BOB, Scope::All, 10), Error::<Test>::TooManyGrants);
			assert_noop!(g(999, BOB, Scope::All, 10), Error::<Test>::CannotPayDeposit);
		});
	}

	#[test]
	fn strangers_cannot_fill_a_grantees_list() {
		test(|| {
			for stranger in 100..110 {
				grant_from(stranger, Scope::All, 50);
			}
			let g = grant(Scope::Record(R1), 50);
			assert_eq!(Access::can_access(&BOB, &R1), Some(AccessBasis::Grant(g)));
			assert_eq!(PairGrants::<Test>::get(BOB, ALICE).to_vec(), vec![g]);
		});
	}

	#[test]
	fn dead_grants_make_room_and_are_pruned_by_anyone_with_the_deposit_returned() {
		test(|| {
			let ids: Vec<_> = (0..4).map(|_| grant(Scope::All, 5)).collect();
			let held = deposit(ALICE);
			assert_noop!(
				Access::prune_grant(signed(CHARLIE), ids[0]),
				Error::<Test>::GrantStillLive
			);
			assert_ok!(Access::revoke_access(signed(ALICE), ids[0]));
			let pruned = Access::prune_grant(signed(CHARLIE), ids[0]).unwrap();
			assert_eq!(pruned.pays_fee, frame_support::dispatch::Pays::No);
			System::assert_last_event(Event::GrantPruned { grant: ids[0] }.into());
			assert!(Grants::<Test>::get(ids[0]).is_none());
			assert_eq!(deposit(ALICE), held / 4 * 3);
			assert_noop!(
				Access::prune_grant(signed(CHARLIE), ids[0]),
				Error::<Test>::GrantNotFound
			);
			// Expired grants make room for a new one in a full list.
			grant(Scope::All, 5);
			run_to(5);
			let fresh = grant(Scope::Record(R1), 50);
			assert_eq!(PairGrants::<Test>::get(BOB, ALICE).to_vec(), vec![fresh]);
			assert_eq!(deposit(ALICE), held / 4);
			assert_eq!(Access::grants_of(&ALICE, None, 10).len(), 1);
		});
	}

	#[test]
	fn grants_are_listed_in_pages() {
		test(|| {
			let ids: Vec<_> = (0..3)
				.map(|i| grant(Scope::Record(if i % 2 == 0 { R1 } else { R2 }), 50))
				.collect();
			let first = Access::grants_of(&ALICE, None, 2);
			let rest = Access::grants_of(&ALICE, first.last().map(|(id, _)| *id), 2);
			let mut all: Vec<_> = first.iter().chain(rest.iter()).map(|(id, _)| *id).collect();
			all.sort();
			assert_eq!(all, ids);
		});
	}
}

mod requests {
	use super::*;

	fn request(who: AccountId, scope: Scope) -> sp_runtime::DispatchResult {
		Access::request_access(signed(who), ALICE, scope, PurposeOfUse::Treatment, REASON)
	}

	#[test]
	fn are_approved_into_grants_or_rejected() {
		test(|| {
			assert_noop!(request(CHARLIE, Scope::All), Error::<Test>::MissingRole);
			assert_ok!(request(BOB, Scope::Record(R2)));
			System::assert_last_event(
				Event::AccessRequested {
					request: 0,
					requester: BOB,
					owner: ALICE,
					scope: Scope::Record(R2),
					purpose: PurposeOfUse::Treatment,
					reason: REASON,
					expires_at: 51,
				}
				.into(),
			);
			assert!(deposit(BOB) > 0, "the requester pays for the request");
			assert_eq!(Access::pending_requests(&ALICE, None, 10).len(), 1);
			assert_noop!(
				Access::approve_request(signed(BOB), 0, 20, None),
				Error::<Test>::NotOwner
			);
			assert_ok!(Access::approve_request(signed(ALICE), 0, 20, None));
			System::assert_last_event(
				Event::RequestApproved {
					request: 0,
					grant: 0,
				}
				.into(),
			);
			assert_eq!(deposit(BOB), 0, "decided: the deposit went back");
			assert_eq!(Access::can_access(&BOB, &R2), Some(AccessBasis::Grant(0)));
			assert_noop!(
				Access::approve_request(signed(ALICE), 0, 20, None),
				Error::<Test>::RequestNotFound
			);
			assert_ok!(request(BOB, Scope::All));
			assert_noop!(
				Access::reject_request(signed(CHARLIE), 1),
				Error::<Test>::NotOwner
			);
			assert_ok!(Access::reject_request(signed(ALICE), 1));
			System::assert_last_event(
				Event::RequestRejected {
					request: 1,
					owner: ALICE,
				}
				.into(),
			);
			assert!(Access::pending_requests(&ALICE, None, 10).is_empty());
			assert_noop!(
				Access::request_access(
					signed(BOB),
					CHARLIE,
					Scope::Record(R1),
					PurposeOfUse::Treatment,
					REASON
				),
				Error::<Test>::NotOwner
			);
		});
	}

	#[test]
	fn are_bounded_per_requester_withdrawn_and_expire() {
		test(|| {
			assert_ok!(request(BOB, Scope::All));
			assert_ok!(request(BOB, Scope::Record(R1)));
			assert_noop!(
				request(BOB, Scope::Record(R2)),
				Error::<Test>::TooManyOpenRequests
			);
			assert_eq!(OpenRequests::<Test>::get(BOB), 2);
			assert_noop!(
				Access::withdraw_request(signed(ALICE), 0),
				Error::<Test>::NotRequester
			);
			assert_ok!(Access::withdraw_request(signed(BOB), 0));
			System::assert_last_event(Event::RequestWithdrawn { request: 0 }.into());
			assert_ok!(request(BOB, Scope::Record(R2)));
			assert_noop!(
				Access::prune_request(signed(CHARLIE), 1),
				Error::<Test>::RequestNotExpired
			);
			run_to(51); // requested at 1, expires after 50 blocks
			assert_noop!(
				Access::approve_request(signed(ALICE), 1, 80, None),
				Error::<Test>::RequestExpired
			);
			assert_ok!(Access::prune_request(signed(CHARLIE), 1));
			assert_ok!(Access::prune_request(signed(CHARLIE), 2));
			assert_eq!(OpenRequests::<Test>::get(BOB), 0);
			assert_eq!(deposit(BOB), 0);
			assert!(Requests::<Test>::iter().next().is_none());
			assert_noop!(
				Access::withdraw_request(signed(BOB), 1),
				Error::<Test>::RequestNotFound
			);
		});
	}

	#[test]
	fn a_requester_who_left_the_consortium_is_not_granted() {
		test(|| {
			assert_ok!(request(BOB, Scope::All));
			assert_ok!(Access::remove_member(root(), HOSPITAL, Role::Hospital));
			assert_noop!(
				Access::approve_request(signed(ALICE), 0, 20, None),
				Error::<Test>::RequesterNotMember
			);
			assert_noop!(request(ALICE, Scope::All), Error::<Test>::MissingRole);
		});
	}

	#[test]
	fn are_listed_in_pages() {
		test(|| {
			assert_ok!(Access::add_member(
				root(),
				CHARLIE,
				Role::Auditor,
				Some(HOSPITAL)
			));
			assert_ok!(request(BOB, Scope::All));
			assert_ok!(request(BOB, Scope::Record(R1)));
			assert_ok!(request(CHARLIE, Scope::All));
			let first = Access::pending_requests(&ALICE, None, 2);
			let rest = Access::pending_requests(&ALICE, first.last().map(|(id, _)| *id), 2);
			assert_eq!((first.len(), rest.len()), (2, 1));
		});
	}
}

mod approvals {
	use super::*;

	#[test]
	fn private_records_need_the_owners_approvals() {
		test(|| {
			assert_noop!(
				Access::set_approval_policy(signed(ALICE), accounts(&[GUARDIAN, PRIVACY]), 3),
				Error::<Test>::BadThreshold
			);
			assert_noop!(
				Access::set_approval_policy(signed(ALICE), accounts(&[GUARDIAN, GUARDIAN]), 1),
				Error::<Test>::DuplicateSigner
			);
			assert_noop!(
				Access::set_approval_policy(signed(ALICE), accounts(&[ALICE, GUARDIAN]), 1),
				Error::<Test>::OwnerAsApprover
			);
			// Given unsorted, kept sorted: approvals are bound to that exact set.
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[PRIVACY, GUARDIAN]),
				2
			));
			System::assert_last_event(
				Event::ApprovalPolicySet {
					owner: ALICE,
					threshold: 2,
					approvers: 2,
				}
				.into(),
			);
			let low = grant(Scope::Record(R2), 50);
			assert!(matches!(
				Grants::<Test>::get(low).unwrap().status,
				GrantStatus::Active { .. }
			));
			let private = grant(Scope::Record(R1), 50);
			assert_eq!(
				Access::check_access(&BOB, &R1),
				Err(Denial::PendingApprovals)
			);
			assert_noop!(
				Access::approve_grant(signed(CHARLIE), private),
				Error::<Test>::NotAnApprover
			);
			assert_noop!(
				Access::approve_grant(signed(ALICE), private),
				Error::<Test>::NotAnApprover
			);
			assert_ok!(Access::approve_grant(signed(GUARDIAN), private));
			assert_noop!(
				Access::approve_grant(signed(GUARDIAN), private),
				Error::<Test>::AlreadyApproved
			);
			assert_eq!(Access::can_access(&BOB, &R1), None);
			run_to(3);
			assert_ok!(Access::approve_grant(signed(PRIVACY), private));
			System::assert_last_event(Event::GrantActivated { grant: private }.into());
			assert_eq!(
				Access::can_access(&BOB, &R1),
				Some(AccessBasis::Grant(private))
			);
			assert!(
				!Access::was_authorised(&BOB, &R1, 2),
				"not before activation"
			);
			assert_noop!(
				Access::approve_grant(signed(PRIVACY), private),
				Error::<Test>::NotPending
			);
			assert_noop!(
				Access::approve_grant(signed(PRIVACY), 99),
				Error::<Test>::GrantNotFound
			);
		});
	}

	#[test]
	fn approvals_count_only_the_set_in_force_when_the_grant_was_made() {
		test(|| {
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[GUARDIAN]),
				1
			));
			let pending = grant(Scope::Record(R1), 100);
			// A change to a policy in force waits for the delay (30 blocks).
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[PRIVACY]),
				1
			));
			System::assert_last_event(
				Event::ApprovalPolicyChangeScheduled {
					owner: ALICE,
					threshold: 1,
					approvers: 1,
					effective_at: 31,
				}
				.into(),
			);
			run_to(31);
			assert_eq!(
				Access::policy_at(&ALICE, 31).unwrap().signers.to_vec(),
				vec![PRIVACY]
			);
			assert_noop!(
				Access::approve_grant(signed(PRIVACY), pending),
				Error::<Test>::NotAnApprover
			);
			assert_ok!(Access::approve_grant(signed(GUARDIAN), pending));
			// New grants follow the new set.
			let later = grant(Scope::Record(R1), 100);
			assert_noop!(
				Access::approve_grant(signed(GUARDIAN), later),
				Error::<Test>::NotAnApprover
			);
			assert_ok!(Access::approve_grant(signed(PRIVACY), later));
		});
	}

	#[test]
	fn removing_a_policy_waits_for_the_delay_and_returns_the_deposit() {
		test(|| {
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[GUARDIAN]),
				1
			));
			let held = deposit(ALICE);
			assert!(held > 0);
			// A stolen key removes the policy and grants at once: the grant still waits.
			assert_ok!(Access::set_approval_policy(signed(ALICE), accounts(&[]), 0));
			let g = grant(Scope::All, 100);
			assert!(matches!(
				Grants::<Test>::get(g).unwrap().status,
				GrantStatus::PendingApprovals { .. }
			));
			// Setting the policy in force again cancels the scheduled removal.
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[GUARDIAN]),
				1
			));
			assert!(Policies::<Test>::get(ALICE).unwrap().pending.is_none());
			run_to(40);
			assert!(Access::policy_at(&ALICE, 40).is_some());
			assert_ok!(Access::set_approval_policy(signed(ALICE), accounts(&[]), 0));
			run_to(70);
			assert!(Access::policy_at(&ALICE, 70).is_none());
			let free = grant(Scope::Record(R1), 100);
			assert!(matches!(
				Grants::<Test>::get(free).unwrap().status,
				GrantStatus::Active { .. }
			));
			// Once the removal is in force, calling again clears the entry and its deposit.
			let grants_held = deposit(ALICE) - held;
			assert_ok!(Access::set_approval_policy(signed(ALICE), accounts(&[]), 0));
			assert!(Policies::<Test>::get(ALICE).is_none());
			assert_eq!(deposit(ALICE), grants_held);
		});
	}

	#[test]
	fn a_grantee_cannot_approve_their_own_grant() {
		test(|| {
			assert_ok!(Access::set_approval_policy(
				signed(ALICE),
				accounts(&[BOB, GUARDIAN]),
				1
			));
			let g = grant(Scope::Record(R1), 50);
			assert_noop!(
				Access::approve_grant(signed(BOB), g),
				Error::<Test>::SelfApproval
			);
			assert_ok!(Access::revoke_access(signed(ALICE), g));
			assert_noop!(
				Access::approve_grant(signed(GUARDIAN), g),
				Error::<Test>::GrantRevoked
			);
			let g2 = grant(Scope::Record(R1), 5);
			run_to(5);
			assert_noop!(
				Access::approve_grant(signed(GUARDIAN), g2),
				Error::<Test>::GrantExpired
			);
		});
	}
}

mod emergency {
	use super::*;

	fn setup() {
		assert_ok!(Access::add_member(
			root(),
			RESPONDER,
			Role::EmergencyResponder,
			Some(HOSPITAL)
		));
		assert_ok!(Access::add_member(
			root(),
			PRIVACY,
			Role::PrivacyOfficer,
			Some(HOSPITAL)
		));
		assert_ok!(Access::set_emergency_officers(
			root(),
			accounts(&[OFFICER2, OFFICER]),
			1
		));
	}

	fn open() -> u64 {
		assert_ok!(Access::open_emergency_access(
			signed(RESPONDER),
			ALICE,
			REASON
		));
		crate::NextEmergencyId::<Test>::get() - 1
	}

	#[test]
	fn is_cosigned_time_boxed_reviewed_and_pruned() {
		test(|| {
			assert_noop!(
				Access::open_emergency_access(signed(RESPONDER), ALICE, REASON),
				Error::<Test>::MissingRole
			);
			setup();
			assert_noop!(
				Access::set_emergency_officers(root(), accounts(&[OFFICER]), 2),
				Error::<Test>::BadThreshold
			);
			assert_noop!(
				Access::set_emergency_officers(root(), accounts(&[OFFICER, OFFICER]), 1),
				Error::<Test>::DuplicateSigner
			);
			assert_noop!(
				Access::set_emergency_officers(signed(OFFICER), accounts(&[OFFICER]), 1),
				DispatchError::BadOrigin
			);
			let id = open();
			System::assert_last_event(
				Event::EmergencyAccessOpened {
					id,
					responder: RESPONDER,
					patient: ALICE,
					reason: REASON,
				}
				.into(),
			);
			assert!(deposit(RESPONDER) > 0);
			assert_eq!(
				Access::can_access(&RESPONDER, &R1),
				None,
				"not before co-signing"
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(CHARLIE), id),
				Error::<Test>::NotAnEmergencyOfficer
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER), 9),
				Error::<Test>::EmergencyNotFound
			);
			run_to(2);
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), id));
			System::assert_last_event(
				Event::EmergencyAccessActivated {
					id,
					responder: RESPONDER,
					patient: ALICE,
					until: 22,
				}
				.into(),
			);
			assert_eq!(
				Access::can_access(&RESPONDER, &R1),
				Some(AccessBasis::Emergency(id))
			);
			assert_eq!(
				Access::can_access(&RESPONDER, &R2),
				Some(AccessBasis::Emergency(id))
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER2), id),
				Error::<Test>::EmergencyClosed
			);
			assert_noop!(
				Access::review_emergency_access(signed(ALICE), id),
				Error::<Test>::EmergencyStillOpen
			);
			assert_noop!(
				Access::prune_emergency(signed(CHARLIE), id),
				Error::<Test>::EmergencyNotPrunable
			);
			run_to(22);
			assert_eq!(
				Access::can_access(&RESPONDER, &R1),
				None,
				"the window closed"
			);
			assert!(Access::was_authorised(&RESPONDER, &R1, 21));
			assert!(!Access::was_authorised(&RESPONDER, &R1, 1));
			assert_noop!(
				Access::review_emergency_access(signed(CHARLIE), id),
				Error::<Test>::NotAReviewer
			);
			assert_noop!(
				Access::prune_emergency(signed(CHARLIE), id),
				Error::<Test>::EmergencyNotPrunable
			);
			assert_ok!(Access::review_emergency_access(signed(PRIVACY), id));
			System::assert_last_event(
				Event::EmergencyAccessReviewed {
					id,
					reviewer: PRIVACY,
				}
				.into(),
			);
			assert_noop!(
				Access::review_emergency_access(signed(ALICE), id),
				Error::<Test>::AlreadyReviewed
			);
			assert_ok!(Access::prune_emergency(signed(CHARLIE), id));
			System::assert_last_event(Event::EmergencyAccessPruned { id }.into());
			assert_eq!(deposit(RESPONDER), 0);
			assert!(!PairEmergencies::<Test>::contains_key(RESPONDER, ALICE));
		});
	}

	#[test]
	fn nobody_cosigns_or_reviews_their_own_case() {
		test(|| {
			setup();
			assert_ok!(Access::set_emergency_officers(
				root(),
				accounts(&[OFFICER, RESPONDER, ALICE]),
				1
			));
			assert_ok!(Access::add_member(
				root(),
				50,
				Role::EmergencyResponder,
				Some(HOSPITAL)
			));
			assert_ok!(Access::add_member(
				root(),
				50,
				Role::PrivacyOfficer,
				Some(HOSPITAL)
			));
			let id = open();
			assert_noop!(
				Access::cosign_emergency_access(signed(RESPONDER), id),
				Error::<Test>::OwnCase
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(ALICE), id),
				Error::<Test>::OwnCase
			);
			assert_noop!(
				Access::open_emergency_access(signed(RESPONDER), RESPONDER, REASON),
				Error::<Test>::OwnCase
			);
			// A privacy officer who responded does not review their own emergency.
			assert_ok!(Access::open_emergency_access(signed(50), ALICE, REASON));
			let theirs = crate::NextEmergencyId::<Test>::get() - 1;
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), theirs));
			run_to(30);
			assert_noop!(
				Access::review_emergency_access(signed(50), theirs),
				Error::<Test>::OwnCase
			);
		});
	}

	#[test]
	fn only_the_officers_in_office_when_opened_and_still_in_office_cosign() {
		test(|| {
			setup();
			assert_ok!(Access::set_emergency_officers(
				root(),
				accounts(&[OFFICER, OFFICER2]),
				2
			));
			let id = open();
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), id));
			// The officers change: a newcomer does not count, a departed officer cannot sign.
			assert_ok!(Access::set_emergency_officers(
				root(),
				accounts(&[OFFICER, 77]),
				1
			));
			assert_noop!(
				Access::cosign_emergency_access(signed(77), id),
				Error::<Test>::NotAnEmergencyOfficer
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER2), id),
				Error::<Test>::NotAnEmergencyOfficer
			);
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER), id),
				Error::<Test>::AlreadyCosigned
			);
			// The snapshot's threshold (2) still applies: nobody can complete it now, and it
			// expires after 10 blocks.
			assert_eq!(Access::can_access(&RESPONDER, &R1), None);
			run_to(11);
			assert_ok!(Access::set_emergency_officers(
				root(),
				accounts(&[OFFICER, OFFICER2]),
				1
			));
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER2), id),
				Error::<Test>::EmergencyExpired
			);
			assert_noop!(
				Access::review_emergency_access(signed(ALICE), id),
				Error::<Test>::NothingToReview
			);
			assert_ok!(Access::prune_emergency(signed(CHARLIE), id));
		});
	}

	#[test]
	fn is_closed_early_and_then_reviewable() {
		test(|| {
			setup();
			let id = open();
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), id));
			run_to(5);
			assert_noop!(
				Access::close_emergency_access(signed(CHARLIE), id),
				Error::<Test>::NotAnEmergencyParty
			);
			assert_ok!(Access::close_emergency_access(signed(ALICE), id));
			System::assert_last_event(Event::EmergencyAccessClosed { id, by: ALICE }.into());
			assert_eq!(Access::can_access(&RESPONDER, &R1), None);
			assert!(
				Access::was_authorised(&RESPONDER, &R1, 4),
				"history before closing"
			);
			assert_noop!(
				Access::close_emergency_access(signed(RESPONDER), id),
				Error::<Test>::EmergencyClosed
			);
			assert_ok!(Access::review_emergency_access(signed(ALICE), id));
			// One waiting for co-signatures closes too, and can no longer take effect.
			let waiting = open();
			assert_ok!(Access::close_emergency_access(signed(RESPONDER), waiting));
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER), waiting),
				Error::<Test>::EmergencyClosed
			);
			assert_ok!(Access::prune_emergency(signed(CHARLIE), waiting));
		});
	}

	#[test]
	fn removing_a_responder_ends_their_emergencies() {
		test(|| {
			setup();
			let active = open();
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), active));
			let waiting = open();
			run_to(3);
			assert_ok!(Access::remove_member(
				root(),
				RESPONDER,
				Role::EmergencyResponder
			));
			System::assert_last_event(
				Event::MemberRemoved {
					who: RESPONDER,
					role: Role::EmergencyResponder,
					emergencies_closed: 2,
				}
				.into(),
			);
			assert_eq!(Access::can_access(&RESPONDER, &R1), None);
			assert!(Access::was_authorised(&RESPONDER, &R1, 2));
			assert_noop!(
				Access::cosign_emergency_access(signed(OFFICER), waiting),
				Error::<Test>::EmergencyClosed
			);
		});
	}

	#[test]
	fn a_second_emergency_does_not_hide_the_first() {
		test(|| {
			setup();
			let first = open();
			assert_ok!(Access::cosign_emergency_access(signed(OFFICER), first));
			run_to(5);
			let second = open();
			assert_eq!(
				PairEmergencies::<Test>::get(RESPONDER, ALICE).to_vec(),
				vec![first, second]
			);
			assert_eq!(
				Access::can_access(&RESPONDER, &R1),
				Some(AccessBasis::Emergency(first))
			);
			assert!(Access::was_authorised(&RESPONDER, &R1, 3));
		});
	}

	#[test]
	fn is_rate_limited_and_bounded_per_patient() {
		test(|| {
			setup();
			assert_noop!(
				Access::set_emergency_officers(root(), accounts(&[]), 0),
				Error::<Test>::BadThreshold
			);
			open();
			open();
			assert_noop!(
				Access::open_emergency_access(signed(RESPONDER), ALICE, REASON),
				Error::<Test>::EmergencyRateLimited
			);
			run_to(102); // the rate period (100 blocks) has passed
			open();
			// Three unpruned emergencies to Alice (the bound): a fourth waits for pruning.
			run_to(210);
			assert_noop!(
				Access::open_emergency_access(signed(RESPONDER), ALICE, REASON),
				Error::<Test>::TooManyEmergencies
			);
			assert_ok!(Access::prune_emergency(signed(CHARLIE), 0));
			open();
		});
	}
}

mod reads {
	use super::*;

	#[test]
	fn need_a_basis_which_other_pallets_ask_through_access_inspect() {
		use semres_primitives::AccessInspect;
		test(|| {
			assert_eq!(Access::check_access(&BOB, &R1), Err(Denial::Nothing));
			assert!(!<Access as AccessInspect<_, _>>::may_read(&BOB, &R1, 1));
			let g = grant(Scope::All, 50);
			assert_eq!(Access::check_access(&BOB, &R1), Ok(AccessBasis::Grant(g)));
			assert!(<Access as AccessInspect<_, _>>::may_read(&BOB, &R1, 1));
			assert_eq!(Access::check_access(&ALICE, &R1), Ok(AccessBasis::Owner));
			assert_eq!(
				Access::check_access(&BOB, &H256::repeat_byte(0x99)),
				Err(Denial::NoRecord)
			);
		});
	}

	#[test]
	fn an_erased_record_is_readable_by_nobody_but_keeps_its_history() {
		test(|| {
			grant(Scope::All, 50);
			run_to(5);
			erase_record(R1);
			assert_eq!(Access::can_access(&BOB, &R1), None);
			assert_eq!(Access::can_access(&ALICE, &R1), None);
			assert_eq!(Access::basis_at(&BOB, &R1, 5), Err(Denial::Erased));
			assert!(
				Access::was_authorised(&BOB, &R1, 4),
				"before erasure it was readable"
			);
			assert_eq!(Access::check_access(&BOB, &R1), Err(Denial::Erased));
			assert!(!<Access as semres_primitives::AccessInspect<_, _>>::may_read(&ALICE, &R1, 5));
			assert!(
				Access::can_access(&BOB, &R2).is_some(),
				"other records unaffected"
			);
		});
	}
}

#[test]
fn invariants_catch_a_broken_index() {
	new_test_ext().execute_with(|| {
		add_record(R1, ALICE, RecordClass::Outpatient, SecurityLevel::Private);
		let g = grant(Scope::All, 50);
		assert_ok!(Access::do_try_state());
		PairGrants::<Test>::remove(BOB, ALICE);
		assert!(Access::do_try_state().is_err());
		PairGrants::<Test>::insert(BOB, ALICE, BoundedVec::truncate_from(vec![g]));
		OpenRequests::<Test>::insert(BOB, 3);
		assert!(Access::do_try_state().is_err());
	});
}

#[test]
fn genesis_sets_members_and_officers() {
	use sp_runtime::BuildStorage;
	let config = crate::GenesisConfig::<Test> {
		members: vec![
			(HOSPITAL, Role::Hospital, None),
			(BOB, Role::Practitioner, Some(HOSPITAL)),
		],
		emergency_officers: Some((vec![OFFICER2, OFFICER], 1)),
	};
	let mut t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	config.assimilate_storage(&mut t).unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| {
		assert!(Access::is_care_provider(&BOB));
		let officers = crate::EmergencyOfficers::<Test>::get().unwrap();
		assert_eq!(officers.signers.to_vec(), vec![OFFICER, OFFICER2]);
		Access::do_try_state().unwrap();
	});
}
