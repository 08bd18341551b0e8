//! CEDA benchmarks: sealing and opening at the paper's record sizes (0.4 kB ... 100 MB), key
//! wrap and unwrap per suite, SHA-256 (the anchor hash) and the IPFS CID.
//! `cargo bench -p semres-ceda`; `scripts/bench-ceda.sh` compares with OpenSSL.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use semres_ceda::{
	open, seal, seal_bytes,
	smer::{anchor_hash, Metadata},
	DataKey, KeyAlgorithm, PrivateKey, SealOptions, Unlock,
};

const SIZES: [(usize, &str); 4] = [
	(400, "0.4kB"),
	(1_000_000, "1MB"),
	(10_000_000, "10MB"),
	(100_000_000, "100MB"),
];

fn opts() -> SealOptions {
	SealOptions::new(Metadata {
		record_id: [1; 32],
		owner: [2; 32],
		created_at: 0,
		content_type: "application/dicom".into(),
	})
}

fn seal_open(c: &mut Criterion) {
	let key = PrivateKey::generate(KeyAlgorithm::Rsa3072).unwrap();
	let recipients = [key.public_key().clone()];
	for (size, name) in SIZES {
		let record = vec![0x5au8; size];
		let (smer, _) = seal_bytes(&record, &recipients, &opts()).unwrap();
		let mut g = c.benchmark_group("rsa3072-aes256gcm");
		g.throughput(Throughput::Bytes(size as u64));
		if size >= 10_000_000 {
			g.sample_size(10);
		}
		g.bench_with_input(BenchmarkId::new("seal", name), &record, |b, r| {
			b.iter(|| {
				seal(
					&r[..],
					r.len() as u64,
					std::io::sink(),
					&recipients,
					&opts(),
					&mut |_| {},
				)
				.unwrap()
			})
		});
		g.bench_with_input(BenchmarkId::new("open", name), &smer, |b, s| {
			b.iter(|| open(&s[..], std::io::sink(), &Unlock::Key(&key), &mut |_| {}).unwrap())
		});
		g.finish();
	}
}

fn wrap_unwrap(c: &mut Criterion) {
	for alg in [
		KeyAlgorithm::Rsa3072,
		KeyAlgorithm::X25519,
		KeyAlgorithm::Sm2,
		KeyAlgorithm::XWing,
	] {
		let key = PrivateKey::generate(alg).unwrap();
		let dk = DataKey::generate(alg.suite()).unwrap();
		let wrapped = key.public_key().wrap_key(&dk).unwrap();
		let mut g = c.benchmark_group(format!("{alg:?}"));
		g.bench_function("wrap", |b| {
			b.iter(|| key.public_key().wrap_key(&dk).unwrap())
		});
		g.bench_function("unwrap", |b| b.iter(|| key.unwrap_key(&wrapped).unwrap()));
		g.finish();
	}
}

fn hashes(c: &mut Criterion) {
	let data = vec![0xa5u8; 10_000_000];
	let mut g = c.benchmark_group("address");
	g.throughput(Throughput::Bytes(data.len() as u64));
	g.sample_size(20);
	g.bench_function("sha256 (anchor hash) 10MB", |b| {
		b.iter(|| anchor_hash(&data))
	});
	g.bench_function("ipfs cid 10MB", |b| {
		b.iter(|| semres_dery::cid_of_bytes(&data))
	});
	g.finish();
}

criterion_group!(benches, seal_open, wrap_unwrap, hashes);
criterion_main!(benches);
