//! The embedded store: a directory blockstore, one file per block, no server to run.
//!
//! Layout: `blocks/<2 chars>/<cid>` holds each block (raw leaves and dag-pb nodes), sharded
//! by the next-to-last two characters of the base32 CID (as Kubo's flatfs does); `roots/<cid>`
//! marks each stored file. Every block is written to a temporary file, synced, and renamed into
//! place: a crash or a full disk leaves no partial block, and concurrent writers of the same
//! content write identical bytes.

use std::{
	fs,
	io::{ErrorKind, Read, Write},
	path::{Path, PathBuf},
};

use crate::{
	cid::{block_matches, CidBuilder, CHUNK_SIZE, DAG_PB, RAW},
	dagpb::{declared_filesize, decode_links},
	store::VerifyingWriter,
	Cid, DeryError, PutReport, Store,
};

/// A directory of blocks.
#[derive(Clone, Debug)]
pub struct LocalStore {
	root: PathBuf,
}

impl LocalStore {
	/// Opens (creating if needed) the store at `root`.
	pub fn open(root: impl Into<PathBuf>) -> Result<Self, DeryError> {
		let root = root.into();
		fs::create_dir_all(root.join("blocks"))?;
		fs::create_dir_all(root.join("roots"))?;
		Ok(LocalStore { root })
	}

	fn block_path(&self, cid: &Cid) -> PathBuf {
		let s = cid.to_string();
		let shard = &s[s.len().saturating_sub(3)..s.len().saturating_sub(1)];
		self.root.join("blocks").join(shard).join(s)
	}

	fn write_block(&self, cid: &Cid, bytes: &[u8]) -> Result<(), DeryError> {
		let path = self.block_path(cid);
		if path.exists() {
			return Ok(());
		}
		let dir = path.parent().expect("blocks are in a shard directory; qed");
		fs::create_dir_all(dir)?;
		let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
		tmp.write_all(bytes)?;
		tmp.as_file().sync_all()?;
		tmp.persist(&path).map_err(|e| DeryError::Io(e.error))?;
		Ok(())
	}

	fn read_block(&self, cid: &Cid, root: &Cid) -> Result<Vec<u8>, DeryError> {
		let bytes = fs::read(self.block_path(cid)).map_err(|e| match e.kind() {
			ErrorKind::NotFound => DeryError::NotFound(cid.to_string()),
			_ => DeryError::Io(e),
		})?;
		if !block_matches(cid, &bytes) {
			return Err(DeryError::Corrupted {
				cid: root.to_string(),
				block: cid.to_string(),
			});
		}
		Ok(bytes)
	}

	/// The roots (stored files) in this store.
	pub fn roots(&self) -> Result<Vec<Cid>, DeryError> {
		let mut out = Vec::new();
		for entry in fs::read_dir(self.root.join("roots"))? {
			let name = entry?.file_name();
			if let Ok(cid) = Cid::try_from(name.to_string_lossy().as_ref()) {
				out.push(cid);
			}
		}
		out.sort();
		Ok(out)
	}

	/// Where the store lives.
	pub fn path(&self) -> &Path {
		&self.root
	}
}

impl Store for LocalStore {
	fn put(&self, input: &mut dyn Read) -> Result<PutReport, DeryError> {
		let mut builder = CidBuilder::new();
		let mut sink = |cid: &Cid, bytes: &[u8]| self.write_block(cid, bytes);
		let mut buf = vec![0u8; CHUNK_SIZE];
		loop {
			let n = match input.read(&mut buf) {
				Ok(0) => break,
				Ok(n) => n,
				Err(e) if e.kind() == ErrorKind::Interrupted => continue,
				Err(e) => return Err(e.into()),
			};
			builder.update(&buf[..n], &mut sink)?;
		}
		let (cid, size, sha256) = builder.finish(&mut sink)?;
		fs::write(self.root.join("roots").join(cid.to_string()), b"")?;
		Ok(PutReport {
			cid,
			size,
			sha256: semres_smer::AnchorHash(sha256),
		})
	}

