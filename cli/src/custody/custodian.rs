//! `semres custodian --config FILE`: the service each hospital runs beside its node. It
//! follows finalised blocks; for every key request to a committee it sits on, it answers once:
//! if the chain granted the request, it fetches the anchored SMeR from DERy, checks it against
//! the anchor, opens its own share and releases it sealed to the reader's registered key for
//! this request (`release_share`); otherwise it denies, saying why (`deny_request`). It never
//! holds more than its own share and never sees a data key.
//!
//! Restart-safe: the last block handled is kept in the state file (written atomically after
//! every block), answers already on chain are not repeated, and SIGINT/SIGTERM stop it between
//! two blocks. Logs go to stderr, one line per event.

use std::{
	io::{BufWriter, Read, Write},
	path::{Path, PathBuf},
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use semres_ceda::{custody::release_from, smer::SmerPrefix, PrivateKey};
use semres_client::{
	account::{Account, Source},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec, pallet_semres_custody::types::Denial,
		},
	},
	At, Chain, Progress, Wait, H256,
};
use semres_dery::{Cid, KuboStore, LocalStore, Store};
use serde::{Deserialize, Serialize};

use super::{committee::committee_at, fetch, release_key};
use crate::{
	chain::hex0x,
	cli::{CustodianArgs, PasswordArgs},
	error::{CliError, Kind, Result},
	keys::load_private_from,
};

