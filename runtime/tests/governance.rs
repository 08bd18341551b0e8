//! Consortium governance in the runtime itself, from the `local_testnet` genesis (four
//! hospitals on the council and in the authority set, no sudo key): motions pass at the
//! thresholds the origins ask for and not below, signed accounts and the absent sudo key
//! govern nothing, sessions follow the authority members that have keys, and root-only calls
//! pass through the council's whitelist.

use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::fungible::Inspect};
use semres_runtime::{
	configs::governance::{AuthoritySessions, CouncilCollective},
	genesis, AccountId, AuthorityMembership, Balances, Council, CouncilMembership, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Session, SessionKeys, Sudo, System, Whitelist,
};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{traits::Hash, BuildStorage, DispatchError};

fn local() -> sp_io::TestExternalities {
	let storage = genesis::local_testnet()
		.build_storage()
		.expect("the preset builds");
	let mut ext = sp_io::TestExternalities::from(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// Alice proposes `call` with `threshold`; `ayes` vote aye, the others nay; Alice closes it.
/// The result of the dispatched call, or `Err("Disapproved")`.
fn motion(call: RuntimeCall, threshold: u32, ayes: &[Sr25519Keyring]) -> Result<(), DispatchError> {
	use Sr25519Keyring::*;
	let len = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let weight = call.get_dispatch_info().call_weight;
	let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get();
	assert_ok!(Council::propose(
		signed(Alice),
		threshold,
		Box::new(call),
		len
	));
	for who in [Alice, Bob, Charlie, Dave] {
		assert_ok!(Council::vote(signed(who), hash, index, ayes.contains(&who)));
	}
	System::reset_events();
	assert_ok!(Council::close(signed(Alice), hash, index, weight, len));
	for record in System::events() {
		match record.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => {
				return result
			}
			RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. }) => {
				return Err(DispatchError::Other("Disapproved"))
			}
			_ => {}
		}
	}
	panic!("the motion neither executed nor was disapproved")
}

fn admit_authority(who: AccountId) -> RuntimeCall {
	RuntimeCall::AuthorityMembership(pallet_membership::Call::add_member { who: who.into() })
}

#[test]
fn two_thirds_of_the_council_admit_an_authority_and_half_of_it_cannot() {
	use Sr25519Keyring::*;
	local().execute_with(|| {
		let eve = Eve.to_account_id();
		// Two of four ayes meet a threshold of 2, but the origin needs two thirds.
		assert_eq!(
			motion(admit_authority(eve.clone()), 2, &[Alice, Bob]),
			Err(DispatchError::BadOrigin)
		);
		assert!(
			!pallet_membership::Members::<Runtime, pallet_membership::Instance2>::get()
				.contains(&eve)
		);
		// Three of four do.
		assert_ok!(motion(
			admit_authority(eve.clone()),
			3,
			&[Alice, Bob, Charlie]
		));
		assert!(
			pallet_membership::Members::<Runtime, pallet_membership::Instance2>::get()
				.contains(&eve)
		);
		// The proposer's deposit is released once the motion is closed.
		assert_ok!(Council::release_proposal_cost(
			signed(Alice),
			<Runtime as frame_system::Config>::Hashing::hash_of(&admit_authority(eve))
		));
	});
}

#[test]
fn a_majority_governs_roles_but_not_the_custody_committee() {
	use Sr25519Keyring::*;
	local().execute_with(|| {
		// Council of five: a majority is 3, two thirds 4.
		assert_ok!(CouncilMembership::add_member(
			RuntimeOrigin::root(),
			Eve.to_account_id().into()
		));
		assert_eq!(
			pallet_collective::Members::<Runtime, CouncilCollective>::get().len(),
			5
		);
		let hospital = RuntimeCall::Access(pallet_semres_access::Call::add_member {
			who: Ferdie.to_account_id(),
			role: semres_primitives::codes::Role::Hospital,
			institution: None,
		});
		assert_ok!(motion(hospital, 3, &[Alice, Bob, Charlie]));
		let committee = RuntimeCall::Custody(pallet_semres_custody::Call::set_committee {
			custodians: vec![Alice.to_account_id(), Bob.to_account_id()]
				.try_into()
				.unwrap(),
			threshold: 2,
		});
		assert_eq!(
			motion(committee, 3, &[Alice, Bob, Charlie]),
			Err(DispatchError::BadOrigin)
		);
	});
}

