//! Property tests of the format: arbitrary headers round-trip, arbitrary bytes never panic.

use proptest::prelude::*;
use semres_smer::{
	check_parse, Custody, CustodyShare, Envelope, FormatError, Header, Metadata, SmerPrefix,
	SuiteId,
};

fn header() -> impl Strategy<Value = Header> {
	(
		(0usize..5, 1u8..=2),
		any::<[u8; 32]>(),
		any::<[u8; 32]>(),
		any::<u64>(),
		"[ -~]{0,127}",
		12u8..=24,
		0u64..(1 << 40),
		any::<[u8; 7]>(),
		any::<[u8; 32]>(),
	)
		.prop_map(
			|(
				(s, version),
				record_id,
				owner,
				created_at,
				content_type,
				log2,
				len,
				prefix,
				commit,
			)| Header {
				version,
				suite: SuiteId::ALL[s],
				metadata: Metadata {
					record_id,
					owner,
					created_at,
					content_type,
				},
				chunk_size_log2: log2,
				plaintext_len: len,
				nonce_prefix: prefix,
				key_commitment: commit,
			},
		)
}

/// The length of a data key wrapped under `suite` (one of them, for RSA-3072).
fn wrap_len(suite: SuiteId) -> usize {
	match suite {
		SuiteId::RsaOaep3072Aes256Gcm => 384,
		SuiteId::RsaOaep2048Aes128Gcm => 256,
		SuiteId::HpkeX25519Aes256Gcm => 80,
		SuiteId::Sm2Sm4GcmSm3 => 113,
		SuiteId::HpkeXWingAes256Gcm => 1168,
	}
}

#[test]
fn envelopes_of_another_length_than_their_suites_wraps_are_refused() {
	for suite in SuiteId::ALL {
		let h = Header {
			version: 1,
			suite,
			metadata: Metadata {
				record_id: [1; 32],
				owner: [2; 32],
				created_at: 0,
				content_type: String::new(),
			},
			chunk_size_log2: 12,
			plaintext_len: 0,
			nonce_prefix: [0; 7],
			key_commitment: [0; 32],
		};
		let ok = wrap_len(suite);
		for len in [ok - 1, ok + 1, 1, 512 + 384] {
			let env = vec![Envelope {
				key_id: [1; 32],
				wrapped: vec![2; len],
			}];
			let bytes = encode(h.clone(), env, None);
			assert!(
				SmerPrefix::read_from(&mut &bytes[..]).is_err(),
				"{suite:?} {len}"
			);
		}
		let env = vec![Envelope {
			key_id: [1; 32],
			wrapped: vec![2; ok],
		}];
		let bytes = encode(h.clone(), env, None);
		assert!(SmerPrefix::read_from(&mut &bytes[..]).is_ok(), "{suite:?}");
	}
}

/// A prefix's bytes (a version 2 prefix with a MAC of `aa` bytes).
fn encode(h: Header, envelopes: Vec<Envelope>, custody: Option<Custody>) -> Vec<u8> {
	let mut p = SmerPrefix::new(h, envelopes, custody).unwrap();
	p.set_mac([0xaa; 32]);
	p.encode().unwrap()
}

fn v2_header(suite: SuiteId) -> Header {
	Header {
		version: 2,
		suite,
		metadata: Metadata {
			record_id: [1; 32],
			owner: [2; 32],
			created_at: 0,
			content_type: String::new(),
		},
		chunk_size_log2: 12,
		plaintext_len: 0,
		nonce_prefix: [0; 7],
		key_commitment: [0; 32],
	}
}

fn custody(n: u8, threshold: u8, sealed_len: usize) -> Custody {
	Custody {
		epoch: 7,
		threshold,
		shares: (1..=n)
			.map(|i| CustodyShare {
				index: i,
				custodian: [i; 32],
				sealed: vec![i; sealed_len],
			})
			.collect(),
	}
}

