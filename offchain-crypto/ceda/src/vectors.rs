//! The test vector of `docs/smer.md`: fixed inputs, every intermediate value, and the whole
//! SMeR. The envelope was produced once (HPKE encapsulation is randomised) and is fixed here;
//! everything else is recomputed and compared on every test run.

use hpke::{Deserializable, Kem};
use semres_smer::{Envelope, Header, Metadata, SmerPrefix, SuiteId};

use crate::{
	cipher::PayloadCipher,
	keys::{hex, X25519Kem},
	open_bytes, schedule,
	seal::header_digest,
	DataKey, PrivateKey, Unlock,
};

/// Inputs of the vector.
pub const RECIPIENT_X25519_SK: [u8; 32] = [0x42; 32];
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

fn header() -> Header {
	let d = DataKey(zeroize::Zeroizing::new(DATA_KEY.to_vec()));
	let derived = schedule::derive(&d, SuiteId::HpkeX25519Aes256Gcm, &NONCE_PREFIX, &[0x11; 32]);
	Header {
		suite: SuiteId::HpkeX25519Aes256Gcm,
		metadata: Metadata {
			record_id: [0x11; 32],
			owner: [0x22; 32],
			created_at: 1_767_225_600,
			content_type: "text/plain".into(),
		},
		chunk_size_log2: 12,
		plaintext_len: RECORD.len() as u64,
		nonce_prefix: NONCE_PREFIX,
		key_commitment: derived.commitment,
	}
}

fn recipient() -> PrivateKey {
	let sk = <X25519Kem as Kem>::PrivateKey::from_bytes(&RECIPIENT_X25519_SK).unwrap();
	PrivateKey::from_x25519(sk)
}

/// The payload (one final chunk: ciphertext then tag).
fn payload(header_bytes: &[u8]) -> Vec<u8> {
	let d = DataKey(zeroize::Zeroizing::new(DATA_KEY.to_vec()));
	let derived = schedule::derive(&d, SuiteId::HpkeX25519Aes256Gcm, &NONCE_PREFIX, &[0x11; 32]);
	let cipher = PayloadCipher::new(SuiteId::HpkeX25519Aes256Gcm, &derived.payload_key).unwrap();
	let mut buf = RECORD.to_vec();
	let nonce = semres_smer::ChunkLayout::nonce(&NONCE_PREFIX, 0, true);
	let tag = cipher.seal(nonce, &header_digest(header_bytes), &mut buf);
	buf.extend_from_slice(&tag);
	buf
}

const ENVELOPE_HEX: &str = include_str!("../tests/vectors/x25519-envelope.hex");
const SMER_HEX: &str = include_str!("../tests/vectors/x25519.smer.hex");

fn unhex(s: &str) -> Vec<u8> {
	let s: String = s.split_whitespace().collect();
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
}

fn smer(envelope: Vec<u8>) -> Vec<u8> {
	let hb = header().encode().unwrap();
	let key_id = recipient().public_key().key_id();
	let mut out = SmerPrefix::encode(
		&hb,
		&[Envelope {
			key_id,
			wrapped: envelope,
		}],
	)
	.unwrap();
	out.extend_from_slice(&payload(&hb));
	out
}

#[test]
fn the_published_vector_is_reproduced_and_opens() {
	let committed = unhex(SMER_HEX);
	assert_eq!(hex(&smer(unhex(ENVELOPE_HEX))), hex(&committed));
	let expected = semres_smer::anchor_hash(&committed);
	let (record, _) = open_bytes(&committed, &Unlock::Key(&recipient()), Some(&expected)).unwrap();
	assert_eq!(record, RECORD);
	assert_eq!(
		expected.to_string(),
		"4f6dc1a77711b47c7a41074b449a5a33f8c711da8b8d54799fd06a1d1f6d0216"
	);
}

/// Prints the vector's values (run with `--ignored --nocapture`); with a fresh envelope
/// when `SEMRES_NEW_ENVELOPE` is set.
#[test]
#[ignore]
fn print_vector() {
	let sk = recipient();
	let d = DataKey(zeroize::Zeroizing::new(DATA_KEY.to_vec()));
	let envelope = if std::env::var_os("SEMRES_NEW_ENVELOPE").is_some() {
		crate::wrap::wrap(sk.public_key(), &d).unwrap()
	} else {
		unhex(ENVELOPE_HEX)
	};
	let derived = schedule::derive(&d, SuiteId::HpkeX25519Aes256Gcm, &NONCE_PREFIX, &[0x11; 32]);
	let hb = header().encode().unwrap();
	let s = smer(envelope.clone());
	println!(
		"recipient public key (X25519): {}",
		hex(&sk.public_key().to_spki_der()[12..])
	);
	println!(
		"recipient SPKI DER:            {}",
		hex(sk.public_key().to_spki_der())
	);
	println!(
		"key id:                        {}",
		hex(&sk.public_key().key_id())
	);
	println!(
		"payload key:                   {}",
		hex(&derived.payload_key)
	);
	println!(
		"key commitment:                {}",
		hex(&derived.commitment)
	);
	println!("header bytes:                  {}", hex(&hb));
	println!(
		"header digest (AAD):           {}",
		hex(&header_digest(&hb))
	);
	println!(
		"nonce of chunk 0:              {}",
		hex(&semres_smer::ChunkLayout::nonce(&NONCE_PREFIX, 0, true))
	);
	println!("payload:                       {}", hex(&payload(&hb)));
	println!("envelope (enc || ct):          {}", hex(&envelope));
	println!("SMeR:                          {}", hex(&s));
	println!(
		"anchor hash:                   {}",
		semres_smer::anchor_hash(&s)
	);
}
