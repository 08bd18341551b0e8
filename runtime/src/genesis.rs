//! Genesis presets, all with the council of [`crate::configs::governance`]:
//! - `development`: Alice alone is the council, the authority and the sudo key (the only preset
//!   with one);
//! - `local_testnet`: a consortium of four hospitals (Alice, Bob, Charlie, Dave), each on the
//!   council and running one Aura + GRANDPA authority node; governed by council motions only;
//! - `consortium`: the template of a real consortium's chain: no well-known account, no sudo
//!   key (see `docs/operator.md` for filling it in).
//!
//! Both test presets endow the well-known development accounts. Authorities come from the
//! session pallet's genesis keys (Aura's and GRANDPA's own lists stay empty: the session
//! pallet initialises them).

use alloc::{vec, vec::Vec};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuthorityMembershipConfig, Balance, BalancesConfig, BlockNumber,
	CouncilMembershipConfig, NodeAuthorizationConfig, PaymentConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SudoConfig, UNIT,
};

/// Balance given to each endowed account at genesis.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The four consortium hospitals of the local testnet, in authority order. Node names in
/// `zombienet/local.toml` (alice, bob, charlie, dave) follow the same keyring seeds.
pub const LOCAL_HOSPITALS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// A hospital that runs an authority node: its account and its session keys.
pub type Authority = (AccountId, SessionKeys);

/// The libp2p peer ids (ed25519, 38 bytes) of the local testnet's nodes: their node keys are
/// SHA-256 of the node's name, as zombienet derives them (`zombienet/local.toml`; by hand:
/// `--node-key $(printf alice | sha256sum | cut -c1-64)`). Alice, Bob, Charlie and Dave run
/// authority nodes, and Alice the RPC node `rpc`; the fifth hospital's node (`eve`) is not in
/// the list until the council admits it.
pub const LOCAL_NODES: [(&str, [u8; 38]); 5] = [
	(
		"alice",
		hex_literal::hex!(
			"002408011220d5bf4a3fcce717b0388bcc2749ebc148ad9969b23f45ee1b605fd58778576ac4"
		),
	),
	(
		"bob",
		hex_literal::hex!(
			"002408011220ecc1b58727f3f12b3194881a9ecb9de0b28ce7b207230d8e930fe1bce75e256c"
		),
	),
	(
		"charlie",
		hex_literal::hex!(
			"002408011220c8bf2959a96bd99ffde4e7277b41e57331dba7f7918186c359cf7dce149bb567"
		),
	),
	(
		"dave",
		hex_literal::hex!(
			"0024080112208d9293c327662be3c0faeb579b2aedd3b2cec33d74dadedceea76b7a94dc90c0"
		),
	),
	(
		"rpc",
		hex_literal::hex!(
			"00240801122087f39386bd9769e6284ce125edc405a4e1a814a147c4c061867fc093578178de"
		),
	),
];

/// A genesis configuration from its hospitals (each on the council and an authority), endowed
/// accounts and sudo key (none outside `development`).
fn genesis(
	hospitals: Vec<Authority>,
	endowed: Vec<AccountId>,
	root: Option<AccountId>,
) -> RuntimeGenesisConfig {
	let mut accounts: Vec<AccountId> = hospitals.iter().map(|(a, _)| a.clone()).collect();
	accounts.sort();
	RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		},
		session: SessionConfig {
			keys: hospitals
				.into_iter()
				.map(|(account, keys)| (account.clone(), account, keys))
				.collect(),
			..Default::default()
		},
		council_membership: CouncilMembershipConfig {
			members: accounts
				.clone()
				.try_into()
				.expect("at most MAX_COUNCIL hospitals; qed"),
			..Default::default()
		},
		authority_membership: AuthorityMembershipConfig {
			members: accounts
				.try_into()
				.expect("at most MAX_COUNCIL hospitals; qed"),
			..Default::default()
		},
		sudo: SudoConfig { key: root },
		..Default::default()
	}
}

/// A well-known hospital: account and Aura key from the sr25519 seed, GRANDPA key from the
/// ed25519 one.
fn authority(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> Authority {
	let aura: AuraId = aura.public().into();
	let grandpa: GrandpaId = grandpa.public().into();
	(aura_account(&aura), SessionKeys { aura, grandpa })
}

fn aura_account(aura: &AuraId) -> AccountId {
	sp_core::sr25519::Public::from(aura.clone()).into()
}

/// All well-known development accounts (Alice ... Ferdie and their `//stash` variants).
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known()
		.map(|k| k.to_account_id())
		.collect()
}

/// The dispute window of the `development` preset: 5 blocks (30 s), so that app developers
/// see payouts while they wait (the runtime's default is a day).
pub const DEV_DISPUTE_WINDOW: BlockNumber = 5;

/// `development`: Alice authors and finalises alone; payouts follow 5 blocks after completion.
pub fn development() -> RuntimeGenesisConfig {
	let mut config = genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	);
	config.payment = PaymentConfig {
		dispute_window: Some(DEV_DISPUTE_WINDOW),
	};
	config
}

