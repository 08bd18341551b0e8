//! A Kubo HTTP RPC backend (`/api/v0/add`, `cat`, `pin/add`, `block/stat`); any node that
//! speaks Kubo's RPC works (js-ipfs does).
//!
//! Kubo's import defaults change between releases (newer profiles use 1 MiB chunks), so every
//! `add` spells out each import parameter, and the CID the node returns must equal the one
//! SEMRES computes from the same bytes, or the put fails.

use std::{
	io::{Cursor, Read, Write},
	time::Duration,
};

use crate::{
	cid::{CidBuilder, CHUNK_SIZE},
	store::VerifyingWriter,
	Cid, DeryError, PutReport, Store,
};

/// The import parameters of DERy's content addressing, sent with every `add`.
const ADD_PARAMS: &str = "cid-version=1&raw-leaves=true&chunker=size-262144&hash=sha2-256\
	&trickle=false&inline=false&wrap-with-directory=false&pin=true&progress=false&quieter=true\
	&cid-base=base32";

/// A Kubo (or Kubo-compatible) node reached over its HTTP RPC API.
pub struct KuboStore {
	api: String,
	agent: ureq::Agent,
}

impl KuboStore {
	/// A store talking to the RPC API at `api`, e.g. `http://127.0.0.1:5001`.
	pub fn new(api: &str) -> Self {
		let agent = ureq::AgentBuilder::new()
			.timeout_connect(Duration::from_secs(10))
			.timeout_read(Duration::from_secs(300))
			.build();
		KuboStore {
			api: api.trim_end_matches('/').to_string(),
			agent,
		}
	}

	fn call(&self, path: &str, query: &str) -> ureq::Request {
		self.agent
			.post(&format!("{}/api/v0/{path}?{query}", self.api))
	}

	/// Pins `cid` on the node.
	pub fn pin(&self, cid: &Cid) -> Result<(), DeryError> {
		self.call("pin/add", &format!("arg={cid}"))
			.call()
			.map_err(remote)?;
		Ok(())
	}
}

fn remote(e: ureq::Error) -> DeryError {
	match e {
		ureq::Error::Status(code, resp) => {
			let body = resp.into_string().unwrap_or_default();
			DeryError::Remote(format!("HTTP {code}: {}", body.trim()))
		}
		ureq::Error::Transport(t) => DeryError::Remote(t.to_string()),
	}
}

/// Feeds what is read through it into a [`CidBuilder`].
struct CidTee<'a> {
	inner: &'a mut dyn Read,
	builder: CidBuilder,
}

impl Read for CidTee<'_> {
	fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
		let n = self.inner.read(buf)?;
		self.builder
			.update(&buf[..n], &mut |_, _| Ok(()))
			.map_err(|e| std::io::Error::other(e.to_string()))?;
		Ok(n)
	}
}

#[derive(serde::Deserialize)]
struct AddReply {
	#[serde(rename = "Hash")]
	hash: Option<String>,
}

impl Store for KuboStore {
	fn put(&self, input: &mut dyn Read) -> Result<PutReport, DeryError> {
		let mut nonce = [0u8; 16];
		getrandom::fill(&mut nonce).map_err(|e| DeryError::Io(std::io::Error::other(e)))?;
		let boundary: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
		let head = format!(
			"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"smer\"\r\n\
			 Content-Type: application/octet-stream\r\n\r\n"
		);
		let tail = format!("\r\n--{boundary}--\r\n");
		let mut tee = CidTee {
			inner: input,
			builder: CidBuilder::new(),
		};
		let body = Cursor::new(head.into_bytes())
			.chain(&mut tee)
			.chain(Cursor::new(tail.into_bytes()));
		let reply = self
			.call("add", ADD_PARAMS)
			.set(
				"Content-Type",
				&format!("multipart/form-data; boundary={boundary}"),
			)
			.send(body)
			.map_err(remote)?
			.into_string()
			.map_err(DeryError::Io)?;
		let theirs = reply
			.lines()
			.filter_map(|l| serde_json::from_str::<AddReply>(l).ok()?.hash)
			.next_back()
			.ok_or_else(|| DeryError::Remote(format!("unexpected add reply: {reply}")))?;
		let theirs =
			Cid::try_from(theirs.as_str()).map_err(|e| DeryError::InvalidCid(e.to_string()))?;
		let (ours, size, sha256) = tee.builder.finish(&mut |_, _| Ok(()))?;
		if ours != theirs {
			return Err(DeryError::CidDisagreement {
				ours: ours.to_string(),
				theirs: theirs.to_string(),
			});
		}
		Ok(PutReport {
			cid: ours,
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
		let resp = self
			.call("cat", &format!("arg={cid}"))
			.call()
			.map_err(|e| match e {
				ureq::Error::Status(500, r) => DeryError::NotFound(format!(
					"{cid}: {}",
					r.into_string().unwrap_or_default().trim()
				)),
				e => remote(e),
			})?;
		let mut reader = resp.into_reader();
		let mut w = VerifyingWriter::new(cid, out, max_len);
		let mut buf = vec![0u8; CHUNK_SIZE];
		loop {
			let n = reader.read(&mut buf)?;
			if n == 0 {
				break;
			}
			w.put(&buf[..n])?;
		}
		w.finish()
	}

	fn has(&self, cid: &Cid) -> Result<bool, DeryError> {
		// Some nodes wait for a missing block even when told `offline`: the node-side
		// `timeout` bounds the answer.
		match self
			.call("block/stat", &format!("arg={cid}&offline=true&timeout=5s"))
			.call()
		{
			Ok(_) => Ok(true),
			Err(ureq::Error::Status(_, _)) => Ok(false),
			Err(e) => Err(remote(e)),
		}
	}
}
