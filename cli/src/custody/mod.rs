//! Key custody from the command line (issue 12; `docs/architecture.md`, key custody):
//!
//! - [`committee`]: the on-chain committee and custody keys as CEDA needs them, and the
//!   governance commands (`semres custody key register`, `semres custody committee set|show`).
//! - [`request`]: the reader's side of `record get` for a SMeR with custody shares: a key
//!   request, the chain's verdict, and the released shares collected with progress and a
//!   time-out that names who did not answer.
//! - [`custodian`]: `semres custodian`, the service each hospital runs beside its node.

pub mod committee;
pub mod custodian;
pub mod request;

use semres_ceda::{smer::SuiteId, PublicKey};
use semres_client::{runtime, AccountId, At, Chain};

use crate::error::{CliError, Result};

pub use committee::run;

pub use crate::chain::{chain_err, fetch};

/// The suites whose registered keys custodians release shares to, in order of preference:
/// X-Wing (post-quantum), then X25519.
pub const RELEASE_SUITES: [SuiteId; 2] =
	[SuiteId::HpkeXWingAes256Gcm, SuiteId::HpkeX25519Aes256Gcm];

/// The registered key of `reader` that custodians release shares to at `at`: its current
/// X-Wing key, else its current X25519 key.
pub async fn release_key(at: &At, reader: &AccountId) -> Result<Option<PublicKey>> {
	for suite in RELEASE_SUITES {
		let q = runtime::runtime_apis()
			.access_api()
			.current_key(*reader, suite as u8);
		if let Some(key) = Chain::query_at(at, q).await? {
			return Ok(Some(PublicKey::from_spki_der(&key.spki.0)?));
		}
	}
	Ok(None)
}

/// The prefix of the SMeR at `cid` (header, envelopes, custody section), read from the start
/// of a fetch that stops there: how the SMeR may be opened. A hint only: whoever opens it
/// checks the whole SMeR against its anchor before any plaintext is kept.
pub fn fetch_prefix(
	store: &(dyn semres_dery::Store + Send + Sync),
	cid: &semres_dery::Cid,
) -> Result<semres_ceda::smer::SmerPrefix> {
	let (reader, writer) =
		std::io::pipe().map_err(|e| CliError::failure(format!("cannot make a pipe: {e}")))?;
	std::thread::scope(|s| {
		let fetcher = s.spawn(move || {
			let mut w = std::io::BufWriter::with_capacity(1 << 16, writer);
			store.get(cid, &mut w)
		});
		let prefix = semres_ceda::inspect(std::io::BufReader::new(reader));
		// The reader is gone: the fetch stops with a broken pipe, which is expected.
		let fetched = fetcher.join().expect("the fetching thread does not panic");
		match (prefix, fetched) {
			(Ok(p), _) => Ok(p),
			(Err(e), Err(semres_dery::DeryError::Io(io)))
				if io.kind() == std::io::ErrorKind::BrokenPipe =>
			{
				Err(e.into())
			}
			(Err(_), Err(f)) => Err(f.into()),
			(Err(e), Ok(_)) => Err(e.into()),
		}
	})
}
