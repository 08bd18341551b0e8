//! `semres member add|remove|officers`: the consortium registry. Its calls need the governance
//! origin (a council majority, or sudo on the `development` preset): see [`crate::council`].

use semres_client::runtime::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec, pallet_semres_access::pallet::Call,
	semres_primitives::codes::Role, semres_runtime::RuntimeCall,
};
use serde_json::json;

use crate::{
	chain::{self, Ctx},
	cli::MemberCommand,
	council::{batch, govern, Need},
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
			let (code, institution) = (
				role(&r)?,
				institution.as_deref().map(chain::account).transpose()?,
			);
			let calls = who
				.iter()
				.map(|w| {
					Ok(RuntimeCall::Access(Call::add_member {
						who: chain::account(w)?,
						role: code.clone(),
						institution: institution.clone(),
					}))
				})
				.collect::<Result<Vec<_>>>()?;
			(
				format!("add {} as {r}", who.join(", ")),
				batch(calls),
				account,
			)
		}
		MemberCommand::Remove {
			who,
			role: r,
			account,
		} => {
			let call = RuntimeCall::Access(Call::remove_member {
				who: chain::account(&who)?,
				role: role(&r)?,
			});
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
			let call = RuntimeCall::Access(Call::set_emergency_officers {
				officers: BoundedVec(accounts),
				threshold,
			});
			(
				format!("set {} emergency officers", officers.len()),
				call,
				account,
			)
		}
	};
	let signer = ctx.account(&account).await?;
	govern(ctx, &what, call, &signer, Need::Majority)
		.await?
		.report(ctx, &what, json!(null));
	Ok(())
}
