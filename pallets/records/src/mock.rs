//! A test runtime: System, Timestamp, Balances and Records, with sr25519 owners
//! (MultiSignature), deposits held with the fungible hold API, and a consortium registry that
//! each test fills (hospitals and their practitioners).

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, LinearStoragePrice},
};
use semres_primitives::{Role, RolesInspect};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::IdentityLookup, AccountId32, BuildStorage, MultiSignature};

use crate as pallet_records;

type Block = frame_system::mocking::MockBlock<Test>;
pub type Balance = u128;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeTask,
		RuntimeHoldReason,
		RuntimeFreezeReason
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type Records = pallet_records;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId32;
	type Lookup = IdentityLookup<AccountId32>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static ROLES: RefCell<BTreeMap<(AccountId32, u8), Option<AccountId32>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Gives `who` `role` for the current test (`institution` for practitioners).
pub fn give_role(who: &AccountId32, role: Role, institution: Option<AccountId32>) {
	ROLES.with(|r| {
		r.borrow_mut()
			.insert((who.clone(), role as u8), institution)
	});
}

/// Takes `role` away from `who`.
pub fn take_role(who: &AccountId32, role: Role) {
	ROLES.with(|r| r.borrow_mut().remove(&(who.clone(), role as u8)));
}

pub struct TestRoles;
impl RolesInspect<AccountId32> for TestRoles {
	/// As pallet `Access` answers: a member of an institution that left holds no role.
	fn has_role(who: &AccountId32, role: Role) -> bool {
		match ROLES.with(|r| r.borrow().get(&(who.clone(), role as u8)).cloned()) {
			None => false,
			Some(None) => true,
			Some(Some(institution)) => Self::has_role(&institution, Role::Hospital),
		}
	}
	fn institution_of(who: &AccountId32) -> Option<AccountId32> {
		let institution = ROLES.with(|r| {
			r.borrow()
				.get(&(who.clone(), Role::Practitioner as u8))
				.cloned()
				.flatten()
		})?;
		Self::has_role(&institution, Role::Hospital).then_some(institution)
	}
}

parameter_types! {
	pub const RetentionPeriod: u64 = 10;
	pub const DepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Records(pallet_records::HoldReason::StorageDeposit);
}

/// A deposit of 100 plus 1 per byte of the items' maximum encoded length.
pub type TestDeposit = HoldConsideration<
	AccountId32,
	Balances,
	DepositReason,
	LinearStoragePrice<ConstU128<100>, ConstU128<1>, Balance>,
>;

impl pallet_records::Config for Test {
	type OwnerSignature = MultiSignature;
	type Roles = TestRoles;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId32>;
	type Time = Timestamp;
	type Deposit = TestDeposit;
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
		let hospital = Sr25519Keyring::Ferdie.to_account_id();
		let dave = Sr25519Keyring::Dave.to_account_id();
		give_role(&hospital, Role::Hospital, None);
		give_role(&dave, Role::Practitioner, Some(hospital));
		dave
	}
}

pub fn account(k: Sr25519Keyring) -> AccountId32 {
	k.to_account_id()
}

/// Everyone's starting balance.
pub const START: Balance = 1_000_000;

/// Test externalities at block 1, with a known genesis hash; the well-known accounts hold
/// [`START`] each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: Sr25519Keyring::iter()
			.map(|k| (k.to_account_id(), START))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		ROLES.with(|r| r.borrow_mut().clear());
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
