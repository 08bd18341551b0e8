//! Governance from the command line: every call that needs the chain's governance origin goes
//! through [`govern`]. On a chain whose sudo key the signer holds (the `development` preset)
//! it is dispatched through `sudo.sudo`; on a consortium chain the signer, a council member,
//! proposes it as a council motion with the threshold its origin needs and votes aye; the
//! other hospitals `semres council vote` it, and the vote that reaches the threshold closes
//! the motion, which dispatches the call.
//!
//! Thresholds (`docs/operator.md`, governance): more than half of the council for roles,
//! disputes and record holds; two thirds for the council's and the authorities' membership,
//! custody committees and root-only calls (runtime upgrades, `grandpa.note_stalled`), which
//! the council whitelists and any member then dispatches.

use std::path::PathBuf;

use semres_client::{
	account::Account,
	runtime::{
		self,
		runtime_types::{
			frame_system::pallet::Call as SystemCall,
			pallet_collective::pallet::Call as CouncilCall,
			pallet_membership::pallet::Call as MembershipCall,
			pallet_node_authorization::pallet::Call as NodeCall,
			pallet_whitelist::pallet::Call as WhitelistCall, semres_runtime::RuntimeCall,
			sp_core::OpaquePeerId as PeerId, sp_weights::weight_v2::Weight,
		},
	},
	AccountId, Included, H256,
};
use serde_json::json;
use subxt::{config::Hasher, ext::codec::Encode};

use crate::{
	chain::{self, chain_err, fetch, hex0x, Ctx},
	cli::{CouncilCommand, RootCallArgs},
	error::{CliError, Kind, Result},
};

/// The share of the council a governance origin needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
	/// More than half (`EnsureProportionMoreThan<1, 2>`).
	Majority,
	/// At least two thirds (`EnsureProportionAtLeast<2, 3>`).
	TwoThirds,
}

impl Need {
	/// The ayes that pass a motion in a council of `seats`.
	pub fn ayes(self, seats: u32) -> u32 {
		match self {
			Need::Majority => seats / 2 + 1,
			Need::TwoThirds => (2 * seats).div_ceil(3),
		}
	}
}

/// An open council motion.
#[derive(Clone, Debug)]
pub struct Motion {
	pub hash: H256,
	pub index: u32,
	pub threshold: u32,
	pub ayes: u32,
	pub nays: u32,
}

/// What became of a governance call.
pub enum Outcome {
	/// Dispatched (through sudo, or by the motion that just passed) in this transaction.
	Done(Included),
	/// Proposed (or voted on) and still open: more hospitals must vote.
	Open(Motion),
}

impl Outcome {
	/// Prints the outcome of `what`: the block it was done in, or the motion and how to vote.
	pub fn report(&self, ctx: &Ctx<'_>, what: &str, done: serde_json::Value) {
		match self {
			Outcome::Done(included) => ctx.out.result(
				&format!("{what}: done in block #{}", included.block_number),
				json!({ "action": what, "block": included.block_number, "done": done }),
			),
			Outcome::Open(m) => ctx.out.result(
				&format!(
					"{what}: council motion {} open, {} of {} ayes (vote with `semres council \
					 vote {}`)",
					hex0x(&m.hash.0),
					m.ayes,
					m.threshold,
					hex0x(&m.hash.0)
				),
				json!({ "action": what, "motion": motion_json(m) }),
			),
		}
	}
}

fn motion_json(m: &Motion) -> serde_json::Value {
	json!({ "hash": hex0x(&m.hash.0), "index": m.index, "threshold": m.threshold,
		"ayes": m.ayes, "nays": m.nays })
}

