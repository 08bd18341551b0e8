//! `semres session set-keys`: a hospital node's session keys. The node generates them into
//! its keystore for the hospital's account (`author_rotateKeysWithOwner`, which also returns a
//! proof that the keys' holder agreed to that owner) and the hospital registers both with
//! `session.set_keys`; an authority member's keys author from the session after next.

use semres_client::runtime;
use serde_json::json;

use crate::{
	chain::{hex0x, Ctx},
	cli::SessionCommand,
	error::{CliError, Kind, Result},
};

pub async fn run(ctx: &Ctx<'_>, command: SessionCommand) -> Result<()> {
	let SessionCommand::SetKeys { node, account } = command;
	let signer = ctx.account(&account).await?;
	let node = semres_client::Chain::connect(&node).await?;
	let generated = node.rotate_keys_with_owner(&signer.id()).await?;
	let keys = subxt::ext::codec::Decode::decode(&mut &generated.keys[..])
		.map_err(|e| CliError::new(Kind::Chain, format!("session keys: {e}")))?;
	let call = runtime::transactions()
		.session()
		.set_keys(keys, generated.proof);
	let included = ctx.submit("set session keys", &call, &signer).await?;
	ctx.out.result(
		&format!(
			"session keys of {} set in block #{} (they author from the session after \
				 next, if {} is an authority member)",
			signer.id(),
			included.block_number,
			signer.id()
		),
		json!({ "account": signer.id().to_string(), "keys": hex0x(&generated.keys),
				"block": included.block_number }),
	);
	Ok(())
}
