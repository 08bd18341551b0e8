//! Sharing and revocation.
//!
//! - [`share`]: a holder of the data key wraps it for a new recipient in a detached envelope.
//!   The payload is neither re-encrypted nor re-uploaded; the envelope names the SMeR by
//!   anchor hash, and the key it carries is checked against the SMeR's key commitment.
//! - [`rekey`]: forward re-keying on revocation: a new version of the record under a fresh
//!   data key, for the remaining recipients only, re-encrypted chunk by chunk.

use std::io::{Read, Write};

use semres_smer::{AnchorHash, DetachedEnvelope, Envelope, SmerPrefix, TAG_LEN};

use crate::{
	open::{unlock_key, ChunkOpener},
	read_exact,
	seal::{self, HashingWriter, SealOptions, SealReport},
	wrap, CedaError, IoSource, PublicKey, Unlock,
};

/// A detached envelope giving `recipient` the data key of the SMeR with `prefix` and
/// anchor hash `smer_hash`; `unlock` proves the caller holds that key.
pub fn share(
	prefix: &SmerPrefix,
	smer_hash: AnchorHash,
	unlock: &Unlock,
	recipient: &PublicKey,
) -> Result<DetachedEnvelope, CedaError> {
	let suite = prefix.header.suite;
	if recipient.algorithm().suite() != suite {
		return Err(CedaError::SuiteMismatch(format!(
			"the recipient's key is for suite {}, the SMeR uses {}",
			recipient.algorithm().suite().name(),
			suite.name()
		)));
	}
	let key = unlock_key(prefix, unlock)?;
	let key_id = recipient.key_id();
	Ok(DetachedEnvelope {
		suite,
		smer_hash: smer_hash.0,
		envelope: Envelope {
			key_id,
			wrapped: wrap::wrap(
				recipient,
				&key,
				&wrap::WrapContext::new(&prefix.header, &key_id),
			)?,
		},
	})
}

/// Re-encrypts the SMeR on `input` under a fresh data key for `recipients`, writing the new
/// version to `output`. `opts` gives the new version's metadata (usually the old record id with
/// a new creation time). Nothing is written unless the old SMeR's key checks out; a tampered
/// chunk stops the re-keying with an error.
pub fn rekey<R: Read, W: Write>(
	src: R,
	output: W,
	unlock: &Unlock,
	recipients: &[PublicKey],
	opts: &SealOptions,
) -> Result<SealReport, CedaError> {
	rekey_with(src, output, unlock, recipients, &|_| opts.clone())
}

/// [`rekey`], with the new version's options made from the old version's metadata (e.g. the
/// same record id and owner, a new creation time).
pub fn rekey_with<R: Read, W: Write>(
	mut src: R,
	output: W,
	unlock: &Unlock,
	recipients: &[PublicKey],
	opts_for: &dyn Fn(&semres_smer::Metadata) -> SealOptions,
) -> Result<SealReport, CedaError> {
	let prefix = SmerPrefix::read_from(&mut IoSource(&mut src))?;
	let key = unlock_key(&prefix, unlock)?;
	let mut opener = ChunkOpener::new(&prefix, &key)?;
	let mut out = HashingWriter::new(output);
	let plaintext_len = prefix.header.plaintext_len;
	let opts = SealOptions {
		chunk_size_log2: prefix.header.chunk_size_log2,
		..opts_for(&prefix.header.metadata)
	};
	let mut sealer = seal::begin(&mut out, recipients, &opts, plaintext_len)?;
	let layout = opener.layout();
	let mut buf = Vec::with_capacity(layout.chunk_size() as usize + TAG_LEN);
	for i in 0..layout.chunk_count() {
		buf.resize(layout.plain_len(i) as usize + TAG_LEN, 0);
		read_exact(&mut src, &mut buf)?;
		let n = opener.open_next(&mut buf)?.len();
		let tag = sealer.seal_next(&mut buf[..n]);
		out.put(&buf[..n])?;
		out.put(&tag)?;
	}
	out.inner.flush()?;
	Ok(SealReport {
		anchor_hash: out.hasher.finalize(),
		smer_len: out.written,
		suite: prefix.header.suite,
	})
}
