//! # DERy — Decentralised EMR Repository
//!
//! Stores SMeRs by content address and hands them back only after verifying them (SEMRES
//! paper, §3.3). Content addresses are IPFS CIDv1 exactly as Kubo computes them for
//! `ipfs add --cid-version=1 --raw-leaves` (256 KiB chunks, balanced DAG, at most 174 links a
//! node, raw leaves): see [`cid`]. Above one chunk a CID is not the SHA-256 of the file, so the
//! chain anchors both; [`fetch_verified`] checks both before a SMeR reaches CEDA.
//!
//! Backends implement [`Store`]: [`LocalStore`], an embedded directory blockstore (no server to
//! run), and [`KuboStore`], a Kubo (or any Kubo-compatible) HTTP RPC node.

#![forbid(unsafe_code)]

pub mod cid;
mod dagpb;
mod error;
mod kubo;
mod local;
mod store;

pub use crate::cid::{
	cid_of_bytes, cid_of_reader, cid_of_reader_with, Cid, CidBuilder, CHUNK_SIZE, MAX_LINKS,
};
pub use error::DeryError;
pub use kubo::KuboStore;
pub use local::LocalStore;
pub use store::{fetch_verified, get_to_file, PutReport, Store};
