//! Signing accounts (sr25519). A secret never comes from a command line argument, where the
//! process list would show it: it comes from a file, the environment, or (for the well-known
//! development accounts, on development chains only) a name.

use std::{path::Path, str::FromStr};

use subxt_signer::{sr25519::Keypair, SecretUri};
use zeroize::Zeroizing;

use crate::{AccountId, Chain, ClientError};

/// Where a signing account comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
	/// A well-known development account by name (`alice` ... `ferdie`): `//Alice`.
	Dev(String),
	/// A file whose first line is a secret URI: a mnemonic, `0x` + 64 hex digits of seed, with
	/// optional `//hard/soft` derivations.
	SuriFile(std::path::PathBuf),
	/// A secret URI in the environment variable `SEMRES_SURI`.
	SuriEnv,
	/// A polkadot.js JSON key file (encrypted with scrypt + xsalsa20-poly1305, as wallets
	/// export them), with its password.
	KeyFile {
		/// The JSON file.
		path: std::path::PathBuf,
		/// Its password.
		password: Zeroizing<String>,
	},
}

/// The development accounts' names.
pub const DEV_NAMES: [&str; 6] = ["alice", "bob", "charlie", "dave", "eve", "ferdie"];

/// A signing account.
pub struct Account {
	keypair: Keypair,
	dev: Option<String>,
}

impl Account {
	/// Loads the account from `source` (checking nothing about the chain yet).
	pub fn load(source: &Source) -> Result<Self, ClientError> {
		let bad = |m: String| ClientError::Account(m);
		match source {
			Source::Dev(name) => {
				let lower = name.to_lowercase();
				if !DEV_NAMES.contains(&lower.as_str()) {
					return Err(bad(format!(
						"'{name}' is not a development account ({})",
						DEV_NAMES.join(", ")
					)));
				}
				let mut uri = String::from("//");
				uri.push_str(&lower[..1].to_uppercase());
				uri.push_str(&lower[1..]);
				Ok(Account {
					keypair: from_uri(&uri)?,
					dev: Some(lower),
				})
			}
			Source::SuriFile(path) => {
				let text = read_secret(path)?;
				let first = text.lines().next().unwrap_or("").trim();
				Ok(Account::from_secret(first)?)
			}
			Source::SuriEnv => {
				let text = Zeroizing::new(
					std::env::var("SEMRES_SURI")
						.map_err(|_| bad("SEMRES_SURI is not set".into()))?,
				);
				Ok(Account::from_secret(text.trim())?)
			}
			Source::KeyFile { path, password } => {
				let json = read_secret(path)?;
				let keypair = subxt_signer::polkadot_js_compat::decrypt_json(&json, password)
					.map_err(|e| bad(format!("{}: {e}", path.display())))?;
				Ok(Account { keypair, dev: None })
			}
		}
	}

	fn from_secret(uri: &str) -> Result<Self, ClientError> {
		if uri.is_empty() {
			return Err(ClientError::Account("the secret is empty".into()));
		}
		if uri.starts_with("//") && !uri.contains(' ') {
			let name = uri.trim_start_matches("//").to_lowercase();
			if DEV_NAMES.contains(&name.as_str()) {
				return Ok(Account {
					keypair: from_uri(uri)?,
					dev: Some(name),
				});
			}
		}
		Ok(Account {
			keypair: from_uri(uri)?,
			dev: None,
		})
	}

	/// Refuses a development account unless `chain` is a development chain.
	pub async fn check_for(&self, chain: &Chain) -> Result<(), ClientError> {
		match &self.dev {
			Some(name) if !chain.is_development().await? => {
				Err(ClientError::DevAccountOnLiveChain(name.clone()))
			}
			_ => Ok(()),
		}
	}

	/// The account id.
	pub fn id(&self) -> AccountId {
		self.keypair.public_key().to_account_id()
	}

	/// The key pair, to sign transactions and payloads.
	pub fn keypair(&self) -> &Keypair {
		&self.keypair
	}

	/// Signs `message` (e.g. an owner's anchor consent).
	pub fn sign(&self, message: &[u8]) -> [u8; 64] {
		self.keypair.sign(message).0
	}
}

fn from_uri(uri: &str) -> Result<Keypair, ClientError> {
	let parsed = SecretUri::from_str(uri)
		.map_err(|e| ClientError::Account(format!("not a secret URI: {e}")))?;
	Keypair::from_uri(&parsed).map_err(|e| ClientError::Account(e.to_string()))
}

fn read_secret(path: &Path) -> Result<Zeroizing<String>, ClientError> {
	std::fs::read_to_string(path)
		.map(Zeroizing::new)
		.map_err(|e| ClientError::Account(format!("{}: {e}", path.display())))
}

/// Parses an account id: SS58 (any prefix) or `0x` + 64 hex digits.
pub fn parse_account(s: &str) -> Result<AccountId, String> {
	let s = s.trim();
	if let Some(hex) = s.strip_prefix("0x") {
		let bytes = decode_hex(hex).ok_or_else(|| format!("'{s}': not 64 hex digits"))?;
		return Ok(AccountId(bytes));
	}
	AccountId::from_str(s).map_err(|e| format!("'{s}' is not an account (SS58 or 0x hex): {e}"))
}

/// Decodes 64 hex digits.
pub fn decode_hex(hex: &str) -> Option<[u8; 32]> {
	let hex = hex.trim_start_matches("0x");
	if hex.len() != 64 {
		return None;
	}
	let mut out = [0u8; 32];
	for (i, b) in out.iter_mut().enumerate() {
		*b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(out)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn development_accounts_are_known_by_name() {
		let alice = Account::load(&Source::Dev("Alice".into())).unwrap();
		assert_eq!(
			alice.id(),
			subxt_signer::sr25519::dev::alice()
				.public_key()
				.to_account_id()
		);
		assert!(Account::load(&Source::Dev("mallory".into())).is_err());
	}

	#[test]
	fn a_secret_comes_from_a_file() {
		let dir = std::env::temp_dir().join(format!("semres-client-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("suri");
		std::fs::write(&file, "//Bob\n").unwrap();
		let bob = Account::load(&Source::SuriFile(file.clone())).unwrap();
		assert_eq!(
			bob.id(),
			subxt_signer::sr25519::dev::bob()
				.public_key()
				.to_account_id()
		);
		assert_eq!(
			bob.dev.as_deref(),
			Some("bob"),
			"a dev URI in a file is still a dev account"
		);
		std::fs::write(&file, "").unwrap();
		assert!(Account::load(&Source::SuriFile(file)).is_err());
	}

	#[test]
	fn accounts_parse_from_ss58_or_hex() {
		let alice = subxt_signer::sr25519::dev::alice()
			.public_key()
			.to_account_id();
		assert_eq!(parse_account(&alice.to_string()).unwrap(), alice);
		let hex = format!(
			"0x{}",
			alice
				.0
				.iter()
				.map(|b| format!("{b:02x}"))
				.collect::<String>()
		);
		assert_eq!(parse_account(&hex).unwrap(), alice);
		assert!(parse_account("0x12").is_err());
		assert!(parse_account("nonsense").is_err());
	}
}
