//! Genesis presets: `development` (one authority) and `local_testnet`, a consortium of four
//! hospitals, each running one Aura + GRANDPA authority node, both with the well-known
//! development accounts and Alice as sudo; and `consortium`, the template of a real consortium's
//! chain: no well-known account, no sudo key (see `docs/operator.md` for filling it in).

use alloc::{vec, vec::Vec};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, AuraConfig, Balance, BalancesConfig, BlockNumber, GrandpaConfig, PaymentConfig,
	RuntimeGenesisConfig, SudoConfig, UNIT,
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

/// A genesis configuration from its authorities, endowed accounts and sudo key.
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> RuntimeGenesisConfig {
	RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect(),
			..Default::default()
		},
		aura: AuraConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect(),
		},
		grandpa: GrandpaConfig {
			authorities: authorities
				.into_iter()
				.map(|(_, grandpa)| (grandpa, 1))
				.collect(),
			..Default::default()
		},
		sudo: SudoConfig { key: Some(root) },
		..Default::default()
	}
}

fn authority(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
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
		Sr25519Keyring::Alice.to_account_id(),
	);
	config.payment = PaymentConfig {
		dispute_window: Some(DEV_DISPUTE_WINDOW),
	};
	config
}

/// `local_testnet`: four hospitals, each an Aura and GRANDPA authority.
pub fn local_testnet() -> RuntimeGenesisConfig {
	genesis(
		LOCAL_HOSPITALS
			.iter()
			.map(|(a, g)| authority(*a, *g))
			.collect(),
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The name of the `consortium` preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// `consortium`: what a real consortium's chain spec starts from. No authority, no endowment,
/// no sudo key and no member: the operators fill in `aura.authorities`,
/// `grandpa.authorities`, `balances.balances` and `access.members` (the consortium's
/// hospitals and their staff; until the council lands there is no other way to set them) before
/// they build the raw spec. Nobody holds a well-known key to it.
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
	fn local_testnet_has_four_distinct_authorities() {
		let config = local_testnet();
		let mut aura = config.aura.authorities.clone();
		aura.sort();
		aura.dedup();
		assert_eq!(aura.len(), 4);
		assert_eq!(config.grandpa.authorities.len(), 4);
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
