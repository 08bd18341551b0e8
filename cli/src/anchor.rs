//! `semres record put|get|amend|history|list`: the paper's exchange on a SEMRES chain. A record
//! is sealed for its owner and readers (by their registered keys), stored in DERy and anchored
//! in one command; a read fetches the SMeR, hashes it in the same pass that decrypts it, checks
//! it against the anchor and the reader's basis, logs the read, and only then writes the record.

use std::{
	io::{BufReader, BufWriter},
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use semres_ceda::{
	custody::CustodyPlan,
	smer::{Metadata, SmerPrefix, SuiteId},
	CedaError, PublicKey, SealOptions, SealReport, Unlock,
};
use semres_client::{
	account::Account,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_semres_access::basis::Denial,
			pallet_semres_records::types::{OwnerConsent, RecordInfo, Verification},
			semres_primitives::{
				codes::{RecordClass, SecurityLevel},
				records::SmerRef,
			},
			sp_runtime::MultiSignature,
		},
	},
	AccountId, Chain, H256,
};
use semres_dery::{Cid, DeryError, PutReport, Store};
use serde_json::json;

use crate::{
	chain::{self, hex0x, Ctx},
	cli::{AmendArgs, GetArgs, PutArgs, VersionArgs},
	error::{CliError, Kind, Result},
	keys::{load_private_from, suite_by_name},
	record::{commit, open_input, temp_output},
};

/// A SMeR sealed and stored: what the anchor names.
pub struct Stored {
	pub seal: SealReport,
	pub put: PutReport,
	/// The media type its header records.
	pub content_type: String,
}

impl Stored {
	/// The anchor's SMeR reference.
	pub fn smer_ref(&self) -> SmerRef {
		SmerRef {
			cid: BoundedVec(self.put.cid.to_bytes()),
			smer_hash: H256(self.seal.anchor_hash.0),
			suite: self.seal.suite as u8,
		}
	}
}

/// The current registered CEDA key of `suite` of each account, in order.
pub async fn registered_keys(
	chain: &Chain,
	who: &[AccountId],
	suite: SuiteId,
) -> Result<Vec<PublicKey>> {
	let mut keys = Vec::with_capacity(who.len());
	for account in who {
		let q = runtime::runtime_apis()
			.access_api()
			.current_key(*account, suite as u8);
		let key = chain.query(q).await?.ok_or_else(|| {
			CliError::new(
				Kind::NoKey,
				format!(
					"{account} has no registered {} key (semres keys register)",
					suite.name()
				),
			)
		})?;
		keys.push(PublicKey::from_spki_der(&key.spki.0)?);
	}
	Ok(keys)
}

/// The owner followed by the other readers, each once.
pub fn recipients(owner: &AccountId, readers: &[String]) -> Result<Vec<AccountId>> {
	let mut all = vec![*owner];
	for r in readers {
		let who = chain::account(r)?;
		if !all.contains(&who) {
			all.push(who);
		}
	}
	Ok(all)
}

