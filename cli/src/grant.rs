//! `semres keys register`, `grant`, `revoke`, `request`, `approve`, `reject` and
//! `emergency open|cosign|close|review`: who may read what, on chain.

use semres_ceda::{smer::AnchorHash, Unlock};
use semres_client::{
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec, pallet_semres_access::types::Scope,
		},
	},
	AccountId,
};
use serde_json::json;

use crate::{
	anchor::registered_keys,
	chain::{self, hex0x, Ctx},
	cli::{ApproveArgs, EmergencyCommand, GrantArgs, IdArgs, RequestArgs, ShareKeyArgs},
	error::{CliError, Kind, Result},
	keys::{load_private_from, load_public},
};

/// With `--share-key`, a detached envelope of `record`'s latest version for `grantee`'s
/// registered key, stored in DERy: its binary CID, for the grant to name. The SMeR is read
/// (and hashed in the same pass) from the store and must match its anchor first.
pub async fn share_envelope(
	ctx: &Ctx<'_>,
	share: &ShareKeyArgs,
	scope: &Scope,
	grantee: &AccountId,
) -> Result<Option<Vec<u8>>> {
	let Some(key_path) = &share.share_key else {
		return Ok(None);
	};
	let Scope::Record(record) = scope else {
		return Err(CliError::failure(
			"--share-key shares one record's key: use it with --record",
		));
	};
	let api = runtime::runtime_apis().records_api();
	let info = ctx
		.chain
		.query(api.record(*record))
		.await?
		.ok_or_else(|| CliError::new(Kind::NotAnchored, "no such record"))?;
	let (_, anchor) = ctx
		.chain
		.query(api.history(*record, info.versions, 1))
		.await?
		.pop()
		.ok_or_else(|| CliError::new(Kind::NotAnchored, "the record has no versions"))?;
	let store = chain::open_store(&share.store)?;
	let cid = semres_dery::Cid::try_from(anchor.smer.cid.0.as_slice())
		.map_err(|e| CliError::new(Kind::Integrity, format!("the anchored CID: {e}")))?;
	let (reader, writer) =
		std::io::pipe().map_err(|e| CliError::failure(format!("cannot make a pipe: {e}")))?;
	let store_ref = store.as_ref();
	let (fetched, read) = std::thread::scope(|s| {
		let fetcher = s.spawn(move || {
			let mut w = std::io::BufWriter::new(writer);
			store_ref.get(&cid, &mut w)
		});
		let read = semres_ceda::inspect_hashed(std::io::BufReader::new(reader));
		(
			fetcher.join().expect("the fetching thread does not panic"),
			read,
		)
	});
	fetched?;
	let (prefix, hash) = read?;
	semres_ceda::check(&AnchorHash(anchor.smer.smer_hash.0), &hash)?;
	let suite = prefix.header.suite;
	let to = registered_keys(&ctx.chain, std::slice::from_ref(grantee), suite).await?;
	let owner_key = load_private_from(key_path, &share.password)?;
	let det = semres_ceda::share(&prefix, hash, &Unlock::Key(&owner_key), &to[0])?;
	let bytes = det.encode().map_err(|e| CliError::failure(e.to_string()))?;
	let put = store.put(&mut &bytes[..])?;
	ctx.out
		.step(&format!("envelope for {grantee}: {}", put.cid));
	Ok(Some(put.cid.to_bytes()))
}

/// The detached envelope a grant names, if any, fetched from DERy (at most 64 KiB).
pub async fn envelope_of_grant(
	ctx: &Ctx<'_>,
	grant: u64,
	store: &(dyn semres_dery::Store + Send + Sync),
) -> Result<Option<semres_ceda::smer::DetachedEnvelope>> {
	let at = ctx.chain.best().await?;
	let entry = at
		.storage()
		.entry(runtime::storage().access().grants())
		.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?;
	let Some(g) = entry
		.try_fetch((grant,))
		.await
		.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?
	else {
		return Ok(None);
	};
	let g = g
		.decode()
		.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?;
	let Some(cid) = g.envelope else {
		return Ok(None);
	};
	let cid = semres_dery::Cid::try_from(cid.0.as_slice())
		.map_err(|e| CliError::new(Kind::Integrity, format!("the grant's envelope CID: {e}")))?;
	let mut bytes = Vec::new();
	store.get_bounded(&cid, &mut bytes, 64 * 1024)?;
	semres_ceda::smer::DetachedEnvelope::decode(&bytes)
		.map(Some)
		.map_err(|e| CliError::new(Kind::Integrity, format!("the grant's envelope: {e}")))
}