/// Dispatches `call` with the governance origin `need` asks for: through sudo when `signer`
/// holds the chain's sudo key, else as a council motion that `signer` proposes and votes aye
/// for, left open for the other members (every threshold is at least two ayes).
pub async fn govern(
	ctx: &Ctx<'_>,
	what: &str,
	call: RuntimeCall,
	signer: &Account,
	need: Need,
) -> Result<Outcome> {
	let at = ctx.chain.best().await?;
	if fetch(&at, runtime::storage().sudo().key(), ())
		.await?
		.as_ref()
		== Some(&signer.id())
	{
		return Ok(Outcome::Done(sudo(ctx, what, call, signer).await?));
	}
	let seats = council_members(ctx).await?;
	if !seats.contains(&signer.id()) {
		return Err(CliError::new(
			Kind::Refused,
			format!(
				"{what}: {} is not on the council (and holds no sudo key): governance calls on \
				 this chain are council motions, proposed by a member hospital",
				signer.id()
			),
		));
	}
	if seats.len() < 2 {
		return Err(CliError::new(
			Kind::Refused,
			format!("{what}: a council of one cannot pass motions; admit a second hospital first"),
		));
	}
	let threshold = need.ayes(seats.len() as u32);
	// Propose and vote aye in one transaction: the motion's hash is the call's and its index
	// the next one (a motion proposed in the same block makes this fail as a whole).
	let length = call.encoded_size() as u32;
	let hash = blake2_256(&call.encode());
	let index = fetch(&at, runtime::storage().council().proposal_count(), ())
		.await?
		.unwrap_or(0);
	let calls = vec![
		RuntimeCall::Council(CouncilCall::propose {
			threshold,
			proposal: Box::new(call),
			length_bound: length,
		}),
		RuntimeCall::Council(CouncilCall::vote {
			proposal: hash,
			index,
			approve: true,
		}),
	];
	let tx = runtime::transactions().utility().batch_all(calls);
	ctx.submit(&format!("{what}: propose"), &tx, signer).await?;
	Ok(Outcome::Open(motion(ctx, hash).await?))
}

/// The council's members at the best block.
pub async fn council_members(ctx: &Ctx<'_>) -> Result<Vec<AccountId>> {
	let at = ctx.chain.best().await?;
	Ok(fetch(&at, runtime::storage().council().members(), ())
		.await?
		.unwrap_or_default())
}

/// The open motion `hash`.
pub async fn motion(ctx: &Ctx<'_>, hash: H256) -> Result<Motion> {
	let at = ctx.chain.best().await?;
	let v = fetch(&at, runtime::storage().council().voting(), (hash,))
		.await?
		.ok_or_else(|| {
			CliError::new(
				Kind::NotAnchored,
				format!("no open council motion {}", hex0x(&hash.0)),
			)
		})?;
	Ok(Motion {
		hash,
		index: v.index,
		threshold: v.threshold,
		ayes: v.ayes.len() as u32,
		nays: v.nays.len() as u32,
	})
}

/// Votes on motion `hash`. The aye that meets the threshold closes the motion in the same
/// transaction, which dispatches its call; so do nays that leave too few seats to meet it.
pub async fn vote(ctx: &Ctx<'_>, hash: H256, aye: bool, signer: &Account) -> Result<Outcome> {
	let m = motion(ctx, hash).await?;
	let seats = council_members(ctx).await?.len() as u32;
	let (ayes, nays) = if aye {
		(m.ayes + 1, m.nays)
	} else {
		(m.ayes, m.nays + 1)
	};
	let decides = ayes >= m.threshold || seats.saturating_sub(nays) < m.threshold;
	let vote = RuntimeCall::Council(CouncilCall::vote {
		proposal: hash,
		index: m.index,
		approve: aye,
	});
	let what = format!(
		"vote {} on {}",
		if aye { "aye" } else { "nay" },
		hex0x(&hash.0)
	);
	if !decides {
		let tx = runtime::transactions().utility().batch_all(vec![vote]);
		ctx.submit(&what, &tx, signer).await?;
		return Ok(Outcome::Open(motion(ctx, hash).await?));
	}
	let tx = runtime::transactions()
		.utility()
		.batch_all(vec![vote, close_call(ctx, &m).await?]);
	let included = ctx
		.submit(&format!("{what} and close"), &tx, signer)
		.await?;
	closed(ctx, included).await
}

/// Closes motion `m` (anyone may, once it is decided or its time ran out).
pub async fn close(ctx: &Ctx<'_>, m: &Motion, signer: &Account) -> Result<Outcome> {
	let tx = runtime::transactions()
		.utility()
		.batch_all(vec![close_call(ctx, m).await?]);
	let included = ctx
		.submit(&format!("close {}", hex0x(&m.hash.0)), &tx, signer)
		.await?;
	closed(ctx, included).await
}

