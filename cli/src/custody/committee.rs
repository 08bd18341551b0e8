//! The custody committee as the chain holds it, and its commands: hospitals publish custody
//! keys, governance sets the committee, anyone shows it.

use semres_ceda::{custody::CustodyPlan, PublicKey};
use semres_client::{
	runtime::{self, runtime_types::bounded_collections::bounded_vec::BoundedVec},
	AccountId, At, Chain,
};
use serde_json::json;

use super::fetch;
use crate::{
	chain::{self, hex0x, Ctx},
	cli::CustodyCommand,
	council::{govern, Need, Outcome},
	error::{CliError, Kind, Result},
	keys::load_public,
};

/// Prints the committee a `CommitteeSet` event in `included` announces.
fn report_committee_set(
	ctx: &Ctx<'_>,
	included: &semres_client::Included,
	members: &[AccountId],
) -> Result<()> {
	let set = included
		.events
		.find_first::<runtime::custody::events::CommitteeSet>()
		.transpose()
		.map_err(super::chain_err)?
		.ok_or_else(|| CliError::new(Kind::Chain, "no CommitteeSet event"))?;
	ctx.out.result(
		&format!(
			"committee epoch {}: {} of {} custodians (block #{})",
			set.epoch, set.threshold, set.custodians, included.block_number
		),
		json!({ "epoch": set.epoch, "threshold": set.threshold,
			"custodians": members.iter().map(|m| m.to_string()).collect::<Vec<_>>() }),
	);
	Ok(())
}

/// One epoch's committee: threshold and members (account, custody key) in share order.
pub struct Committee {
	pub threshold: u8,
	pub members: Vec<(AccountId, PublicKey)>,
}

impl Committee {
	/// The member holding share `index` (1-based).
	pub fn member(&self, index: u8) -> Option<&AccountId> {
		usize::from(index)
			.checked_sub(1)
			.and_then(|i| self.members.get(i))
			.map(|(a, _)| a)
	}
}

/// The committee of `epoch` at `at`, each member's custody key checked against the key id the
/// committee fixed (a custodian that replaced its key since cannot answer for this epoch).
pub async fn committee_at(at: &At, epoch: u32) -> Result<Option<Committee>> {
	let storage = runtime::storage().custody();
	let Some(c) = fetch(at, storage.committees(), (epoch,)).await? else {
		return Ok(None);
	};
	let mut members = Vec::new();
	for (who, key_id) in c.custodians.0 {
		let key = fetch(at, storage.custody_keys(), (who,))
			.await?
			.ok_or_else(|| {
				CliError::new(Kind::Chain, format!("custodian {who} has no custody key"))
			})?;
		let public = PublicKey::from_spki_der(&key.spki.0)?;
		if public.key_id() != key_id {
			return Err(CliError::new(
				Kind::Integrity,
				format!(
					"custodian {who} replaced its custody key after epoch {epoch} was set: the \
					 committee names {}",
					hex0x(&key_id)
				),
			));
		}
		members.push((who, public));
	}
	Ok(Some(Committee {
		threshold: c.threshold,
		members,
	}))
}

/// How new SMeRs are sealed on this chain: for the current committee, if there is one.
pub async fn current_plan(chain: &Chain) -> Result<Option<CustodyPlan>> {
	let at = chain.best().await?;
	let epoch = fetch(&at, runtime::storage().custody().current_epoch(), ())
		.await?
		.unwrap_or(0);
	if epoch == 0 {
		return Ok(None);
	}
	let c = committee_at(&at, epoch)
		.await?
		.ok_or_else(|| CliError::new(Kind::Chain, format!("no committee for epoch {epoch}")))?;
	Ok(Some(CustodyPlan {
		genesis: chain.genesis_hash().0,
		epoch,
		threshold: c.threshold,
		custodians: c.members.into_iter().map(|(_, k)| k).collect(),
	}))
}

pub async fn run(ctx: &Ctx<'_>, command: CustodyCommand) -> Result<()> {
	match command {
		CustodyCommand::Register { public, account } => {
			let signer = ctx.account(&account).await?;
			let key = load_public(&public)?;
			if !super::RELEASE_SUITES.contains(&key.algorithm().suite()) {
				return Err(CliError::failure(
					"a custody key is an HPKE key: generate it with `semres keygen --suite \
					 x25519-aes256gcm` (or xwing-aes256gcm)",
				));
			}
			let call = runtime::transactions()
				.custody()
				.register_custody_key(BoundedVec(key.to_spki_der().to_vec()));
			let included = ctx.submit("register custody key", &call, &signer).await?;
			let id = hex0x(&key.key_id());
			ctx.out.result(
				&format!(
					"custody key {id} of {} (block #{})",
					signer.id(),
					included.block_number
				),
				json!({ "custodian": signer.id().to_string(), "key_id": id, "block": included.block_number }),
			);
			Ok(())
		}
		CustodyCommand::SetCommittee {
			members,
			threshold,
			account,
		} => {
			let signer = ctx.account(&account).await?;
			let members = members
				.iter()
				.map(|m| chain::account(m))
				.collect::<Result<Vec<_>>>()?;
			let inner = runtime::runtime_types::semres_runtime::RuntimeCall::Custody(
				runtime::runtime_types::pallet_semres_custody::pallet::Call::set_committee {
					custodians: BoundedVec(members.clone()),
					threshold,
				},
			);
			let what = "set custody committee";
			let outcome = govern(ctx, what, inner, &signer, Need::TwoThirds).await?;
			let Outcome::Done(included) = outcome else {
				outcome.report(ctx, what, json!(null));
				return Ok(());
			};
			report_committee_set(ctx, &included, &members)
		}
		CustodyCommand::Show { epoch } => {
			let at = ctx.chain.best().await?;
			let current = fetch(&at, runtime::storage().custody().current_epoch(), ())
				.await?
				.unwrap_or(0);
			let epoch = epoch.unwrap_or(current);
			let c = committee_at(&at, epoch).await?.ok_or_else(|| {
				CliError::new(
					Kind::NotAnchored,
					format!("no custody committee for epoch {epoch} (current: {current})"),
				)
			})?;
			let members: Vec<_> = c
				.members
				.iter()
				.enumerate()
				.map(|(i, (a, k))| (i + 1, a.to_string(), hex0x(&k.key_id())))
				.collect();
			let mut human = format!(
				"custody committee, epoch {epoch}{}: {} of {}",
				if epoch == current { " (current)" } else { "" },
				c.threshold,
				members.len()
			);
			for (i, a, k) in &members {
				human.push_str(&format!("\n  share {i}: {a} (key {k})"));
			}
			ctx.out.result(
				&human,
				json!({ "epoch": epoch, "current": current, "threshold": c.threshold,
					"members": members.iter().map(|(i, a, k)| json!({"index": i, "account": a, "key_id": k})).collect::<Vec<_>>() }),
			);
			Ok(())
		}
	}
}
