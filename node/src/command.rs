//! Dispatch of the node's subcommands.

#[cfg(feature = "runtime-benchmarks")]
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use std::{future::Future, sync::Arc};

use sc_cli::SubstrateCli;
use sc_service::{Configuration, PartialComponents};
use semres_runtime::opaque::Block;

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"SEMRES Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"see README.md and docs/operator.md".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// What chain-maintenance subcommands use of the partial service.
struct Parts {
	client: Arc<service::FullClient>,
	backend: Arc<service::FullBackend>,
	import_queue: sc_consensus::DefaultImportQueue<Block>,
}

/// Runs a chain-maintenance subcommand on the partial service (no networking, no authoring).
fn with_partial<Cmd, Fut>(
	cli: &Cli,
	cmd: &Cmd,
	run: impl FnOnce(Parts, Configuration) -> Fut,
) -> sc_cli::Result<()>
where
	Cmd: sc_cli::CliConfiguration,
	Fut: Future<Output = sc_cli::Result<()>>,
{
	let runner = cli.create_runner(cmd)?;
	runner.async_run(|config| {
		let PartialComponents {
			client,
			backend,
			import_queue,
			task_manager,
			..
		} = service::new_partial(&config)?;
		Ok((
			run(
				Parts {
					client,
					backend,
					import_queue,
				},
				config,
			),
			task_manager,
		))
	})
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		}
		Some(Subcommand::ExportChainSpec(cmd)) => cmd.run(cli.load_spec(&cmd.chain)?),
		Some(Subcommand::CheckBlock(cmd)) => {
			with_partial(&cli, cmd, |p, _| cmd.run(p.client, p.import_queue))
		}
		Some(Subcommand::ExportBlocks(cmd)) => {
			with_partial(&cli, cmd, |p, config| cmd.run(p.client, config.database))
		}
		Some(Subcommand::ExportState(cmd)) => {
			with_partial(&cli, cmd, |p, config| cmd.run(p.client, config.chain_spec))
		}
		Some(Subcommand::ImportBlocks(cmd)) => {
			with_partial(&cli, cmd, |p, _| cmd.run(p.client, p.import_queue))
		}
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		}
		Some(Subcommand::Revert(cmd)) => with_partial(&cli, cmd, |p, _| {
			let aux_revert = Box::new(|client, _, blocks| {
				sc_consensus_grandpa::revert(client, blocks)?;
				Ok(())
			});
			cmd.run(p.client, p.backend, Some(aux_revert))
		}),
		#[cfg(not(feature = "runtime-benchmarks"))]
		Some(Subcommand::Benchmark { .. }) => Err("benchmarking is not built into this binary: \
			rebuild it with `cargo build -p semres-node --features runtime-benchmarks` (or run \
			scripts/bench-weights.sh)"
			.into()),
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => cmd
					.run_with_spec::<sp_runtime::traits::HashingFor<Block>, ()>(Some(
						config.chain_spec,
					)),
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				}
				BenchmarkCmd::Machine(cmd) => {
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone())
				}
				BenchmarkCmd::Storage(_)
				| BenchmarkCmd::Overhead(_)
				| BenchmarkCmd::Extrinsic(_) => Err(
					"semres-node supports `benchmark pallet`, `benchmark block` and `benchmark \
					 machine`; storage, overhead and extrinsic benchmarks are not wired in"
						.into(),
				),
			})
		}
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		}
		None => {
			let runner = cli.create_runner(&cli.run)?;
			runner.run_node_until_exit(|config| async move {
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<
							Block,
							<Block as sp_runtime::traits::Block>::Hash,
						>,
					>(config),
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config)
					}
				}
				.map_err(sc_cli::Error::Service)
			})
		}
	}
}
