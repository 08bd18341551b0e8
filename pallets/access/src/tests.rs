//! Unit tests of every call's success and error paths, grant history at exact blocks,
//! multi-party approvals, emergency access, audited reads and the storage invariants.

use frame_support::{assert_noop, assert_ok, BoundedVec};
use semres_primitives::{
	PurposeOfUse, RecordClass, RecordId, Role, RolesInspect, SecurityLevel, H256,
};

use crate::{mock::*, AccessBasis, Error, Event, GrantStatus, Grants, Keys, Scope};

const ALICE: AccountId = 1; // patient
const BOB: AccountId = 2; // practitioner
const CHARLIE: AccountId = 3; // another practitioner
const HOSPITAL: AccountId = 10;
const GUARDIAN: AccountId = 20;
const OFFICER: AccountId = 30;
const OFFICER2: AccountId = 31;
const PRIVACY: AccountId = 40;
const R1: RecordId = H256::repeat_byte(1); // Alice, outpatient, private
const R2: RecordId = H256::repeat_byte(2); // Alice, lab, low

fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		add_record(R1, ALICE, RecordClass::Outpatient, SecurityLevel::Private);
		add_record(R2, ALICE, RecordClass::Laboratory, SecurityLevel::Low);
		assert_ok!(Access::add_member(
			RuntimeOrigin::root(),
			HOSPITAL,
			Role::Hospital,
			None
		));
		assert_ok!(Access::add_member(
			RuntimeOrigin::root(),
			BOB,
			Role::Practitioner,
			Some(HOSPITAL)
		));
		f();
		Access::do_try_state().expect("storage invariants hold");
	});
}

fn grant(scope: Scope, expires_at: u64) -> u64 {
	assert_ok!(Access::grant_access(
		RuntimeOrigin::signed(ALICE),
		BOB,
		scope,
		PurposeOfUse::Treatment,
		expires_at,
		None
	));
	crate::NextGrantId::<Test>::get() - 1
}

#[test]
fn keys_are_published_rotated_and_revoked_with_history() {
	test(|| {
		let spki = |b: u8| BoundedVec::truncate_from(vec![b; 40]);
		assert_ok!(Access::register_key(RuntimeOrigin::signed(BOB), 1, spki(1)));
		System::assert_last_event(
			Event::KeyRegistered {
				who: BOB,
				index: 0,
				suite: 1,
			}
			.into(),
		);
		run_to(5);
		assert_ok!(Access::register_key(RuntimeOrigin::signed(BOB), 1, spki(2)));
		let keys = Keys::<Test>::get(BOB);
		assert_eq!(
			keys[0].revoked_at,
			Some(5),
			"rotation revokes the previous key of the suite"
		);
		assert_eq!(keys[1].revoked_at, None);
		assert_ok!(Access::revoke_key(RuntimeOrigin::signed(BOB), 1));
		assert_noop!(
			Access::revoke_key(RuntimeOrigin::signed(BOB), 1),
			Error::<Test>::KeyAlreadyRevoked
		);
		assert_noop!(
			Access::revoke_key(RuntimeOrigin::signed(BOB), 7),
			Error::<Test>::KeyNotFound
		);
		assert_noop!(
			Access::register_key(RuntimeOrigin::signed(BOB), 9, spki(3)),
			Error::<Test>::UnknownSuite
		);
		assert_noop!(
			Access::register_key(RuntimeOrigin::signed(BOB), 1, BoundedVec::new()),
			Error::<Test>::EmptyKey
		);
		assert_ok!(Access::register_key(RuntimeOrigin::signed(BOB), 3, spki(4)));
		assert_noop!(
			Access::register_key(RuntimeOrigin::signed(BOB), 3, spki(5)),
			Error::<Test>::TooManyKeys
		);
	});
}

