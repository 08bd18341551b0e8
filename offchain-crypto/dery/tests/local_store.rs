//! The embedded directory blockstore.

mod common;
use common::*;
use semres_dery::{
	cid_of_bytes, fetch_verified, get_to_file, DeryError, LocalStore, Store, CHUNK_SIZE,
};
use semres_smer::{anchor_hash, AnchorHash};

#[test]
fn put_then_get_round_trips_and_addresses_like_ipfs() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path()).unwrap();
	for (i, len) in [0, 5, CHUNK_SIZE, CHUNK_SIZE * 3 + 1]
		.into_iter()
		.enumerate()
	{
		let d = data(len, i as u64);
		let r = store.put(&mut &d[..]).unwrap();
		assert_eq!(r.cid, cid_of_bytes(&d));
		assert_eq!(r.size, len as u64);
		assert_eq!(r.sha256, anchor_hash(&d));
		let mut out = Vec::new();
		let g = store.get(&r.cid, &mut out).unwrap();
		assert_eq!(out, d);
		assert_eq!(g, r);
		assert!(store.has(&r.cid).unwrap());
	}
	assert_eq!(store.roots().unwrap().len(), 4);
}

#[test]
fn identical_content_is_stored_once() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path()).unwrap();
	let d = data(CHUNK_SIZE * 2, 7);
	let a = store.put(&mut &d[..]).unwrap();
	let b = store.put(&mut &d[..]).unwrap();
	assert_eq!(a, b);
	let blocks = walk(&dir.path().join("blocks"));
	assert_eq!(blocks, 3, "two leaves and one root node");
}

fn walk(p: &std::path::Path) -> usize {
	std::fs::read_dir(p)
		.unwrap()
		.map(|e| {
			let e = e.unwrap();
			if e.file_type().unwrap().is_dir() {
				walk(&e.path())
			} else {
				1
			}
		})
		.sum()
}

fn block_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
	let mut v = Vec::new();
	for shard in std::fs::read_dir(dir.join("blocks")).unwrap() {
		for f in std::fs::read_dir(shard.unwrap().path()).unwrap() {
			v.push(f.unwrap().path());
		}
	}
	v
}

#[test]
fn a_corrupted_block_is_named_and_nothing_is_written() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path().join("s")).unwrap();
	let d = data(CHUNK_SIZE + 10, 3);
	let r = store.put(&mut &d[..]).unwrap();
	// Flip one byte in the leaf that holds the last 10 bytes.
	let leaf = block_files(&dir.path().join("s"))
		.into_iter()
		.find(|p| std::fs::metadata(p).unwrap().len() == 10)
		.unwrap();
	let mut bytes = std::fs::read(&leaf).unwrap();
	bytes[0] ^= 1;
	std::fs::write(&leaf, bytes).unwrap();

	let err = store.verify(&r.cid).unwrap_err();
	assert!(
		matches!(&err, DeryError::Corrupted { block, .. } if leaf.ends_with(block)),
		"{err}"
	);
	let dest = dir.path().join("out.smer");
	assert!(matches!(
		get_to_file(&store, &r.cid, &dest),
		Err(DeryError::Corrupted { .. })
	));
	assert!(!dest.exists(), "no file for corrupted content");
	assert_eq!(
		std::fs::read_dir(dir.path()).unwrap().count(),
		1,
		"no temporary file left behind"
	);
}

#[test]
fn missing_content_is_not_found() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path()).unwrap();
	let cid = cid_of_bytes(b"never stored");
	assert!(matches!(
		store.get(&cid, &mut Vec::new()),
		Err(DeryError::NotFound(_))
	));
	assert!(!store.has(&cid).unwrap());
}

#[test]
fn fetch_verified_checks_the_anchor_hash() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path().join("s")).unwrap();
	let d = data(1000, 9);
	let r = store.put(&mut &d[..]).unwrap();
	let dest = dir.path().join("ok.smer");
	fetch_verified(&store, &r.cid, &anchor_hash(&d), u64::MAX, &dest).unwrap();
	assert_eq!(std::fs::read(&dest).unwrap(), d);

	let wrong = dir.path().join("wrong.smer");
	let err = fetch_verified(&store, &r.cid, &AnchorHash([0; 32]), u64::MAX, &wrong).unwrap_err();
	assert!(matches!(err, DeryError::AnchorMismatch { .. }), "{err}");
	assert!(!wrong.exists());
}

#[test]
fn concurrent_writers_of_the_same_content_agree() {
	let dir = tempfile::tempdir().unwrap();
	let store = LocalStore::open(dir.path()).unwrap();
	let d = std::sync::Arc::new(data(CHUNK_SIZE * 4 + 99, 5));
	let handles: Vec<_> = (0..4)
		.map(|_| {
			let (store, d) = (store.clone(), d.clone());
			std::thread::spawn(move || store.put(&mut &d[..]).unwrap())
		})
		.collect();
	let reports: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
	assert!(reports.windows(2).all(|w| w[0] == w[1]));
	let mut out = Vec::new();
	store.get(&reports[0].cid, &mut out).unwrap();
	assert_eq!(&out, &*d);
	assert!(block_files(dir.path()).iter().all(|p| !p
		.file_name()
		.unwrap()
		.to_string_lossy()
		.starts_with(".tmp")));
}
