//! `semres`: the SEMRES command-line tool. Offline commands: keys, sealing and opening SMeRs,
//! sharing, re-keying, hashes, CIDs and the DERy store. Chain commands (through
//! `semres-client`): registering keys, putting and getting records, grants, requests,
//! emergency access and telemedicine services.

mod anchor;
mod audit;
mod chain;
mod cli;
mod council;
mod custody;
mod error;
mod formats;
mod grant;
mod keys;
mod member;
mod output;
mod record;
mod service;
mod session;
mod store;
mod vpi;

use clap::Parser;

fn main() {
	let cli = cli::Cli::parse();
	let out = output::Output::new(cli.json);
	let (url, finalized) = (cli.url.clone(), cli.finalized);
	let result = match cli.command {
		cli::Command::Keygen(a) => keys::keygen(&out, a),
		cli::Command::Seal(a) => record::seal(&out, a),
		cli::Command::Open(a) => record::open(&out, a, &url),
		cli::Command::Share(a) => record::share(&out, a, &url),
		cli::Command::Rekey(a) => record::rekey(&out, a, &url),
		cli::Command::Inspect(a) => record::inspect(&out, a),
		cli::Command::Hash(a) => record::hash(&out, a),
		cli::Command::Cid(a) => record::cid(&out, a),
		cli::Command::Store(a) => store::run(&out, a),
		cli::Command::Vpi(a) => vpi::run(&out, a),
		cli::Command::Custodian(a) => custody::custodian::run(a),
		chain_command => chain::run(async {
			let ctx = chain::Ctx::connect(&out, &url, finalized).await?;
			dispatch(&ctx, chain_command).await
		}),
	};
	if let Err(e) = result {
		out.error(&e);
		std::process::exit(e.exit_code());
	}
}

/// Runs a chain command.
async fn dispatch(ctx: &chain::Ctx<'_>, command: cli::Command) -> error::Result<()> {
	use cli::{Command, KeysCommand, RecordCommand};
	match command {
		Command::Keys(KeysCommand::Register { public, account }) => {
			grant::register_key(ctx, &public, &account).await
		}
		Command::Record(RecordCommand::Put(a)) => anchor::put(ctx, a).await,
		Command::Record(RecordCommand::Get(a)) => anchor::get(ctx, a).await,
		Command::Record(RecordCommand::Amend(a)) => anchor::amend(ctx, a).await,
		Command::Record(RecordCommand::History { record }) => anchor::history(ctx, &record).await,
		Command::Record(RecordCommand::List {
			owner: Some(owner), ..
		}) => anchor::list(ctx, &owner).await,
		Command::Record(RecordCommand::List { owner: None, vpi }) => vpi::list(ctx, &vpi).await,
		Command::Record(RecordCommand::Tag {
			record,
			vpi,
			account,
		}) => vpi::tag(ctx, &record, &vpi, &account).await,
		Command::Record(RecordCommand::Untag { record, account }) => {
			vpi::untag(ctx, &record, &account).await
		}
		Command::Grant(a) => grant::grant(ctx, a).await,
		Command::Revoke(a) => grant::revoke(ctx, a).await,
		Command::Request(a) => grant::request(ctx, a).await,
		Command::Approve(a) => grant::approve(ctx, a).await,
		Command::Reject(a) => grant::reject(ctx, a).await,
		Command::Emergency(c) => grant::emergency(ctx, c).await,
		Command::Service(c) => service::run(ctx, c).await,
		Command::Member(c) => member::run(ctx, c).await,
		Command::Council(c) => council::run(ctx, c).await,
		Command::Session(c) => session::run(ctx, c).await,
		Command::Custody(c) => custody::run(ctx, c).await,
		Command::Audit(a) => audit::run(ctx, a).await,
		offline => unreachable!("{offline:?} is an offline command"),
	}
}
