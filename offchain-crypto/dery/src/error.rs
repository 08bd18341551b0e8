//! DERy errors.

use semres_smer::AnchorHash;

/// Why storing or fetching failed.
#[derive(Debug, thiserror::Error)]
pub enum DeryError {
	/// A CID string or binary CID could not be parsed.
	#[error("invalid CID: {0}")]
	InvalidCid(String),
	/// The store does not hold this content.
	#[error("not found in the store: {0}")]
	NotFound(String),
	/// Content read back does not hash to its address: the store is corrupted or lying.
	#[error("content does not match its CID {cid} (corrupted block {block})")]
	Corrupted {
		/// The CID that was requested.
		cid: String,
		/// The block that failed.
		block: String,
	},
	/// The content matches its CID but not the hash anchored on chain.
	#[error(
		"SMeR hash mismatch: the chain anchors {expected}, the stored SMeR hashes to {actual}"
	)]
	AnchorMismatch {
		/// The anchored SHA-256.
		expected: AnchorHash,
		/// The SHA-256 of the content.
		actual: AnchorHash,
	},
	/// A block that is not valid dag-pb/UnixFS where one was expected.
	#[error("malformed DAG node {0}")]
	MalformedNode(String),
	/// The remote node answered with an error or an unexpected reply.
	#[error("IPFS node: {0}")]
	Remote(String),
	/// The remote node computed another CID than ours for the same bytes and parameters.
	#[error("the IPFS node returned CID {theirs}, SEMRES computed {ours} for the same bytes")]
	CidDisagreement {
		/// Our CID.
		ours: String,
		/// The node's CID.
		theirs: String,
	},
	/// The content is larger than what the caller allows (e.g. the size its SMeR header
	/// states): refused before more than that is written.
	#[error("{cid} holds more than the {limit} bytes allowed")]
	TooLarge {
		/// The CID.
		cid: String,
		/// The limit.
		limit: u64,
	},
	/// Reading or writing failed.
	#[error("I/O error: {0}")]
	Io(#[from] std::io::Error),
}
