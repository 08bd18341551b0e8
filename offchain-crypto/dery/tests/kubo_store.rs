//! The Kubo RPC backend against a real IPFS daemon (js-ipfs, which serves Kubo's API).

mod common;
use common::*;
use semres_dery::{cid_of_bytes, fetch_verified, DeryError, KuboStore, Store, CHUNK_SIZE};
use semres_smer::anchor_hash;

#[test]
fn kubo_backend_against_a_real_daemon() {
	let daemon = Daemon::start();
	let store = KuboStore::new(&daemon.api);

	// Puts agree with SEMRES's own CIDs (the store fails the put otherwise).
	for (i, len) in [0, 6, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 77]
		.into_iter()
		.enumerate()
	{
		let d = data(len, 100 + i as u64);
		let r = store.put(&mut &d[..]).unwrap();
		assert_eq!(r.cid, cid_of_bytes(&d), "len {len}");
		assert_eq!(r.sha256, anchor_hash(&d));
		assert!(store.has(&r.cid).unwrap());

		let mut out = Vec::new();
		let g = store.get(&r.cid, &mut out).unwrap();
		assert_eq!(out, d);
		assert_eq!(g.sha256, r.sha256);

		let dir = tempfile::tempdir().unwrap();
		let dest = dir.path().join("f");
		fetch_verified(&store, &r.cid, &r.sha256, u64::MAX, &dest).unwrap();
		assert_eq!(std::fs::read(&dest).unwrap(), d);
		store.pin(&r.cid).unwrap();
	}

	// Content the node does not have.
	let missing = cid_of_bytes(b"not on this node");
	assert!(!store.has(&missing).unwrap());

	// A node that is not there is a named error, not a hang.
	let gone = KuboStore::new("http://127.0.0.1:9");
	assert!(matches!(
		gone.put(&mut &b"x"[..]),
		Err(DeryError::Remote(_))
	));
}