#[test]
fn custody_sections_round_trip_and_break_rules_by_name() {
	let suite = SuiteId::HpkeX25519Aes256Gcm;
	let env = || {
		vec![Envelope {
			key_id: [9; 32],
			wrapped: vec![2; 80],
		}]
	};
	for sealed in [80, 1168] {
		let c = custody(4, 3, sealed);
		let bytes = encode(v2_header(suite), env(), Some(c.clone()));
		let p = SmerPrefix::read_from(&mut &bytes[..]).unwrap();
		assert_eq!(p.custody.as_ref(), Some(&c));
		assert_eq!(p.header_mac, Some([0xaa; 32]));
		assert_eq!(p.len, bytes.len());
		check_parse(&bytes);
	}
	// A 16-byte key's shares (suite 2) are 16 bytes shorter.
	let c = custody(2, 2, 64);
	let bytes = encode(
		v2_header(SuiteId::RsaOaep2048Aes128Gcm),
		vec![Envelope {
			key_id: [9; 32],
			wrapped: vec![2; 256],
		}],
		Some(c),
	);
	assert!(SmerPrefix::read_from(&mut &bytes[..]).is_ok());
	// Writing refuses what reading would.
	let bad = |c: Custody| {
		SmerPrefix::new(v2_header(suite), env(), Some(c))
			.unwrap()
			.encode()
	};
	let field = |e: Result<Vec<u8>, FormatError>| match e {
		Err(FormatError::InvalidField(f)) => f,
		other => panic!("{other:?}"),
	};
	assert_eq!(field(bad(custody(4, 1, 80))), "custody_threshold");
	assert_eq!(field(bad(custody(4, 5, 80))), "custody_threshold");
	assert_eq!(field(bad(custody(1, 2, 80))), "custody_count");
	assert_eq!(field(bad(custody(4, 3, 81))), "custody_sealed_len");
	let mut twice = custody(4, 3, 80);
	twice.shares[3].custodian = [1; 32];
	assert_eq!(field(bad(twice)), "custody_key_id");
	let mut order = custody(4, 3, 80);
	order.shares.swap(0, 1);
	assert_eq!(field(bad(order)), "custody_index");
	// Reading: a sealed length of another suite is refused before it is read.
	let mut bytes = encode(v2_header(suite), env(), Some(custody(2, 2, 80)));
	let at = bytes.len() - 32 - 80 - 2;
	bytes[at..at + 2].copy_from_slice(&2000u16.to_le_bytes());
	assert_eq!(
		SmerPrefix::read_from(&mut &bytes[..]),
		Err(FormatError::InvalidField("custody_sealed_len"))
	);
	// A version 1 SMeR has no custody section.
	let mut v1 = v2_header(suite);
	v1.version = 1;
	assert!(SmerPrefix::new(v1, env(), Some(custody(2, 2, 80))).is_err());
	// Unknown versions are refused.
	let mut v3 = v2_header(suite).encode().unwrap();
	v3[4] = 3;
	assert_eq!(
		SmerPrefix::read_from(&mut &v3[..]),
		Err(FormatError::UnsupportedVersion(3))
	);
}

proptest! {
	#[test]
	fn headers_and_envelopes_round_trip(h in header(), keys in prop::collection::vec((any::<[u8; 32]>(), prop::collection::vec(any::<u8>(), 1168)), 1..5)) {
		let mut envelopes: Vec<Envelope> = Vec::new();
		for (key_id, mut wrapped) in keys {
			wrapped.truncate(wrap_len(h.suite));
			if envelopes.iter().all(|e| e.key_id != key_id) {
				envelopes.push(Envelope { key_id, wrapped });
			}
		}
		let bytes = encode(h.clone(), envelopes.clone(), None);
		let parsed = SmerPrefix::read_from(&mut &bytes[..]).unwrap();
		prop_assert_eq!(&parsed.header, &h);
		prop_assert_eq!(&parsed.envelopes, &envelopes);
		prop_assert_eq!(parsed.len, bytes.len());
		check_parse(&bytes);
	}

	#[test]
	fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..600)) {
		check_parse(&data);
	}

	#[test]
	fn mutated_smers_never_panic(h in header(), pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
		let env = vec![Envelope { key_id: [1; 32], wrapped: vec![2; wrap_len(h.suite)] }];
		let custody = (h.version == 2).then(|| custody(3, 2, 32 + h.suite.key_len() + 16));
		let mut bytes = encode(h, env, custody);
		let i = pos.index(bytes.len());
		bytes[i] = byte;
		check_parse(&bytes);
	}
}