	fn get_bounded(
		&self,
		cid: &Cid,
		out: &mut dyn Write,
		max_len: u64,
	) -> Result<PutReport, DeryError> {
		let mut w = VerifyingWriter::new(cid, out, max_len);
		// Depth-first, left to right: the file's bytes in order.
		let mut stack = vec![*cid];
		while let Some(next) = stack.pop() {
			let block = self.read_block(&next, cid)?;
			match next.codec() {
				RAW => w.put(&block)?,
				DAG_PB => {
					// A root that declares more than allowed is refused before anything is read.
					if next == *cid && declared_filesize(&block).is_some_and(|size| size > max_len)
					{
						return Err(DeryError::TooLarge {
							cid: cid.to_string(),
							limit: max_len,
						});
					}
					let links = decode_links(&block, &next.to_string())?;
					stack.extend(links.into_iter().rev().map(|l| l.cid));
				}
				other => {
					return Err(DeryError::MalformedNode(format!(
						"{next}: codec {other:#x}"
					)))
				}
			}
		}
		w.finish()
	}

	fn has(&self, cid: &Cid) -> Result<bool, DeryError> {
		Ok(self.block_path(cid).exists())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		cid::block_cid,
		dagpb::{encode_file_node, Link},
	};

	/// Stores a file's blocks the way an attacker with write access to the directory could:
	/// two raw leaves of 100 bytes under one File node (Kubo would chunk the same 200 bytes
	/// into one leaf).
	fn non_canonical(store: &LocalStore) -> (Cid, Vec<u8>) {
		let (a, b) = (vec![1u8; 100], vec![2u8; 100]);
		let links: Vec<Link> = [&a, &b]
			.iter()
			.map(|leaf| {
				let cid = block_cid(RAW, leaf);
				store.write_block(&cid, leaf).unwrap();
				Link { cid, tsize: 100 }
			})
			.collect();
		let node = encode_file_node(&links, &[100, 100]);
		let root = block_cid(DAG_PB, &node);
		store.write_block(&root, &node).unwrap();
		(root, [a, b].concat())
	}

	#[test]
	fn a_non_canonical_dag_is_refused_though_every_block_verifies() {
		let dir = tempfile::tempdir().unwrap();
		let store = LocalStore::open(dir.path()).unwrap();
		let (root, bytes) = non_canonical(&store);
		let err = store.get(&root, &mut Vec::new()).unwrap_err();
		assert!(matches!(err, DeryError::Corrupted { .. }), "{err}");
		// The same bytes stored normally read back.
		let r = store.put(&mut &bytes[..]).unwrap();
		assert_ne!(r.cid, root);
		let mut out = Vec::new();
		store.get(&r.cid, &mut out).unwrap();
		assert_eq!(out, bytes);
	}

	#[test]
	fn a_fetch_never_writes_more_than_allowed() {
		let dir = tempfile::tempdir().unwrap();
		let store = LocalStore::open(dir.path()).unwrap();
		// A DAG whose root declares 3 chunks is refused before any byte is written.
		let big = vec![7u8; CHUNK_SIZE * 3];
		let r = store.put(&mut &big[..]).unwrap();
		let mut out = Vec::new();
		let err = store.get_bounded(&r.cid, &mut out, 1000).unwrap_err();
		assert!(
			matches!(err, DeryError::TooLarge { limit: 1000, .. }),
			"{err}"
		);
		assert!(out.is_empty(), "nothing written");
		// A single raw block: at most the limit is written.
		let small = vec![9u8; 5000];
		let r = store.put(&mut &small[..]).unwrap();
		let mut out = Vec::new();
		assert!(matches!(
			store.get_bounded(&r.cid, &mut out, 4999),
			Err(DeryError::TooLarge { .. })
		));
		assert!(out.len() <= 4999);
		let mut out = Vec::new();
		assert_eq!(
			store.get_bounded(&r.cid, &mut out, 5000).unwrap().size,
			5000
		);
	}
}