/// `council.close` for `m`, bounded by its proposal's length and the council's weight limit.
async fn close_call(ctx: &Ctx<'_>, m: &Motion) -> Result<RuntimeCall> {
	let at = ctx.chain.best().await?;
	let proposal = fetch(&at, runtime::storage().council().proposal_of(), (m.hash,))
		.await?
		.ok_or_else(|| CliError::new(Kind::Chain, "the motion's proposal is gone"))?;
	let weight: Weight = at
		.constants()
		.entry(runtime::constants().council().max_proposal_weight())
		.map_err(chain_err)?;
	Ok(RuntimeCall::Council(CouncilCall::close {
		proposal_hash: m.hash,
		index: m.index,
		proposal_weight_bound: weight,
		length_bound: proposal.encoded_size() as u32,
	}))
}

/// The outcome of a transaction that closed a motion: done, or the dispatched call's named
/// error, or `Council.Disapproved` when the motion did not pass.
async fn closed(ctx: &Ctx<'_>, included: Included) -> Result<Outcome> {
	for ev in included.events.iter() {
		let ev = ev.map_err(chain_err)?;
		match (ev.pallet_name(), ev.event_name()) {
			("Council", "Executed") => {
				// Fields: proposal_hash (32 bytes), result: Result<(), DispatchError>.
				if let [1, error @ ..] = &ev.field_bytes()[32..] {
					return Err(dispatch_error(ctx, error).await);
				}
			}
			("Council", "Disapproved") => {
				return Err(semres_client::ClientError::Dispatch {
					name: "Council.Disapproved".into(),
				}
				.into())
			}
			_ => {}
		}
	}
	Ok(Outcome::Done(included))
}

/// The named error of a dispatch that failed (its SCALE-encoded `DispatchError`).
async fn dispatch_error(ctx: &Ctx<'_>, encoded: &[u8]) -> CliError {
	match ctx.chain.dispatch_error_name(encoded).await {
		Ok(name) => semres_client::ClientError::Dispatch { name }.into(),
		Err(e) => e.into(),
	}
}

/// Submits `call` through `sudo.sudo` signed by `signer`; fails with the inner call's named
/// dispatch error, which sudo reports in its `Sudid` event (`Result<(), DispatchError>`).
async fn sudo(ctx: &Ctx<'_>, what: &str, call: RuntimeCall, signer: &Account) -> Result<Included> {
	let sudo = runtime::transactions().sudo().sudo(call);
	let included = ctx.submit(what, &sudo, signer).await?;
	for ev in included.events.iter() {
		let ev = ev.map_err(chain_err)?;
		if ev.pallet_name() == "Sudo" && ev.event_name() == "Sudid" {
			if let [1, error @ ..] = ev.field_bytes() {
				return Err(dispatch_error(ctx, error).await);
			}
		}
	}
	Ok(included)
}

/// A root-only call from `--wasm FILE` (`system.set_code`) or `--call HEX` (any SCALE-encoded
/// runtime call).
fn root_call(args: &RootCallArgs) -> Result<Vec<u8>> {
	match (&args.wasm, &args.call) {
		(Some(path), None) => {
			let code = read(path)?;
			Ok(RuntimeCall::System(SystemCall::set_code { code }).encode())
		}
		(None, Some(text)) => hex::decode(text.trim_start_matches("0x"))
			.map_err(|_| CliError::failure(format!("--call: '{text}' is not hex"))),
		_ => Err(CliError::failure(
			"give exactly one of --wasm FILE and --call HEX",
		)),
	}
}

fn read(path: &PathBuf) -> Result<Vec<u8>> {
	std::fs::read(path)
		.map_err(|e| CliError::failure(format!("cannot read {}: {e}", path.display())))
}

fn blake2_256(bytes: &[u8]) -> H256 {
	subxt::config::substrate::BlakeTwo256.hash(bytes)
}

