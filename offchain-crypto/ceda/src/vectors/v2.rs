//! The version 2 vector of `docs/smer.md` §9: the §7 inputs (suite 3) as a version 2 SMeR, with
//! a 2-of-3 custody section for fixed custodian keys. The owner's envelope and the custody
//! shares were produced once (HPKE and Shamir's split are randomised) and are fixed in the
//! file; the header, the payload and the header MAC are recomputed on every run, and the SMeR
//! must open with the owner's key and from shares the custodians release.

use semres_smer::parse_prefix;

use super::*;
use crate::{
	custody::{self, release_from, CustodyPlan},
	wrap::{self, WrapContext},
};

const SUITE: SuiteId = SuiteId::HpkeX25519Aes256Gcm;
/// The custodians' X25519 secrets, in share order.
const CUSTODIANS: [[u8; 32]; 3] = [[0x43; 32], [0x44; 32], [0x45; 32]];
/// The chain the shares are bound to.
const GENESIS: [u8; 32] = [0x6e; 32];
const SMER: &str = include_str!("../../tests/vectors/x25519-v2.smer.hex");
const ANCHOR_HASH: &str = "a32a897a710d4fa331ed84124fcdff08307b5cb5f5cfc35c8b947e28e6d26e4c";

fn header_v2() -> Header {
	Header {
		version: 2,
		..header(SUITE)
	}
}

fn custodian(i: usize) -> PrivateKey {
	PrivateKey::from_secret(KeyAlgorithm::X25519, &CUSTODIANS[i])
}

/// A fresh version 2 vector (new envelope and shares).
fn build() -> Vec<u8> {
	let key = data_key(SUITE);
	let h = header_v2();
	let hb = h.encode().unwrap();
	let owner = recipient(SUITE);
	let key_id = owner.public_key().key_id();
	let envelope = Envelope {
		key_id,
		wrapped: wrap::wrap(owner.public_key(), &key, &WrapContext::new(&h, &key_id)).unwrap(),
	};
	let plan = CustodyPlan {
		genesis: GENESIS,
		epoch: 1,
		threshold: 2,
		custodians: (0..3).map(|i| custodian(i).public_key().clone()).collect(),
	};
	let section = custody::section(&key, &plan, header_digest(&hb)).unwrap();
	let mut prefix = SmerPrefix::new(h, vec![envelope], Some(section)).unwrap();
	prefix.set_mac(derived(SUITE).header_mac(&prefix).unwrap());
	[prefix.encode().unwrap(), payload(SUITE, &hb)].concat()
}

#[test]
fn the_version_2_vector_is_reproduced_and_opens_with_the_owner_key_and_from_custody() {
	let committed = unhex(SMER);
	let prefix = parse_prefix(&committed).unwrap();
	assert_eq!(prefix.header, header_v2());
	assert_eq!(prefix.header_bytes, header_v2().encode().unwrap());
	assert_eq!(
		prefix.header_mac,
		Some(derived(SUITE).header_mac(&prefix).unwrap()),
		"header MAC recomputed"
	);
	assert_eq!(
		&committed[prefix.len..],
		payload(SUITE, &prefix.header_bytes)
	);
	let hash = semres_smer::anchor_hash(&committed);
	assert_eq!(hash.to_string(), ANCHOR_HASH);
	let (record, _) = open_bytes(&committed, &Unlock::Key(&recipient(SUITE)), Some(&hash)).unwrap();
	assert_eq!(record, RECORD);
	// Custodians 1 and 3 release to a reader for request 9; custodian 2 is not needed.
	let reader = PrivateKey::generate(KeyAlgorithm::X25519).unwrap();
	let shares: Vec<_> = [0, 2]
		.iter()
		.map(|&i| release_from(&custodian(i), &prefix, GENESIS, 9, reader.public_key()).unwrap())
		.collect();
	let unlock = Unlock::Custody {
		reader: &reader,
		shares: &shares,
		genesis: GENESIS,
		request: 9,
	};
	assert_eq!(
		open_bytes(&committed, &unlock, Some(&hash)).unwrap().0,
		RECORD
	);
}

/// Prints a fresh version 2 vector (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn print_version_2_vector() {
	let s = build();
	let prefix = parse_prefix(&s).unwrap();
	println!("header bytes:  {}", hex(&prefix.header_bytes));
	println!("mac key:       {}", hex(&derived(SUITE).mac_key[..]));
	println!("header MAC:    {}", hex(&prefix.header_mac.unwrap()));
	for (i, c) in CUSTODIANS.iter().enumerate() {
		let _ = c;
		println!(
			"custodian {} key id: {}",
			i + 1,
			hex(&custodian(i).public_key().key_id())
		);
	}
	println!("prefix length: {}", prefix.len);
	println!("SMeR ({} bytes): {}", s.len(), hex(&s));
	println!("anchor hash:   {}", semres_smer::anchor_hash(&s));
}
