//! A test runtime with System and Access, and a stub records registry.

use core::cell::RefCell;

use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use semres_primitives::{
	AnchorInfo, RecordClass, RecordId, RecordsInspect, SecurityLevel, Version,
};
use sp_runtime::BuildStorage;

use crate as pallet_access;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(RuntimeCall, RuntimeEvent, RuntimeError, RuntimeOrigin, RuntimeTask)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Access = pallet_access;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static RECORDS: RefCell<Vec<(RecordId, AnchorInfo<AccountId, u64>)>> = const { RefCell::new(Vec::new()) };
}

/// Adds version 1 of `record`, owned by `owner`.
pub fn add_record(record: RecordId, owner: AccountId, class: RecordClass, level: SecurityLevel) {
	RECORDS.with(|r| {
		r.borrow_mut().push((
			record,
			AnchorInfo {
				owner,
				author: owner,
				class,
				level,
				anchored_at: 1,
				erased: false,
			},
		))
	});
}

/// Marks `record` erased (crypto-shredded).
pub fn erase_record(record: RecordId) {
	RECORDS.with(|r| {
		for (id, anchor) in r.borrow_mut().iter_mut() {
			if *id == record {
				anchor.erased = true;
			}
		}
	});
}

pub struct StubRecords;
impl RecordsInspect<AccountId, u64> for StubRecords {
	fn latest_version(record: &RecordId) -> Option<Version> {
		RECORDS.with(|r| r.borrow().iter().any(|(id, _)| id == record).then_some(1))
	}
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, u64>> {
		if version != 1 {
			return None;
		}
		RECORDS.with(|r| {
			r.borrow()
				.iter()
				.find(|(id, _)| id == record)
				.map(|(_, a)| a.clone())
		})
	}
}

parameter_types! {
	pub const EmergencyDuration: u64 = 20;
	pub const EmergencyRatePeriod: u64 = 100;
}

impl pallet_access::Config for Test {
	type Records = StubRecords;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxKeyLen = ConstU32<1300>;
	type MaxKeysPerAccount = ConstU32<3>;
	type MaxCidLen = ConstU32<64>;
	type MaxApprovers = ConstU32<4>;
	type MaxGrantsPerGrantee = ConstU32<4>;
	type EmergencyDuration = EmergencyDuration;
	type EmergencyRateLimit = ConstU32<2>;
	type EmergencyRatePeriod = EmergencyRatePeriod;
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

pub fn new_test_ext() -> sp_io::TestExternalities {
	let t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn run_to(n: u64) {
	System::set_block_number(n);
}
