//! Virtual patient identifiers: `semres vpi secret|derive`, `record list|tag|untag` by
//! patient, and the tag `record put --patient-id` adds to its anchor. The national id is
//! derived into the identifier here, with the consortium's secret; only the identifier goes
//! on chain (see `docs/auditor.md`, "Virtual patient identifiers").

use std::{collections::BTreeSet, path::Path};

use semres_ceda::VpiSecret;
use semres_client::{runtime, H256};
use serde_json::json;

use crate::{
	chain::{self, hex0x, Ctx},
	cli::{AccountArgs, PasswordArgs, VpiArgs, VpiCommand},
	error::{CliError, Kind, Result},
	keys::{load_pem, password, write_new},
	output::Output,
};

/// The offline commands: a new secret, a derivation.
pub fn run(out: &Output, cmd: VpiCommand) -> Result<()> {
	match cmd {
		VpiCommand::Secret {
			output,
			password: pw,
		} => {
			let pass = password(&pw, true)?.ok_or_else(|| {
				CliError::new(
					Kind::Credentials,
					"a password is required to encrypt the VPI secret: use --password-file or \
					 --password-env",
				)
			})?;
			let pem = VpiSecret::generate()?.to_pem(Some(pass.as_bytes()))?;
			write_new(&output, pem.as_bytes(), true)?;
			out.result(
				&format!("wrote {} (encrypted)", output.display()),
				json!({ "vpi_secret": output, "encrypted": true }),
			);
			Ok(())
		}
		VpiCommand::Derive {
			patient_id,
			vpi_secret,
			password: pw,
		} => {
			let vpi = derive(&patient_id, &vpi_secret, &pw)?;
			out.result(&hex0x(&vpi.0), json!({ "vpi": hex0x(&vpi.0) }));
			Ok(())
		}
	}
}

/// The identifier `args` name, if any: derived from --patient-id with --vpi-secret, or given
/// with --vpi.
pub fn resolve(args: &VpiArgs) -> Result<Option<H256>> {
	match (&args.patient_id, &args.vpi_secret, &args.vpi) {
		(Some(id), Some(secret), None) => derive(id, secret, &args.password).map(Some),
		(None, None, Some(hex)) => semres_client::account::decode_hex(hex)
			.map(|b| Some(H256(b)))
			.ok_or_else(|| {
				CliError::failure(format!(
					"'{hex}' is not a virtual patient identifier (64 hex digits)"
				))
			}),
		(None, None, None) => Ok(None),
		_ => Err(CliError::failure(
			"give --patient-id with --vpi-secret, or --vpi",
		)),
	}
}

/// As [`resolve`], when an identifier is required.
fn required(args: &VpiArgs) -> Result<H256> {
	resolve(args)?.ok_or_else(|| {
		CliError::failure("name the patient: --patient-id with --vpi-secret, or --vpi")
	})
}

fn derive(national_id: &str, secret: &Path, pw: &PasswordArgs) -> Result<H256> {
	let secret = load_pem(secret, pw, VpiSecret::from_pem)?;
	Ok(H256(secret.derive(national_id)?))
}

/// The call that tags `record` with `vpi`.
pub fn tag_call(record: H256, vpi: H256) -> runtime::runtime_types::semres_runtime::RuntimeCall {
	use runtime::runtime_types::{
		pallet_semres_records::pallet::Call, semres_runtime::RuntimeCall,
	};
	RuntimeCall::Records(Call::set_vpi { record, vpi })
}

pub async fn tag(ctx: &Ctx<'_>, record: &str, args: &VpiArgs, account: &AccountArgs) -> Result<()> {
	let record = chain::record_id(record)?;
	let vpi = required(args)?;
	let call = runtime::transactions().records().set_vpi(record, vpi);
	submit(ctx, "tag", &call, record, account).await
}

pub async fn untag(ctx: &Ctx<'_>, record: &str, account: &AccountArgs) -> Result<()> {
	let record = chain::record_id(record)?;
	let call = runtime::transactions().records().clear_vpi(record);
	submit(ctx, "untag", &call, record, account).await
}

/// Submits `call` (`what`: tag or untag) about `record`, signed by `account`.
async fn submit<C: subxt::transactions::Payload>(
	ctx: &Ctx<'_>,
	what: &str,
	call: &C,
	record: H256,
	account: &AccountArgs,
) -> Result<()> {
	let signer = ctx.account(account).await?;
	let included = ctx.submit(what, call, &signer).await?;
	ctx.out.result(
		&format!(
			"record {}: {what} in block #{}",
			hex0x(&record.0),
			included.block_number
		),
		json!({ "record": hex0x(&record.0), "block": included.block_number }),
	);
	Ok(())
}

/// Every record under the patient's identifier, with its owner and who tagged it. More than
/// one owner is reported: someone tagged their own records with this patient's identifier, or
/// the patient holds several accounts; the owners' grants decide what anyone may read.
pub async fn list(ctx: &Ctx<'_>, args: &VpiArgs) -> Result<()> {
	let vpi = required(args)?;
	let api = runtime::runtime_apis().records_api();
	let all = chain::all_pages(
		|after| {
			let page = api.records_by_vpi(vpi, after, chain::PAGE);
			async move { Ok(ctx.chain.query(page).await?) }
		},
		|m| m.record,
	)
	.await?;
	let owners: BTreeSet<String> = all.iter().map(|m| m.owner.to_string()).collect();
	if owners.len() > 1 {
		ctx.out.step(&format!(
			"warning: {} different owners hold records under this identifier",
			owners.len()
		));
	}
	let human = if all.is_empty() {
		"no records under this identifier".to_string()
	} else {
		all.iter()
			.map(|m| {
				format!(
					"{}  owner {}  tagged by {}",
					hex0x(&m.record.0),
					m.owner,
					if m.set_by == m.owner {
						"the owner".to_string()
					} else {
						m.set_by.to_string()
					}
				)
			})
			.collect::<Vec<_>>()
			.join("\n")
	};
	let records: Vec<_> = all
		.iter()
		.map(|m| {
			json!({ "record": hex0x(&m.record.0), "owner": m.owner.to_string(),
				"set_by": m.set_by.to_string() })
		})
		.collect();
	ctx.out.result(
		&human,
		json!({ "vpi": hex0x(&vpi.0), "records": records, "owners": owners.len() }),
	);
	Ok(())
}
