//! A test runtime: System, Balances and Payment, with stand-ins for the consortium registry
//! (roles per test) and the records registry (anchors per test, and the anchors a booked
//! provider makes).

use core::cell::RefCell;
use std::collections::BTreeMap;

use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::HoldConsideration, ConstU128, ConstU32, ConstU64, LinearStoragePrice},
	BoundedVec,
};
use semres_primitives::{
	record_id, AnchorInfo, AnchorTarget, RecordClass, RecordId, RecordSummary, RecordsInspect,
	Role, RolesInspect, SecurityLevel, ServiceId, ServiceRecords, SmerRef, Version, H256,
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};

use crate as pallet_payment;

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

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
	pub type Payment = pallet_payment;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// The existential deposit.
pub const ED: Balance = 10;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static ROLES: RefCell<BTreeMap<(AccountId, u8), Option<AccountId>>> = const { RefCell::new(BTreeMap::new()) };
	static ANCHORS: RefCell<BTreeMap<(RecordId, Version), AnchorInfo<AccountId, u64>>> = const { RefCell::new(BTreeMap::new()) };
}

fn role_key(who: AccountId, role: Role) -> (AccountId, u8) {
	(who, role as u8)
}

/// Gives `who` a role for the current test (`institution` for practitioners).
pub fn grant_role(who: AccountId, role: Role, institution: Option<AccountId>) {
	ROLES.with(|r| r.borrow_mut().insert(role_key(who, role), institution));
}

/// Takes a role away.
pub fn take_role(who: AccountId, role: Role) {
	ROLES.with(|r| r.borrow_mut().remove(&role_key(who, role)));
}

pub struct TestRoles;
impl RolesInspect<AccountId> for TestRoles {
	fn has_role(who: &AccountId, role: Role) -> bool {
		ROLES.with(|r| r.borrow().contains_key(&role_key(*who, role)))
	}
	fn institution_of(who: &AccountId) -> Option<AccountId> {
		ROLES.with(|r| {
			r.borrow()
				.get(&role_key(*who, Role::Practitioner))
				.copied()
				.flatten()
		})
	}
}

/// Anchors `version` of a record owned by `owner`, authored by `author` for the institution
/// `author` acts for now, at the current block; returns the record id.
pub fn anchor(seed: u8, version: Version, owner: AccountId, author: AccountId) -> RecordId {
	let record = H256::repeat_byte(seed);
	let institution = (author != owner)
		.then(|| TestRoles::institution_for(&author))
		.flatten();
	put(record, version, owner, author, institution, None);
	record
}

fn put(
	record: RecordId,
	version: Version,
	owner: AccountId,
	author: AccountId,
	institution: Option<AccountId>,
	settled: Option<ServiceId>,
) {
	let info = AnchorInfo {
		owner,
		author,
		institution,
		anchored_at: System::block_number(),
		erased_at: None,
		settled,
	};
	ANCHORS.with(|a| a.borrow_mut().insert((record, version), info));
}

/// Marks every version of a record erased.
pub fn erase(record: RecordId) {
	let now = System::block_number();
	ANCHORS.with(|a| {
		for ((r, _), info) in a.borrow_mut().iter_mut() {
			if *r == record {
				info.erased_at = Some(now);
			}
		}
	});
}

/// The anchor of `version` of `record`.
pub fn anchor_info(record: RecordId, version: Version) -> Option<AnchorInfo<AccountId, u64>> {
	ANCHORS.with(|a| a.borrow().get(&(record, version)).cloned())
}

pub struct TestRecords;
impl RecordsInspect<AccountId, u64> for TestRecords {
	fn record(record: &RecordId) -> Option<RecordSummary<AccountId, u64>> {
		ANCHORS.with(|a| {
			let a = a.borrow();
			let (latest, info) = a
				.iter()
				.filter(|((r, _), _)| r == record)
				.map(|((_, v), i)| (*v, i.clone()))
				.max_by_key(|(v, _)| *v)?;
			Some(RecordSummary {
				owner: info.owner,
				class: RecordClass::Outpatient,
				level: SecurityLevel::Private,
				latest,
				erased_at: info.erased_at,
			})
		})
	}
	fn anchor(record: &RecordId, version: Version) -> Option<AnchorInfo<AccountId, u64>> {
		anchor_info(*record, version)
	}
}

