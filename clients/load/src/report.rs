//! The figures of a run, per kind, and what limited them.

use semres_client::{
	runtime::{self, runtime_types::sp_weights::weight_v2::Weight},
	Chain,
};
use serde_json::json;

use crate::{traffic::Submitted, watch::Seen, Kind};

/// Aura slot length of the SEMRES runtime: blocks × this is the time the load took on chain.
const BLOCK_SECONDS: f64 = 6.0;

pub struct Report {
	kind: Kind,
	sent: usize,
	accepted: usize,
	refused: Vec<(String, u32)>,
	finalized: usize,
	/// Accepted, not finalised, still ready in the pool at the end (the rest was dropped or
	/// waits behind a dropped transaction).
	pending: Option<usize>,
	twice: usize,
	blocks: usize,
	/// First and last block that held load transactions (to match the authors' logs).
	span: (u32, u32),
	/// Finalised per second of chain time (blocks × 6 s), and from the first send to the last
	/// finalisation.
	rate: f64,
	wall_rate: f64,
	send_rate: f64,
	/// Mean over the full blocks (all but the first and last with load): load transactions,
	/// share of the normal-class weight and length used.
	per_block: f64,
	weight_used: f64,
	length_used: f64,
	limit: String,
}

impl Report {
	pub async fn new(
		chain: &Chain,
		kind: Kind,
		submitted: &Submitted,
		seen: Seen,
	) -> Result<Report, String> {
		let err = |e: semres_client::ClientError| e.to_string();
		let at = chain.best().await.map_err(err)?;
		let weights = at
			.constants()
			.entry(runtime::constants().system().block_weights())
			.map_err(|e| e.to_string())?;
		let lengths = at
			.constants()
			.entry(runtime::constants().system().block_length())
			.map_err(|e| e.to_string())?;
		let max_weight = weights
			.per_class
			.normal
			.max_total
			.map(|w: Weight| w.ref_time)
			.unwrap_or(weights.max_block.ref_time);
		let max_length = lengths.max.normal as f64;
		let finalized = submitted
			.accepted
			.iter()
			.filter(|h| seen.times.contains_key(h))
			.count();
		let twice = seen.times.values().filter(|n| **n > 1).count();
		let inner: Vec<_> = if seen.blocks.len() > 2 {
			seen.blocks[1..seen.blocks.len() - 1].iter().collect()
		} else {
			seen.blocks.iter().collect()
		};
		let (mut weight, mut length, mut load) = (0f64, 0f64, 0f64);
		for b in &inner {
			let at = chain.at(b.number).await.map_err(err)?;
			let used = at
				.storage()
				.entry(runtime::storage().system().block_weight())
				.map_err(|e| e.to_string())?
				.try_fetch(())
				.await
				.map_err(|e| e.to_string())?;
			if let Some(used) = used {
				let used = used.decode().map_err(|e| e.to_string())?;
				weight += used.normal.ref_time as f64 / max_weight as f64;
			}
			length += b.length as f64 / max_length;
			load += b.load as f64;
		}
		let n = inner.len().max(1) as f64;
		let blocks = seen.blocks.len();
		let span = (
			seen.blocks.first().map_or(0, |b| b.number),
			seen.blocks.last().map_or(0, |b| b.number),
		);
		let rate = finalized as f64 / (blocks.max(1) as f64 * BLOCK_SECONDS);
		let wall_rate = finalized as f64 / seen.elapsed.as_secs_f64().max(1e-3);
		let send_rate = submitted.accepted.len() as f64 / submitted.sending.as_secs_f64().max(1e-3);
		let (weight_used, length_used) = (weight / n, length / n);
		// Full by weight: the authors log `HitBlockWeightLimit` for transfer blocks at 92 % of
		// the normal class (scripts/load.sh reads their logs for the exact reason).
		let limit = if weight_used >= 0.9 {
			format!(
				"block weight (normal class {:.0} % used: the next transaction did not fit)",
				weight_used * 100.0
			)
		} else if length_used >= 0.95 {
			"block length".to_string()
		} else if send_rate < 1.1 * rate {
			"the sender: submission over one RPC connection".to_string()
		} else {
			format!(
				"block production time: the proposer's deadline ended blocks at {:.0} % of their weight \
				 (transaction execution, signature checks, storage)",
				weight_used * 100.0
			)
		};
		Ok(Report {
			kind,
			sent: submitted.accepted.len()
				+ submitted
					.refused
					.iter()
					.map(|(_, n)| *n as usize)
					.sum::<usize>(),
			accepted: submitted.accepted.len(),
			refused: submitted.refused.clone(),
			finalized,
			pending: seen.pending,
			twice,
			blocks,
			span,
			rate,
			wall_rate,
			send_rate,
			per_block: load / n,
			weight_used,
			length_used,
			limit,
		})
	}