/// The custodian's configuration file (JSON; relative paths are relative to the file).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
	/// The node's WebSocket RPC endpoint.
	url: String,
	/// The hospital's account: `{"dev": "alice"}` (development chains) or `{"suri_file": F}`.
	account: AccountConfig,
	/// The custody private key (PEM; registered with `semres custody register`).
	custody_key: PathBuf,
	/// The custody key's password file, if it is encrypted.
	#[serde(default)]
	password_file: Option<PathBuf>,
	/// Where the SMeRs are: `{"embedded": DIR}` or `{"kubo": URL}`.
	store: StoreConfig,
	/// The state file (created if missing).
	state: PathBuf,
	/// For tests of the audit only: release shares whatever the chain decided.
	#[serde(default)]
	misbehave: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum AccountConfig {
	Dev(String),
	SuriFile(PathBuf),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum StoreConfig {
	Embedded(PathBuf),
	Kubo(String),
}

/// What survives a restart.
#[derive(Serialize, Deserialize)]
struct State {
	/// The last finalised block whose requests were answered.
	last_block: u32,
}

/// One line on stderr: UTC time, the custodian, the message.
fn log(who: &str, msg: &str) {
	let secs = SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or(0);
	eprintln!("{} custodian {who}: {msg}", utc(secs));
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, proleptic Gregorian).
fn utc(secs: u64) -> String {
	let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let d = doy - (153 * mp + 2) / 5 + 1;
	let m = if mp < 10 { mp + 3 } else { mp - 9 };
	let y = yoe + era * 400 + i64::from(m <= 2);
	format!(
		"{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
		rem / 3600,
		rem / 60 % 60,
		rem % 60
	)
}

fn resolve(base: &Path, p: &Path) -> PathBuf {
	if p.is_absolute() {
		p.to_path_buf()
	} else {
		base.join(p)
	}
}

fn config_err(path: &Path, e: impl std::fmt::Display) -> CliError {
	CliError::failure(format!("custodian config {}: {e}", path.display()))
}

/// Everything the running service holds.
struct Custodian {
	chain: Chain,
	account: Account,
	key: PrivateKey,
	store: Box<dyn Store + Send + Sync>,
	state_path: PathBuf,
	misbehave: bool,
	name: String,
}

pub fn run(a: CustodianArgs) -> Result<()> {
	let text = std::fs::read_to_string(&a.config).map_err(|e| config_err(&a.config, e))?;
	let config: Config = serde_json::from_str(&text).map_err(|e| config_err(&a.config, e))?;
	let base = a.config.parent().map(Path::to_path_buf).unwrap_or_default();
	let source = match &config.account {
		AccountConfig::Dev(name) => Source::Dev(name.clone()),
		AccountConfig::SuriFile(p) => Source::SuriFile(resolve(&base, p)),
	};
	let account = Account::load(&source)?;
	let password = PasswordArgs {
		password_file: config.password_file.as_ref().map(|p| resolve(&base, p)),
		password_env: false,
	};
	let key = load_private_from(&resolve(&base, &config.custody_key), &password)?;
	let store: Box<dyn Store + Send + Sync> = match &config.store {
		StoreConfig::Embedded(dir) => Box::new(LocalStore::open(&resolve(&base, dir))?),
		StoreConfig::Kubo(url) => Box::new(KuboStore::new(url)),
	};
	let state_path = resolve(&base, &config.state);
	crate::chain::run(async move {
		let chain = Chain::connect(&config.url).await?;
		account.check_for(&chain).await?;
		let name = account.id().to_string();
		let c = Custodian {
			chain,
			account,
			key,
			store,
			state_path,
			misbehave: config.misbehave,
			name,
		};
		c.serve().await
	})
}

impl Custodian {
	fn log(&self, msg: &str) {
		log(&self.name, msg)
	}

	fn load_state(&self) -> Result<Option<State>> {
		match std::fs::read_to_string(&self.state_path) {
			Ok(s) => Ok(Some(
				serde_json::from_str(&s).map_err(|e| config_err(&self.state_path, e))?,
			)),
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
			Err(e) => Err(CliError::io("cannot read", &self.state_path, e)),
		}
	}

	/// Writes the state to a temporary file, then renames it over the old one.
	fn save_state(&self, state: &State) -> Result<()> {
		let tmp = self.state_path.with_extension("tmp");
		let json = serde_json::to_vec(state).expect("state serialises; qed");
		std::fs::write(&tmp, json).map_err(|e| CliError::io("cannot write", &tmp, e))?;
		std::fs::rename(&tmp, &self.state_path)
			.map_err(|e| CliError::io("cannot write", &self.state_path, e))
	}

	async fn serve(&self) -> Result<()> {
		let mut state = match self.load_state()? {
			Some(s) => s,
			None => State {
				last_block: self.chain.finalized_number().await?,
			},
		};
		self.log(&format!(
			"serving {} with custody key {}, from block #{}",
			self.chain.url(),
			hex0x(&self.key.public_key().key_id()),
			state.last_block + 1
		));
		let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
			.map_err(|e| CliError::failure(format!("cannot watch SIGTERM: {e}")))?;
		loop {
			let finalized = self.chain.finalized_number().await?;
			while state.last_block < finalized {
				let n = state.last_block + 1;
				tokio::select! {
					done = self.handle_block(n) => done?,
					_ = tokio::signal::ctrl_c() => return self.stop(n),
					_ = term.recv() => return self.stop(n),
				}
				state.last_block = n;
				self.save_state(&state)?;
			}
			tokio::select! {
				_ = tokio::time::sleep(Duration::from_millis(500)) => {}
				_ = tokio::signal::ctrl_c() => return self.stop(state.last_block + 1),
				_ = term.recv() => return self.stop(state.last_block + 1),
			}
		}
	}

	fn stop(&self, next: u32) -> Result<()> {
		self.log(&format!("stopping; block #{next} is next"));
		Ok(())
	}

	/// Answers the key requests of finalised block `n`.
	async fn handle_block(&self, n: u32) -> Result<()> {
		let at = self.chain.at(n).await?;
		let events = at.events().fetch().await.map_err(super::chain_err)?;
		for ev in events.find::<runtime::custody::events::KeyRequested>() {
			let ev = ev.map_err(super::chain_err)?;
			if let Err(e) = self.handle_request(&at, &ev).await {
				self.log(&format!("request {}: {}", ev.id, e.message));
			}
		}
		Ok(())
	}

	async fn handle_request(
		&self,
		at: &At,
		ev: &runtime::custody::events::KeyRequested,
	) -> Result<()> {
		let Some(committee) = committee_at(at, ev.epoch).await? else {
			return Ok(());
		};
		let me = self.account.id();
		let Some(pos) = committee.members.iter().position(|(a, _)| *a == me) else {
			return Ok(()); // not on this epoch's committee
		};
		let index = pos as u8 + 1;
		if committee.members[pos].1.key_id() != self.key.public_key().key_id() {
			return Err(CliError::new(
				Kind::Credentials,
				format!(
					"epoch {}'s committee names another custody key for me: not answering",
					ev.epoch
				),
			));
		}
		// Already answered (a restart)? The state at the best block says.
		let best = self.chain.best().await?;
		let request = fetch(&best, runtime::storage().custody().key_requests(), (ev.id,)).await?;
		let Some(request) = request else {
			return Ok(()); // pruned
		};
		if request.answers.0.iter().any(|(i, _)| *i == index) {
			return Ok(());
		}
		let decision = if self.misbehave {
			self.share_for(at, ev).await
		} else if !ev.granted || !self.still_allowed(&best, ev).await {
			Err(Denial::NoBasis)
		} else {
			self.share_for(at, ev).await
		};
		match decision {
			Ok(sealed) => {
				let call = runtime::transactions().custody().release_share(
					ev.id,
					index,
					BoundedVec(sealed),
				);
				let what = format!(
					"request {}: share {index} released to {} for record {} v{}",
					ev.id,
					ev.reader,
					hex0x(&ev.record.0),
					ev.version
				);
				self.submit(&call, &what).await
			}
			Err(reason) => {
				let what = format!("request {}: denied ({reason:?})", ev.id);
				let call = runtime::transactions()
					.custody()
					.deny_request(ev.id, index, reason);
				self.submit(&call, &what).await
			}
		}
	}

	async fn submit<C: subxt::transactions::Payload>(&self, call: &C, what: &str) -> Result<()> {
		match self
			.chain
			.submit(
				call,
				self.account.keypair(),
				Wait::InBlock,
				&mut |_: Progress| {},
			)
			.await
		{
			Ok(included) => {
				self.log(&format!("{what} (block #{})", included.block_number));
				Ok(())
			}
			Err(e) => {
				let e: CliError = e.into();
				self.log(&format!("{what}: the chain refused it: {}", e.message));
				Ok(())
			}
		}
	}

	/// Whether the reader still has a basis at the best block (a revocation since the request
	/// binds: the chain would refuse the release anyway).
	async fn still_allowed(&self, best: &At, ev: &runtime::custody::events::KeyRequested) -> bool {
		let q = runtime::runtime_apis()
			.access_api()
			.check_access(ev.reader, ev.record);
		matches!(Chain::query_at(best, q).await, Ok(Ok(_)))
	}

	/// This custodian's share of the requested version, sealed to the reader for this request;
	/// or why it cannot be released.
	async fn share_for(
		&self,
		at: &At,
		ev: &runtime::custody::events::KeyRequested,
	) -> std::result::Result<Vec<u8>, Denial> {
		let api = runtime::runtime_apis().records_api();
		let history = Chain::query_at(at, api.history(ev.record, ev.version, 1))
			.await
			.map_err(|_| Denial::NoRecord)?;
		let anchor = history
			.into_iter()
			.find(|(v, _)| *v == ev.version)
			.map(|(_, a)| a)
			.ok_or(Denial::NoRecord)?;
		let info = Chain::query_at(at, api.record(ev.record))
			.await
			.ok()
			.flatten()
			.ok_or(Denial::NoRecord)?;
		if info.erased_at.is_some() {
			return Err(Denial::NoRecord);
		}
		let prefix = self
			.anchored_prefix(&anchor.smer.cid.0, anchor.smer.smer_hash, &ev.record)
			.map_err(|e| {
				self.log(&format!("request {}: {}", ev.id, e.message));
				Denial::NoShare
			})?;
		let reader = release_key(at, &ev.reader)
			.await
			.ok()
			.flatten()
			.ok_or(Denial::NoReaderKey)?;
		let genesis = self.chain.genesis_hash().0;
		release_from(&self.key, &prefix, genesis, ev.id, &reader)
			.map(|r| r.sealed)
			.map_err(|e| {
				self.log(&format!("request {}: no share to release: {e}", ev.id));
				Denial::NoShare
			})
	}

	/// The prefix of the SMeR at `cid`, fetched whole (verified against the CID by DERy) and
	/// checked against the anchor hash and the requested record: a custodian never takes the
	/// store's word for which SMeR it opens.
	fn anchored_prefix(&self, cid: &[u8], anchored: H256, record: &H256) -> Result<SmerPrefix> {
		let cid = Cid::try_from(cid)
			.map_err(|e| CliError::new(Kind::Integrity, format!("the anchored CID: {e}")))?;
		let (mut reader, writer) =
			std::io::pipe().map_err(|e| CliError::failure(format!("cannot make a pipe: {e}")))?;
		let store = self.store.as_ref();
		let (fetched, prefix) = std::thread::scope(|s| {
			let fetcher = s.spawn(move || {
				let mut w = BufWriter::with_capacity(1 << 20, writer);
				let r = store.get(&cid, &mut w);
				r.and_then(|r| w.flush().map(|_| r).map_err(Into::into))
			});
			let prefix = semres_ceda::inspect(&mut reader);
			let _ = std::io::copy(&mut reader.by_ref(), &mut std::io::sink());
			drop(reader);
			(
				fetcher.join().expect("the fetching thread does not panic"),
				prefix,
			)
		});
		let report = fetched?;
		let prefix = prefix?;
		if report.sha256.0 != anchored.0 {
			return Err(CliError::new(
				Kind::HashMismatch,
				format!("the stored SMeR {} does not hash to its anchor", report.cid),
			));
		}
		if prefix.header.metadata.record_id != record.0 {
			return Err(CliError::new(
				Kind::Integrity,
				"the anchored SMeR names another record",
			));
		}
		Ok(prefix)
	}
}

#[cfg(test)]
mod tests {
	#[test]
	fn utc_formats_known_instants() {
		assert_eq!(super::utc(0), "1970-01-01T00:00:00Z");
		assert_eq!(super::utc(1_767_225_600), "2026-01-01T00:00:00Z");
		assert_eq!(super::utc(951_825_599), "2000-02-29T11:59:59Z");
	}
}