/// The first event of type `E` in an included transaction, or an error naming it.
pub fn event<E: subxt::events::DecodeAsEvent>(
	included: &semres_client::Included,
	name: &str,
) -> Result<E> {
	included
		.events
		.find_first::<E>()
		.ok_or_else(|| CliError::new(Kind::Chain, format!("no {name} event")))?
		.map_err(|e| CliError::new(Kind::Chain, format!("{name}: {e}")))
}

pub async fn register_key(
	ctx: &Ctx<'_>,
	public: &std::path::Path,
	account: &crate::cli::AccountArgs,
) -> Result<()> {
	let who = ctx.account(account).await?;
	let key = load_public(public)?;
	let suite = key.algorithm().suite();
	let spki = key.to_spki_der().to_vec();
	let call = runtime::transactions()
		.access()
		.register_key(suite as u8, BoundedVec(spki));
	let included = ctx.submit("register key", &call, &who).await?;
	let key_id = hex0x(&key.key_id());
	ctx.out.result(
		&format!(
			"registered {} key {key_id} for {} in block #{}",
			suite.name(),
			who.id(),
			included.block_number
		),
		json!({ "account": who.id().to_string(), "key_id": key_id, "suite": suite.name(), "block": included.block_number }),
	);
	Ok(())
}

pub async fn grant(ctx: &Ctx<'_>, a: GrantArgs) -> Result<()> {
	let owner = ctx.account(&a.account).await?;
	let grantee = chain::account(&a.grantee)?;
	let scope = chain::scope(&a.scope)?;
	let envelope = share_envelope(ctx, &a.share, &scope, &grantee).await?;
	let expires = ctx.chain.best_number().await? + a.blocks;
	let call = runtime::transactions().access().grant_access(
		grantee,
		scope,
		chain::purpose(&a.purpose)?,
		expires,
		envelope.map(BoundedVec),
	);
	let included = ctx.submit("grant", &call, &owner).await?;
	let granted: runtime::access::events::AccessGranted = event(&included, "AccessGranted")?;
	ctx.out.result(
		&format!(
			"grant {} to {grantee} until block #{expires}{}",
			granted.grant,
			if granted.pending_approvals {
				" (waiting for the owner's approvers)"
			} else {
				""
			}
		),
		json!({
			"grant": granted.grant, "grantee": grantee.to_string(), "expires_at": expires,
			"pending_approvals": granted.pending_approvals, "block": included.block_number,
		}),
	);
	Ok(())
}

/// Submits a call made from an id and prints `done` with the block.
pub async fn by_id<C: subxt::transactions::Payload>(
	ctx: &Ctx<'_>,
	what: &str,
	a: &IdArgs,
	call: C,
) -> Result<()> {
	let who = ctx.account(&a.account).await?;
	let included = ctx.submit(what, &call, &who).await?;
	ctx.out.result(
		&format!("{what} {}: done in block #{}", a.id, included.block_number),
		json!({ "id": a.id, "action": what, "block": included.block_number }),
	);
	Ok(())
}

pub async fn revoke(ctx: &Ctx<'_>, a: IdArgs) -> Result<()> {
	let call = runtime::transactions().access().revoke_access(a.id);
	by_id(ctx, "revoke grant", &a, call).await
}

