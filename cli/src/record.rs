//! Record commands: seal, open, share, rekey, inspect, hash, cid.

use std::{
	fs::File,
	io::{BufReader, BufWriter, Read},
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use semres_ceda::{
	keys::hex,
	smer::{AnchorHash, AnchorHasher, DetachedEnvelope, Metadata, SecurityStrength, SmerPrefix},
	SealOptions, Unlock,
};
use serde_json::json;

use crate::{
	cli::{AnchorArgs, FileArg, KeyArgs, OpenArgs, RekeyArgs, SealArgs, ShareArgs},
	error::{CliError, Kind, Result},
	keys::{load_private, load_public},
	output::Output,
};

pub fn open_input(path: &Path) -> Result<(BufReader<File>, u64)> {
	let f = File::open(path).map_err(|e| CliError::io("cannot open", path, e))?;
	let len = f
		.metadata()
		.map_err(|e| CliError::io("cannot read", path, e))?
		.len();
	Ok((BufReader::with_capacity(1 << 20, f), len))
}

/// A temporary file next to `dest`, renamed into place only by [`commit`].
pub fn temp_output(dest: &Path) -> Result<tempfile::NamedTempFile> {
	let dir = dest
		.parent()
		.filter(|p| !p.as_os_str().is_empty())
		.unwrap_or(Path::new("."));
	tempfile::NamedTempFile::new_in(dir).map_err(|e| CliError::io("cannot write in", dir, e))
}

/// A writer to a file that has the kernel start writing each 8 MiB to disk as soon as it is
/// written (Linux `sync_file_range`), so that encrypting and the disk's writes overlap and the
/// final `fsync` in [`commit`] has little left to do.
pub struct WritebackFile<'a> {
	file: &'a File,
	written: u64,
	started: u64,
}

const WRITEBACK_STEP: u64 = 8 << 20;

impl<'a> WritebackFile<'a> {
	pub fn new(file: &'a File) -> Self {
		WritebackFile {
			file,
			written: 0,
			started: 0,
		}
	}

	#[cfg(target_os = "linux")]
	fn start_writeback(&mut self) {
		use std::os::fd::AsRawFd;
		let len = self.written - self.started;
		// SAFETY: a plain system call on a file descriptor this writer borrows for its whole
		// life; it only starts write-back of bytes already written, and its failure is harmless
		// (the final fsync writes them anyway).
		unsafe {
			libc::sync_file_range(
				self.file.as_raw_fd(),
				self.started as libc::off64_t,
				len as libc::off64_t,
				libc::SYNC_FILE_RANGE_WRITE,
			);
		}
		self.started = self.written;
	}

	#[cfg(not(target_os = "linux"))]
	fn start_writeback(&mut self) {}
}

impl std::io::Write for WritebackFile<'_> {
	fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
		let n = (&*self.file).write(buf)?;
		self.written += n as u64;
		if self.written - self.started >= WRITEBACK_STEP {
			self.start_writeback();
		}
		Ok(n)
	}
	fn flush(&mut self) -> std::io::Result<()> {
		Ok(())
	}
}

pub fn commit(tmp: tempfile::NamedTempFile, dest: &Path) -> Result<()> {
	tmp.as_file()
		.sync_all()
		.map_err(|e| CliError::io("cannot write", dest, e))?;
	tmp.persist(dest)
		.map_err(|e| CliError::io("cannot write", dest, e.error))?;
	Ok(())
}

fn parse_hex32(s: &str, what: &str) -> Result<[u8; 32]> {
	let s = s.trim().trim_start_matches("0x");
	let bytes: Option<Vec<u8>> = (0..s.len())
		.step_by(2)
		.map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
		.collect();
	bytes
		.and_then(|b| b.try_into().ok())
		.ok_or_else(|| CliError::failure(format!("{what} must be 64 hex digits")))
}

pub fn parse_anchor(s: &str) -> Result<AnchorHash> {
	parse_hex32(s, "the anchor hash").map(AnchorHash)
}