/// Seals `file` for `keys` as version data of `record` (owned by `owner`) straight into the
/// store: the SMeR never touches the disk outside DERy. With a custody plan (the chain has a
/// committee), the data key is also split among the custodians. The file's format is
/// recognised first (`content_type` is a claim to check, see `formats`).
#[allow(clippy::too_many_arguments)]
pub fn seal_to_store(
	out: &crate::output::Output,
	file: &Path,
	record: &H256,
	owner: &AccountId,
	content_type: Option<&str>,
	keys: &[PublicKey],
	custody: Option<CustodyPlan>,
	store: &(dyn Store + Send + Sync),
) -> Result<Stored> {
	let content_type = crate::formats::recognise(file, content_type)?;
	out.step(&format!("{} is {content_type}: sealing", file.display()));
	let (input, len) = open_input(file)?;
	let opts = SealOptions::new(Metadata {
		record_id: record.0,
		owner: owner.0,
		created_at: SystemTime::now()
			.duration_since(UNIX_EPOCH)
			.map(|d| d.as_secs())
			.unwrap_or(0),
		content_type: content_type.clone(),
	});
	let opts = match custody {
		Some(plan) => {
			out.step(&format!(
				"the data key is split {} of {} among custody committee {}",
				plan.threshold,
				plan.custodians.len(),
				plan.epoch
			));
			opts.with_custody(plan)
		}
		None => opts,
	};
	let bar = out.progress(len, "sealing");
	let (reader, writer) =
		std::io::pipe().map_err(|e| CliError::failure(format!("cannot make a pipe: {e}")))?;
	let (sealed, put) = std::thread::scope(|s| {
		let sealer = s.spawn(move || {
			semres_ceda::seal(
				input,
				len,
				BufWriter::with_capacity(1 << 20, writer),
				keys,
				&opts,
				&mut |n| bar.set_position(n),
			)
		});
		let put = store.put(&mut BufReader::with_capacity(1 << 20, reader));
		(
			sealer.join().expect("the sealing thread does not panic"),
			put,
		)
	});
	let seal = sealed?;
	let put = put?;
	if put.sha256 != seal.anchor_hash || put.size != seal.smer_len {
		return Err(CliError::new(
			Kind::Integrity,
			"the store received other bytes than were sealed",
		));
	}
	out.step(&format!("sealed and stored as {}", put.cid));
	Ok(Stored {
		seal,
		put,
		content_type,
	})
}

/// The owner's consent to `submitter` anchoring `version` of `record` with `smer` for
/// `recipients`, signed by the owner's account (valid for 100 blocks).
#[allow(clippy::too_many_arguments)]
pub async fn consent(
	chain: &Chain,
	owner: &Account,
	submitter: &AccountId,
	record: H256,
	version: u32,
	smer: &SmerRef,
	recipients: &[AccountId],
	class: RecordClass,
	level: SecurityLevel,
) -> Result<OwnerConsent<AccountId, u32, MultiSignature>> {
	owner.check_for(chain).await?;
	let api = runtime::runtime_apis().records_api();
	let epoch = chain.query(api.consent_epoch(owner.id())).await?;
	let valid_until = chain.best_number().await? + 100;
	let payload = chain
		.query(api.signing_payload(
			record,
			version,
			owner.id(),
			*submitter,
			smer.cid.0.clone(),
			smer.smer_hash,
			smer.suite,
			recipients.to_vec(),
			class,
			level,
			valid_until,
			epoch,
		))
		.await?
		.ok_or_else(|| CliError::failure("the anchor exceeds the runtime's bounds"))?;
	Ok(OwnerConsent {
		submitter: *submitter,
		valid_until,
		epoch,
		signature: MultiSignature::Sr25519(owner.sign(&payload)),
	})
}

fn owner_account(
	dev: &Option<String>,
	suri_file: &Option<std::path::PathBuf>,
	owner: &AccountId,
) -> Result<Account> {
	let source = chain::owner_source(dev, suri_file).ok_or_else(|| {
		CliError::new(
			Kind::Credentials,
			format!(
				"the signer is not the owner {owner}: the owner's consent is needed \
				 (--owner-dev NAME or --owner-suri-file FILE)"
			),
		)
	})?;
	let account = Account::load(&source)?;
	if &account.id() != owner {
		return Err(CliError::new(
			Kind::Credentials,
			format!(
				"the consenting account is {}, not the owner {owner}",
				account.id()
			),
		));
	}
	Ok(account)
}

/// A version sealed and stored, ready to anchor: the SMeR's reference, its recipients (the
/// owner first) and, when the signer is not the owner, the owner's consent.
struct Prepared {
	stored: Stored,
	smer: SmerRef,
	to: Vec<AccountId>,
	consent: Option<OwnerConsent<AccountId, u32, MultiSignature>>,
}