pub async fn run(ctx: &Ctx<'_>, command: CouncilCommand) -> Result<()> {
	match command {
		CouncilCommand::Motions => {
			let at = ctx.chain.best().await?;
			let hashes = fetch(&at, runtime::storage().council().proposals(), ())
				.await?
				.map(|b| b.0)
				.unwrap_or_default();
			let mut motions = Vec::new();
			for h in hashes {
				motions.push(motion(ctx, h).await?);
			}
			let mut human = format!("{} open council motion(s)", motions.len());
			for m in &motions {
				human.push_str(&format!(
					"\n  #{} {}: {} of {} ayes, {} nays",
					m.index,
					hex0x(&m.hash.0),
					m.ayes,
					m.threshold,
					m.nays
				));
			}
			let json: Vec<_> = motions.iter().map(motion_json).collect();
			ctx.out.result(&human, json!({ "motions": json }));
		}
		CouncilCommand::Vote {
			motion,
			nay,
			account,
		} => {
			let signer = ctx.account(&account).await?;
			let hash = motion_hash(&motion)?;
			let outcome = vote(ctx, hash, !nay, &signer).await?;
			outcome.report(ctx, &format!("motion {motion}"), json!(null));
		}
		CouncilCommand::Close {
			motion: hash,
			account,
		} => {
			let signer = ctx.account(&account).await?;
			let m = motion(ctx, motion_hash(&hash)?).await?;
			close(ctx, &m, &signer)
				.await?
				.report(ctx, &format!("close {hash}"), json!(null));
		}
		CouncilCommand::Admit {
			who,
			authority,
			node,
			account,
		} => {
			let signer = ctx.account(&account).await?;
			let who_id = chain::account(&who)?;
			let mut calls = vec![RuntimeCall::CouncilMembership(MembershipCall::add_member {
				who: subxt::utils::MultiAddress::Id(who_id.clone()),
			})];
			if authority {
				calls.push(RuntimeCall::AuthorityMembership(
					MembershipCall::add_member {
						who: subxt::utils::MultiAddress::Id(who_id.clone()),
					},
				));
			}
			if let Some(peer) = &node {
				calls.push(RuntimeCall::NodeAuthorization(
					NodeCall::add_well_known_node {
						node: peer_id(peer)?,
						owner: subxt::utils::MultiAddress::Id(who_id),
					},
				));
			}
			let what = format!(
				"admit {who}{}",
				if authority { " as an authority" } else { "" }
			);
			govern(ctx, &what, batch(calls), &signer, Need::TwoThirds)
				.await?
				.report(
					ctx,
					&what,
					json!({ "admitted": who, "authority": authority }),
				);
		}
		CouncilCommand::Expel { who, account } => {
			let signer = ctx.account(&account).await?;
			let who_id = chain::account(&who)?;
			let at = ctx.chain.best().await?;
			let mut calls = Vec::new();
			let on_council = council_members(ctx).await?.contains(&who_id);
			let authorities = fetch(&at, runtime::storage().authority_membership().members(), ())
				.await?
				.map(|b| b.0)
				.unwrap_or_default();
			if on_council {
				calls.push(RuntimeCall::CouncilMembership(
					MembershipCall::remove_member {
						who: subxt::utils::MultiAddress::Id(who_id.clone()),
					},
				));
			}
			if authorities.contains(&who_id) {
				calls.push(RuntimeCall::AuthorityMembership(
					MembershipCall::remove_member {
						who: subxt::utils::MultiAddress::Id(who_id),
					},
				));
			}
			let nodes = fetch(
				&at,
				runtime::storage().node_authorization().well_known_nodes(),
				(),
			)
			.await?
			.unwrap_or_default();
			for node in nodes {
				let owner = fetch(
					&at,
					runtime::storage().node_authorization().owners(),
					(node.clone(),),
				)
				.await?;
				if owner.as_ref() == Some(&who_id) {
					calls.push(RuntimeCall::NodeAuthorization(
						NodeCall::remove_well_known_node { node },
					));
				}
			}
			if calls.is_empty() {
				return Err(CliError::new(
					Kind::NotAnchored,
					format!("{who} is neither on the council nor an authority"),
				));
			}
			let what = format!("expel {who}");
			govern(ctx, &what, batch(calls), &signer, Need::TwoThirds)
				.await?
				.report(ctx, &what, json!({ "expelled": who }));
		}
		CouncilCommand::Whitelist { call, account } => {
			let signer = ctx.account(&account).await?;
			let hash = blake2_256(&root_call(&call)?);
			let what = format!("whitelist root call {}", hex0x(&hash.0));
			let inner = RuntimeCall::Whitelist(WhitelistCall::whitelist_call { call_hash: hash });
			govern(ctx, &what, inner, &signer, Need::TwoThirds)
				.await?
				.report(ctx, &what, json!({ "call_hash": hex0x(&hash.0) }));
		}
		CouncilCommand::Dispatch { call, account } => {
			let signer = ctx.account(&account).await?;
			let encoded = root_call(&call)?;
			let hash = blake2_256(&encoded);
			let call = runtime::transactions()
				.whitelist()
				.dispatch_whitelisted_call_with_preimage(decode_call(&encoded)?);
			let what = format!("dispatch whitelisted call {}", hex0x(&hash.0));
			let included = ctx.submit(&what, &call, &signer).await?;
			for ev in included.events.iter() {
				let ev = ev.map_err(chain_err)?;
				// WhitelistedCallDispatched { call_hash, result: Result<PostDispatchInfo,
				// DispatchErrorWithPostInfo> }: an error starts with 1 after the hash.
				if ev.pallet_name() == "Whitelist" && ev.event_name() == "WhitelistedCallDispatched"
				{
					if let [1, rest @ ..] = &ev.field_bytes()[32..] {
						// DispatchErrorWithPostInfo { post_info: (Option<Weight>, Pays), error }.
						let error = skip_post_info(rest).ok_or_else(|| {
							CliError::new(Kind::Chain, "undecodable dispatch result")
						})?;
						return Err(dispatch_error(ctx, error).await);
					}
				}
			}
			ctx.out.result(
				&format!("{what}: done in block #{}", included.block_number),
				json!({ "call_hash": hex0x(&hash.0), "block": included.block_number }),
			);
		}
	}
	Ok(())
}

