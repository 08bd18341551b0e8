//! What the chain says happened, from its events, block by block: anchors and amendments,
//! erasures, key requests and their answers, emergency accesses and telemedicine services.

use std::collections::{BTreeMap, BTreeSet};

use semres_client::{runtime, AccountId, Chain, H256};
use serde::Serialize;

use crate::{
	chain::{hex0x, semr},
	error::{CliError, Kind, Result},
};

/// One anchored version of a record.
#[derive(Serialize, Clone)]
pub struct Version {
	pub record: String,
	pub version: u32,
	pub block: u32,
	pub owner: String,
	pub author: String,
	pub institution: Option<String>,
	pub class: String,
	pub level: String,
	/// The CID's bytes as anchored (the report prints the CID's text).
	#[serde(skip)]
	pub cid: Vec<u8>,
	pub smer_hash: String,
	pub erased: bool,
}

pub use super::custody::Read;

/// An emergency access, from opening to review.
#[derive(Serialize)]
pub struct Emergency {
	pub id: u64,
	pub responder: String,
	pub patient: String,
	pub opened_at: u32,
	pub activated_at: Option<u32>,
	pub closed_at: Option<u32>,
	pub reviewed_at: Option<u32>,
}

/// A telemedicine service, from booking to payment or refund.
#[derive(Serialize)]
pub struct Service {
	pub id: u64,
	pub patient: String,
	pub provider: String,
	pub insurer: Option<String>,
	pub price: String,
	pub booked_at: u32,
	pub status: String,
	pub record: Option<String>,
	pub version: Option<u32>,
	pub paid: Option<String>,
	pub closed_at: Option<u32>,
}

/// Everything the scanned blocks hold, for one owner or for all.
#[derive(Default)]
pub struct Ledger {
	pub versions: Vec<Version>,
	/// Key requests (the reads' audit entries) by id.
	pub reads: super::custody::Reads,
	pub emergencies: BTreeMap<u64, Emergency>,
	pub services: BTreeMap<u64, Service>,
}

pub(crate) fn chain_err(e: impl std::fmt::Display) -> CliError {
	CliError::new(Kind::Chain, e.to_string())
}

/// Reads the events of blocks `from..=to` (the state of each block as the node keeps it) and
/// keeps what concerns `owner` (every patient's when `None`); `progress` hears each block.
pub async fn scan(
	chain: &Chain,
	from: u32,
	to: u32,
	owner: Option<&AccountId>,
	progress: &mut dyn FnMut(u32),
) -> Result<Ledger> {
	use runtime::records::events as r;
	let mut l = Ledger::default();
	let mut owners: BTreeMap<H256, AccountId> = BTreeMap::new();
	let mut erased: BTreeSet<H256> = BTreeSet::new();
	// Where each kept record's first version is in `l.versions`.
	let mut first: BTreeMap<H256, usize> = BTreeMap::new();
	let mine = |who: &AccountId| owner.is_none_or(|o| o == who);
	for n in from..=to {
		progress(n);
		let events = chain
			.at(n)
			.await?
			.events()
			.fetch()
			.await
			.map_err(chain_err)?;
		for ev in events.find::<r::RecordAnchored>() {
			let ev = ev.map_err(chain_err)?;
			owners.insert(ev.record, ev.owner);
			if mine(&ev.owner) {
				first.insert(ev.record, l.versions.len());
				l.versions.push(Version {
					record: hex0x(&ev.record.0),
					version: 1,
					block: n,
					owner: ev.owner.to_string(),
					author: ev.author.to_string(),
					institution: ev.institution.map(|i| i.to_string()),
					class: format!("{:?}", ev.class),
					level: format!("{:?}", ev.level),
					cid: ev.cid.0,
					smer_hash: hex0x(&ev.smer_hash.0),
					erased: false,
				});
			}
		}
		for ev in events.find::<r::RecordAmended>() {
			let ev = ev.map_err(chain_err)?;
			let Some(&i) = first.get(&ev.record) else {
				continue; // another owner's record, or anchored before `from`
			};
			let first = l.versions[i].clone();
			l.versions.push(Version {
				version: ev.version,
				block: n,
				author: ev.author.to_string(),
				institution: ev.institution.map(|i| i.to_string()),
				cid: ev.cid.0,
				smer_hash: hex0x(&ev.smer_hash.0),
				..first
			});
		}
		for ev in events.find::<r::RecordErased>() {
			erased.insert(ev.map_err(chain_err)?.record);
		}
		super::custody::requests(
			&events,
			n,
			&|r| owners.get(r).is_some_and(&mine),
			&mut l.reads,
		)?;
		super::custody::refused_releases(chain, &events, n, &mut l.reads).await?;
		emergencies(&events, n, &mine, &mut l.emergencies)?;
		services(&events, n, &mine, &mut l.services)?;
	}
	let erased: BTreeSet<String> = erased.iter().map(|e| hex0x(&e.0)).collect();
	for v in &mut l.versions {
		v.erased = erased.contains(&v.record);
	}
	Ok(l)
}

