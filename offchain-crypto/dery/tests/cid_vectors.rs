//! DERy's CIDs equal those of a real IPFS implementation (the js-ipfs UnixFS importer, the
//! same layout Kubo uses for `ipfs add --cid-version=1 --raw-leaves`).

mod common;
use common::*;
use semres_dery::{cid_of_reader_with, CidBuilder, CHUNK_SIZE, MAX_LINKS};

fn compare(sizes: &[usize], layout: Option<(usize, usize)>) {
	let dir = tempfile::tempdir().unwrap();
	let files: Vec<_> = sizes
		.iter()
		.enumerate()
		.map(|(i, &len)| {
			let p = dir.path().join(format!("f{i}-{len}"));
			std::fs::write(&p, data(len, i as u64 + 1)).unwrap();
			p
		})
		.collect();
	let theirs = js_ipfs_cids(&files, layout);
	assert_eq!(theirs.len(), files.len());
	let (chunk, links) = layout.unwrap_or((CHUNK_SIZE, MAX_LINKS));
	for ((file, len), theirs) in files.iter().zip(sizes).zip(theirs) {
		let f = std::fs::File::open(file).unwrap();
		let (ours, size, _) = cid_of_reader_with(f, CidBuilder::with_layout(chunk, links)).unwrap();
		assert_eq!(size, *len as u64);
		assert_eq!(
			ours.to_string(),
			theirs,
			"size {len}, layout {chunk}/{links}"
		);
	}
}

#[test]
fn default_layout_matches_js_ipfs() {
	let c = CHUNK_SIZE;
	compare(
		&[
			0,
			1,
			6,
			1000,
			c - 1,
			c,
			c + 1,
			4 * c + 3,
			174 * c,
			174 * c + 1,
			175 * c + 13,
		],
		None,
	);
}

#[test]
fn deep_trees_match_js_ipfs() {
	// 16-byte chunks and 3 links a node reach depth 4 with a few hundred bytes: the same
	// balanced-layout rules Kubo applies at 256 KiB and 174 links.
	let sizes: Vec<usize> = [1, 2, 3, 4, 8, 9, 10, 27, 28, 40, 81, 82, 100]
		.iter()
		.map(|n| n * 16 - 5)
		.collect();
	compare(&sizes, Some((16, 3)));
	compare(&[16 * 9, 16 * 27, 16 * 81], Some((16, 3)));
}
