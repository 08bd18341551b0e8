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

proptest! {
	#[test]
	fn headers_and_envelopes_round_trip(h in header(), keys in prop::collection::vec((any::<[u8; 32]>(), prop::collection::vec(any::<u8>(), 1..300)), 1..5)) {
		let mut envelopes: Vec<Envelope> = Vec::new();
		for (key_id, wrapped) in keys {
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
		let env = [Envelope { key_id: [1; 32], wrapped: vec![2; 40] }];
		let mut bytes = SmerPrefix::encode(&h.encode().unwrap(), &env).unwrap();
		let i = pos.index(bytes.len());
		bytes[i] = byte;
		check_parse(&bytes);
	}
}