/// `anchor_for_service` refuses SMeRs with an empty CID, as `Records` does.
pub const EMPTY_CID: &str = "EmptyCid";

impl ServiceRecords<AccountId, u64> for TestRecords {
	type MaxCidLen = ConstU32<64>;
	type MaxRecipients = ConstU32<4>;

	fn anchor_for_service(
		author: &AccountId,
		owner: &AccountId,
		target: AnchorTarget,
		smer: SmerRef<ConstU32<64>>,
		_recipients: BoundedVec<AccountId, ConstU32<4>>,
		service: ServiceId,
	) -> Result<(RecordId, Version), DispatchError> {
		if smer.cid.is_empty() {
			return Err(DispatchError::Other(EMPTY_CID));
		}
		let (record, version) = match target {
			AnchorTarget::New { salt, .. } => (record_id(owner, &salt), 1),
			AnchorTarget::Amend(record) => {
				let r = Self::record(&record).ok_or(DispatchError::Other("RecordNotFound"))?;
				if r.owner != *owner {
					return Err(DispatchError::Other("NotOwner"));
				}
				(record, r.latest + 1)
			}
		};
		let institution = TestRoles::institution_for(author);
		put(record, version, *owner, *author, institution, Some(service));
		Ok((record, version))
	}

	fn settle(record: &RecordId, version: Version, service: ServiceId) -> DispatchResult {
		ANCHORS.with(|a| {
			let mut a = a.borrow_mut();
			let info = a
				.get_mut(&(*record, version))
				.ok_or(DispatchError::Other("AnchorNotFound"))?;
			if info.settled.is_some() {
				return Err(DispatchError::Other("AlreadySettled"));
			}
			info.settled = Some(service);
			Ok(())
		})
	}
}

parameter_types! {
	pub const DefaultDisputeWindow: u64 = 5;
	pub const DepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Payment(pallet_payment::HoldReason::StorageDeposit);
}

/// The bond of a dispute.
pub const BOND: Balance = 50;
/// The base of a deposit (plus 1 per 100 bytes of the item's maximum encoded length).
pub const DEPOSIT_BASE: Balance = 20;

impl pallet_payment::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Records = TestRecords;
	type Roles = TestRoles;
	type GovernanceOrigin = frame_system::EnsureRoot<AccountId>;
	type Deposit = HoldConsideration<
		AccountId,
		Balances,
		DepositReason,
		LinearStoragePrice<ConstU128<DEPOSIT_BASE>, ConstU128<0>, Balance>,
	>;
	type DisputeBond = ConstU128<BOND>;
	type DisputeResolutionPeriod = ConstU64<20>;
	type DefaultDisputeWindow = DefaultDisputeWindow;
	type MaxDisputeWindow = ConstU64<100>;
	type MaxServicePeriod = ConstU64<1000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchHelper {
	fn patient() -> AccountId {
		PATIENT
	}
	fn give_role(who: &AccountId, role: Role, institution: Option<AccountId>) {
		grant_role(*who, role, institution);
	}
	fn anchor_consultation(
		patient: &AccountId,
		author: &AccountId,
		seed: u32,
	) -> (RecordId, Version) {
		(anchor(seed as u8, 1, *patient, *author), 1)
	}
}

/// The accounts of the tests.
pub const PATIENT: AccountId = 1;
pub const HOSPITAL: AccountId = 2;
pub const DOCTOR: AccountId = 3;
pub const INSURER: AccountId = 4;
pub const STRANGER: AccountId = 5;
/// A registered practitioner whose account holds nothing.
pub const PENNILESS: AccountId = 6;
/// Everyone's starting balance but PENNILESS's.
pub const START: Balance = 1_000;

/// Test externalities at block 1: balances, a hospital with a doctor, an insurer.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [PATIENT, HOSPITAL, DOCTOR, INSURER, STRANGER]
			.map(|a| (a, START))
			.to_vec(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		ROLES.with(|r| r.borrow_mut().clear());
		ANCHORS.with(|a| a.borrow_mut().clear());
		grant_role(HOSPITAL, Role::Hospital, None);
		grant_role(DOCTOR, Role::Practitioner, Some(HOSPITAL));
		grant_role(PENNILESS, Role::Practitioner, None);
		grant_role(INSURER, Role::Insurer, None);
		System::set_block_number(1);
	});
	ext
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
