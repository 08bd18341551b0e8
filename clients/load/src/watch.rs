//! Follows finalised blocks from before the first load transaction is sent, and counts every
//! load transaction in them by hash (walking back through blocks finalised together).

use std::{
	collections::{HashMap, HashSet},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use semres_client::{Chain, H256};
use subxt::config::Hasher;

use crate::traffic::{Submitted, Tx};

/// One finalised block with load in it.
pub struct Block {
	pub number: u32,
	/// Load transactions in it.
	pub load: u32,
	/// The encoded length of its extrinsics.
	pub length: usize,
}

/// What the watcher saw.
pub struct Seen {
	/// Finalised blocks from the first with load to the last with load.
	pub blocks: Vec<Block>,
	/// How often each load transaction was finalised (1 expected).
	pub times: HashMap<H256, u32>,
	/// Seconds from the first transaction sent to the last finalised.
	pub elapsed: Duration,
	/// Accepted transactions not finalised that the pool still had ready at the end
	/// (`author_pendingExtrinsics` lists ready ones only: the others were dropped, or wait
	/// behind a dropped transaction of the same sender).
	/// `None` when the node could not list them (a pool of more than 10 MiB).
	pub pending: Option<usize>,
}

#[derive(Default)]
struct State {
	blocks: Vec<Block>,
	times: HashMap<H256, u32>,
	last_seen: Option<Instant>,
}

pub struct Watcher {
	state: Arc<Mutex<State>>,
	task: tokio::task::JoinHandle<Result<(), String>>,
}

impl Watcher {
	/// Starts following finalised blocks after the current finalised head.
	pub async fn start(chain: &Chain, txs: &[Tx]) -> Result<Watcher, String> {
		let load: Arc<HashSet<H256>> = Arc::new(txs.iter().map(|t| t.hash).collect());
		let state = Arc::new(Mutex::new(State::default()));
		let rpc = chain.rpc().clone();
		let mut last = chain.finalized_number().await.map_err(|e| e.to_string())?;
		let mut heads = rpc
			.chain_subscribe_finalized_heads()
			.await
			.map_err(|e| e.to_string())?;
		let st = state.clone();
		let task = tokio::spawn(async move {
			while let Some(head) = heads.next().await {
				let head = head.map_err(|e| e.to_string())?;
				let top = head.number as u32;
				for number in last + 1..=top {
					let hash = rpc
						.chain_get_block_hash(Some(number.into()))
						.await
						.map_err(|e| e.to_string())?
						.ok_or("a finalised block has no hash")?;
					let block = rpc
						.chain_get_block(Some(hash))
						.await
						.map_err(|e| e.to_string())?
						.ok_or("a finalised block has no body")?
						.block;
					let mut n = 0;
					let mut length = 0;
					let mut s = st.lock().expect("the watcher's state");
					for xt in &block.extrinsics {
						length += xt.0.len();
						let h = subxt::config::substrate::BlakeTwo256.hash(&xt.0);
						if load.contains(&h) {
							*s.times.entry(h).or_default() += 1;
							n += 1;
						}
					}
					if n > 0 || !s.blocks.is_empty() {
						s.blocks.push(Block {
							number,
							load: n,
							length,
						});
					}
					if n > 0 {
						s.last_seen = Some(Instant::now());
					}
				}
				last = top;
			}
			Err("the node ended the finalised-heads subscription".into())
		});
		Ok(Watcher { state, task })
	}

	/// Waits until every accepted transaction is finalised, or `timeout` after sending ended;
	/// then asks the node's pool which of the others it still has ready.
	pub async fn finish(
		self,
		chain: &Chain,
		submitted: &Submitted,
		timeout: Duration,
	) -> Result<Seen, String> {
		let deadline = Instant::now() + timeout;
		loop {
			if self.task.is_finished() {
				return Err(self
					.task
					.await
					.map_err(|e| e.to_string())?
					.err()
					.unwrap_or_default());
			}
			let done = {
				let s = self.state.lock().expect("the watcher's state");
				submitted.accepted.iter().all(|h| s.times.contains_key(h))
			};
			if done || Instant::now() > deadline {
				break;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		self.task.abort();
		let mut s = self.state.lock().expect("the watcher's state");
		// Blocks after the last one with load are not part of the run.
		while s.blocks.last().is_some_and(|b| b.load == 0) {
			s.blocks.pop();
		}
		let elapsed = s
			.last_seen
			.map(|t| t - submitted.started)
			.unwrap_or_default();
		let times = std::mem::take(&mut s.times);
		let blocks = std::mem::take(&mut s.blocks);
		drop(s);
		let pending = ready_in_pool(chain, &submitted.accepted, &times).await;
		Ok(Seen {
			blocks,
			times,
			elapsed,
			pending,
		})
	}
}

/// How many of the `accepted` transactions not in `finalized` the node's pool still has ready;
/// `None` when it could not list them (a pool of more than 10 MiB).
async fn ready_in_pool(
	chain: &Chain,
	accepted: &[H256],
	finalized: &HashMap<H256, u32>,
) -> Option<usize> {
	let lost: Vec<&H256> = accepted
		.iter()
		.filter(|h| !finalized.contains_key(h))
		.collect();
	if lost.is_empty() {
		return Some(0);
	}
	match chain.pending_extrinsics().await {
		Ok(xts) => Some(count_in(&lost, &xts)),
		Err(e) => {
			eprintln!("the pool's pending transactions could not be listed: {e}");
			None
		}
	}
}

/// How many of `hashes` are among the encoded transactions `xts`.
fn count_in(hashes: &[&H256], xts: &[Vec<u8>]) -> usize {
	let pool: HashSet<H256> = xts
		.iter()
		.map(|xt| subxt::config::substrate::BlakeTwo256.hash(xt))
		.collect();
	hashes.iter().filter(|h| pool.contains(h)).count()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn only_the_lost_transactions_still_in_the_pool_are_counted() {
		let xt = |b: u8| vec![b; 8];
		let hash = |b: u8| subxt::config::substrate::BlakeTwo256.hash(&xt(b));
		let (a, b, c) = (hash(1), hash(2), hash(3));
		// a and b were lost; the pool holds b, c (not lost) and a stranger.
		let pool = [xt(2), xt(3), xt(9)];
		assert_eq!(count_in(&[&a, &b], &pool), 1);
		assert_eq!(count_in(&[&a], &pool), 0);
		assert_eq!(count_in(&[&b, &c], &pool), 2);
	}
}
