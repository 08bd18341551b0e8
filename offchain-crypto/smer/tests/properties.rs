//! Property tests of the format: arbitrary headers round-trip, arbitrary bytes never panic.

use proptest::prelude::*;
use semres_smer::{check_parse, Envelope, Header, Metadata, SmerPrefix, SuiteId};

fn header() -> impl Strategy<Value = Header> {
	(
		0usize..5,
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
			|(s, record_id, owner, created_at, content_type, log2, len, prefix, commit)| Header {
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
			let env = [Envelope {
				key_id: [1; 32],
				wrapped: vec![2; len],
			}];
			let bytes = SmerPrefix::encode(&h.encode().unwrap(), &env).unwrap();
			assert!(
				SmerPrefix::read_from(&mut &bytes[..]).is_err(),
				"{suite:?} {len}"
			);
		}
		let env = [Envelope {
			key_id: [1; 32],
			wrapped: vec![2; ok],
		}];
		let bytes = SmerPrefix::encode(&h.encode().unwrap(), &env).unwrap();
		assert!(SmerPrefix::read_from(&mut &bytes[..]).is_ok(), "{suite:?}");
	}
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
		let bytes = SmerPrefix::encode(&h.encode().unwrap(), &envelopes).unwrap();
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
		let env = [Envelope { key_id: [1; 32], wrapped: vec![2; wrap_len(h.suite)] }];
		let mut bytes = SmerPrefix::encode(&h.encode().unwrap(), &env).unwrap();
		let i = pos.index(bytes.len());
		bytes[i] = byte;
		check_parse(&bytes);
	}
}