#[test]
fn governance_manages_the_consortium() {
	test(|| {
		assert!(Access::has_role(&BOB, Role::Practitioner));
		assert_eq!(Access::institution_of(&BOB), Some(HOSPITAL));
		assert_noop!(
			Access::add_member(
				RuntimeOrigin::signed(BOB),
				CHARLIE,
				Role::Practitioner,
				Some(HOSPITAL)
			),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Access::add_member(
				RuntimeOrigin::root(),
				BOB,
				Role::Practitioner,
				Some(HOSPITAL)
			),
			Error::<Test>::AlreadyMember
		);
		assert_noop!(
			Access::add_member(RuntimeOrigin::root(), CHARLIE, Role::Practitioner, None),
			Error::<Test>::InvalidInstitution
		);
		assert_noop!(
			Access::add_member(
				RuntimeOrigin::root(),
				CHARLIE,
				Role::Practitioner,
				Some(ALICE)
			),
			Error::<Test>::InvalidInstitution
		);
		assert_ok!(Access::remove_member(
			RuntimeOrigin::root(),
			BOB,
			Role::Practitioner
		));
		System::assert_last_event(
			Event::MemberRemoved {
				who: BOB,
				role: Role::Practitioner,
			}
			.into(),
		);
		assert!(!Access::has_role(&BOB, Role::Practitioner));
		assert_noop!(
			Access::remove_member(RuntimeOrigin::root(), BOB, Role::Practitioner),
			Error::<Test>::NotAMember
		);
	});
}

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
		assert_eq!(
			Access::basis_at(&BOB, &R1, 10),
			Err(crate::Denial::Expired),
			"expires at the exact block"
		);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(BOB), R1, 1),
			Error::<Test>::GrantExpired
		);
		// A fresh grant, then revocation.
		let g2 = grant(Scope::Class(RecordClass::Outpatient), 50);
		run_to(12);
		assert_ok!(Access::revoke_access(RuntimeOrigin::signed(ALICE), g2));
		System::assert_last_event(
			Event::AccessRevoked {
				grant: g2,
				owner: ALICE,
				grantee: BOB,
			}
			.into(),
		);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(BOB), R1, 1),
			Error::<Test>::GrantRevoked
		);
		// History: allowed at 5 and 11, not at 10 (gap) or 12.
		assert!(Access::was_authorised(&BOB, &R1, 5));
		assert!(
			!Access::was_authorised(&BOB, &R1, 0),
			"not before the grant"
		);
		assert!(Access::was_authorised(&BOB, &R1, 11));
		assert!(!Access::was_authorised(&BOB, &R1, 12));
		assert_noop!(
			Access::revoke_access(RuntimeOrigin::signed(ALICE), g2),
			Error::<Test>::GrantRevoked
		);
		assert_noop!(
			Access::revoke_access(RuntimeOrigin::signed(BOB), g),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Access::revoke_access(RuntimeOrigin::signed(ALICE), 99),
			Error::<Test>::GrantNotFound
		);
		assert_eq!(Access::grants_of(&ALICE).len(), 2);
	});
}

