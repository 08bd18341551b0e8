//! Chain specifications: the built-in `dev` and `local` chains, or a JSON file.

use sc_service::ChainType;
use semres_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A SEMRES chain specification (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// The built-in chains: `--chain` name, what it is.
pub const BUILT_IN: [(&str, &str); 3] = [
	("dev", "one authority (Alice), for development"),
	(
		"local",
		"the four-hospital consortium (Alice, Bob, Charlie, Dave)",
	),
	(
		"consortium",
		"template of a consortium's own chain spec (no authority, member, balance or sudo key: \
		 fill them in with `build-spec`, see docs/operator.md)",
	),
];

/// Wallet properties: token symbol and decimals, SS58 address format.
fn properties() -> sc_service::Properties {
	let mut p = sc_service::Properties::new();
	p.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	p.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	p.insert("ss58Format".into(), SS58_PREFIX.into());
	p
}

fn built_in(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the runtime wasm is not built into this binary (SKIP_WASM_BUILD was set)".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("semres")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// Loads the chain spec named by `--chain`: a built-in name, or the path of a JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	let spec = match id {
		"dev" => built_in(
			"SEMRES Development",
			"semres_dev",
			ChainType::Development,
			DEV_RUNTIME_PRESET,
		)?,
		"local" | "" => built_in(
			"SEMRES Local Testnet",
			"semres_local",
			ChainType::Local,
			LOCAL_TESTNET_RUNTIME_PRESET,
		)?,
		"consortium" => built_in(
			"SEMRES Consortium",
			"semres_consortium",
			ChainType::Live,
			semres_runtime::genesis::CONSORTIUM_PRESET,
		)?,
		path if std::path::Path::new(path).is_file() => {
			ChainSpec::from_json_file(path.into()).map_err(|e| format!("chain spec {path}: {e}"))?
		}
		unknown => return Err(unknown_chain_message(unknown)),
	};
	Ok(Box::new(spec))
}

/// The error for a `--chain` that is neither a built-in chain nor a file.
fn unknown_chain_message(id: &str) -> String {
	let known: Vec<String> = BUILT_IN
		.iter()
		.map(|(name, what)| format!("  {name:<10} {what}"))
		.collect();
	format!(
		"unknown chain '{id}': not a built-in chain and no such file.\nKnown chains:\n{}\nor the \
		 path of a chain-spec JSON file (see `semres-node build-spec`).",
		known.join("\n")
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn unknown_chain_lists_known_presets() {
		let err = load("mainnet").err().expect("unknown chain is an error");
		assert!(err.contains("unknown chain 'mainnet'"), "{err}");
		assert!(err.contains("dev") && err.contains("local"), "{err}");
	}

	#[test]
	fn built_in_chains_have_wallet_properties() {
		for (name, _) in BUILT_IN {
			let spec = load(name).unwrap();
			let props = spec.properties();
			assert_eq!(props["tokenSymbol"], TOKEN_SYMBOL);
			assert_eq!(props["tokenDecimals"], TOKEN_DECIMALS);
			assert_eq!(props["ss58Format"], SS58_PREFIX);
		}
	}
}
