//! A test runtime: System, Balances (deposits on the hold API) and Custody, with a stub
//! consortium registry, records registry and access rules that each test fills.

use core::cell::RefCell;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, ConstU64, LinearStoragePrice},
};
use semres_primitives::{
	AccessInspect, AnchorInfo, RecordId, RecordSummary, RecordsInspect, Role, RolesInspect, Version,
};
use sp_runtime::BuildStorage;

use crate as pallet_custody;

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
	pub type Custody = pallet_custody;
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
	static HOSPITALS: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	static VERSIONS: RefCell<Vec<(RecordId, Version, Option<u64>)>> = const { RefCell::new(Vec::new()) };
	static READERS: RefCell<Vec<(AccountId, RecordId, u64, u64)>> = const { RefCell::new(Vec::new()) };
}

/// Makes `who` a hospital.
pub fn hospital(who: AccountId) {
	HOSPITALS.with(|h| h.borrow_mut().push(who));
}
/// Takes the hospital role from `who`.
pub fn leave(who: AccountId) {
	HOSPITALS.with(|h| h.borrow_mut().retain(|x| *x != who));
}
/// Anchors `version` of `record`.
pub fn anchor(record: RecordId, version: Version) {
	VERSIONS.with(|v| v.borrow_mut().push((record, version, None)));
}
/// Erases `record` (every version) at the current block.
pub fn erase(record: RecordId) {
	let now = System::block_number();
	VERSIONS.with(|v| {
		for entry in v.borrow_mut().iter_mut().filter(|e| e.0 == record) {
			entry.2 = Some(now);
		}
	});
}
/// Ends `reader`'s access to `record` from the current block on (a revocation).
pub fn revoke(reader: AccountId, record: RecordId) {
	let now = System::block_number();
	READERS.with(|r| {
		for entry in r.borrow_mut().iter_mut() {
			if entry.0 == reader && entry.1 == record {
				entry.3 = entry.3.min(now);
			}
		}
	});
}
/// Lets `reader` read `record` in blocks `from .. until`.
pub fn allow(reader: AccountId, record: RecordId, from: u64, until: u64) {
	READERS.with(|r| r.borrow_mut().push((reader, record, from, until)));
}

pub struct TestRoles;
impl RolesInspect<AccountId> for TestRoles {
	fn has_role(who: &AccountId, role: Role) -> bool {
		role == Role::Hospital && HOSPITALS.with(|h| h.borrow().contains(who))
	}
	fn institution_of(_: &AccountId) -> Option<AccountId> {
		None
	}
}

pub struct TestRecords;
impl RecordsInspect<AccountId, u64> for TestRecords {
	fn record(_: &RecordId) -> Option<RecordSummary<AccountId, u64>> {
		None
	}
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, u64>> {
		VERSIONS.with(|v| {
			v.borrow()
				.iter()
				.find(|e| e.0 == *record && e.1 == version)
				.map(|e| AnchorInfo {
					owner: 100,
					author: 100,
					institution: None,
					anchored_at: 1,
					erased_at: e.2,
					settled: None,
				})
		})
	}
}

pub struct TestAccess;
impl AccessInspect<AccountId, u64> for TestAccess {
	fn may_read(reader: &AccountId, record: &RecordId, at: u64) -> bool {
		READERS.with(|r| {
			r.borrow().iter().any(|(who, rec, from, until)| {
				who == reader && rec == record && *from <= at && at < *until
			})
		})
	}
	fn may_read_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

parameter_types! {
	pub const DepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Custody(pallet_custody::HoldReason::StorageDeposit);
}

impl pallet_custody::Config for Test {
	type Roles = TestRoles;
	type Records = TestRecords;
	type Access = TestAccess;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Deposit = HoldConsideration<
		AccountId,
		Balances,
		DepositReason,
		LinearStoragePrice<ConstU128<10>, ConstU128<1>, Balance>,
	>;
	type MaxCustodians = ConstU32<8>;
	type MaxKeyLen = ConstU32<64>;
	type MaxShareLen = ConstU32<128>;
	type RequestLifetime = ConstU64<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchHelper {
	fn make_hospital(who: &AccountId) {
		hospital(*who);
	}
	fn readable_record(reader: &AccountId) -> RecordId {
		let record = RecordId::repeat_byte(0x0c);
		anchor(record, 1);
		allow(*reader, record, 0, u64::MAX);
		record
	}
}

/// Test externalities at block 1; accounts 1 ..= 9 and 100 hold 100 000 each.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).chain([100]).map(|a| (a, 100_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		HOSPITALS.with(|h| h.borrow_mut().clear());
		VERSIONS.with(|v| v.borrow_mut().clear());
		READERS.with(|r| r.borrow_mut().clear());
		System::set_block_number(1);
	});
	ext
}
