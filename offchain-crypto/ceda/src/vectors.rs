//! The test vectors of `docs/smer.md` §7, one per suite with a 32-byte private key (3: X25519,
//! 4: SM2, 5: X-Wing): fixed inputs, every intermediate value, and the whole SMeR. Each
//! envelope was produced once (the wraps are randomised) and is fixed here; everything else is
//! recomputed and compared on every test run, and each SMeR must open to the record.

use semres_smer::{Envelope, Header, Metadata, SmerPrefix, SuiteId};

use crate::{
	cipher::PayloadCipher, keys::hex, open_bytes, schedule, seal::header_digest, DataKey,
	KeyAlgorithm, PrivateKey, Unlock,
};

/// The recipient's secret in every vector: the X25519 scalar, the SM2 scalar, the X-Wing seed.
pub const RECIPIENT_SECRET: [u8; 32] = [0x42; 32];
/// The data key's bytes (a suite takes as many as its key length: 16 for suite 4).
pub const DATA_KEY: [u8; 32] = {
	let mut k = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		k[i] = i as u8;
		i += 1;
	}
	k
};
pub const NONCE_PREFIX: [u8; 7] = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6];
pub const RECORD: &[u8] = b"SEMRES test vector\n";

/// One published vector.
struct Vector {
	suite: SuiteId,
	envelope: &'static str,
	smer: &'static str,
	anchor_hash: &'static str,
}

const VECTORS: [Vector; 3] = [
	Vector {
		suite: SuiteId::HpkeX25519Aes256Gcm,
		envelope: include_str!("../tests/vectors/x25519-envelope.hex"),
		smer: include_str!("../tests/vectors/x25519.smer.hex"),
		anchor_hash: "4f6dc1a77711b47c7a41074b449a5a33f8c711da8b8d54799fd06a1d1f6d0216",
	},
	Vector {
		suite: SuiteId::Sm2Sm4GcmSm3,
		envelope: include_str!("../tests/vectors/sm2-envelope.hex"),
		smer: include_str!("../tests/vectors/sm2.smer.hex"),
		anchor_hash: "314ffd70a4881394305909e041aba453487e779926f30cc1fa4e5769c35fb921",
	},
	Vector {
		suite: SuiteId::HpkeXWingAes256Gcm,
		envelope: include_str!("../tests/vectors/xwing-envelope.hex"),
		smer: include_str!("../tests/vectors/xwing.smer.hex"),
		anchor_hash: "8a084ac43090bc242aaeb823299dd0a1d72693cfa8b3f03f1d663562b412b340",
	},
];

fn data_key(suite: SuiteId) -> DataKey {
	DataKey::from_bytes(&DATA_KEY[..suite.key_len()])
}

fn derived(suite: SuiteId) -> schedule::Derived {
	schedule::derive(&data_key(suite), suite, &NONCE_PREFIX, &[0x11; 32])
}

fn header(suite: SuiteId) -> Header {
	Header {
		version: 1,
		suite,
		metadata: Metadata {
			record_id: [0x11; 32],
			owner: [0x22; 32],
			created_at: 1_767_225_600,
			content_type: "text/plain".into(),
		},
		chunk_size_log2: 12,
		plaintext_len: RECORD.len() as u64,
		nonce_prefix: NONCE_PREFIX,
		key_commitment: derived(suite).commitment,
	}
}

fn recipient(suite: SuiteId) -> PrivateKey {
	PrivateKey::from_secret(KeyAlgorithm::for_suite(suite), &RECIPIENT_SECRET)
}

/// The payload (one final chunk: ciphertext then tag).
fn payload(suite: SuiteId, header_bytes: &[u8]) -> Vec<u8> {
	let cipher = PayloadCipher::new(suite, &derived(suite).payload_key).unwrap();
	let mut buf = RECORD.to_vec();
	let nonce = semres_smer::ChunkLayout::nonce(&NONCE_PREFIX, 0, true);
	let tag = cipher.seal(nonce, &header_digest(header_bytes), &mut buf);
	buf.extend_from_slice(&tag);
	buf
}

fn unhex(s: &str) -> Vec<u8> {
	let s: String = s.split_whitespace().collect();
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
}

fn smer(suite: SuiteId, envelope: Vec<u8>) -> Vec<u8> {
	let hb = header(suite).encode().unwrap();
	let key_id = recipient(suite).public_key().key_id();
	let prefix = SmerPrefix::new(
		header(suite),
		vec![Envelope {
			key_id,
			wrapped: envelope,
		}],
		None,
	)
	.unwrap();
	let mut out = prefix.encode().unwrap();
	out.extend_from_slice(&payload(suite, &hb));
	out
}

#[test]
fn the_published_vectors_are_reproduced_and_open() {
	for v in &VECTORS {
		let committed = unhex(v.smer);
		assert_eq!(
			hex(&smer(v.suite, unhex(v.envelope))),
			hex(&committed),
			"{:?}",
			v.suite
		);
		let expected = semres_smer::anchor_hash(&committed);
		let (record, _) = open_bytes(
			&committed,
			&Unlock::Key(&recipient(v.suite)),
			Some(&expected),
		)
		.unwrap();
		assert_eq!(record, RECORD);
		assert_eq!(expected.to_string(), v.anchor_hash, "{:?}", v.suite);
	}
}

/// Prints each vector's values (run with `--ignored --nocapture`), with a fresh envelope for a
/// vector whose envelope file is empty (a new vector).
#[test]
#[ignore]
fn print_vectors() {
	for v in &VECTORS {
		let suite = v.suite;
		let sk = recipient(suite);
		let envelope = if v.envelope.trim().is_empty() {
			crate::wrap::wrap(
				sk.public_key(),
				&data_key(suite),
				&crate::wrap::WrapContext::v1(),
			)
			.unwrap()
		} else {
			unhex(v.envelope)
		};
		let d = derived(suite);
		let hb = header(suite).encode().unwrap();
		let s = smer(suite, envelope.clone());
		println!("== suite {} ({})", suite.id(), suite.name());
		println!(
			"recipient SPKI DER:   {}",
			hex(sk.public_key().to_spki_der())
		);
		println!("key id:               {}", hex(&sk.public_key().key_id()));
		println!("payload key:          {}", hex(&d.payload_key));
		println!("key commitment:       {}", hex(&d.commitment));
		println!("header bytes:         {}", hex(&hb));
		println!("header digest (AAD):  {}", hex(&header_digest(&hb)));
		println!("payload:              {}", hex(&payload(suite, &hb)));
		println!("envelope:             {}", hex(&envelope));
		println!("SMeR ({} bytes):      {}", s.len(), hex(&s));
		println!("anchor hash:          {}", semres_smer::anchor_hash(&s));
	}
}

mod v2;
