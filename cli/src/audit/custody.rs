//! The audit of key custody: every key request (the audit entry of a read, with the chain's
//! verdict), every share released or denied, every release checked against the access rules at
//! its request's block, and every refused attempt to release a share — the trace a misbehaving
//! custodian leaves.

use std::collections::BTreeMap;

use semres_client::{runtime, AccountId, Chain, H256};
use serde::Serialize;

use super::scan::{chain_err, Events};
use crate::{chain::hex0x, error::Result};

/// A key request and what the custodians did with it.
#[derive(Serialize)]
pub struct Read {
	pub block: u32,
	pub request: u64,
	pub record: String,
	pub version: u32,
	pub reader: String,
	/// `granted` or `refused`: the chain's verdict at the request's block.
	pub basis: String,
	/// Share indices released.
	pub released: Vec<u8>,
	/// `index: reason` of each denial.
	pub denied: Vec<String>,
	/// What the audit found wrong with this request's releases.
	pub flags: Vec<String>,
	#[serde(skip)]
	pub reader_id: AccountId,
	#[serde(skip)]
	pub record_id: H256,
}

/// Key requests by id, as the scan meets them.
pub type Reads = BTreeMap<u64, Read>;

/// The key requests of block `n` for the records `keep` accepts, and the answers to any
/// request already seen.
pub fn requests(
	events: &Events,
	n: u32,
	keep: &dyn Fn(&H256) -> bool,
	out: &mut Reads,
) -> Result<()> {
	use runtime::custody::events as c;
	for ev in events.find::<c::KeyRequested>() {
		let ev = ev.map_err(chain_err)?;
		if keep(&ev.record) {
			out.insert(
				ev.id,
				Read {
					block: n,
					request: ev.id,
					record: hex0x(&ev.record.0),
					version: ev.version,
					reader: ev.reader.to_string(),
					basis: if ev.granted { "granted" } else { "refused" }.into(),
					released: Vec::new(),
					denied: Vec::new(),
					flags: Vec::new(),
					reader_id: ev.reader,
					record_id: ev.record,
				},
			);
		}
	}
	for ev in events.find::<c::ShareReleased>() {
		let ev = ev.map_err(chain_err)?;
		if let Some(r) = out.get_mut(&ev.id) {
			r.released.push(ev.index);
			if r.basis != "granted" {
				r.flags.push(format!(
					"share {} released by {} in block #{n} for a refused request",
					ev.index, ev.custodian
				));
			}
		}
	}
	for ev in events.find::<c::RequestDenied>() {
		let ev = ev.map_err(chain_err)?;
		if let Some(r) = out.get_mut(&ev.id) {
			r.denied.push(format!("{}: {:?}", ev.index, ev.reason));
		}
	}
	Ok(())
}

/// Refused `release_share` calls in block `n` (their `ExtrinsicFailed`) for requests the chain
/// refused: a custodian that tried to release a share without any basis, flagged on its
/// request. (A release refused because the basis ended after a granted request — a revocation
/// racing a late custodian — is no violation: the chain's refusal is the rule working.)
pub async fn refused_releases(
	chain: &Chain,
	events: &Events,
	n: u32,
	out: &mut Reads,
) -> Result<()> {
	let mut failed: BTreeMap<u32, String> = BTreeMap::new();
	for ev in events.iter() {
		let ev = ev.map_err(chain_err)?;
		if ev.pallet_name() == "System" && ev.event_name() == "ExtrinsicFailed" {
			if let subxt::events::Phase::ApplyExtrinsic(i) = ev.phase() {
				let name = chain
					.dispatch_error_name(ev.field_bytes())
					.await
					.unwrap_or_else(|_| "an error".into());
				failed.insert(i, name);
			}
		}
	}
	if failed.is_empty() {
		return Ok(());
	}
	let at = chain.at(n).await?;
	let extrinsics = at.extrinsics().fetch().await.map_err(chain_err)?;
	for ext in extrinsics.iter() {
		let Ok(ext) = ext else { continue };
		let Some(error) = failed.get(&(ext.index() as u32)) else {
			continue;
		};
		let Some(Ok(call)) =
			ext.decode_call_data_fields_as::<runtime::custody::calls::ReleaseShare>()
		else {
			continue;
		};
		let signer = ext
			.address_bytes()
			.and_then(|a| <[u8; 32]>::try_from(a.get(1..33)?).ok())
			.map(|a| AccountId::from(a).to_string())
			.unwrap_or_else(|| "an unsigned extrinsic".into());
		if let Some(r) = out.get_mut(&call.id).filter(|r| r.basis != "granted") {
			r.flags.push(format!(
				"{signer} tried to release share {} in block #{n}, refused: {error}",
				call.index
			));
		}
	}
	Ok(())
}

/// Checks every request with released shares against the access rules at its request's block
/// (the runtime's own decision, asked again): a release the rules did not allow is flagged.
pub async fn recheck(chain: &Chain, reads: &mut Reads) -> Result<()> {
	for r in reads.values_mut().filter(|r| !r.released.is_empty()) {
		let at = chain.at(r.block).await?;
		let q = runtime::runtime_apis()
			.access_api()
			.check_access(r.reader_id, r.record_id);
		if let Err(denial) = Chain::query_at(&at, q).await? {
			r.flags.push(format!(
				"{} shares released though the rules at block #{} say {denial:?}",
				r.released.len(),
				r.block
			));
		}
	}
	Ok(())
}
