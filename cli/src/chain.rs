//! What every chain command shares: the connection, the signing account, transactions with
//! progress, the DERy store, and parsing of accounts, ids, codes and amounts.

use std::path::PathBuf;

use semres_client::{
	account::{parse_account, Account, Source},
	runtime::runtime_types::{
		pallet_semres_access::types::Scope,
		semres_primitives::codes::{PurposeOfUse, RecordClass, SecurityLevel},
	},
	AccountId, At, Chain, Included, Progress, Wait, H256,
};
use semres_dery::{KuboStore, LocalStore, Store};
use zeroize::Zeroizing;

use crate::{
	cli::{AccountArgs, ChainStoreArgs, ScopeArgs},
	error::{CliError, Kind, Result},
	output::Output,
};

/// The context of a chain command: the output, the connection and how long to wait.
pub struct Ctx<'a> {
	pub out: &'a Output,
	pub chain: Chain,
	pub wait: Wait,
}

/// Runs an async chain command to completion on a runtime of its own.
pub fn run<F>(f: F) -> Result<()>
where
	F: std::future::Future<Output = Result<()>>,
{
	tokio::runtime::Builder::new_current_thread()
		.enable_all()
		.build()
		.map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?
		.block_on(f)
}

impl<'a> Ctx<'a> {
	/// Connects to `url`.
	pub async fn connect(out: &'a Output, url: &str, finalized: bool) -> Result<Ctx<'a>> {
		let chain = Chain::connect(url).await?;
		Ok(Ctx {
			out,
			chain,
			wait: if finalized {
				Wait::Finalized
			} else {
				Wait::InBlock
			},
		})
	}

	/// Loads the signing account and checks it may be used on this chain.
	pub async fn account(&self, a: &AccountArgs) -> Result<Account> {
		let source = account_source(a)?;
		let account = Account::load(&source)?;
		account.check_for(&self.chain).await?;
		Ok(account)
	}

	/// Submits `call` signed by `who`, printing progress; returns the included transaction.
	pub async fn submit<C: subxt::transactions::Payload>(
		&self,
		what: &str,
		call: &C,
		who: &Account,
	) -> Result<Included> {
		let out = self.out;
		let mut progress = |p: Progress| match p {
			Progress::Submitted => out.step(&format!("{what}: submitted")),
			Progress::InBlock(n) => out.step(&format!("{what}: in block #{n}")),
			Progress::Finalized(n) => out.step(&format!("{what}: finalised in #{n}")),
		};
		Ok(self
			.chain
			.submit(call, who.keypair(), self.wait, &mut progress)
			.await?)
	}
}

/// A chain error from subxt's or codec's.
pub fn chain_err(e: impl std::fmt::Display) -> CliError {
	CliError::new(Kind::Chain, e.to_string())
}

/// The value of a storage entry at `at`, if any.
pub async fn fetch<A>(at: &At, address: A, key: A::KeyParts) -> Result<Option<A::Value>>
where
	A: subxt::storage::Address,
{
	let entry = at.storage().entry(address).map_err(chain_err)?;
	match entry.try_fetch(key).await.map_err(chain_err)? {
		None => Ok(None),
		Some(v) => Ok(Some(v.decode().map_err(chain_err)?)),
	}
}

/// Every item of a paged runtime query: `page(start_after)` returns up to [`PAGE`] items, `key`
/// names the item to start after for the next page.
pub async fn all_pages<T, K, Fut>(
	mut page: impl FnMut(Option<K>) -> Fut,
	key: impl Fn(&T) -> K,
) -> Result<Vec<T>>
where
	Fut: std::future::Future<Output = Result<Vec<T>>>,
{
	let mut all = Vec::new();
	let mut after = None;
	loop {
		let items = page(after).await?;
		let n = items.len();
		after = items.last().map(&key);
		all.extend(items);
		if n < PAGE as usize {
			return Ok(all);
		}
	}
}

/// The longest page the runtime's listing queries return.
pub const PAGE: u32 = 100;

/// Where the signing account comes from (`SEMRES_SURI` when no option names one).
fn account_source(a: &AccountArgs) -> Result<Source> {
	if let Some(name) = &a.dev {
		return Ok(Source::Dev(name.clone()));
	}
	if let Some(path) = &a.suri_file {
		return Ok(Source::SuriFile(path.clone()));
	}
	if let Some(path) = &a.account_file {
		let password = match &a.account_password_file {
			Some(p) => {
				let text = Zeroizing::new(
					std::fs::read_to_string(p).map_err(|e| CliError::io("cannot read", p, e))?,
				);
				Zeroizing::new(text.lines().next().unwrap_or("").to_string())
			}
			None => match std::env::var("SEMRES_ACCOUNT_PASSWORD") {
				Ok(pw) => Zeroizing::new(pw),
				Err(_) => Zeroizing::new(
					rpassword::prompt_password("Account key file password: ")
						.map_err(|e| CliError::failure(e.to_string()))?,
				),
			},
		};
		return Ok(Source::KeyFile {
			path: path.clone(),
			password,
		});
	}
	if std::env::var_os("SEMRES_SURI").is_some() {
		return Ok(Source::SuriEnv);
	}
	Err(CliError::new(
		Kind::Credentials,
		"no signing account: pass --dev NAME (development chains), --suri-file FILE or \
		 --account-file FILE, or set SEMRES_SURI",
	))
}

/// The owner's account for signing a consent, if one was given.
pub fn owner_source(dev: &Option<String>, suri_file: &Option<PathBuf>) -> Option<Source> {
	match (dev, suri_file) {
		(Some(name), _) => Some(Source::Dev(name.clone())),
		(None, Some(path)) => Some(Source::SuriFile(path.clone())),
		(None, None) => None,
	}
}

/// Opens the DERy store a chain command uses.
pub fn open_store(a: &ChainStoreArgs) -> Result<Box<dyn Store + Send + Sync>> {
	Ok(match &a.kubo {
		Some(url) => Box::new(KuboStore::new(url)),
		None => Box::new(LocalStore::open(&a.store)?),
	})
}

/// An account argument (SS58 or 0x hex).
pub fn account(s: &str) -> Result<AccountId> {
	parse_account(s).map_err(CliError::failure)
}

/// A record id (64 hex digits, optional 0x).
pub fn record_id(s: &str) -> Result<H256> {
	semres_client::account::decode_hex(s)
		.map(H256)
		.ok_or_else(|| CliError::failure(format!("'{s}' is not a record id (64 hex digits)")))
}

/// Lower-case hex with 0x, as the chain prints hashes.
pub fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", semres_ceda::keys::hex(bytes))
}