pub async fn request(ctx: &Ctx<'_>, a: RequestArgs) -> Result<()> {
	let requester = ctx.account(&a.account).await?;
	let owner = chain::account(&a.owner)?;
	let (commitment, salt) = chain::commit_reason(a.reason)?;
	let call = runtime::transactions().access().request_access(
		owner,
		chain::scope(&a.scope)?,
		chain::purpose(&a.purpose)?,
		commitment,
	);
	let included = ctx.submit("request", &call, &requester).await?;
	let req: runtime::access::events::AccessRequested = event(&included, "AccessRequested")?;
	ctx.out.result(
		&format!(
			"request {} to {owner} (expires at #{})\nreason {} committed as {}; salt {} (keep it for the auditor)",
			req.request,
			req.expires_at,
			a.reason,
			hex0x(&commitment.0),
			hex0x(&salt)
		),
		json!({
			"request": req.request, "owner": owner.to_string(), "expires_at": req.expires_at,
			"reason": a.reason, "commitment": hex0x(&commitment.0), "salt": hex0x(&salt),
			"block": included.block_number,
		}),
	);
	Ok(())
}

pub async fn approve(ctx: &Ctx<'_>, a: ApproveArgs) -> Result<()> {
	let owner = ctx.account(&a.account).await?;
	let at = ctx.chain.best().await?;
	let entry = at
		.storage()
		.entry(runtime::storage().access().requests())
		.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?;
	let request = match entry
		.try_fetch((a.id,))
		.await
		.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?
	{
		Some(v) => Some(
			v.decode()
				.map_err(|e| CliError::new(Kind::Chain, e.to_string()))?,
		),
		None => None,
	};
	let envelope = match request.filter(|r| r.owner == owner.id()) {
		Some(r) => share_envelope(ctx, &a.share, &r.scope, &r.requester).await?,
		None if a.share.share_key.is_some() => {
			return Err(CliError::new(
				Kind::Refused,
				format!("no pending request {} for you", a.id),
			))
		}
		None => None,
	};
	let expires = ctx.chain.best_number().await? + a.blocks;
	let call =
		runtime::transactions()
			.access()
			.approve_request(a.id, expires, envelope.map(BoundedVec));
	let included = ctx.submit("approve", &call, &owner).await?;
	let approved: runtime::access::events::RequestApproved = event(&included, "RequestApproved")?;
	ctx.out.result(
		&format!(
			"request {} approved: grant {} until block #{expires}",
			a.id, approved.grant
		),
		json!({ "request": a.id, "grant": approved.grant, "expires_at": expires, "block": included.block_number }),
	);
	Ok(())
}

pub async fn reject(ctx: &Ctx<'_>, a: IdArgs) -> Result<()> {
	let call = runtime::transactions().access().reject_request(a.id);
	by_id(ctx, "reject request", &a, call).await
}

pub async fn emergency(ctx: &Ctx<'_>, cmd: EmergencyCommand) -> Result<()> {
	let tx = runtime::transactions().access();
	match cmd {
		EmergencyCommand::Open {
			patient,
			reason,
			account,
		} => {
			let responder = ctx.account(&account).await?;
			let patient = chain::account(&patient)?;
			let (commitment, salt) = chain::commit_reason(reason)?;
			let call = tx.open_emergency_access(patient, commitment);
			let included = ctx
				.submit("open emergency access", &call, &responder)
				.await?;
			let opened: runtime::access::events::EmergencyAccessOpened =
				event(&included, "EmergencyAccessOpened")?;
			ctx.out.result(
				&format!(
					"emergency access {} to {patient}'s records: waiting for co-signatures\nreason {reason} committed as {}; salt {} (keep it for the auditor)",
					opened.id,
					hex0x(&commitment.0),
					hex0x(&salt)
				),
				json!({
					"emergency": opened.id, "patient": patient.to_string(), "reason": reason,
					"commitment": hex0x(&commitment.0), "salt": hex0x(&salt), "block": included.block_number,
				}),
			);
			Ok(())
		}
		EmergencyCommand::Cosign(a) => {
			let call = tx.cosign_emergency_access(a.id);
			by_id(ctx, "co-sign emergency access", &a, call).await
		}
		EmergencyCommand::Close(a) => {
			let call = tx.close_emergency_access(a.id);
			by_id(ctx, "close emergency access", &a, call).await
		}
		EmergencyCommand::Review(a) => {
			let call = tx.review_emergency_access(a.id);
			by_id(ctx, "review emergency access", &a, call).await
		}
	}
}
