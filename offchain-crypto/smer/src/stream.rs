//! Chunk arithmetic and nonces of the payload (a STREAM construction over an AEAD).

/// Length of every AEAD tag.
pub const TAG_LEN: usize = 16;
/// Length of every chunk nonce.
pub const NONCE_LEN: usize = 12;
/// Length of the random nonce prefix in the header.
pub const NONCE_PREFIX_LEN: usize = 7;
/// The random nonce prefix of a SMeR.
pub type NoncePrefix = [u8; NONCE_PREFIX_LEN];

/// How a plaintext of a given length splits into chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkLayout {
	chunk_size: u64,
	plaintext_len: u64,
}

impl ChunkLayout {
	/// The layout for chunks of `2^chunk_size_log2` bytes.
	pub fn new(chunk_size_log2: u8, plaintext_len: u64) -> Self {
		ChunkLayout {
			chunk_size: 1u64 << chunk_size_log2.min(63),
			plaintext_len,
		}
	}

	/// Plaintext bytes in a full chunk.
	pub fn chunk_size(&self) -> u64 {
		self.chunk_size
	}

	/// Number of chunks: at least one (an empty record is one empty final chunk).
	pub fn chunk_count(&self) -> u64 {
		self.plaintext_len.div_ceil(self.chunk_size).max(1)
	}

	/// Plaintext bytes in chunk `index`.
	pub fn plain_len(&self, index: u64) -> u64 {
		let start = index.saturating_mul(self.chunk_size);
		self.plaintext_len
			.saturating_sub(start)
			.min(self.chunk_size)
	}

	/// Whether chunk `index` is the last one.
	pub fn is_last(&self, index: u64) -> bool {
		index + 1 == self.chunk_count()
	}

	/// Bytes of the whole payload: every chunk's ciphertext plus its tag.
	pub fn payload_len(&self) -> u64 {
		self.plaintext_len
			.saturating_add(self.chunk_count().saturating_mul(TAG_LEN as u64))
	}

	/// The nonce of chunk `index`: prefix, big-endian 32-bit counter, last-chunk flag.
	pub fn nonce(prefix: &NoncePrefix, index: u64, last: bool) -> [u8; NONCE_LEN] {
		let mut n = [0u8; NONCE_LEN];
		n[..NONCE_PREFIX_LEN].copy_from_slice(prefix);
		n[NONCE_PREFIX_LEN..11].copy_from_slice(&(index as u32).to_be_bytes());
		n[11] = last as u8;
		n
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn empty_record_is_one_empty_chunk() {
		let l = ChunkLayout::new(12, 0);
		assert_eq!(l.chunk_count(), 1);
		assert_eq!(l.plain_len(0), 0);
		assert!(l.is_last(0));
		assert_eq!(l.payload_len(), 16);
	}

	#[test]
	fn boundaries() {
		let l = ChunkLayout::new(12, 4096);
		assert_eq!(l.chunk_count(), 1);
		assert_eq!(l.plain_len(0), 4096);
		let l = ChunkLayout::new(12, 4097);
		assert_eq!(l.chunk_count(), 2);
		assert_eq!(l.plain_len(1), 1);
		assert_eq!(l.payload_len(), 4097 + 32);
	}

	#[test]
	fn nonce_layout() {
		let n = ChunkLayout::nonce(&[1, 2, 3, 4, 5, 6, 7], 0x0102_0304, true);
		assert_eq!(n, [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 1]);
	}
}
