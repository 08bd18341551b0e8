//! The load itself: every transaction signed before the first is sent (signing does not slow
//! the sending), then sent with a bounded number in flight.

use std::{
	sync::atomic::{AtomicBool, Ordering},
	time::{Duration, Instant},
};

use futures::StreamExt;
use semres_client::{
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			semres_primitives::{
				codes::{RecordClass, SecurityLevel},
				records::SmerRef,
			},
		},
	},
	Chain, H256, UNIT,
};
use semres_smer::SuiteId;
use subxt::config::{DefaultExtrinsicParamsBuilder, Hasher};

use crate::{accounts::Sender, Kind};

/// A signed transaction of the load.
pub struct Tx {
	pub hash: H256,
	pub bytes: Vec<u8>,
}

/// What the pool said to the load.
pub struct Submitted {
	/// Hashes of the transactions the pool accepted.
	pub accepted: Vec<H256>,
	/// Refusals by the pool, by message, with how many.
	pub refused: Vec<(String, u32)>,
	/// When the first was sent, and how long sending took.
	pub started: Instant,
	pub sending: Duration,
}

/// `count` transactions of `kind`, round robin over the senders, with consecutive nonces.
pub async fn sign(
	chain: &Chain,
	kind: Kind,
	senders: &[Sender],
	count: u32,
) -> Result<Vec<Tx>, String> {
	let mut nonces = Vec::with_capacity(senders.len());
	for s in senders {
		nonces.push(
			chain
				.rpc()
				.system_account_next_index(&s.id)
				.await
				.map_err(|e| e.to_string())?,
		);
	}
	let at = chain.best().await.map_err(|e| e.to_string())?;
	let txs = at.transactions();
	let mut out = Vec::with_capacity(count as usize);
	let started = Instant::now();
	for i in 0..count as usize {
		let n = i % senders.len();
		let sender = &senders[n];
		// Immortal: signed ahead, offline (subxt signs offline transactions immortal unless
		// told the block to count from); each sender's nonces keep them from being replayed.
		let params = DefaultExtrinsicParamsBuilder::<semres_client::Config>::new()
			.nonce(nonces[n])
			.immortal()
			.build();
		nonces[n] += 1;
		let signed = match kind {
			Kind::Anchor => {
				let call = anchor(sender, i as u64);
				txs.create_signable_offline(&call, params)
					.and_then(|mut s| s.sign(&sender.key))
			}
			Kind::Transfer => {
				let to = &senders[(n + 1) % senders.len()].id;
				let call = runtime::transactions()
					.balances()
					.transfer_keep_alive(subxt::utils::MultiAddress::Id(to.clone()), UNIT / 1_000);
				txs.create_signable_offline(&call, params)
					.and_then(|mut s| s.sign(&sender.key))
			}
		}
		.map_err(|e| format!("signing: {e}"))?;
		out.push(Tx {
			hash: signed.hash(),
			bytes: signed.into_encoded(),
		});
	}
	eprintln!(
		"{kind:?}: {count} transactions signed in {:.1} s",
		started.elapsed().as_secs_f64()
	);
	Ok(out)
}

/// `Records.anchor_record` of record `i` of `sender`: a synthetic SMeR reference of the size
/// a real one has (CIDv1, raw codec, SHA-256 multihash: 36 bytes), the sender its only
/// recipient.
fn anchor(sender: &Sender, i: u64) -> impl subxt::transactions::Payload {
	let mut salt = [0u8; 32];
	salt[..8].copy_from_slice(&i.to_le_bytes());
	let hash = subxt::config::substrate::BlakeTwo256.hash(&[&sender.id.0[..], &salt].concat());
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend_from_slice(&hash.0);
	runtime::transactions().records().anchor_record(
		sender.id.clone(),
		salt,
		SmerRef {
			cid: BoundedVec(cid),
			smer_hash: hash,
			suite: SuiteId::HpkeX25519Aes256Gcm as u8,
		},
		BoundedVec(vec![sender.id.clone()]),
		RecordClass::Laboratory,
		SecurityLevel::Private,
		None,
	)
}

/// Sends every transaction, at most `in_flight` at once; a full pool is waited out (the
/// transaction is sent again after 200 ms), other refusals are counted by message.
pub async fn submit(chain: &Chain, txs: &[Tx], in_flight: usize) -> Submitted {
	let started = Instant::now();
	let warned = AtomicBool::new(false);
	let results: Vec<Result<H256, String>> = futures::stream::iter(txs)
		.map(|tx| {
			let warned = &warned;
			async move {
				loop {
					match chain.rpc().author_submit_extrinsic(&tx.bytes).await {
						Ok(_) => return Ok(tx.hash),
						Err(e) => {
							let msg = e.to_string();
							if msg.contains("1016")
								|| msg.contains("Immediately Dropped")
								|| msg.contains("pool is full")
							{
								if !warned.swap(true, Ordering::Relaxed) {
									eprintln!("the pool is full: waiting for room ({msg})");
								}
								tokio::time::sleep(Duration::from_millis(200)).await;
								continue;
							}
							return Err(msg);
						}
					}
				}
			}
		})
		.buffer_unordered(in_flight)
		.collect()
		.await;
	let sending = started.elapsed();
	let mut accepted = Vec::new();
	let mut refused: Vec<(String, u32)> = Vec::new();
	for r in results {
		match r {
			Ok(h) => accepted.push(h),
			Err(m) => match refused.iter_mut().find(|(k, _)| *k == m) {
				Some((_, n)) => *n += 1,
				None => refused.push((m, 1)),
			},
		}
	}
	Submitted {
		accepted,
		refused,
		started,
		sending,
	}
}