#[test]
fn grants_are_validated() {
	test(|| {
		let g = |who, grantee, scope, exp| {
			Access::grant_access(
				RuntimeOrigin::signed(who),
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
		assert_noop!(g(ALICE, BOB, Scope::All, 10), Error::<Test>::TooManyGrants);
	});
}

#[test]
fn requests_are_approved_into_grants_or_rejected() {
	test(|| {
		assert_noop!(
			Access::request_access(
				RuntimeOrigin::signed(CHARLIE),
				ALICE,
				Scope::All,
				PurposeOfUse::Treatment,
				7
			),
			Error::<Test>::MissingRole
		);
		assert_ok!(Access::request_access(
			RuntimeOrigin::signed(BOB),
			ALICE,
			Scope::Record(R2),
			PurposeOfUse::Treatment,
			7
		));
		System::assert_last_event(
			Event::AccessRequested {
				request: 0,
				requester: BOB,
				owner: ALICE,
				scope: Scope::Record(R2),
				purpose: PurposeOfUse::Treatment,
				reason: 7,
			}
			.into(),
		);
		assert_eq!(Access::pending_requests(&ALICE).len(), 1);
		assert_noop!(
			Access::approve_request(RuntimeOrigin::signed(BOB), 0, 20, None),
			Error::<Test>::NotOwner
		);
		assert_ok!(Access::approve_request(
			RuntimeOrigin::signed(ALICE),
			0,
			20,
			None
		));
		System::assert_last_event(
			Event::RequestApproved {
				request: 0,
				grant: 0,
			}
			.into(),
		);
		assert_eq!(Access::can_access(&BOB, &R2), Some(AccessBasis::Grant(0)));
		assert_noop!(
			Access::approve_request(RuntimeOrigin::signed(ALICE), 0, 20, None),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Access::request_access(
			RuntimeOrigin::signed(BOB),
			ALICE,
			Scope::All,
			PurposeOfUse::Research,
			8
		));
		assert_ok!(Access::reject_request(RuntimeOrigin::signed(ALICE), 1));
		System::assert_last_event(
			Event::RequestRejected {
				request: 1,
				owner: ALICE,
			}
			.into(),
		);
		assert!(Access::pending_requests(&ALICE).is_empty());
		assert_noop!(
			Access::request_access(
				RuntimeOrigin::signed(BOB),
				CHARLIE,
				Scope::Record(R1),
				PurposeOfUse::Treatment,
				7
			),
			Error::<Test>::NotOwner
		);
	});
}

#[test]
fn private_records_need_the_owners_approvals() {
	test(|| {
		let approvers = BoundedVec::truncate_from(vec![GUARDIAN, PRIVACY]);
		assert_noop!(
			Access::set_approval_policy(RuntimeOrigin::signed(ALICE), approvers.clone(), 3),
			Error::<Test>::BadThreshold
		);
		assert_ok!(Access::set_approval_policy(
			RuntimeOrigin::signed(ALICE),
			approvers,
			2
		));
		// Low-level record: no approvals needed.
		let low = grant(Scope::Record(R2), 50);
		assert!(matches!(
			Grants::<Test>::get(low).unwrap().status,
			GrantStatus::Active { .. }
		));
		// Private record: pending until both approve.
		let private = grant(Scope::Record(R1), 50);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(BOB), R1, 1),
			Error::<Test>::ApprovalsMissing
		);
		assert_noop!(
			Access::approve_grant(RuntimeOrigin::signed(CHARLIE), private),
			Error::<Test>::NotAnApprover
		);
		assert_ok!(Access::approve_grant(
			RuntimeOrigin::signed(GUARDIAN),
			private
		));
		assert_noop!(
			Access::approve_grant(RuntimeOrigin::signed(GUARDIAN), private),
			Error::<Test>::AlreadyApproved
		);
		assert_eq!(Access::can_access(&BOB, &R1), None);
		run_to(3);
		assert_ok!(Access::approve_grant(
			RuntimeOrigin::signed(PRIVACY),
			private
		));
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
			Access::approve_grant(RuntimeOrigin::signed(PRIVACY), 99),
			Error::<Test>::GrantNotFound
		);
	});
}