#[test]
fn signed_accounts_and_the_absent_sudo_key_govern_nothing() {
	use Sr25519Keyring::*;
	local().execute_with(|| {
		assert_noop!(
			AuthorityMembership::add_member(signed(Alice), Eve.to_account_id().into()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			CouncilMembership::add_member(signed(Alice), Eve.to_account_id().into()),
			DispatchError::BadOrigin
		);
		assert!(pallet_sudo::Key::<Runtime>::get().is_none());
		assert_noop!(
			Sudo::sudo(
				signed(Alice),
				Box::new(admit_authority(Eve.to_account_id()))
			),
			pallet_sudo::Error::<Runtime>::RequireSudo
		);
		// Not on the council: cannot propose.
		assert_noop!(
			Council::propose(
				signed(Ferdie),
				3,
				Box::new(admit_authority(Ferdie.to_account_id())),
				100
			),
			pallet_collective::Error::<Runtime, CouncilCollective>::NotMember
		);
	});
}

fn keys_of(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> SessionKeys {
	SessionKeys {
		aura: aura.public().into(),
		grandpa: grandpa.public().into(),
	}
}

#[test]
fn sessions_follow_the_authority_members_that_have_keys() {
	use Sr25519Keyring::*;
	local().execute_with(|| {
		let (eve, dave) = (Eve.to_account_id(), Dave.to_account_id());
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
		assert_ok!(AuthorityMembership::add_member(
			RuntimeOrigin::root(),
			eve.clone().into()
		));
		// A member without keys is not scheduled.
		assert!(!AuthoritySessions::next_authorities().contains(&eve));
		// Keys stand in for `session.set_keys` (its ownership proof is tested by FRAME).
		pallet_session::NextKeys::<Runtime>::insert(&eve, keys_of(Eve, Ed25519Keyring::Eve));
		assert!(AuthoritySessions::next_authorities().contains(&eve));
		assert_ok!(AuthorityMembership::remove_member(
			RuntimeOrigin::root(),
			dave.clone().into()
		));
		// Queued at the next session, active at the one after.
		Session::rotate_session();
		assert!(pallet_session::Validators::<Runtime>::get().contains(&dave));
		Session::rotate_session();
		let validators = pallet_session::Validators::<Runtime>::get();
		assert!(
			validators.contains(&eve) && !validators.contains(&dave),
			"{validators:?}"
		);
		let eve_aura: sp_consensus_aura::sr25519::AuthorityId = Eve.public().into();
		let dave_aura: sp_consensus_aura::sr25519::AuthorityId = Dave.public().into();
		let aura = pallet_aura::Authorities::<Runtime>::get();
		assert!(aura.contains(&eve_aura) && !aura.contains(&dave_aura));
		// GRANDPA schedules the same change.
		assert!(pallet_grandpa::PendingChange::<Runtime>::get().is_some());
	});
}

#[test]
fn an_empty_authority_membership_keeps_the_current_authorities() {
	local().execute_with(|| {
		for (who, _) in genesis::LOCAL_HOSPITALS {
			assert_ok!(AuthorityMembership::remove_member(
				RuntimeOrigin::root(),
				who.to_account_id().into()
			));
		}
		assert!(AuthoritySessions::next_authorities().is_empty());
		Session::rotate_session();
		Session::rotate_session();
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
	});
}

#[test]
fn root_only_calls_pass_through_the_whitelist_and_any_member_dispatches_them() {
	use Sr25519Keyring::*;
	local().execute_with(|| {
		let ferdie = Ferdie.to_account_id();
		let root_call = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: ferdie.clone().into(),
			new_free: 42 * semres_runtime::UNIT,
		});
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&root_call);
		let whitelist =
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash: hash });
		// Not whitelisted yet: a stranger cannot dispatch it.
		assert!(Whitelist::dispatch_whitelisted_call_with_preimage(
			signed(Ferdie),
			Box::new(root_call.clone())
		)
		.is_err());
		assert_ok!(motion(whitelist, 3, &[Alice, Bob, Charlie]));
		// Still nothing for a stranger; a council member dispatches it as root.
		assert!(Whitelist::dispatch_whitelisted_call_with_preimage(
			signed(Ferdie),
			Box::new(root_call.clone())
		)
		.is_err());
		assert_ne!(Balances::balance(&ferdie), 42 * semres_runtime::UNIT);
		assert_ok!(Whitelist::dispatch_whitelisted_call_with_preimage(
			signed(Bob),
			Box::new(root_call.clone())
		));
		assert_eq!(Balances::balance(&ferdie), 42 * semres_runtime::UNIT);
		// Once: the whitelist entry is spent.
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(
			hash
		));
	});
}

#[test]
fn node_claims_that_would_store_state_for_free_are_filtered_out() {
	use frame_support::traits::Contains;
	use sp_runtime::traits::Dispatchable;
	use Sr25519Keyring::*;
	local().execute_with(|| {
		let claim = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node {
			node: sp_core::OpaquePeerId(vec![1; 38]),
		});
		assert!(!semres_runtime::configs::governance::ConsortiumCalls::contains(&claim));
		let err = claim.dispatch(signed(Ferdie)).unwrap_err();
		assert_eq!(
			err.error,
			frame_system::Error::<Runtime>::CallFiltered.into()
		);
		// The council's own calls pass the filter.
		let add =
			RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
				node: sp_core::OpaquePeerId(vec![2; 38]),
				owner: Ferdie.to_account_id().into(),
			});
		assert!(semres_runtime::configs::governance::ConsortiumCalls::contains(&add));
	});
}
