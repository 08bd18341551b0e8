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
	dagpb::decode_links,
	store::Sha256Writer,
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

	fn get(&self, cid: &Cid, out: &mut dyn Write) -> Result<PutReport, DeryError> {
		let mut w = Sha256Writer {
			inner: out,
			hasher: Default::default(),
			len: 0,
		};
		// Depth-first, left to right: the file's bytes in order.
		let mut stack = vec![*cid];
		while let Some(next) = stack.pop() {
			let block = self.read_block(&next, cid)?;
			match next.codec() {
				RAW => w.write_all(&block)?,
				DAG_PB => {
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
		w.flush()?;
		Ok(PutReport {
			cid: *cid,
			size: w.len,
			sha256: w.hasher.finalize(),
		})
	}

	fn has(&self, cid: &Cid) -> Result<bool, DeryError> {
		Ok(self.block_path(cid).exists())
	}
}