/// `local_testnet`: four hospitals, each on the council and an Aura and GRANDPA authority,
/// their nodes (and Alice's RPC node) the consortium's well-known nodes; no sudo.
pub fn local_testnet() -> RuntimeGenesisConfig {
	let mut config = genesis(
		LOCAL_HOSPITALS
			.iter()
			.map(|(a, g)| authority(*a, *g))
			.collect(),
		dev_accounts(),
		None,
	);
	let owner = |name: &str| match name {
		"bob" => Sr25519Keyring::Bob,
		"charlie" => Sr25519Keyring::Charlie,
		"dave" => Sr25519Keyring::Dave,
		_ => Sr25519Keyring::Alice,
	};
	config.node_authorization = NodeAuthorizationConfig {
		nodes: LOCAL_NODES
			.iter()
			.map(|(name, peer)| {
				(
					sp_core::OpaquePeerId(peer.to_vec()),
					owner(name).to_account_id(),
				)
			})
			.collect(),
	};
	config
}

/// The name of the `consortium` preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// `consortium`: what a real consortium's chain spec starts from. No authority, no endowment,
/// no sudo key, no council and no member: the operators fill in `session.keys`,
/// `councilMembership.members`, `authorityMembership.members`, `balances.balances` and
/// `access.members` (the founding hospitals; later ones join by council motion) before they
/// build the raw spec. Nobody holds a well-known key to it.
pub fn consortium() -> RuntimeGenesisConfig {
	RuntimeGenesisConfig {
		sudo: SudoConfig { key: None },
		..Default::default()
	}
}

/// The JSON of a named preset, or `None` for an unknown name.
pub fn preset(id: &PresetId) -> Option<Vec<u8>> {
	let config = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		CONSORTIUM_PRESET => consortium(),
		_ => return None,
	};
	Some(serde_json::to_vec(&config).expect("a genesis config always serialises; qed"))
}

/// Names of the presets this runtime provides.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
	]
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::BuildStorage;

	#[test]
	fn presets_build_genesis_state() {
		for name in preset_names() {
			let json = preset(&name).expect("listed preset exists");
			let config: RuntimeGenesisConfig = serde_json::from_slice(&json).unwrap();
			config.build_storage().expect("genesis builds");
		}
	}

	#[test]
	fn local_testnet_has_four_distinct_authorities_on_the_council_and_no_sudo() {
		let config = local_testnet();
		let mut keys: Vec<_> = config
			.session
			.keys
			.iter()
			.map(|(a, _, k)| (a.clone(), k.aura.clone()))
			.collect();
		keys.sort();
		keys.dedup();
		assert_eq!(keys.len(), 4);
		for (account, validator, keys) in &config.session.keys {
			assert_eq!(account, validator);
			assert_eq!(
				&aura_account(&keys.aura),
				account,
				"account is the hospital's sr25519 key"
			);
		}
		assert_eq!(config.council_membership.members.len(), 4);
		assert_eq!(config.authority_membership.members.len(), 4);
		assert!(config.sudo.key.is_none());
		assert!(
			config.aura.authorities.is_empty(),
			"the session pallet sets them"
		);
	}

	#[test]
	fn only_development_has_a_sudo_key() {
		for name in preset_names() {
			let value: serde_json::Value = serde_json::from_slice(&preset(&name).unwrap()).unwrap();
			let has_sudo = !value["sudo"]["key"].is_null();
			assert_eq!(
				has_sudo,
				AsRef::<str>::as_ref(&name) == DEV_RUNTIME_PRESET,
				"{name:?}"
			);
		}
	}

	#[test]
	fn development_has_a_short_dispute_window() {
		let json = preset(&PresetId::from(DEV_RUNTIME_PRESET)).unwrap();
		let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
		assert_eq!(value["payment"]["disputeWindow"], DEV_DISPUTE_WINDOW);
		let local = preset(&PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)).unwrap();
		let value: serde_json::Value = serde_json::from_slice(&local).unwrap();
		assert!(value["payment"]["disputeWindow"].is_null());
	}

	#[test]
	fn the_consortium_preset_has_no_well_known_account_and_no_sudo() {
		let json = preset(&PresetId::from(CONSORTIUM_PRESET)).unwrap();
		let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
		assert!(value["sudo"]["key"].is_null(), "no sudo key");
		assert_eq!(value["balances"]["balances"], serde_json::json!([]));
		let text = String::from_utf8(json).unwrap();
		for account in dev_accounts() {
			let ss58 = sp_core::crypto::Ss58Codec::to_ss58check(&account);
			assert!(
				!text.contains(&ss58),
				"{ss58} is not in the consortium preset"
			);
		}
		assert_eq!(value["access"]["members"], serde_json::json!([]));
	}

	#[test]
	fn unknown_preset_is_none() {
		assert!(preset(&PresetId::from("mainnet")).is_none());
	}
}
