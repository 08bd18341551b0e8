//! Prints SEMRES throughput on one machine for `scripts/bench-ceda.sh`: sealing 100 MB
//! (AES-256-GCM + the anchor hash), opening it, and RSA-3072 OAEP unwraps per second.
//! Best of several runs; one core unless the library uses more. Output: `name value unit`.

use std::time::{Duration, Instant};

use semres_ceda::{
	open, seal, smer::Metadata, DataKey, KeyAlgorithm, PrivateKey, SealOptions, Unlock,
};

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
	(0..runs)
		.map(|_| {
			let t = Instant::now();
			f();
			t.elapsed()
		})
		.min()
		.unwrap()
}

fn main() {
	let mb: usize = std::env::args()
		.nth(1)
		.and_then(|a| a.parse().ok())
		.unwrap_or(100);
	let size = mb * 1_000_000;
	let key = PrivateKey::generate(KeyAlgorithm::Rsa3072).unwrap();
	let recipients = [key.public_key().clone()];
	let opts = SealOptions::new(Metadata {
		record_id: [1; 32],
		owner: [2; 32],
		created_at: 0,
		content_type: String::new(),
	});
	let record = vec![0x5au8; size];
	let mut smer = Vec::with_capacity(size + (size >> 10) + 4096);

	let t = best(5, || {
		smer.clear();
		seal(
			&record[..],
			size as u64,
			&mut smer,
			&recipients,
			&opts,
			&mut |_| {},
		)
		.unwrap();
	});
	println!(
		"seal_mb_per_s {:.0} MB/s",
		size as f64 / t.as_secs_f64() / 1e6
	);
	let t = best(5, || {
		open(&smer[..], std::io::sink(), &Unlock::Key(&key), &mut |_| {}).unwrap();
	});
	println!(
		"open_mb_per_s {:.0} MB/s",
		size as f64 / t.as_secs_f64() / 1e6
	);

	let dk = DataKey::generate(KeyAlgorithm::Rsa3072.suite()).unwrap();
	let wrapped = key.public_key().wrap_key(&dk).unwrap();
	let n = 500;
	let t = best(3, || {
		(0..n).for_each(|_| drop(key.unwrap_key(&wrapped).unwrap()))
	});
	println!(
		"rsa3072_unwrap_per_s {:.0} ops/s",
		n as f64 / t.as_secs_f64()
	);
}
