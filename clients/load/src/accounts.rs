//! The sending accounts: derived from one seed, funded in batches by the funder.

use std::str::FromStr;

use semres_client::{
	runtime::{self, runtime_types::semres_runtime::RuntimeCall},
	AccountId, Chain, Wait, UNIT,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// A sender: its key and account.
pub struct Sender {
	pub key: Keypair,
	pub id: AccountId,
}

fn keypair(uri: &str) -> Result<Keypair, String> {
	let uri = SecretUri::from_str(uri).map_err(|e| format!("{uri}: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| e.to_string())
}

/// `count` accounts `SEED//load//0 ..`.
pub fn derive(seed: &str, count: u32) -> Result<Vec<Sender>, String> {
	(0..count)
		.map(|i| {
			let key = keypair(&format!("{seed}//load//{i}"))?;
			let id = key.public_key().to_account_id();
			Ok(Sender { key, id })
		})
		.collect()
}

/// Each sender gets what `per_kind` transactions of each kind cost, shared among the senders
/// (fees, an anchor's deposit of about 0.1 SEMR, transfers), with a margin: at most 200
/// transfers per batch, each batch finalised before the next.
pub async fn fund(
	chain: &Chain,
	funder: &str,
	senders: &[Sender],
	per_kind: u32,
) -> Result<(), String> {
	let funder = keypair(funder)?;
	let per_sender = (per_kind as u128).div_ceil(senders.len() as u128) + 1;
	let amount = per_sender * UNIT / 2 + 10 * UNIT;
	for chunk in senders.chunks(200) {
		let calls: Vec<RuntimeCall> = chunk
			.iter()
			.map(|s| {
				RuntimeCall::Balances(
					runtime::runtime_types::pallet_balances::pallet::Call::transfer_keep_alive {
						dest: subxt::utils::MultiAddress::Id(s.id.clone()),
						value: amount,
					},
				)
			})
			.collect();
		let tx = runtime::transactions().utility().batch_all(calls);
		chain
			.submit(&tx, &funder, Wait::Finalized, &mut |_| {})
			.await
			.map_err(|e| format!("funding the senders: {e}"))?;
	}
	eprintln!(
		"funded {} senders with {} SEMR each",
		senders.len(),
		amount / UNIT
	);
	Ok(())
}
