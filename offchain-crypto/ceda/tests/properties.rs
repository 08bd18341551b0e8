//! Property tests: any record, any chunk size, round-trips; any single flipped bit is caught.

mod common;
use common::*;
use proptest::prelude::*;
use semres_ceda::{open_bytes, seal_bytes, smer::SuiteId, Unlock};

proptest! {
	#![proptest_config(ProptestConfig::with_cases(48))]

	#[test]
	fn any_record_round_trips(record in prop::collection::vec(any::<u8>(), 0..20_000), log2 in 12u8..=14) {
		let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
		let (smer, report) = seal_bytes(&record, &[alice.public_key().clone()], &opts(log2)).unwrap();
		let (out, _) = open_bytes(&smer, &Unlock::Key(alice), Some(&report.anchor_hash)).unwrap();
		prop_assert_eq!(out, record);
	}

	#[test]
	fn any_flipped_bit_is_rejected(record in prop::collection::vec(any::<u8>(), 1..9_000), pos in any::<prop::sample::Index>(), bit in 0u8..8) {
		let (alice, _) = keys(SuiteId::HpkeX25519Aes256Gcm);
		let (mut smer, _) = seal_bytes(&record, &[alice.public_key().clone()], &opts(12)).unwrap();
		let i = pos.index(smer.len());
		smer[i] ^= 1 << bit;
		prop_assert!(open_bytes(&smer, &Unlock::Key(alice), None).is_err());
	}
}
