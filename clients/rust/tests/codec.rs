//! The client's generated calls encode byte for byte as the runtime's own: a council motion's
//! hash is the hash of its call's encoding, computed on both sides (the CLI proposes and votes
//! in one transaction by that hash), and a whitelisted call is matched by its hash.

use codec::Encode;
use semres_client::runtime::runtime_types as client;

#[test]
fn a_council_motion_encodes_as_the_runtime_encodes_it() {
	let who = sp_keyring_account();
	let ours = client::semres_runtime::RuntimeCall::Utility(
		client::pallet_utility::pallet::Call::batch_all {
			calls: vec![
				client::semres_runtime::RuntimeCall::Council(
					client::pallet_collective::pallet::Call::propose {
						threshold: 3,
						proposal: Box::new(
							client::semres_runtime::RuntimeCall::AuthorityMembership(
								client::pallet_membership::pallet::Call::add_member {
									who: subxt::utils::MultiAddress::Id(subxt::utils::AccountId32(
										who,
									)),
								},
							),
						),
						length_bound: 35,
					},
				),
				client::semres_runtime::RuntimeCall::Council(
					client::pallet_collective::pallet::Call::vote {
						proposal: subxt::utils::H256([7; 32]),
						index: 300,
						approve: true,
					},
				),
			],
		},
	);
	let theirs = semres_runtime::RuntimeCall::Utility(pallet_utility::Call::batch_all {
		calls: vec![
			semres_runtime::RuntimeCall::Council(pallet_collective::Call::propose {
				threshold: 3,
				proposal: Box::new(semres_runtime::RuntimeCall::AuthorityMembership(
					pallet_membership::Call::add_member {
						who: sp_runtime::AccountId32::new(who).into(),
					},
				)),
				length_bound: 35,
			}),
			semres_runtime::RuntimeCall::Council(pallet_collective::Call::vote {
				proposal: sp_core::H256([7; 32]),
				index: 300,
				approve: true,
			}),
		],
	});
	assert_eq!(ours.encode(), theirs.encode());
}

fn sp_keyring_account() -> [u8; 32] {
	sp_keyring::Sr25519Keyring::Eve.public().0
}
