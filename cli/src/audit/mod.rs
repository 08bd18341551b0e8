//! `semres audit`: what an auditor checks, from the chain and DERy alone. Every anchored
//! version is fetched by its CID (bounded) and hashed against its anchor; every key request
//! (the audit entry of a read) is listed with its verdict and answers, every release checked
//! against the rules at its request's block and every refused release attempt flagged; every
//! emergency access (reviewed or not) and telemedicine service is listed; the result is
//! `report.json` and a self-contained `report.html`, both naming the block they were taken at.

mod custody;
mod html;
pub use custody::requests as custody_requests;
pub mod scan;

use std::{
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use semres_dery::{DeryError, Store};
use serde::Serialize;

use crate::{
	chain::{self, hex0x, Ctx},
	cli::AuditArgs,
	error::{CliError, Kind, Result},
};

/// One anchored version and what its stored SMeR gave.
#[derive(Serialize)]
pub struct Checked {
	#[serde(flatten)]
	pub version: scan::Version,
	pub cid: String,
	/// `ok`, `erased` (not fetched), `hash mismatch`, `CID mismatch`, `missing`, `too large`,
	/// or the store's error.
	pub check: String,
	pub ok: bool,
}

/// The whole report.
#[derive(Serialize)]
pub struct Report {
	pub genesis: String,
	pub at_block: u32,
	pub at_hash: String,
	pub from_block: u32,
	pub owner: Option<String>,
	pub generated_at: u64,
	pub summary: Summary,
	pub versions: Vec<Checked>,
	pub reads: Vec<scan::Read>,
	pub emergencies: Vec<scan::Emergency>,
	pub services: Vec<scan::Service>,
}

#[derive(Serialize)]
pub struct Summary {
	pub records: usize,
	pub versions: usize,
	pub failed: usize,
	pub reads: usize,
	/// Key requests with a flagged release or release attempt.
	pub flagged_reads: usize,
	pub unreviewed_emergencies: usize,
	pub services: usize,
}

/// What fetching `cid` and hashing it against `smer_hash` gave.
fn check(store: &dyn Store, cid: &semres_dery::Cid, smer_hash: &str, max: u64) -> (String, bool) {
	match store.get_bounded(cid, &mut std::io::sink(), max) {
		Ok(got) if hex0x(&got.sha256.0) == smer_hash => ("ok".into(), true),
		Ok(_) => ("hash mismatch".into(), false),
		Err(DeryError::NotFound(_)) => ("missing".into(), false),
		Err(DeryError::TooLarge { .. }) => ("too large".into(), false),
		Err(
			DeryError::Corrupted { .. }
			| DeryError::MalformedNode(_)
			| DeryError::CidDisagreement { .. },
		) => ("CID mismatch".into(), false),
		Err(e) => (format!("store error: {e}"), false),
	}
}

pub async fn run(ctx: &Ctx<'_>, a: AuditArgs) -> Result<()> {
	let owner = a.owner.as_deref().map(chain::account).transpose()?;
	let at = match a.at {
		Some(n) => n,
		None => ctx.chain.finalized_number().await?,
	};
	let at_block = ctx.chain.at(at).await?;
	let store = chain::open_store(&a.store)?;
	ctx.out.step(&format!("reading blocks #{}..=#{at}", a.from));
	let mut last_shown = a.from;
	let ledger = scan::scan(&ctx.chain, a.from, at, owner.as_ref(), &mut |n| {
		if n >= last_shown + 500 {
			last_shown = n;
			ctx.out.step(&format!("block #{n}"));
		}
	})
	.await?;
	ctx.out.step(&format!(
		"fetching and hashing {} SMeRs",
		ledger.versions.len()
	));
	let versions: Vec<Checked> = ledger
		.versions
		.into_iter()
		.map(|v| {
			let (cid, check, ok) = match semres_dery::Cid::try_from(v.cid.as_slice()) {
				Err(e) => (hex0x(&v.cid), format!("invalid CID: {e}"), false),
				Ok(c) if v.erased => (c.to_string(), "erased".into(), true),
				Ok(c) => {
					let (check, ok) = check(store.as_ref(), &c, &v.smer_hash, a.max_smer_bytes);
					(c.to_string(), check, ok)
				}
			};
			Checked {
				version: v,
				cid,
				check,
				ok,
			}
		})
		.collect();
	let mut reads = ledger.reads;
	custody::recheck(&ctx.chain, &mut reads).await?;
	let reads: Vec<scan::Read> = reads.into_values().collect();
	let emergencies: Vec<scan::Emergency> = ledger.emergencies.into_values().collect();
	let records: std::collections::BTreeSet<&str> =
		versions.iter().map(|v| v.version.record.as_str()).collect();
	let summary = Summary {
		records: records.len(),
		versions: versions.len(),
		failed: versions.iter().filter(|v| !v.ok).count(),
		reads: reads.len(),
		flagged_reads: reads.iter().filter(|r| !r.flags.is_empty()).count(),
		unreviewed_emergencies: emergencies
			.iter()
			.filter(|e| e.reviewed_at.is_none())
			.count(),
		services: ledger.services.len(),
	};
	let report = Report {
		genesis: hex0x(&ctx.chain.genesis_hash().0),
		at_block: at,
		at_hash: hex0x(&at_block.block_hash().0),
		from_block: a.from,
		owner: owner.map(|o| o.to_string()),
		generated_at: SystemTime::now()
			.duration_since(UNIX_EPOCH)
			.map(|d| d.as_secs())
			.unwrap_or(0),
		summary,
		versions,
		reads,
		emergencies,
		services: ledger.services.into_values().collect(),
	};
	write(&a.output, &report)?;
	let s = &report.summary;
	let human = format!(
		"audit at block #{} ({})\nrecords {}, versions {}, SMeRs failing their anchor {}, key requests {} ({} flagged), unreviewed emergencies {}, services {}\nwrote {}/report.json and {}/report.html",
		report.at_block,
		report.at_hash,
		s.records,
		s.versions,
		s.failed,
		s.reads,
		s.flagged_reads,
		s.unreviewed_emergencies,
		s.services,
		a.output.display(),
		a.output.display()
	);
	ctx.out.result(
		&human,
		serde_json::json!({
			"at_block": report.at_block, "at_hash": report.at_hash, "summary": &report.summary,
			"report": a.output.join("report.json"), "html": a.output.join("report.html"),
		}),
	);
	if s.failed > 0 || s.flagged_reads > 0 {
		let mut why = Vec::new();
		if s.failed > 0 {
			why.push(format!(
				"{} stored SMeR(s) do not match their anchors",
				s.failed
			));
		}
		for r in report.reads.iter().filter(|r| !r.flags.is_empty()) {
			why.push(format!("key request {}: {}", r.request, r.flags.join("; ")));
		}
		return Err(CliError::new(
			Kind::Integrity,
			format!("{} (see the report)", why.join("; ")),
		));
	}
	Ok(())
}

fn write(dir: &Path, report: &Report) -> Result<()> {
	std::fs::create_dir_all(dir).map_err(|e| CliError::io("cannot create", dir, e))?;
	let json = serde_json::to_vec_pretty(report).map_err(|e| CliError::failure(e.to_string()))?;
	for (name, bytes) in [
		("report.json", json),
		("report.html", html::render(report).into_bytes()),
	] {
		let path = dir.join(name);
		std::fs::write(&path, bytes).map_err(|e| CliError::io("cannot write", &path, e))?;
	}
	Ok(())
}
