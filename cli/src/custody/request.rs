//! The reader's side of a read under custody: `request_key` (the audit entry, with the
//! chain's verdict), then the shares the custodians release, collected from the chain with
//! progress, until the SMeR's threshold is met, the denials make it unreachable, or the
//! time-out names the custodians that did not answer.

use std::time::{Duration, Instant};

use semres_ceda::{
	custody::{Custody, ReleasedShare},
	PrivateKey,
};
use semres_client::{
	account::Account,
	runtime::{self, runtime_types::pallet_semres_custody::types::Answer},
	Chain, H256,
};

use super::{committee::committee_at, fetch, release_key};
use crate::{
	chain::{hex0x, Ctx},
	error::{CliError, Kind, Result},
};

/// Shares released for one key request.
pub struct Released {
	/// The request's id (the shares are bound to it).
	pub request: u64,
	/// At least the threshold's number of shares.
	pub shares: Vec<ReleasedShare>,
	/// The block the request is in.
	pub block: u32,
	/// From the request's inclusion to the threshold's shares on chain.
	pub waited: Duration,
}

/// Requests `version` of `record`'s data key and waits for the custodians of the SMeR's
/// committee (`custody`) to release `threshold` shares to `reader_key`.
pub async fn request_and_collect(
	ctx: &Ctx<'_>,
	reader: &Account,
	reader_key: &PrivateKey,
	record: H256,
	version: u32,
	custody: &Custody,
	timeout: Duration,
) -> Result<Released> {
	let at = ctx.chain.best().await?;
	let registered = release_key(&at, &reader.id()).await?.ok_or_else(|| {
		CliError::new(
			Kind::NoKey,
			format!(
				"{} has no registered X25519 or X-Wing key: custodians release shares only to \
				 one (semres keys register)",
				reader.id()
			),
		)
	})?;
	let mine = reader_key.public_key().key_id();
	if registered.key_id() != mine {
		return Err(CliError::new(
			Kind::Credentials,
			format!(
				"custodians release to your registered key {}, not to --key {}",
				hex0x(&registered.key_id()),
				hex0x(&mine)
			),
		));
	}
	let committee = committee_at(&at, custody.epoch).await?.ok_or_else(|| {
		CliError::new(
			Kind::Chain,
			format!(
				"this chain has no custody committee of epoch {}",
				custody.epoch
			),
		)
	})?;
	let call = runtime::transactions()
		.custody()
		.request_key(record, version, custody.epoch);
	let included = ctx.submit("request the key", &call, reader).await?;
	let requested = included
		.events
		.find_first::<runtime::custody::events::KeyRequested>()
		.transpose()
		.map_err(super::chain_err)?
		.ok_or_else(|| CliError::new(Kind::Chain, "no KeyRequested event"))?;
	let id = requested.id;
	ctx.out.step(&format!(
		"key request {id} in block #{} (the audit entry): {}",
		included.block_number,
		if requested.granted {
			"granted"
		} else {
			"refused"
		}
	));
	if !requested.granted {
		return Err(refusal(&ctx.chain, reader, &record, included.block_number).await);
	}
	let threshold = usize::from(custody.threshold);
	let included_at = Instant::now();
	let deadline = included_at + timeout;
	let mut seen = usize::MAX;
	loop {
		let at = ctx.chain.best().await?;
		let r = fetch(&at, runtime::storage().custody().key_requests(), (id,))
			.await?
			.ok_or_else(|| CliError::new(Kind::Chain, format!("key request {id} was pruned")))?;
		let released: Vec<u8> = r
			.answers
			.0
			.iter()
			.filter(|(_, a)| matches!(a, Answer::Released))
			.map(|(i, _)| *i)
			.collect();
		let denied: Vec<String> = r
			.answers
			.0
			.iter()
			.filter_map(|(i, a)| match a {
				Answer::Denied(why) => Some(format!(
					"{} ({why:?})",
					committee
						.member(*i)
						.map(|m| m.to_string())
						.unwrap_or_default()
				)),
				Answer::Released => None,
			})
			.collect();
		if released.len() != seen {
			seen = released.len();
			ctx.out.step(&format!(
				"shares released: {seen} of the {threshold} needed"
			));
		}
		if released.len() >= threshold {
			let mut shares = Vec::with_capacity(threshold);
			for index in released.into_iter().take(threshold) {
				let share = fetch(&at, runtime::storage().custody().releases(), (id, index))
					.await?
					.ok_or_else(|| {
						CliError::new(
							Kind::Chain,
							format!("share {index} of request {id} is gone"),
						)
					})?;
				shares.push(ReleasedShare {
					index,
					sealed: share.sealed.0,
				});
			}
			return Ok(Released {
				request: id,
				shares,
				block: included.block_number,
				waited: included_at.elapsed(),
			});
		}
		if committee.members.len() - denied.len() < threshold {
			return Err(CliError::new(
				Kind::NotAuthorised,
				format!(
					"custodians refused key request {id}: {}; {threshold} shares cannot be released",
					denied.join(", ")
				),
			));
		}
		if Instant::now() >= deadline {
			let answered: Vec<u8> = r.answers.0.iter().map(|(i, _)| *i).collect();
			let silent: Vec<String> = (1..=committee.members.len() as u8)
				.filter(|i| !answered.contains(i))
				.filter_map(|i| committee.member(i).map(|m| m.to_string()))
				.collect();
			return Err(CliError::new(
				Kind::CustodyTimeout,
				format!(
					"key request {id}: {} of {threshold} shares after {} s; no answer from {}",
					seen,
					timeout.as_secs(),
					silent.join(", ")
				),
			));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Why the chain refused `reader`'s request in block `block`, as a named error.
async fn refusal(chain: &Chain, reader: &Account, record: &H256, block: u32) -> CliError {
	let check = runtime::runtime_apis()
		.access_api()
		.check_access(reader.id(), *record);
	let at = match chain.at(block).await {
		Ok(at) => at,
		Err(e) => return e.into(),
	};
	match Chain::query_at(&at, check).await {
		Ok(Err(denial)) => crate::anchor::denied(denial, record),
		Ok(Ok(_)) => CliError::new(
			Kind::NotAuthorised,
			format!("the chain refused the key request for {}", hex0x(&record.0)),
		),
		Err(e) => e.into(),
	}
}
