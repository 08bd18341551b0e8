//! `semres-node`: a SEMRES consortium node (Aura authoring, GRANDPA finality, ParityDb).

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