fn pick<T: Clone>(s: &str, what: &str, options: &[(&str, T)]) -> Result<T> {
	let key = s.to_lowercase().replace('_', "-");
	options
		.iter()
		.find(|(name, _)| *name == key)
		.map(|(_, v)| v.clone())
		.ok_or_else(|| {
			let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
			CliError::failure(format!(
				"unknown {what} '{s}'; one of: {}",
				names.join(", ")
			))
		})
}

/// A record class by name.
pub fn class(s: &str) -> Result<RecordClass> {
	use RecordClass::*;
	let options = [
		("outpatient", Outpatient),
		("inpatient", Inpatient),
		("laboratory", Laboratory),
		("imaging", Imaging),
		("prescription", Prescription),
		("discharge-summary", DischargeSummary),
		("allergy", Allergy),
		("vaccination", Vaccination),
		("sensor", Sensor),
		("other", Other),
	];
	pick(s, "record class", &options)
}

/// A security level by name.
pub fn level(s: &str) -> Result<SecurityLevel> {
	use SecurityLevel::*;
	pick(
		s,
		"security level",
		&[("private", Private), ("moderate", Moderate), ("low", Low)],
	)
}

/// An HL7 purpose of use by name.
pub fn purpose(s: &str) -> Result<PurposeOfUse> {
	use PurposeOfUse::*;
	let options = [
		("treatment", Treatment),
		("emergency-treatment", EmergencyTreatment),
		("payment", Payment),
		("research", Research),
		("operations", Operations),
		("public-health", PublicHealth),
		("patient-request", PatientRequest),
	];
	pick(s, "purpose of use", &options)
}

/// A scope from `--record` / `--class` / `--all`.
pub fn scope(a: &ScopeArgs) -> Result<Scope> {
	Ok(match (&a.record, &a.class) {
		(Some(r), _) => Scope::Record(record_id(r)?),
		(None, Some(c)) => Scope::Class(class(c)?),
		(None, None) => Scope::All,
	})
}

/// An amount in SEMR ("12", "0.5") in the smallest unit.
pub fn amount(s: &str) -> Result<u128> {
	let bad = || CliError::failure(format!("'{s}' is not an amount in SEMR (e.g. 12.5)"));
	let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
	if frac.len() > 12 || (whole.is_empty() && frac.is_empty()) {
		return Err(bad());
	}
	let whole: u128 = if whole.is_empty() {
		0
	} else {
		whole.parse().map_err(|_| bad())?
	};
	let frac_units: u128 = if frac.is_empty() {
		0
	} else {
		format!("{frac:0<12}").parse().map_err(|_| bad())?
	};
	whole
		.checked_mul(semres_client::UNIT)
		.and_then(|w| w.checked_add(frac_units))
		.ok_or_else(bad)
}

/// An amount in the smallest unit as SEMR, for printing.
pub fn semr(units: u128) -> String {
	let (w, f) = (units / semres_client::UNIT, units % semres_client::UNIT);
	if f == 0 {
		format!("{w} SEMR")
	} else {
		format!("{w}.{} SEMR", format!("{f:012}").trim_end_matches('0'))
	}
}

/// A commitment to a reason code with a fresh salt: `blake2_256(SCALE((code, salt)))`.
pub fn commit_reason(code: u32) -> Result<(H256, [u8; 32])> {
	let mut salt = [0u8; 32];
	getrandom::fill(&mut salt).map_err(|e| CliError::failure(e.to_string()))?;
	let encoded = codec::Encode::encode(&(code, salt));
	Ok((H256(sp_crypto_hashing::blake2_256(&encoded)), salt))
}

/// A fresh random salt.
pub fn salt() -> Result<[u8; 32]> {
	let mut s = [0u8; 32];
	getrandom::fill(&mut s).map_err(|e| CliError::failure(e.to_string()))?;
	Ok(s)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_parse_in_semr() {
		assert_eq!(amount("1").unwrap(), semres_client::UNIT);
		assert_eq!(amount("0.5").unwrap(), semres_client::UNIT / 2);
		assert_eq!(
			amount("12.000000000001").unwrap(),
			12 * semres_client::UNIT + 1
		);
		assert!(amount("1.0000000000001").is_err());
		assert!(amount("x").is_err());
		assert!(amount(".").is_err());
		assert_eq!(
			semr(12 * semres_client::UNIT + semres_client::UNIT / 4),
			"12.25 SEMR"
		);
	}

	#[test]
	fn codes_parse_by_name() {
		assert!(matches!(
			class("Discharge_Summary").unwrap(),
			RecordClass::DischargeSummary
		));
		assert!(class("xray").is_err());
		assert!(matches!(level("low").unwrap(), SecurityLevel::Low));
		assert!(matches!(
			purpose("public-health").unwrap(),
			PurposeOfUse::PublicHealth
		));
	}
}