/// A motion's hash (0x + 64 hex digits).
fn motion_hash(text: &str) -> Result<H256> {
	semres_client::account::decode_hex(text)
		.map(H256)
		.ok_or_else(|| CliError::failure(format!("'{text}' is not a motion hash (64 hex digits)")))
}

/// A libp2p peer id (base58, `12D3Koo...`) as node authorisation stores it (its bytes).
fn peer_id(text: &str) -> Result<PeerId> {
	let bytes = bs58::decode(text)
		.into_vec()
		.map_err(|_| CliError::failure(format!("'{text}' is not a peer id (base58)")))?;
	// An ed25519 peer id: identity multihash (0x00, 36 bytes) of its protobuf public key.
	if bytes.len() != 38 || bytes[..6] != [0x00, 0x24, 0x08, 0x01, 0x12, 0x20] {
		return Err(CliError::failure(format!(
			"'{text}' is not an ed25519 peer id (12D3Koo...)"
		)));
	}
	Ok(PeerId(bytes))
}

/// `utility.batch_all(calls)`, or the call itself when there is one.
pub fn batch(mut calls: Vec<RuntimeCall>) -> RuntimeCall {
	if calls.len() == 1 {
		return calls.remove(0);
	}
	RuntimeCall::Utility(runtime::runtime_types::pallet_utility::pallet::Call::batch_all { calls })
}

fn decode_call(encoded: &[u8]) -> Result<RuntimeCall> {
	subxt::ext::codec::Decode::decode(&mut &encoded[..])
		.map_err(|e| CliError::failure(format!("--call is not a runtime call of this chain: {e}")))
}

/// The encoded `DispatchError` after a `PostDispatchInfo` (`Option<Weight>`, `Pays`).
fn skip_post_info(bytes: &[u8]) -> Option<&[u8]> {
	use subxt::ext::codec::Decode;
	let mut input = bytes;
	let _: Option<Weight> = Decode::decode(&mut input).ok()?;
	let _: u8 = Decode::decode(&mut input).ok()?;
	Some(input)
}
