//! IPFS content addresses, computed as Kubo computes them for
//! `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144 --trickle=false`:
//!
//! - the file is cut into 256 KiB chunks; each is a raw leaf (CIDv1, codec raw, SHA-256);
//! - one chunk (or none): the file's CID is its single raw leaf;
//! - more: a balanced tree of UnixFS `File` nodes (dag-pb, CIDv1, SHA-256) with at most 174
//!   links each, filled left to right, every left subtree complete.
//!
//! [`CidBuilder`] computes this while the bytes stream past, handing each block to a sink (the
//! local store writes them; plain CID computation drops them).

use std::io::Read;

use sha2::{Digest, Sha256};

use crate::{
	dagpb::{encode_file_node, Link},
	DeryError,
};

pub use ::cid::Cid;

/// Bytes per leaf.
pub const CHUNK_SIZE: usize = 256 * 1024;
/// Links per internal node.
pub const MAX_LINKS: usize = 174;
/// Multicodec of raw leaves.
pub const RAW: u64 = 0x55;
/// Multicodec of dag-pb nodes.
pub const DAG_PB: u64 = 0x70;
const SHA2_256: u64 = 0x12;

/// The CIDv1 (SHA-256) of a block with `codec`.
pub fn block_cid(codec: u64, block: &[u8]) -> Cid {
	let digest = Sha256::digest(block);
	let mh = multihash::Multihash::<64>::wrap(SHA2_256, &digest).expect("32 bytes fit; qed");
	Cid::new_v1(codec, mh)
}

/// Whether `block` hashes to `cid` (SHA-256 CIDs only).
pub fn block_matches(cid: &Cid, block: &[u8]) -> bool {
	cid.hash().code() == SHA2_256 && block_cid(cid.codec(), block) == *cid
}

/// A child of a node being built: its link and the file bytes below it.
struct Child {
	link: Link,
	filesize: u64,
}

/// A block the builder produced: `(cid, bytes)`; leaves are the file's own bytes.
pub type BlockSink<'a> = dyn FnMut(&Cid, &[u8]) -> Result<(), DeryError> + 'a;

/// Streaming CID computation. Feed the file with [`CidBuilder::update`], then
/// [`CidBuilder::finish`].
pub struct CidBuilder {
	chunk_size: usize,
	max_links: usize,
	pending: Vec<u8>,
	levels: Vec<Vec<Child>>,
	total: u64,
	sha256: Sha256,
}

impl Default for CidBuilder {
	fn default() -> Self {
		Self::with_layout(CHUNK_SIZE, MAX_LINKS)
	}
}

impl CidBuilder {
	/// A builder over no bytes yet, with DERy's layout (256 KiB chunks, 174 links).
	pub fn new() -> Self {
		Self::default()
	}

	/// A builder with another chunk size and fan-out. DERy always uses [`CidBuilder::new`];
	/// this exists to test deep DAG shapes against other implementations with small inputs.
	pub fn with_layout(chunk_size: usize, max_links: usize) -> Self {
		assert!(
			chunk_size > 0 && max_links > 1,
			"a DAG needs chunks and fan-out"
		);
		CidBuilder {
			chunk_size,
			max_links,
			pending: Vec::with_capacity(chunk_size),
			levels: Vec::new(),
			total: 0,
			sha256: Sha256::new(),
		}
	}

	/// Feeds the next bytes of the file.
	pub fn update(&mut self, mut bytes: &[u8], sink: &mut BlockSink) -> Result<(), DeryError> {
		self.total += bytes.len() as u64;
		self.sha256.update(bytes);
		while !bytes.is_empty() {
			let take = (self.chunk_size - self.pending.len()).min(bytes.len());
			self.pending.extend_from_slice(&bytes[..take]);
			bytes = &bytes[take..];
			if self.pending.len() == self.chunk_size {
				self.flush_leaf(sink)?;
			}
		}
		Ok(())
	}

	fn flush_leaf(&mut self, sink: &mut BlockSink) -> Result<(), DeryError> {
		let cid = block_cid(RAW, &self.pending);
		sink(&cid, &self.pending)?;
		let size = self.pending.len() as u64;
		self.pending.clear();
		self.push(
			0,
			Child {
				link: Link { cid, tsize: size },
				filesize: size,
			},
			sink,
		)
	}