#[test]
fn emergency_access_is_cosigned_time_boxed_rate_limited_and_reviewed() {
	test(|| {
		assert_ok!(Access::add_member(
			RuntimeOrigin::root(),
			CHARLIE,
			Role::EmergencyResponder,
			Some(HOSPITAL)
		));
		assert_ok!(Access::add_member(
			RuntimeOrigin::root(),
			PRIVACY,
			Role::PrivacyOfficer,
			Some(HOSPITAL)
		));
		let officers = BoundedVec::truncate_from(vec![OFFICER, OFFICER2]);
		assert_noop!(
			Access::set_emergency_officers(RuntimeOrigin::root(), officers.clone(), 0),
			Error::<Test>::BadThreshold
		);
		assert_ok!(Access::set_emergency_officers(
			RuntimeOrigin::root(),
			officers,
			2
		));
		assert_noop!(
			Access::open_emergency_access(RuntimeOrigin::signed(BOB), ALICE, 1),
			Error::<Test>::MissingRole
		);
		assert_ok!(Access::open_emergency_access(
			RuntimeOrigin::signed(CHARLIE),
			ALICE,
			1
		));
		System::assert_last_event(
			Event::EmergencyAccessOpened {
				id: 0,
				responder: CHARLIE,
				patient: ALICE,
				reason: 1,
			}
			.into(),
		);
		assert_eq!(
			Access::can_access(&CHARLIE, &R1),
			None,
			"not before co-signing"
		);
		assert_noop!(
			Access::cosign_emergency_access(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotAnEmergencyOfficer
		);
		assert_ok!(Access::cosign_emergency_access(
			RuntimeOrigin::signed(OFFICER),
			0
		));
		assert_noop!(
			Access::cosign_emergency_access(RuntimeOrigin::signed(OFFICER), 0),
			Error::<Test>::AlreadyCosigned
		);
		assert_ok!(Access::cosign_emergency_access(
			RuntimeOrigin::signed(OFFICER2),
			0
		));
		System::assert_last_event(
			Event::EmergencyAccessActivated {
				id: 0,
				responder: CHARLIE,
				patient: ALICE,
				until: 21,
			}
			.into(),
		);
		assert_ok!(Access::record_access(RuntimeOrigin::signed(CHARLIE), R1, 1));
		System::assert_last_event(
			Event::RecordAccessed {
				record: R1,
				version: 1,
				reader: CHARLIE,
				basis: AccessBasis::Emergency(0),
			}
			.into(),
		);
		run_to(21);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(CHARLIE), R1, 1),
			Error::<Test>::NotAuthorised
		);
		// Rate limit: 2 per 100 blocks.
		assert_ok!(Access::open_emergency_access(
			RuntimeOrigin::signed(CHARLIE),
			ALICE,
			1
		));
		assert_noop!(
			Access::open_emergency_access(RuntimeOrigin::signed(CHARLIE), ALICE, 1),
			Error::<Test>::EmergencyRateLimited
		);
		run_to(102);
		assert_ok!(Access::open_emergency_access(
			RuntimeOrigin::signed(CHARLIE),
			ALICE,
			1
		));
		// Review: by the patient or a privacy officer, once.
		assert_noop!(
			Access::review_emergency_access(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotAReviewer
		);
		assert_ok!(Access::review_emergency_access(
			RuntimeOrigin::signed(PRIVACY),
			0
		));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id: 0,
				reviewer: PRIVACY,
			}
			.into(),
		);
		assert_noop!(
			Access::review_emergency_access(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AlreadyReviewed
		);
		assert_ok!(Access::review_emergency_access(
			RuntimeOrigin::signed(ALICE),
			1
		));
		assert_noop!(
			Access::review_emergency_access(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::EmergencyNotFound
		);
	});
}

#[test]
fn reads_are_audited_and_need_authorisation() {
	test(|| {
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(BOB), R1, 1),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(BOB), R1, 2),
			Error::<Test>::RecordNotFound
		);
		let g = grant(Scope::All, 30);
		assert_ok!(Access::record_access(RuntimeOrigin::signed(BOB), R1, 1));
		assert_ok!(Access::record_access(RuntimeOrigin::signed(ALICE), R1, 1));
		let log = Access::access_log(&R1, 0, 10);
		assert_eq!(
			log.iter().map(|e| (e.reader, e.basis)).collect::<Vec<_>>(),
			vec![(BOB, AccessBasis::Grant(g)), (ALICE, AccessBasis::Owner)]
		);
		assert_eq!(Access::access_log(&R1, 1, 10).len(), 1);
	});
}

#[test]
fn an_erased_record_is_readable_by_nobody_but_keeps_its_history() {
	test(|| {
		grant(Scope::All, 30);
		assert!(Access::can_access(&BOB, &R1).is_some());
		run_to(5);
		erase_record(R1);
		assert_eq!(Access::can_access(&BOB, &R1), None);
		assert_eq!(
			Access::can_access(&ALICE, &R1),
			None,
			"its data key is gone"
		);
		assert_noop!(
			Access::record_access(RuntimeOrigin::signed(ALICE), R1, 1),
			Error::<Test>::RecordNotFound
		);
		assert!(
			Access::was_authorised(&BOB, &R1, 4),
			"who could read it before stays answerable"
		);
		assert!(Access::can_access(&BOB, &R2).is_some());
	});
}