fn now() -> u64 {
	SystemTime::now()
		.duration_since(UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or(0)
}

fn strength_warning(out: &Output, suite: semres_ceda::smer::SuiteId) {
	if suite.strength() == SecurityStrength::Legacy {
		out.warn(&format!(
			"suite {} has legacy strength (RSA-2048, AES-128); prefer rsa3072-aes256gcm",
			suite.name()
		));
	}
}

pub fn seal(out: &Output, a: SealArgs) -> Result<()> {
	let recipients =
		a.to.iter()
			.map(|p| load_public(p))
			.collect::<Result<Vec<_>>>()?;
	let record_id = match &a.record_id {
		Some(h) => parse_hex32(h, "--record-id")?,
		None => {
			let mut id = [0u8; 32];
			getrandom::fill(&mut id).map_err(|e| CliError::failure(e.to_string()))?;
			id
		}
	};
	let owner = a
		.owner
		.as_deref()
		.map(|h| parse_hex32(h, "--owner"))
		.transpose()?
		.unwrap_or([0; 32]);
	let opts = SealOptions {
		metadata: Metadata {
			record_id,
			owner,
			created_at: now(),
			content_type: crate::formats::recognise(&a.input, a.content_type.as_deref())?,
		},
		chunk_size_log2: a.chunk_size_log2,
		custody: None,
	};
	let (input, len) = open_input(&a.input)?;
	let tmp = temp_output(&a.output)?;
	let bar = out.progress(len, "sealing");
	let report = semres_ceda::seal(
		input,
		len,
		BufWriter::with_capacity(1 << 20, WritebackFile::new(tmp.as_file())),
		&recipients,
		&opts,
		&mut |n| bar.set_position(n),
	)?;
	bar.finish_and_clear();
	commit(tmp, &a.output)?;
	strength_warning(out, report.suite);
	out.result(
		&format!(
			"sealed {} -> {}\nanchor hash: {}\nrecord id:   {}\nsuite:       {}\nrecipients:  {}",
			a.input.display(),
			a.output.display(),
			report.anchor_hash,
			hex(&record_id),
			report.suite.name(),
			recipients.len()
		),
		json!({
			"smer": a.output, "anchor_hash": report.anchor_hash.to_string(), "size": report.smer_len,
			"record_id": hex(&record_id), "suite": report.suite.name(), "recipients": recipients.len(),
		}),
	);
	Ok(())
}

/// Hashes a file (SHA-256) with a progress bar.
fn hash_file(out: &Output, path: &Path) -> Result<(AnchorHash, u64)> {
	let (mut input, len) = open_input(path)?;
	let bar = out.progress(len, "hashing");
	let mut h = AnchorHasher::new();
	let mut buf = vec![0u8; 1 << 20];
	let mut done = 0;
	loop {
		let n = input
			.read(&mut buf)
			.map_err(|e| CliError::io("cannot read", path, e))?;
		if n == 0 {
			break;
		}
		h.update(&buf[..n]);
		done += n as u64;
		bar.set_position(done);
	}
	bar.finish_and_clear();
	Ok((h.finalize(), done))
}

fn load_envelope(args: &KeyArgs) -> Result<Option<DetachedEnvelope>> {
	let Some(path) = &args.envelope else {
		return Ok(None);
	};
	let bytes = std::fs::read(path).map_err(|e| CliError::io("cannot read", path, e))?;
	DetachedEnvelope::decode(&bytes)
		.map(Some)
		.map_err(|e| CliError::new(Kind::Integrity, format!("{}: {e}", path.display())))
}

fn unlock<'a>(key: &'a semres_ceda::PrivateKey, env: &'a Option<DetachedEnvelope>) -> Unlock<'a> {
	match env {
		Some(e) => Unlock::Detached(key, e),
		None => Unlock::Key(key),
	}
}

/// Checks the anchor hash `actual` of the SMeR with `prefix` as `anchor` says: against the given
/// hash, or against the record's anchors on the chain at `url`; returns what was checked.
pub fn check_anchor(
	anchor: &AnchorArgs,
	url: &str,
	prefix_meta: &Metadata,
	actual: &AnchorHash,
) -> Result<String> {
	if let Some(h) = &anchor.expect_hash {
		let expected = parse_anchor(h)?;
		semres_ceda::check(&expected, actual)?;
		return Ok(format!("{actual} (verified against --expect-hash)"));
	}
	let record = semres_client::H256(prefix_meta.record_id);
	let owner = prefix_meta.owner;
	let url = url.to_string();
	let actual = *actual;
	let mut version = 0;
	crate::chain::run(async {
		let chain = semres_client::Chain::connect(&url).await?;
		version = crate::anchor::verify_on_chain(&chain, &record, &owner, &actual).await?;
		Ok(())
	})?;
	Ok(format!(
		"{actual} (version {version} of record {} on {url})",
		hex(&prefix_meta.record_id)
	))
}

pub fn open(out: &Output, a: OpenArgs, url: &str) -> Result<()> {
	let key = load_private(&a.key)?;
	let env = load_envelope(&a.key)?;
	let (input, len) = open_input(&a.input)?;
	let tmp = temp_output(&a.output)?;
	let bar = out.progress(len, "opening");
	// Hashed in the same pass that decrypts: what is checked is what was decrypted.
	let (report, actual) = semres_ceda::open_hashed(
		input,
		BufWriter::with_capacity(1 << 20, WritebackFile::new(tmp.as_file())),
		&unlock(&key, &env),
		&|_| Ok(()),
		&mut |n| bar.set_position(n),
	)?;
	bar.finish_and_clear();
	if env.as_ref().is_some_and(|e| e.smer_hash != actual.0) {
		return Err(CliError::new(
			Kind::Integrity,
			"the detached envelope is for another SMeR",
		));
	}
	let verified = check_anchor(&a.anchor, url, &report.header.metadata, &actual)?;
	commit(tmp, &a.output)?;
	strength_warning(out, report.header.suite);
	let m = &report.header.metadata;
	out.result(
		&format!(
			"opened {} -> {} ({} bytes, {})\nanchor hash: {verified}\nrecord id:   {}",
			a.input.display(),
			a.output.display(),
			report.header.plaintext_len,
			m.content_type,
			hex(&m.record_id)
		),
		json!({
			"record": a.output, "size": report.header.plaintext_len, "content_type": m.content_type,
			"anchor_hash_verified": actual.to_string(), "record_id": hex(&m.record_id),
			"suite": report.header.suite.name(),
		}),
	);
	Ok(())
}

fn read_prefix(path: &Path) -> Result<SmerPrefix> {
	let (input, _) = open_input(path)?;
	semres_ceda::inspect(input).map_err(|e| {
		let e = CliError::from(e);
		CliError::new(e.kind, format!("{}: {}", path.display(), e.message))
	})
}

pub fn share(out: &Output, a: ShareArgs, url: &str) -> Result<()> {
	let key = load_private(&a.key)?;
	let env = load_envelope(&a.key)?;
	let recipient = load_public(&a.to)?;
	let (input, _) = open_input(&a.input)?;
	let (prefix, hash) = semres_ceda::inspect_hashed(input)?;
	check_anchor(&a.anchor, url, &prefix.header.metadata, &hash)?;
	let det = semres_ceda::share(&prefix, hash, &unlock(&key, &env), &recipient)?;
	let bytes = det.encode().map_err(|e| CliError::failure(e.to_string()))?;
	let tmp = temp_output(&a.output)?;
	std::fs::write(tmp.path(), &bytes).map_err(|e| CliError::io("cannot write", &a.output, e))?;
	commit(tmp, &a.output)?;
	let key_id = hex(&recipient.key_id());
	out.result(
		&format!(
			"wrote envelope {} for key {key_id}\nSMeR anchor hash: {hash}",
			a.output.display()
		),
		json!({ "envelope": a.output, "key_id": key_id, "smer_anchor_hash": hash.to_string() }),
	);
	Ok(())
}

pub fn rekey(out: &Output, a: RekeyArgs, url: &str) -> Result<()> {
	let key = load_private(&a.key)?;
	let env = load_envelope(&a.key)?;
	let recipients =
		a.to.iter()
			.map(|p| load_public(p))
			.collect::<Result<Vec<_>>>()?;
	let (input, _) = open_input(&a.input)?;
	let tmp = temp_output(&a.output)?;
	// The old version's metadata, seen as the re-keying reads it (one pass over the file).
	let old = std::cell::RefCell::new(None);
	let (report, old_hash) = semres_ceda::rekey_hashed(
		input,
		BufWriter::new(tmp.as_file()),
		&unlock(&key, &env),
		&recipients,
		&|m: &Metadata| {
			*old.borrow_mut() = Some(m.clone());
			SealOptions::new(Metadata {
				created_at: now(),
				..m.clone()
			})
		},
	)?;
	let old = old
		.into_inner()
		.ok_or_else(|| CliError::failure("the SMeR has no header"))?;
	// The new version is kept only if the old one is authentic.
	check_anchor(&a.anchor, url, &old, &old_hash)?;
	commit(tmp, &a.output)?;
	out.result(
		&format!("re-keyed {} -> {} for {} recipient(s)\nanchor hash: {}", a.input.display(), a.output.display(), recipients.len(), report.anchor_hash),
		json!({ "smer": a.output, "anchor_hash": report.anchor_hash.to_string(), "recipients": recipients.len() }),
	);
	Ok(())
}

pub fn inspect(out: &Output, a: FileArg) -> Result<()> {
	let p = read_prefix(&a.file)?;
	let h = &p.header;
	let m = &h.metadata;
	let envelopes: Vec<String> = p.envelopes.iter().map(|e| hex(&e.key_id)).collect();
	let custodians: Vec<String> = p
		.custody
		.iter()
		.flat_map(|c| c.shares.iter().map(|s| hex(&s.custodian)))
		.collect();
	let custody_human = match &p.custody {
		Some(c) => format!(
			"\ncustody:      {} of {}, committee epoch {}\n              {}",
			c.threshold,
			c.shares.len(),
			c.epoch,
			custodians.join("\n              ")
		),
		None => String::new(),
	};
	out.result(
		&format!(
			"SMeR v{}, suite {} ({:?} strength)\nrecord id:    {}\nowner:        {}\ncreated at:   {} (Unix)\ncontent type: {}\nplaintext:    {} bytes in {} chunk(s) of {} bytes\nrecipients:   {}{custody_human}",
			h.version,
			h.suite.name(),
			h.suite.strength(),
			hex(&m.record_id),
			hex(&m.owner),
			m.created_at,
			m.content_type,
			h.plaintext_len,
			h.layout().chunk_count(),
			h.layout().chunk_size(),
			envelopes.join("\n              ")
		),
		json!({
			"version": h.version, "suite": h.suite.name(), "strength": format!("{:?}", h.suite.strength()),
			"record_id": hex(&m.record_id), "owner": hex(&m.owner), "created_at": m.created_at,
			"content_type": m.content_type, "plaintext_len": h.plaintext_len,
			"chunk_size": h.layout().chunk_size(), "recipients": envelopes,
			"custody": p.custody.as_ref().map(|c| json!({
				"epoch": c.epoch, "threshold": c.threshold, "custodians": custodians,
			})),
		}),
	);
	Ok(())
}

pub fn hash(out: &Output, a: FileArg) -> Result<()> {
	let (h, len) = hash_file(out, &a.file)?;
	out.result(
		&h.to_string(),
		json!({ "file": a.file, "sha256": h.to_string(), "size": len }),
	);
	Ok(())
}

pub fn cid(out: &Output, a: FileArg) -> Result<()> {
	let (input, len) = open_input(&a.file)?;
	let bar = out.progress(len, "hashing");
	let (cid, size, sha) = semres_dery::cid_of_reader(bar.wrap_read(input))?;
	bar.finish_and_clear();
	out.result(
		&cid.to_string(),
		json!({ "file": a.file, "cid": cid.to_string(), "size": size, "sha256": hex(&sha) }),
	);
	Ok(())
}