/// Seals `file` as `version` of `owner`'s `record` for the owner and `v`'s readers, stores it,
/// and has the owner consent when `signer` is someone else.
#[allow(clippy::too_many_arguments)]
async fn prepare_version(
	ctx: &Ctx<'_>,
	v: &VersionArgs,
	file: &Path,
	signer: &Account,
	owner: &AccountId,
	record: H256,
	version: u32,
	(class, level): (RecordClass, SecurityLevel),
) -> Result<Prepared> {
	let suite = suite_by_name(&v.suite)?;
	let to = recipients(owner, &v.readers)?;
	let keys = registered_keys(&ctx.chain, &to, suite).await?;
	let store = chain::open_store(&v.store)?;
	let plan = crate::custody::committee::current_plan(&ctx.chain).await?;
	let stored = seal_to_store(
		ctx.out,
		file,
		&record,
		owner,
		v.content_type.as_deref(),
		&keys,
		plan,
		store.as_ref(),
	)?;
	let smer = stored.smer_ref();
	let consent = if signer.id() == *owner {
		None
	} else {
		let by = owner_account(&v.owner_dev, &v.owner_suri_file, owner)?;
		let submitter = signer.id();
		let c = consent(
			&ctx.chain, &by, &submitter, record, version, &smer, &to, class, level,
		);
		Some(c.await?)
	};
	Ok(Prepared {
		stored,
		smer,
		to,
		consent,
	})
}

pub async fn put(ctx: &Ctx<'_>, a: PutArgs) -> Result<()> {
	let signer = ctx.account(&a.version.account).await?;
	let owner = chain::account(&a.owner)?;
	let (class, level) = (chain::class(&a.class)?, chain::level(&a.level)?);
	// Before anything is sealed or stored: a bad national id or secret writes nothing.
	let vpi = crate::vpi::resolve(&a.vpi)?;
	let salt = chain::salt()?;
	let api = runtime::runtime_apis().records_api();
	let record = ctx.chain.query(api.record_id(owner, salt)).await?;
	let p = prepare_version(
		ctx,
		&a.version,
		&a.file,
		&signer,
		&owner,
		record,
		1,
		(class.clone(), level.clone()),
	)
	.await?;
	let recipients = BoundedVec(p.to.clone());
	let included = match vpi {
		// One transaction: the record is anchored tagged, or not at all.
		Some(vpi) => {
			use runtime::runtime_types::{
				pallet_semres_records::pallet::Call, semres_runtime::RuntimeCall,
			};
			let anchor = RuntimeCall::Records(Call::anchor_record {
				owner,
				salt,
				smer: p.smer,
				recipients,
				class,
				level,
				consent: p.consent,
			});
			let call = runtime::transactions()
				.utility()
				.batch_all(vec![anchor, crate::vpi::tag_call(record, vpi)]);
			ctx.submit("anchor and tag", &call, &signer).await?
		}
		None => {
			let call = runtime::transactions()
				.records()
				.anchor_record(owner, salt, p.smer, recipients, class, level, p.consent);
			ctx.submit("anchor", &call, &signer).await?
		}
	};
	report_anchor(
		ctx,
		&record,
		1,
		&p.stored,
		included.block_number,
		&owner,
		&p.to,
	);
	Ok(())
}

pub async fn amend(ctx: &Ctx<'_>, a: AmendArgs) -> Result<()> {
	let signer = ctx.account(&a.version.account).await?;
	let record = chain::record_id(&a.record)?;
	let info = live_record(&ctx.chain.best().await?, &record).await?;
	let owner = info.owner;
	let version = info.versions + 1;
	let p = prepare_version(
		ctx,
		&a.version,
		&a.file,
		&signer,
		&owner,
		record,
		version,
		(info.class, info.level),
	)
	.await?;
	let call = runtime::transactions().records().amend_record(
		record,
		p.smer,
		BoundedVec(p.to.clone()),
		p.consent,
	);
	let included = ctx.submit("amend", &call, &signer).await?;
	report_anchor(
		ctx,
		&record,
		version,
		&p.stored,
		included.block_number,
		&owner,
		&p.to,
	);
	Ok(())
}

