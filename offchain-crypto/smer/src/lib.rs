//! # SMeR — Secured encrypted Medical Record
//!
//! The binary container that CEDA produces and DERy stores (SEMRES paper, §3.2). A SMeR holds
//! the record encrypted under a random data key (chunked AEAD), the data key wrapped for each
//! recipient (key envelopes), and authenticated metadata. Its SHA-256 is the *anchor hash* the
//! chain records.
//!
//! This crate is the format only: parsing, writing, nonce and chunk arithmetic, and the anchor
//! hash. It has no cryptography beyond SHA-256, allocates only for envelopes and metadata, and
//! builds `no_std` + `alloc` so that runtimes and off-chain workers can check SMeRs.
//! `docs/smer.md` is the specification; the constants here are the normative values.

#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]

extern crate alloc;

mod check;
mod custody;
mod envelope;
mod error;
mod hash;
mod header;

mod stream;
mod suite;

pub use check::check_parse;
pub use custody::{Custody, CustodyShare, MAX_CUSTODY_SHARES};
pub use envelope::{DetachedEnvelope, Envelope, KeyId, DETACHED_MAGIC, MAX_WRAPPED_LEN};
pub use error::FormatError;
pub use hash::{anchor_hash, AnchorHash, AnchorHasher};
pub use header::{Header, Metadata, Preamble, MAX_CONTENT_TYPE_LEN, PREAMBLE_LEN};
pub mod reader;
pub use reader::{parse_prefix, ByteSource, SmerPrefix};
pub use stream::{ChunkLayout, NoncePrefix, NONCE_LEN, NONCE_PREFIX_LEN, TAG_LEN};
pub use suite::{SecurityStrength, SuiteId};

/// The four bytes every SMeR starts with.
pub const MAGIC: [u8; 4] = *b"SMeR";
/// The format version this crate writes (it reads this and [`FORMAT_V1`]).
pub const FORMAT_VERSION: u8 = 2;
/// The first format version: no custody section, no header MAC; still read.
pub const FORMAT_V1: u8 = 1;
/// Length of a version 2 SMeR's header MAC.
pub const HEADER_MAC_LEN: usize = 32;
/// At most this many key envelopes in one SMeR.
pub const MAX_ENVELOPES: usize = 1024;