pub(crate) type Events = subxt::events::Events<semres_client::Config>;

/// The events of block `n`.
pub async fn events_at(chain: &Chain, n: u32) -> Result<Events> {
	chain.at(n).await?.events().fetch().await.map_err(chain_err)
}

fn emergencies(
	events: &Events,
	n: u32,
	mine: &dyn Fn(&AccountId) -> bool,
	out: &mut BTreeMap<u64, Emergency>,
) -> Result<()> {
	use runtime::access::events as a;
	for ev in events.find::<a::EmergencyAccessOpened>() {
		let ev = ev.map_err(chain_err)?;
		if mine(&ev.patient) {
			out.insert(
				ev.id,
				Emergency {
					id: ev.id,
					responder: ev.responder.to_string(),
					patient: ev.patient.to_string(),
					opened_at: n,
					activated_at: None,
					closed_at: None,
					reviewed_at: None,
				},
			);
		}
	}
	for ev in events.find::<a::EmergencyAccessActivated>() {
		if let Some(e) = out.get_mut(&ev.map_err(chain_err)?.id) {
			e.activated_at = Some(n);
		}
	}
	for ev in events.find::<a::EmergencyAccessClosed>() {
		if let Some(e) = out.get_mut(&ev.map_err(chain_err)?.id) {
			e.closed_at = Some(n);
		}
	}
	for ev in events.find::<a::EmergencyAccessReviewed>() {
		if let Some(e) = out.get_mut(&ev.map_err(chain_err)?.id) {
			e.reviewed_at = Some(n);
		}
	}
	Ok(())
}

fn services(
	events: &Events,
	n: u32,
	mine: &dyn Fn(&AccountId) -> bool,
	out: &mut BTreeMap<u64, Service>,
) -> Result<()> {
	use runtime::payment::events as p;
	for ev in events.find::<p::ServiceBooked>() {
		let ev = ev.map_err(chain_err)?;
		if mine(&ev.patient) {
			out.insert(
				ev.service,
				Service {
					id: ev.service,
					patient: ev.patient.to_string(),
					provider: ev.provider.to_string(),
					insurer: ev.insurer.map(|i| i.to_string()),
					price: semr(ev.price),
					booked_at: n,
					status: "booked".into(),
					record: None,
					version: None,
					paid: None,
					closed_at: None,
				},
			);
		}
	}
	for ev in events.find::<p::ServiceCompleted>() {
		let ev = ev.map_err(chain_err)?;
		if let Some(s) = set(out, ev.service, "completed", None) {
			s.record = Some(hex0x(&ev.record.0));
			s.version = Some(ev.version);
		}
	}
	for ev in events.find::<p::ServicePaid>() {
		let ev = ev.map_err(chain_err)?;
		if let Some(s) = set(out, ev.service, "paid", Some(n)) {
			s.paid = Some(semr(ev.amount));
		}
	}
	for ev in events.find::<p::BookingDeclined>() {
		set(out, ev.map_err(chain_err)?.service, "declined", Some(n));
	}
	for ev in events.find::<p::ServiceRefunded>() {
		set(out, ev.map_err(chain_err)?.service, "refunded", Some(n));
	}
	for ev in events.find::<p::ServiceCancelled>() {
		set(out, ev.map_err(chain_err)?.service, "cancelled", Some(n));
	}
	for ev in events.find::<p::ServiceDisputed>() {
		set(out, ev.map_err(chain_err)?.service, "disputed", None);
	}
	for ev in events.find::<p::DisputeResolved>() {
		set(
			out,
			ev.map_err(chain_err)?.service,
			"dispute resolved",
			Some(n),
		);
	}
	Ok(())
}

/// Moves service `id` (if it is one of those kept) to `status`, closed at `closed`.
fn set<'a>(
	out: &'a mut BTreeMap<u64, Service>,
	id: u64,
	status: &str,
	closed: Option<u32>,
) -> Option<&'a mut Service> {
	let s = out.get_mut(&id)?;
	s.status = status.into();
	s.closed_at = closed.or(s.closed_at);
	Some(s)
}