/// Prints what an anchor made.
pub fn report_anchor(
	ctx: &Ctx<'_>,
	record: &H256,
	version: u32,
	stored: &Stored,
	block: u32,
	owner: &AccountId,
	recipients: &[AccountId],
) {
	let readers: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
	ctx.out.result(
		&format!(
			"record id:   {}\nversion:     {version}\ncontent:     {}\nCID:         {}\nanchor hash: {}\nblock:       #{block}\nowner:       {owner}\nreaders:     {}",
			hex0x(&record.0),
			stored.content_type,
			stored.put.cid,
			stored.seal.anchor_hash,
			readers.join(", "),
		),
		json!({
			"record": hex0x(&record.0), "version": version, "cid": stored.put.cid.to_string(),
			"anchor_hash": stored.seal.anchor_hash.to_string(), "block": block,
			"owner": owner.to_string(), "recipients": readers, "size": stored.put.size,
			"content_type": stored.content_type,
		}),
	);
}

fn not_anchored(record: &H256) -> CliError {
	CliError::new(
		Kind::NotAnchored,
		format!("record {} is not anchored on this chain", hex0x(&record.0)),
	)
}

/// `record` as the chain holds it at `at`, if it is anchored and not erased.
async fn live_record(at: &semres_client::At, record: &H256) -> Result<RecordInfo<AccountId, u32>> {
	let api = runtime::runtime_apis().records_api();
	let info = Chain::query_at(at, api.record(*record))
		.await?
		.ok_or_else(|| not_anchored(record))?;
	if info.erased_at.is_some() {
		return Err(erased(record));
	}
	Ok(info)
}

fn erased(record: &H256) -> CliError {
	CliError::new(
		Kind::Erased,
		format!("record {} was erased: nobody may read it", hex0x(&record.0)),
	)
}

/// The reader's denial, as the CLI's error.
pub(crate) fn denied(denial: Denial, record: &H256) -> CliError {
	let r = hex0x(&record.0);
	match denial {
		Denial::NoRecord => not_anchored(record),
		Denial::Erased => erased(record),
		Denial::Expired => CliError::new(Kind::Expired, format!("your grant for {r} has expired")),
		Denial::Revoked => CliError::new(Kind::Revoked, format!("your grant for {r} was revoked")),
		Denial::PendingApprovals => CliError::new(
			Kind::NotAuthorised,
			format!("your grant for {r} awaits the owner's approvers"),
		),
		Denial::Nothing => CliError::new(
			Kind::NotAuthorised,
			format!("you hold no grant or emergency access for {r}"),
		),
	}
}

/// Streams `cid` from `store` into CEDA: fetched, verified against its CID, hashed and
/// decrypted in one pass (no copy of the SMeR on disk). `check` runs on the SMeR's prefix
/// before anything is decrypted. Returns the open report and the SMeR's anchor hash.
pub fn fetch_and_open(
	store: &(dyn Store + Send + Sync),
	cid: &Cid,
	unlock: &Unlock,
	output: &std::fs::File,
	check: &(dyn Fn(&SmerPrefix) -> std::result::Result<(), CedaError> + Sync),
) -> Result<(semres_ceda::OpenReport, semres_ceda::smer::AnchorHash)> {
	let (reader, writer) =
		std::io::pipe().map_err(|e| CliError::failure(format!("cannot make a pipe: {e}")))?;
	let (fetched, opened) = std::thread::scope(|s| {
		let fetcher = s.spawn(move || {
			let mut w = BufWriter::with_capacity(1 << 20, writer);
			store.get(cid, &mut w)
		});
		let opened = semres_ceda::open_hashed(
			BufReader::with_capacity(1 << 20, reader),
			BufWriter::with_capacity(1 << 20, crate::record::WritebackFile::new(output)),
			unlock,
			check,
			&mut |_| {},
		);
		(
			fetcher.join().expect("the fetching thread does not panic"),
			opened,
		)
	});
	match (fetched, opened) {
		// The reader stopped first (wrong key, tampered chunk, foreign SMeR): its reason.
		(Err(DeryError::Io(e)), Err(opened)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
			Err(opened.into())
		}
		(Err(fetched), _) => Err(fetched.into()),
		(Ok(_), Err(opened)) => Err(opened.into()),
		(Ok(_), Ok(done)) => Ok(done),
	}
}

