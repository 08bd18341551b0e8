//! `semres-load`: sustained, finalised throughput of a SEMRES chain, SEMRES's own call
//! (`Records.anchor_record`) beside plain balance transfers in the same run.
//!
//! Many accounts, derived from one seed and funded by one funder, each send a bounded number
//! of pre-signed transactions to a node on 127.0.0.1 (nothing else is accepted). A watcher
//! follows finalised blocks and counts every load transaction by hash: the report gives, per
//! kind, the finalised rate, block fullness (weight, length, extrinsics), what limited the
//! rate, and a check that every transaction the pool accepted was finalised exactly once.
//! `scripts/load.sh` runs it against a one-node dev chain and the four-node network.

mod accounts;
mod report;
mod traffic;
mod watch;

use std::time::Duration;

use clap::Parser;
use semres_client::Chain;

/// What the load sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
	/// `Records.anchor_record`: a new record's first version for the sender (36-byte CID, one
	/// recipient), holding its deposit.
	Anchor,
	/// `Balances.transfer_keep_alive` of one milli-SEMR to the next account.
	Transfer,
}

#[derive(Debug, Parser)]
#[command(
	name = "semres-load",
	about = "Finalised throughput of a SEMRES chain: anchors beside transfers"
)]
pub struct Args {
	/// The node (127.0.0.1 or localhost only).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The kinds to send, one after the other, in this order.
	#[arg(
		long,
		value_enum,
		value_delimiter = ',',
		default_value = "transfer,anchor"
	)]
	pub kinds: Vec<Kind>,
	/// Sending accounts (derived as SEED//load//N).
	#[arg(long, default_value_t = 500)]
	pub accounts: u32,
	/// Transactions of each kind (at most 100,000).
	#[arg(long, default_value_t = 30_000)]
	pub count: u32,
	/// Time each kind may take to be finalised, in seconds (at most 900).
	#[arg(long, default_value_t = 240)]
	pub seconds: u64,
	/// Transactions in flight to the pool at once.
	#[arg(long, default_value_t = 512)]
	pub in_flight: usize,
	/// The funder's secret URI (a development chain's //Alice by default).
	#[arg(long, default_value = "//Alice")]
	pub funder: String,
	/// The seed the sending accounts derive from.
	#[arg(long, default_value = "//SemresLoad")]
	pub seed: String,
	/// Print the report as JSON.
	#[arg(long)]
	pub json: bool,
}

fn main() {
	let args = Args::parse();
	let result = tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.enable_all()
		.build()
		.expect("a tokio runtime starts")
		.block_on(run(args));
	match result {
		Ok(ok) => std::process::exit(if ok { 0 } else { 3 }),
		Err(e) => {
			eprintln!("semres-load: {e}");
			std::process::exit(1);
		}
	}
}

/// Runs every kind; `Ok(false)` when a transaction was lost or finalised twice.
async fn run(args: Args) -> Result<bool, String> {
	check_local(&args.url)?;
	if args.count == 0 || args.count > 100_000 || args.seconds > 900 || args.accounts == 0 {
		return Err("bounds: 1 ≤ --count ≤ 100000, --seconds ≤ 900, --accounts ≥ 1".into());
	}
	let chain = Chain::connect(&args.url).await.map_err(|e| e.to_string())?;
	let senders = accounts::derive(&args.seed, args.accounts)?;
	accounts::fund(&chain, &args.funder, &senders, args.count).await?;
	let mut reports = Vec::new();
	for kind in &args.kinds {
		let txs = traffic::sign(&chain, *kind, &senders, args.count).await?;
		let watcher = watch::Watcher::start(&chain, &txs).await?;
		let submitted = traffic::submit(&chain, &txs, args.in_flight).await;
		let seen = watcher
			.finish(&chain, &submitted, Duration::from_secs(args.seconds))
			.await?;
		reports.push(report::Report::new(&chain, *kind, &submitted, seen).await?);
	}
	Ok(report::print(&reports, args.json))
}

/// Load goes to this machine only.
fn check_local(url: &str) -> Result<(), String> {
	let rest = url.split("://").nth(1).unwrap_or("");
	let host = rest.split([':', '/']).next().unwrap_or("");
	if host == "127.0.0.1" || host == "localhost" {
		Ok(())
	} else {
		Err(format!(
			"{url}: the load tool sends to 127.0.0.1 or localhost only"
		))
	}
}

#[cfg(test)]
mod tests {
	use super::check_local;

	#[test]
	fn load_goes_to_this_machine_only() {
		for ok in [
			"ws://127.0.0.1:9944",
			"ws://localhost:9944",
			"ws://127.0.0.1",
		] {
			assert!(check_local(ok).is_ok(), "{ok}");
		}
		for refused in [
			"ws://10.0.0.1:9944",
			"wss://rpc.example.org",
			"ws://127.0.0.1.example.org:9944",
			"ws://localhost.evil:9944",
			"127.0.0.1:9944",
		] {
			assert!(check_local(refused).is_err(), "{refused}");
		}
	}
}
