//! `semres`: the SEMRES command-line tool. Offline commands: keys, sealing and opening SMeRs,
//! sharing, re-keying, hashes, CIDs and the DERy store.

mod cli;
mod error;
mod keys;
mod output;
mod record;
mod store;

use clap::Parser;

fn main() {
	let cli = cli::Cli::parse();
	let out = output::Output::new(cli.json);
	let result = match cli.command {
		cli::Command::Keygen(a) => keys::keygen(&out, a),
		cli::Command::Seal(a) => record::seal(&out, a),
		cli::Command::Open(a) => record::open(&out, a),
		cli::Command::Share(a) => record::share(&out, a),
		cli::Command::Rekey(a) => record::rekey(&out, a),
		cli::Command::Inspect(a) => record::inspect(&out, a),
		cli::Command::Hash(a) => record::hash(&out, a),
		cli::Command::Cid(a) => record::cid(&out, a),
		cli::Command::Store(a) => store::run(&out, a),
	};
	if let Err(e) = result {
		out.error(&e);
		std::process::exit(e.exit_code());
	}
}