/// How a reader opens a SMeR, and what the chain knows of the read.
enum Opening {
	/// With the reader's own envelope in the SMeR (the owner): nothing to ask anyone.
	Own,
	/// With a detached envelope a grant names (a version 1 SMeR or one sealed without custody).
	Detached(semres_ceda::smer::DetachedEnvelope),
	/// With shares the custodians released for a key request: the read's audit entry.
	Custody(crate::custody::request::Released),
}

/// Decides how `reader` opens version `version` of `record`, whose SMeR's prefix (fetched as a
/// hint, checked whole later) is `prefix`: its own envelope, else a key request to the
/// custodians if the SMeR has custody shares, else a detached envelope of a live grant.
#[allow(clippy::too_many_arguments)]
async fn opening(
	ctx: &Ctx<'_>,
	reader: &Account,
	key: &semres_ceda::PrivateKey,
	prefix: &SmerPrefix,
	record: H256,
	version: u32,
	anchored: &semres_ceda::smer::AnchorHash,
	a: &GetArgs,
	store: &(dyn Store + Send + Sync),
) -> Result<Opening> {
	let key_id = key.public_key().key_id();
	if prefix.envelope_for(&key_id).is_some() {
		ctx.out.step("the SMeR holds an envelope for your key");
		return Ok(Opening::Own);
	}
	if let Some(custody) = &prefix.custody {
		let timeout = std::time::Duration::from_secs(a.custody_timeout);
		let released = crate::custody::request::request_and_collect(
			ctx, reader, key, record, version, custody, timeout,
		)
		.await?;
		return Ok(Opening::Custody(released));
	}
	let check = runtime::runtime_apis()
		.access_api()
		.check_access(reader.id(), record);
	let basis = ctx
		.chain
		.query(check)
		.await?
		.map_err(|d| denied(d, &record))?;
	ctx.out.step(&format!("basis: {basis:?}"));
	let runtime::runtime_types::pallet_semres_access::types::AccessBasis::Grant(g) = basis else {
		return Err(CliError::new(
			Kind::Credentials,
			"this SMeR has no custody shares and no envelope for your key",
		));
	};
	crate::grant::envelope_of_grant(ctx, g, store)
		.await?
		.filter(|e| e.smer_hash == anchored.0 && e.envelope.key_id == key_id)
		.map(Opening::Detached)
		.ok_or_else(|| {
			CliError::new(
				Kind::Credentials,
				format!(
					"your grant {g} names no envelope for this SMeR and your key, and the SMeR \
					 has no custody shares"
				),
			)
		})
}

