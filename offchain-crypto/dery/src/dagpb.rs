//! The dag-pb and UnixFS protobuf encodings of the file nodes Kubo builds (canonical field
//! order: a PBNode's links, field 2, before its data, field 1), and the decoding needed to
//! walk a DAG.

use crate::{cid::Cid, DeryError};

/// One link of a dag-pb node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
	pub cid: Cid,
	/// Total bytes of the linked block and everything below it.
	pub tsize: u64,
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
	while v >= 0x80 {
		out.push(v as u8 | 0x80);
		v >>= 7;
	}
	out.push(v as u8);
}

fn field_bytes(tag: u8, bytes: &[u8], out: &mut Vec<u8>) {
	out.push(tag);
	varint(bytes.len() as u64, out);
	out.extend_from_slice(bytes);
}

/// A UnixFS `File` node over children with these file sizes.
pub fn encode_file_node(links: &[Link], blocksizes: &[u64]) -> Vec<u8> {
	let mut data = vec![0x08, 0x02]; // Type = File
	data.push(0x18); // filesize
	varint(blocksizes.iter().sum(), &mut data);
	for &b in blocksizes {
		data.push(0x20); // blocksizes (repeated, unpacked)
		varint(b, &mut data);
	}
	let mut node = Vec::with_capacity(links.len() * 48 + data.len() + 8);
	for l in links {
		let mut link = Vec::with_capacity(48);
		field_bytes(0x0a, &l.cid.to_bytes(), &mut link); // Hash
		field_bytes(0x12, b"", &mut link); // Name (empty, present)
		link.push(0x18); // Tsize
		varint(l.tsize, &mut link);
		field_bytes(0x12, &link, &mut node);
	}
	field_bytes(0x0a, &data, &mut node);
	node
}

/// The links of a dag-pb node, in order.
pub fn decode_links(node: &[u8], name: &str) -> Result<Vec<Link>, DeryError> {
	let bad = || DeryError::MalformedNode(name.to_string());
	let mut links = Vec::new();
	for f in fields(node) {
		if let (2, Value::Bytes(link)) = f.map_err(|_| bad())? {
			let mut cid = None;
			let mut tsize = 0;
			for f in fields(link) {
				match f.map_err(|_| bad())? {
					(1, Value::Bytes(b)) => cid = Some(Cid::try_from(b).map_err(|_| bad())?),
					(3, Value::Varint(v)) => tsize = v,
					_ => {}
				}
			}
			links.push(Link {
				cid: cid.ok_or_else(bad)?,
				tsize,
			});
		}
	}
	Ok(links)
}

/// The file size a UnixFS `File` node declares (its Data field's `filesize`), if it declares one.
pub fn declared_filesize(node: &[u8]) -> Option<u64> {
	for f in fields(node) {
		if let Ok((1, Value::Bytes(data))) = f {
			for g in fields(data) {
				if let Ok((3, Value::Varint(size))) = g {
					return Some(size);
				}
			}
		}
	}
	None
}

enum Value<'a> {
	Varint(u64),
	Bytes(&'a [u8]),
}

/// Iterates over the (field number, value) pairs of a protobuf message.
fn fields(mut buf: &[u8]) -> impl Iterator<Item = Result<(u64, Value<'_>), ()>> {
	std::iter::from_fn(move || {
		if buf.is_empty() {
			return None;
		}
		let mut next = || -> Result<(u64, Value<'_>), ()> {
			let key = read_varint(&mut buf)?;
			let value = match key & 7 {
				0 => Value::Varint(read_varint(&mut buf)?),
				2 => {
					let len = usize::try_from(read_varint(&mut buf)?).map_err(|_| ())?;
					if buf.len() < len {
						return Err(());
					}
					let (v, rest) = buf.split_at(len);
					buf = rest;
					Value::Bytes(v)
				}
				_ => return Err(()),
			};
			Ok((key >> 3, value))
		};
		let r = next();
		if r.is_err() {
			buf = &[];
		}
		Some(r)
	})
}

fn read_varint(buf: &mut &[u8]) -> Result<u64, ()> {
	let mut v = 0u64;
	for i in 0..10 {
		let (&b, rest) = buf.split_first().ok_or(())?;
		*buf = rest;
		v |= u64::from(b & 0x7f) << (7 * i);
		if b < 0x80 {
			return Ok(v);
		}
	}
	Err(())
}
