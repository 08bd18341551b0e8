//! Keys and helpers shared by the CEDA integration tests.
#![allow(dead_code)]

use std::sync::LazyLock;

use semres_ceda::{
	smer::{Metadata, SuiteId},
	KeyAlgorithm, PrivateKey, SealOptions,
};

/// Two key pairs per suite (RSA generation is slow: generate once per test binary).
pub static KEYS: LazyLock<Vec<(SuiteId, PrivateKey, PrivateKey)>> = LazyLock::new(|| {
	SuiteId::ALL
		.iter()
		.map(|&s| {
			let alg = KeyAlgorithm::for_suite(s);
			(
				s,
				PrivateKey::generate(alg).unwrap(),
				PrivateKey::generate(alg).unwrap(),
			)
		})
		.collect()
});

pub fn keys(suite: SuiteId) -> (&'static PrivateKey, &'static PrivateKey) {
	let (_, a, b) = KEYS.iter().find(|(s, _, _)| *s == suite).unwrap();
	(a, b)
}

pub fn opts(chunk_size_log2: u8) -> SealOptions {
	SealOptions {
		metadata: Metadata {
			record_id: [7; 32],
			owner: [9; 32],
			created_at: 1_767_225_600,
			content_type: "application/fhir+json".into(),
		},
		chunk_size_log2,
		custody: None,
	}
}

/// Deterministic pseudo-random bytes.
pub fn record(len: usize) -> Vec<u8> {
	let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ len as u64;
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			x as u8
		})
		.collect()
}