pub async fn get(ctx: &Ctx<'_>, a: GetArgs) -> Result<()> {
	let reader = ctx.account(&a.account).await?;
	let record = chain::record_id(&a.record)?;
	let at = ctx.chain.best().await?;
	let api = runtime::runtime_apis().records_api();
	let info = live_record(&at, &record).await?;
	let version = a.version.unwrap_or(info.versions);
	let (_, anchor) = Chain::query_at(&at, api.history(record, version, 1))
		.await?
		.into_iter()
		.find(|(v, _)| *v == version)
		.ok_or_else(|| {
			CliError::new(
				Kind::NotAnchored,
				format!("record {} has no version {version}", hex0x(&record.0)),
			)
		})?;
	let key = load_private_from(&a.key, &a.password)?;
	let cid = Cid::try_from(anchor.smer.cid.0.as_slice())
		.map_err(|e| CliError::new(Kind::Integrity, format!("the anchored CID: {e}")))?;
	let store = chain::open_store(&a.store)?;
	let anchored = semres_ceda::smer::AnchorHash(anchor.smer.smer_hash.0);
	let prefix = crate::custody::fetch_prefix(store.as_ref(), &cid)?;
	let how = opening(
		ctx,
		&reader,
		&key,
		&prefix,
		record,
		version,
		&anchored,
		&a,
		store.as_ref(),
	)
	.await?;
	let genesis = ctx.chain.genesis_hash().0;
	let unlock = match &how {
		Opening::Own => Unlock::Key(&key),
		Opening::Detached(e) => Unlock::Detached(&key, e),
		Opening::Custody(r) => Unlock::Custody {
			reader: &key,
			shares: &r.shares,
			genesis,
			request: r.request,
		},
	};
	let tmp = temp_output(&a.output)?;
	let owner = info.owner;
	let foreign = move |p: &SmerPrefix| {
		let m = &p.header.metadata;
		if m.record_id != record.0 || m.owner != owner.0 {
			return Err(CedaError::ForeignSmer(format!(
				"its header names record {} of {}, not record {}",
				hex0x(&m.record_id),
				hex0x(&m.owner),
				hex0x(&record.0)
			)));
		}
		Ok(())
	};
	ctx.out.step(&format!("fetching {cid} and decrypting"));
	let (opened, hash) = fetch_and_open(store.as_ref(), &cid, &unlock, tmp.as_file(), &foreign)?;
	semres_ceda::check(&anchored, &hash)?;
	ctx.out.step("the SMeR matches its anchor");
	commit(tmp, &a.output)?;
	let h = &opened.header;
	let (how_human, request, request_block, waited) = match &how {
		Opening::Own => ("your own envelope".to_string(), None, None, None),
		Opening::Detached(_) => ("your grant's envelope".to_string(), None, None, None),
		Opening::Custody(r) => (
			format!(
				"key request {} (block #{}), shares in {:.1} s",
				r.request,
				r.block,
				r.waited.as_secs_f64()
			),
			Some(r.request),
			Some(r.block),
			Some(r.waited.as_millis() as u64),
		),
	};
	ctx.out.result(
		&format!(
			"wrote {} ({} bytes, {})\nrecord id:   {}\nversion:     {version}\nanchor hash: {hash} (verified)\nkey:         {how_human}",
			a.output.display(),
			h.plaintext_len,
			h.metadata.content_type,
			hex0x(&record.0),
		),
		json!({
			"record": hex0x(&record.0), "version": version, "output": a.output,
			"size": h.plaintext_len, "content_type": h.metadata.content_type,
			"anchor_hash": hash.to_string(), "verified": true,
			"key_request": request, "requested_in_block": request_block, "key_wait_ms": waited,
		}),
	);
	Ok(())
}

