//! A test runtime: System, Timestamp and Records, with sr25519 owners (MultiSignature) and a
//! configurable set of registered practitioners.

use core::cell::RefCell;

use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use semres_primitives::{Role, RolesInspect};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature};

use crate as pallet_records;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Records = pallet_records;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

thread_local! {
	static PRACTITIONERS: RefCell<Vec<AccountId32>> = const { RefCell::new(Vec::new()) };
}

/// Registers `who` as a practitioner for the current test.
pub fn register_practitioner(who: &AccountId32) {
	PRACTITIONERS.with(|p| p.borrow_mut().push(who.clone()));
}

pub struct TestRoles;
impl RolesInspect<AccountId32> for TestRoles {
	fn has_role(who: &AccountId32, role: Role) -> bool {
		role == Role::Practitioner && PRACTITIONERS.with(|p| p.borrow().contains(who))
	}
	fn institution_of(_: &AccountId32) -> Option<AccountId32> {
		None
	}
}

parameter_types! {
	pub const RetentionPeriod: u64 = 10;
}

impl pallet_records::Config for Test {
	type OwnerSignature = MultiSignature;
	type Roles = TestRoles;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId32>;
	type Time = Timestamp;
	type RetentionPeriod = RetentionPeriod;
	type MaxCidLen = ConstU32<64>;
	type MaxRecipients = ConstU32<8>;
	type MaxVersions = ConstU32<5>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId32, MultiSignature> for BenchHelper {
	fn owner() -> AccountId32 {
		Sr25519Keyring::Alice.to_account_id()
	}
	fn sign(_: &AccountId32, payload: &[u8]) -> MultiSignature {
		use sp_core::Pair;
		MultiSignature::Sr25519(Sr25519Keyring::Alice.pair().sign(payload))
	}
	fn practitioner() -> AccountId32 {
		let dave = Sr25519Keyring::Dave.to_account_id();
		register_practitioner(&dave);
		dave
	}
}

pub fn account(k: Sr25519Keyring) -> AccountId32 {
	k.to_account_id()
}

/// Test externalities at block 1, with a known genesis hash.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		frame_system::BlockHash::<Test>::insert(0, sp_core::H256::repeat_byte(0x6e));
		pallet_timestamp::Now::<Test>::put(1_767_225_600_000);
	});
	ext
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