	/// Adds a child at `level`, first closing that level into a parent if it is full.
	fn push(&mut self, level: usize, child: Child, sink: &mut BlockSink) -> Result<(), DeryError> {
		if self.levels.len() <= level {
			self.levels.push(Vec::with_capacity(self.max_links));
		}
		if self.levels[level].len() == self.max_links {
			let parent = self.close(level, sink)?;
			self.push(level + 1, parent, sink)?;
		}
		self.levels[level].push(child);
		Ok(())
	}

	/// Turns the children gathered at `level` into one parent node.
	fn close(&mut self, level: usize, sink: &mut BlockSink) -> Result<Child, DeryError> {
		let children = std::mem::take(&mut self.levels[level]);
		let links: Vec<Link> = children.iter().map(|c| c.link.clone()).collect();
		let sizes: Vec<u64> = children.iter().map(|c| c.filesize).collect();
		let node = encode_file_node(&links, &sizes);
		let cid = block_cid(DAG_PB, &node);
		sink(&cid, &node)?;
		let tsize = node.len() as u64 + links.iter().map(|l| l.tsize).sum::<u64>();
		Ok(Child {
			link: Link { cid, tsize },
			filesize: sizes.iter().sum(),
		})
	}

	/// Ends the file; returns its CID, its length and its SHA-256.
	pub fn finish(mut self, sink: &mut BlockSink) -> Result<(Cid, u64, [u8; 32]), DeryError> {
		if !self.pending.is_empty() || self.total == 0 {
			self.flush_leaf(sink)?;
		}
		let mut level = 0;
		let root = loop {
			let top = level + 1 == self.levels.len();
			if top && (self.levels[level].len() == 1) {
				break self.levels[level].pop().expect("one child; qed").link.cid;
			}
			let parent = self.close(level, sink)?;
			self.push(level + 1, parent, sink)?;
			level += 1;
		};
		Ok((root, self.total, self.sha256.finalize().into()))
	}
}

/// CID, length and SHA-256 of everything `reader` yields.
pub fn cid_of_reader(reader: impl Read) -> Result<(Cid, u64, [u8; 32]), DeryError> {
	cid_of_reader_with(reader, CidBuilder::new())
}

/// [`cid_of_reader`] with a given builder (layout).
pub fn cid_of_reader_with(
	mut reader: impl Read,
	mut b: CidBuilder,
) -> Result<(Cid, u64, [u8; 32]), DeryError> {
	let mut buf = vec![0u8; CHUNK_SIZE];
	let sink = &mut |_: &Cid, _: &[u8]| Ok(());
	loop {
		let n = reader.read(&mut buf)?;
		if n == 0 {
			break;
		}
		b.update(&buf[..n], sink)?;
	}
	b.finish(sink)
}

/// The CID of in-memory bytes.
pub fn cid_of_bytes(bytes: &[u8]) -> Cid {
	cid_of_reader(bytes)
		.expect("reading a slice cannot fail; qed")
		.0
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn small_files_are_single_raw_leaves() {
		// Reference values printed by js-ipfs 0.66 (`ipfs add --cid-version 1 --raw-leaves`).
		assert_eq!(
			cid_of_bytes(b"hello\n").to_string(),
			"bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am"
		);
		assert_eq!(
			cid_of_bytes(b"").to_string(),
			"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
		);
		assert_eq!(cid_of_bytes(&[0u8; CHUNK_SIZE]).codec(), RAW);
		assert_eq!(cid_of_bytes(&[0u8; CHUNK_SIZE + 1]).codec(), DAG_PB);
	}

	#[test]
	fn feeding_in_pieces_gives_the_same_cid() {
		let data: Vec<u8> = (0..CHUNK_SIZE * 3 + 77)
			.map(|i| (i * 31 % 251) as u8)
			.collect();
		let whole = cid_of_bytes(&data);
		let mut b = CidBuilder::new();
		let sink = &mut |_: &Cid, _: &[u8]| Ok(());
		for piece in data.chunks(100_003) {
			b.update(piece, sink).unwrap();
		}
		assert_eq!(b.finish(sink).unwrap().0, whole);
	}
}