pub async fn history(ctx: &Ctx<'_>, record: &str) -> Result<()> {
	let record = chain::record_id(record)?;
	let at = ctx.chain.best().await?;
	let api = runtime::runtime_apis().records_api();
	let info = Chain::query_at(&at, api.record(record))
		.await?
		.ok_or_else(|| not_anchored(&record))?;
	let mut versions = Vec::new();
	let mut from = 1;
	loop {
		let page = Chain::query_at(&at, api.history(record, from, 100)).await?;
		let n = page.len() as u32;
		versions.extend(page);
		if n < 100 {
			break;
		}
		from += n;
	}
	let first = versions.first().map(|(_, a)| a.anchored_at).unwrap_or(0);
	let reads = reads_of(&ctx.chain, &record, first, at.block_number() as u32).await?;
	let mut human = format!(
		"record {} of {} ({} versions{})",
		hex0x(&record.0),
		info.owner,
		info.versions,
		if info.erased_at.is_some() {
			", erased"
		} else {
			""
		}
	);
	let mut json_versions = Vec::new();
	for (v, a) in &versions {
		let how = match &a.authorisation {
			runtime::runtime_types::pallet_semres_records::types::Authorisation::OwnerSubmitted => {
				"by the owner".to_string()
			}
			runtime::runtime_types::pallet_semres_records::types::Authorisation::OwnerSigned {
				epoch,
			} => format!("with the owner's consent (epoch {epoch})"),
			runtime::runtime_types::pallet_semres_records::types::Authorisation::Booking {
				service,
			} => format!("on booking {service}"),
		};
		human.push_str(&format!(
			"\n  v{v} #{} {} by {}{} {}{}",
			a.anchored_at,
			hex0x(&a.smer.smer_hash.0),
			a.author,
			a.institution
				.as_ref()
				.map(|i| format!(" for {i}"))
				.unwrap_or_default(),
			how,
			a.settled_by
				.map(|s| format!(", settled service {s}"))
				.unwrap_or_default(),
		));
		json_versions.push(json!({
			"version": v, "block": a.anchored_at, "smer_hash": hex0x(&a.smer.smer_hash.0),
			"author": a.author.to_string(), "institution": a.institution.as_ref().map(|i| i.to_string()),
			"authorisation": how, "settled_by": a.settled_by,
		}));
	}
	human.push_str(&format!("\nkey requests: {}", reads.len()));
	for r in &reads {
		human.push_str(&format!(
			"\n  #{} request {} v{} by {} ({}; shares released {:?})",
			r.block, r.request, r.version, r.reader, r.basis, r.released
		));
	}
	let json_reads: Vec<_> = reads
		.iter()
		.map(|r| {
			json!({ "block": r.block, "request": r.request, "version": r.version,
				"reader": r.reader, "verdict": r.basis, "released": r.released, "denied": r.denied })
		})
		.collect();
	ctx.out.result(
		&human,
		json!({
			"record": hex0x(&record.0), "owner": info.owner.to_string(), "versions": json_versions,
			"erased_at": info.erased_at, "reads": json_reads,
		}),
	);
	Ok(())
}

/// The key requests of `record` in blocks `from ..= to`, with their answers.
pub async fn reads_of(
	chain: &Chain,
	record: &H256,
	from: u32,
	to: u32,
) -> Result<Vec<crate::audit::scan::Read>> {
	use crate::audit::scan;
	let mut reads = Default::default();
	for n in from..=to {
		let events = scan::events_at(chain, n).await?;
		crate::audit::custody_requests(&events, n, &|r| r == record, &mut reads)?;
	}
	Ok(reads.into_values().collect())
}

pub async fn list(ctx: &Ctx<'_>, owner: &str) -> Result<()> {
	let owner = chain::account(owner)?;
	let api = runtime::runtime_apis().records_api();
	let all = chain::all_pages(
		|after| {
			let page = api.records_of(owner, after, chain::PAGE);
			async move { Ok(ctx.chain.query(page).await?) }
		},
		|r| *r,
	)
	.await?;
	let ids: Vec<String> = all.iter().map(|r| hex0x(&r.0)).collect();
	ctx.out.result(
		&if ids.is_empty() {
			format!("{owner} has no records")
		} else {
			ids.join("\n")
		},
		json!({ "owner": owner.to_string(), "records": ids }),
	);
	Ok(())
}

/// Whether `hash` is a version of `record` on the chain; the version, or a named error.
pub async fn verify_on_chain(
	chain: &Chain,
	record: &H256,
	owner: &[u8; 32],
	hash: &semres_ceda::smer::AnchorHash,
) -> Result<u32> {
	let api = runtime::runtime_apis().records_api();
	match chain.query(api.verify(*record, H256(hash.0))).await? {
		Verification::Match {
			owner: o, version, ..
		} if &o.0 == owner => Ok(version),
		Verification::Match { owner: o, .. } => Err(CliError::new(
			Kind::Integrity,
			format!(
				"the chain's record {} belongs to {o}, not to the owner the SMeR names",
				hex0x(&record.0)
			),
		)),
		Verification::Mismatch => Err(CliError::new(
			Kind::HashMismatch,
			format!(
				"the SMeR ({hash}) is no version of record {} on the chain",
				hex0x(&record.0)
			),
		)),
		Verification::Unknown => Err(not_anchored(record)),
		Verification::Erased => Err(erased(record)),
	}
}
