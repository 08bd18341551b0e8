//! `semres member add|remove|officers`: the consortium registry. Its calls need the governance
//! origin: on chains with sudo (the development presets) the signer submits them through
//! `sudo.sudo`; the council replaces that with the consortium-network issue.

use semres_client::runtime::{
	self,
	runtime_types::{
		bounded_collections::bounded_vec::BoundedVec, pallet_semres_access::pallet::Call,
		semres_primitives::codes::Role, semres_runtime::RuntimeCall,
	},
};
use serde_json::json;

use crate::{
	chain::{self, Ctx},
	cli::MemberCommand,
	error::{CliError, Result},
};

fn role(s: &str) -> Result<Role> {
	Ok(match s.to_lowercase().replace('_', "-").as_str() {
		"hospital" => Role::Hospital,
		"practitioner" => Role::Practitioner,
		"insurer" => Role::Insurer,
		"auditor" => Role::Auditor,
		"emergency-responder" => Role::EmergencyResponder,
		"privacy-officer" => Role::PrivacyOfficer,
		_ => {
			return Err(CliError::failure(format!(
				"unknown role '{s}'; one of: hospital, practitioner, insurer, auditor, \
				 emergency-responder, privacy-officer"
			)))
		}
	})
}

pub async fn run(ctx: &Ctx<'_>, cmd: MemberCommand) -> Result<()> {
	let (what, call, account) = match cmd {
		MemberCommand::Add {
			who,
			role: r,
			institution,
			account,
		} => {
			let call = Call::add_member {
				who: chain::account(&who)?,
				role: role(&r)?,
				institution: institution.as_deref().map(chain::account).transpose()?,
			};
			(format!("add {who} as {r}"), call, account)
		}
		MemberCommand::Remove {
			who,
			role: r,
			account,
		} => {
			let call = Call::remove_member {
				who: chain::account(&who)?,
				role: role(&r)?,
			};
			(format!("remove {who} as {r}"), call, account)
		}
		MemberCommand::Officers {
			officers,
			threshold,
			account,
		} => {
			let accounts = officers
				.iter()
				.map(|o| chain::account(o))
				.collect::<Result<Vec<_>>>()?;
			let call = Call::set_emergency_officers {
				officers: BoundedVec(accounts),
				threshold,
			};
			(
				format!("set {} emergency officers", officers.len()),
				call,
				account,
			)
		}
	};
	let signer = ctx.account(&account).await?;
	let included = sudo(ctx, &what, RuntimeCall::Access(call), &signer).await?;
	ctx.out.result(
		&format!("{what}: done in block #{}", included.block_number),
		json!({ "action": what, "block": included.block_number }),
	);
	Ok(())
}

/// Submits `call` through `sudo.sudo` signed by `signer`; fails with the inner call's named
/// dispatch error, which sudo reports in its `Sudid` event (`Result<(), DispatchError>`).
pub async fn sudo(
	ctx: &Ctx<'_>,
	what: &str,
	call: RuntimeCall,
	signer: &semres_client::account::Account,
) -> Result<semres_client::Included> {
	let sudo = runtime::transactions().sudo().sudo(call);
	let included = ctx.submit(what, &sudo, signer).await?;
	for ev in included.events.iter() {
		let ev = ev.map_err(|e| CliError::failure(e.to_string()))?;
		if ev.pallet_name() == "Sudo" && ev.event_name() == "Sudid" {
			if let [1, error @ ..] = ev.field_bytes() {
				let name = ctx.chain.dispatch_error_name(error).await?;
				return Err(semres_client::ClientError::Dispatch { name }.into());
			}
		}
	}
	Ok(included)
}