	/// Accepted and not finalised.
	fn lost(&self) -> usize {
		self.accepted - self.finalized
	}

	/// Lost and not ready in the pool either: dropped, or behind a dropped one.
	fn not_ready(&self) -> Option<usize> {
		self.pending.map(|p| self.lost() - p)
	}

	fn ok(&self) -> bool {
		self.finalized == self.accepted && self.twice == 0
	}

	fn json(&self) -> serde_json::Value {
		json!({
			"kind": format!("{:?}", self.kind).to_lowercase(), "sent": self.sent, "accepted": self.accepted,
			"refused": self.refused.iter().map(|(m, n)| json!({"message": m, "count": n})).collect::<Vec<_>>(),
			"finalized": self.finalized, "finalized_twice": self.twice, "lost": self.lost(),
			"lost_ready_in_pool": self.pending, "lost_not_ready": self.not_ready(),
			"blocks": self.blocks, "first_block": self.span.0, "last_block": self.span.1,
			"finalized_per_s": self.rate, "finalized_per_s_wall": self.wall_rate,
			"sent_per_s": self.send_rate, "load_per_full_block": self.per_block,
			"weight_used": self.weight_used, "length_used": self.length_used, "limit": self.limit,
		})
	}
}

/// Prints the reports (and the anchor-to-transfer ratio); true when nothing was lost or
/// finalised twice.
pub fn print(reports: &[Report], json_out: bool) -> bool {
	let rate = |k: Kind| reports.iter().find(|r| r.kind == k).map(|r| r.rate);
	let ratio = match (rate(Kind::Anchor), rate(Kind::Transfer)) {
		(Some(a), Some(t)) if t > 0.0 => Some(a / t),
		_ => None,
	};
	if json_out {
		println!(
			"{}",
			json!({ "runs": reports.iter().map(Report::json).collect::<Vec<_>>(), "anchor_to_transfer": ratio })
		);
	} else {
		for r in reports {
			println!(
				"{:?}: {} sent, {} accepted, {} finalised ({} lost: {} still ready in the pool, {} not: dropped or behind a dropped one; {} twice) in {} blocks: {:.0}/s finalised \
				 ({:.0}/s from first send to last finality; sent at {:.0}/s); {:.0} per full block, weight {:.0} %, \
				 length {:.0} %; limit: {}",
				r.kind, r.sent, r.accepted, r.finalized, r.lost(), known(r.pending), known(r.not_ready()),
				r.twice, r.blocks, r.rate,
				r.wall_rate, r.send_rate, r.per_block, r.weight_used * 100.0, r.length_used * 100.0, r.limit
			);
			for (m, n) in &r.refused {
				println!("  refused by the pool ×{n}: {m}");
			}
		}
		if let Some(x) = ratio {
			println!("anchors at {x:.2}× the transfer rate");
		}
	}
	reports.iter().all(Report::ok)
}

/// A count, or `?` when it is not known.
fn known(n: Option<usize>) -> String {
	n.map_or_else(|| "?".into(), |n| n.to_string())
}
