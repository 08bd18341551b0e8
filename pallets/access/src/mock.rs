//! A test runtime with System, Balances (deposits on the fungible hold API) and Access, and a
//! stub records registry.

use core::cell::RefCell;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, LinearStoragePrice},
};
use semres_primitives::{
	AnchorInfo, RecordClass, RecordId, RecordSummary, RecordsInspect, SecurityLevel, Version,
};
use sp_runtime::BuildStorage;

use crate as pallet_access;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
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
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Access = pallet_access;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static RECORDS: RefCell<Vec<(RecordId, RecordSummary<AccountId, u64>)>> = const { RefCell::new(Vec::new()) };
}

/// Adds version 1 of `record`, owned by `owner`.
pub fn add_record(record: RecordId, owner: AccountId, class: RecordClass, level: SecurityLevel) {
	RECORDS.with(|r| {
		r.borrow_mut().push((
			record,
			RecordSummary {
				owner,
				class,
				level,
				latest: 1,
				erased_at: None,
			},
		))
	});
}

/// Marks `record` erased (crypto-shredded) now.
pub fn erase_record(record: RecordId) {
	let now = System::block_number();
	RECORDS.with(|r| {
		for (id, summary) in r.borrow_mut().iter_mut() {
			if *id == record {
				summary.erased_at = Some(now);
			}
		}
	});
}

pub struct StubRecords;
impl RecordsInspect<AccountId, u64> for StubRecords {
	fn record(record: &RecordId) -> Option<RecordSummary<AccountId, u64>> {
		RECORDS.with(|r| {
			r.borrow()
				.iter()
				.find(|(id, _)| id == record)
				.map(|(_, s)| s.clone())
		})
	}
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, u64>> {
		let s = Self::record(record).filter(|_| version == 1)?;
		Some(AnchorInfo {
			owner: s.owner,
			author: s.owner,
			institution: None,
			anchored_at: 1,
			erased_at: s.erased_at,
			settled: None,
		})
	}
}

parameter_types! {
	pub const EmergencyDuration: u64 = 20;
	pub const EmergencyRequestTtl: u64 = 10;
	pub const EmergencyRatePeriod: u64 = 100;
	pub const RequestTtl: u64 = 50;
	pub const PolicyChangeDelay: u64 = 30;
	pub const DepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Access(pallet_access::HoldReason::StorageDeposit);
}

/// Everyone's starting balance.
pub const START: Balance = 1_000_000;
/// The base of every deposit (plus 1 per byte of the item's maximum encoded length).
pub const DEPOSIT_BASE: Balance = 100;

impl pallet_access::Config for Test {
	type Records = StubRecords;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Deposit = HoldConsideration<
		AccountId,
		Balances,
		DepositReason,
		LinearStoragePrice<ConstU128<DEPOSIT_BASE>, ConstU128<1>, Balance>,
	>;
	type MaxKeyLen = ConstU32<1300>;
	type MaxKeysPerAccount = ConstU32<6>;
	type MaxCidLen = ConstU32<64>;
	type MaxApprovers = ConstU32<4>;
	type MaxGrantsPerPair = ConstU32<4>;
	type MaxOpenRequests = ConstU32<2>;
	type RequestTtl = RequestTtl;
	type PolicyChangeDelay = PolicyChangeDelay;
	type EmergencyRequestTtl = EmergencyRequestTtl;
	type EmergencyDuration = EmergencyDuration;
	type EmergencyRateLimit = ConstU32<2>;
	type EmergencyRatePeriod = EmergencyRatePeriod;
	type MaxEmergenciesPerPair = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchHelper {
	fn create_record(owner: &AccountId, seed: u32) -> RecordId {
		let id = sp_core::H256::from_low_u64_be(seed as u64 + 1);
		add_record(id, *owner, RecordClass::Outpatient, SecurityLevel::Private);
		id
	}
}

/// Test externalities at block 1; accounts 1 ..= 200 hold [`START`].
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=200).map(|a| (a, START)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		RECORDS.with(|r| r.borrow_mut().clear());
		System::set_block_number(1);
	});
	ext
}

pub fn run_to(n: u64) {
	System::set_block_number(n);
}
