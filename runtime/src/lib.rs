//! # SEMRES runtime
//!
//! The state machine of the SEMRES consortium chain: a proof-of-authority chain (Aura authoring,
//! GRANDPA finality) run by hospitals. It anchors Secured encrypted Medical Records (SMeRs) and
//! settles telemedicine payments; this crate composes the FRAME pallets that do it.
//!
//! Layout: [`configs`] holds each pallet's configuration, [`apis`] the runtime APIs the node and
//! clients call, [`genesis`] the named genesis presets (`development`, `local_testnet`).

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` expands to large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// The runtime macros expand to code that names `Vec`.
use alloc::vec::Vec;

pub mod apis;
pub mod configs;
pub mod genesis;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;

/// Block number: 32 bits last ~800 years at 6 s blocks.
pub type BlockNumber = u32;
/// Transaction signature: sr25519, ed25519 or ECDSA.
pub type Signature = MultiSignature;
/// An account id is the public key of the signing scheme: a pseudonymous identifier.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account, in the smallest unit (see [`UNIT`]).
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block and state hash.
pub type Hash = sp_core::H256;

/// Token symbol shown by wallets (chain property `tokenSymbol`).
pub const TOKEN_SYMBOL: &str = "SEMR";
/// Decimals of the token (chain property `tokenDecimals`).
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix (42: the generic Substrate format that every wallet understands).
pub const SS58_PREFIX: u16 = 42;
/// One token in the smallest unit.
pub const UNIT: Balance = 10u128.pow(TOKEN_DECIMALS as u32);
/// A thousandth of a token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target block time. Aura slots are this long; changing it on a live chain stops authoring.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;
/// Aura slot length.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

// `VERSION`: the runtime version, written by `build.rs` (where `SPEC_VERSION` is kept), so that
// the network test can build the runtime it upgrades to: the same code, `spec_version` + 1.
include!(concat!(env!("OUT_DIR"), "/version.rs"));

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

impl_opaque_keys! {
	/// The consensus keys of an authority node (Aura authoring, GRANDPA voting).
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Transaction extensions: what a signed transaction carries and checks besides its call.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on a runtime upgrade, each guarded by its pallet's storage version
/// (no-ops on a chain started with this runtime). Records first: Payment's moves the settled
/// anchors into Records.
type Migrations = (
	pallet_semres_records::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_semres_records::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_semres_access::migrations::v1::MigrateV0ToV1<Runtime>,
	pallet_semres_payment::migrations::v1::MigrateV0ToV1<Runtime>,
);

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The pallets whose weights `semres-node benchmark pallet` measures.
#[cfg(feature = "runtime-benchmarks")]
mod benches {
	pub use super::*;
	pub use frame_benchmarking::baseline::Pallet as BaselineBench;
	pub use frame_system_benchmarking::Pallet as SystemBench;

	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, BaselineBench::<Runtime>]
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_utility, Utility]
		[pallet_semres_records, Records]
		[pallet_semres_access, Access]
		[pallet_semres_payment, Payment]
		[pallet_semres_custody, Custody]
	);
}

#[frame_support::runtime]
mod runtime {
	/// The SEMRES runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	// Consortium governance (see `configs::governance`).
	#[runtime::pallet_index(8)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(14)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(15)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(16)]
	pub type AuthorityMembership = pallet_membership<Instance2>;
	#[runtime::pallet_index(17)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(18)]
	pub type Whitelist = pallet_whitelist;
	#[runtime::pallet_index(19)]
	pub type NodeAuthorization = pallet_node_authorization;

	// SEMRES pallets.
	#[runtime::pallet_index(10)]
	pub type Records = pallet_semres_records;
	#[runtime::pallet_index(11)]
	pub type Access = pallet_semres_access;
	#[runtime::pallet_index(12)]
	pub type Payment = pallet_semres_payment;
	#[runtime::pallet_index(13)]
	pub type Custody = pallet_semres_custody;
}
