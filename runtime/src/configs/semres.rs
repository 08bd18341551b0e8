//! Configuration of the SEMRES pallets: Records (anchors), Access (keys, roles, grants) and
//! Payment (telemedicine escrow settled by anchors).
//!
//! **Deposits.** Every item a user creates holds a deposit on its creator, with the fungible
//! hold API, until it leaves storage: `DEPOSIT_BASE` per item plus `DEPOSIT_PER_BYTE` per byte
//! of the item's `MaxEncodedLen` (see [`deposit_of`] and the table in `pallets/README.md`).

use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, Footprint, LinearStoragePrice},
};

use super::governance::{CouncilMajority, CouncilTwoThirds};
use crate::{
	Access, AccountId, Balance, Balances, BlockNumber, Records, Runtime, RuntimeHoldReason,
	Signature, Timestamp, DAYS, HOURS, MILLI_UNIT, UNIT,
};

/// What every stored item costs to hold, whatever its size.
pub const DEPOSIT_BASE: Balance = 10 * MILLI_UNIT;
/// What each byte of an item's maximum encoded length costs to hold.
pub const DEPOSIT_PER_BYTE: Balance = MILLI_UNIT / 10;

/// The deposit price of a footprint: `DEPOSIT_BASE + DEPOSIT_PER_BYTE × bytes`.
pub type DepositPrice = LinearStoragePrice<
	frame_support::traits::ConstU128<DEPOSIT_BASE>,
	frame_support::traits::ConstU128<DEPOSIT_PER_BYTE>,
	Balance,
>;

/// The deposit an item with `footprint` holds.
pub fn deposit_of(footprint: Footprint) -> Balance {
	<DepositPrice as sp_runtime::traits::Convert<Footprint, Balance>>::convert(footprint)
}

parameter_types! {
	/// Records may be erased a year after their latest version (governance can hold them).
	pub const RecordRetention: BlockNumber = 365 * DAYS;
	/// Emergency access lasts 12 hours once co-signed ...
	pub const EmergencyDuration: BlockNumber = 12 * HOURS;
	/// ... and must be co-signed within an hour of being opened.
	pub const EmergencyRequestTtl: BlockNumber = HOURS;
	/// At most 3 emergency accesses per responder per day.
	pub const EmergencyRatePeriod: BlockNumber = DAYS;
	/// An access request waits a week for the owner's decision.
	pub const RequestTtl: BlockNumber = 7 * DAYS;
	/// A change to an approval policy in force takes two days, time for the approvers to see it.
	pub const PolicyChangeDelay: BlockNumber = 2 * DAYS;
	/// Patients and insurers may dispute a completed service for a day (genesis presets and
	/// governance may set another window).
	pub const DisputeWindow: BlockNumber = DAYS;
	/// Governance may set a dispute window of up to 30 days.
	pub const MaxDisputeWindow: BlockNumber = 30 * DAYS;
	/// Governance has two weeks to resolve a dispute before it lapses to the provider.
	pub const DisputeResolutionPeriod: BlockNumber = 14 * DAYS;
	/// A dispute holds 1 SEMR of the disputer's until it is resolved.
	pub const DisputeBond: Balance = UNIT;
	/// A booking's deadline lies at most 90 days ahead.
	pub const MaxServicePeriod: BlockNumber = 90 * DAYS;
	pub const RecordsDepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Records(pallet_semres_records::HoldReason::StorageDeposit);
	pub const AccessDepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Access(pallet_semres_access::HoldReason::StorageDeposit);
	pub const PaymentDepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Payment(pallet_semres_payment::HoldReason::StorageDeposit);
	pub const CustodyDepositReason: RuntimeHoldReason =
		RuntimeHoldReason::Custody(pallet_semres_custody::HoldReason::StorageDeposit);
	/// A key request (and its released shares) may be pruned an hour after it was made.
	pub const KeyRequestLifetime: BlockNumber = HOURS;
}

/// A deposit held on its payer under `Reason`.
pub type Deposit<Reason> = HoldConsideration<AccountId, Balances, Reason, DepositPrice>;

impl pallet_semres_records::Config for Runtime {
	type OwnerSignature = Signature;
	type Roles = Access;
	type GovernanceOrigin = CouncilMajority;
	type Time = Timestamp;
	type Deposit = Deposit<RecordsDepositReason>;
	type RetentionPeriod = RecordRetention;
	/// A CIDv1 with a SHA-256 multihash is 36 bytes.
	type MaxCidLen = ConstU32<64>;
	type MaxRecipients = ConstU32<16>;
	type MaxVersions = ConstU32<1024>;
	type WeightInfo = crate::weights::pallet_semres_records::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

impl pallet_semres_access::Config for Runtime {
	type Records = Records;
	type GovernanceOrigin = CouncilMajority;
	type Deposit = Deposit<AccessDepositReason>;
	/// An X-Wing public key's SPKI is 1,236 bytes.
	type MaxKeyLen = ConstU32<1300>;
	/// One current key per suite (5) and three revoked ones.
	type MaxKeysPerAccount = ConstU32<8>;
	type MaxCidLen = ConstU32<64>;
	type MaxApprovers = ConstU32<8>;
	type MaxGrantsPerPair = ConstU32<16>;
	type MaxOpenRequests = ConstU32<32>;
	type RequestTtl = RequestTtl;
	type PolicyChangeDelay = PolicyChangeDelay;
	type EmergencyRequestTtl = EmergencyRequestTtl;
	type EmergencyDuration = EmergencyDuration;
	type EmergencyRateLimit = ConstU32<3>;
	type EmergencyRatePeriod = EmergencyRatePeriod;
	type MaxEmergenciesPerPair = ConstU32<8>;
	type WeightInfo = crate::weights::pallet_semres_access::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

impl pallet_semres_payment::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Records = Records;
	type Roles = Access;
	type GovernanceOrigin = CouncilMajority;
	type Deposit = Deposit<PaymentDepositReason>;
	type DisputeBond = DisputeBond;
	type DisputeResolutionPeriod = DisputeResolutionPeriod;
	type DefaultDisputeWindow = DisputeWindow;
	type MaxDisputeWindow = MaxDisputeWindow;
	type MaxServicePeriod = MaxServicePeriod;
	type WeightInfo = crate::weights::pallet_semres_payment::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

impl pallet_semres_custody::Config for Runtime {
	type Roles = Access;
	type Records = Records;
	type Access = Access;
	type GovernanceOrigin = CouncilTwoThirds;
	type Deposit = Deposit<CustodyDepositReason>;
	type MaxCustodians = ConstU32<8>;
	/// An X-Wing public key's SPKI is 1,236 bytes.
	type MaxKeyLen = ConstU32<1300>;
	/// A share released to an X-Wing reader key is 1,168 bytes (1,120 `enc`, 48 `ct`).
	type MaxShareLen = ConstU32<1200>;
	type RequestLifetime = KeyRequestLifetime;
	type WeightInfo = crate::weights::pallet_semres_custody::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

/// Accounts, signatures and records for the SEMRES pallets' benchmarks.
#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers {
	use frame_support::{traits::fungible::Mutate, BoundedVec};
	use semres_primitives::{RecordClass, RecordId, Role, SecurityLevel, H256};
	use sp_core::{crypto::KeyTypeId, sr25519};

	use super::*;

	const KEY: KeyTypeId = KeyTypeId(*b"smrb");

	/// A hash of `prefix` bytes ending in `seed + 1` (distinct per seed).
	fn h256(prefix: u8, seed: u32) -> H256 {
		let mut b = [prefix; 32];
		b[28..].copy_from_slice(&(seed + 1).to_be_bytes());
		H256(b)
	}

	/// A SMeR reference whose CID is made of `cid` bytes and whose hash ends in the seed.
	fn smer_ref(cid: u8, hash_prefix: u8, seed: u32) -> pallet_semres_records::SmerRefOf<Runtime> {
		pallet_semres_records::SmerRef {
			cid: BoundedVec::truncate_from([cid; 36].to_vec()),
			smer_hash: h256(hash_prefix, seed),
			suite: 1,
		}
	}

	pub struct Helper;

	fn owner_key() -> sr25519::Public {
		sp_io::crypto::sr25519_public_keys(KEY)
			.first()
			.copied()
			.unwrap_or_else(|| sp_io::crypto::sr25519_generate(KEY, None))
	}

	/// The benchmark owner's signature over `payload`.
	fn owner_sign(payload: &[u8]) -> Signature {
		sp_io::crypto::sr25519_sign(KEY, &owner_key(), payload)
			.expect("key in keystore")
			.into()
	}

	/// Funds `who` for deposits.
	fn fund(who: &AccountId) {
		let _ = Balances::mint_into(who, 1_000 * UNIT);
	}

	impl pallet_semres_records::benchmarking::BenchmarkHelper<AccountId, Signature> for Helper {
		fn owner() -> AccountId {
			let owner: AccountId = owner_key().into();
			fund(&owner);
			owner
		}
		fn sign(_: &AccountId, payload: &[u8]) -> Signature {
			owner_sign(payload)
		}
		fn practitioner() -> AccountId {
			let hospital: AccountId = frame_benchmarking::account("hospital", 0, 0);
			let who: AccountId = frame_benchmarking::account("practitioner", 0, 0);
			give_role(&hospital, Role::Hospital, None);
			give_role(&who, Role::Practitioner, Some(hospital));
			fund(&who);
			who
		}
	}

	/// Makes `who` a consortium member with `role`.
	fn give_role(who: &AccountId, role: Role, institution: Option<AccountId>) {
		let membership = pallet_semres_access::Membership {
			institution,
			since: 0,
		};
		pallet_semres_access::Members::<Runtime>::insert(who, role, membership);
	}

	impl pallet_semres_access::benchmarking::BenchmarkHelper<AccountId> for Helper {
		fn create_record(owner: &AccountId, seed: u32) -> RecordId {
			fund(owner);
			let salt = h256(0x5e, seed).0;
			Records::anchor_record(
				frame_system::RawOrigin::Signed(owner.clone()).into(),
				owner.clone(),
				salt,
				smer_ref(1, 0xa5, seed),
				BoundedVec::truncate_from([owner.clone()].to_vec()),
				RecordClass::Outpatient,
				SecurityLevel::Private,
				None,
			)
			.expect("benchmark record anchors");
			Records::record_id(owner, &salt)
		}
	}

	impl pallet_semres_custody::benchmarking::BenchmarkHelper<AccountId> for Helper {
		fn make_hospital(who: &AccountId) {
			give_role(who, Role::Hospital, None);
		}
		fn readable_record(reader: &AccountId) -> RecordId {
			// The reader's own record: the access decision is weighed apart.
			<Self as pallet_semres_access::benchmarking::BenchmarkHelper<AccountId>>::create_record(
				reader, 0x0c,
			)
		}
	}

	impl pallet_semres_payment::benchmarking::BenchmarkHelper<AccountId> for Helper {
		fn patient() -> AccountId {
			owner_key().into()
		}
		fn give_role(who: &AccountId, role: Role, institution: Option<AccountId>) {
			give_role(who, role, institution)
		}
		fn anchor_consultation(
			patient: &AccountId,
			author: &AccountId,
			seed: u32,
		) -> (RecordId, u32) {
			fund(author);
			let salt = h256(0x7c, seed).0;
			let record = Records::record_id(patient, &salt);
			let smer = smer_ref(2, 0xc7, seed);
			let recipients = BoundedVec::truncate_from([patient.clone()].to_vec());
			let (class, level) = (RecordClass::Outpatient, SecurityLevel::Private);
			let valid_until = frame_system::Pallet::<Runtime>::block_number() + 100;
			let epoch = pallet_semres_records::ConsentEpochs::<Runtime>::get(patient);
			let payload = Records::signing_payload(
				&record,
				1,
				patient,
				author,
				&smer,
				&recipients,
				class,
				level,
				valid_until,
				epoch,
			);
			let consent = pallet_semres_records::OwnerConsent {
				submitter: author.clone(),
				valid_until,
				epoch,
				signature: owner_sign(&payload),
			};
			Records::anchor_record(
				frame_system::RawOrigin::Signed(author.clone()).into(),
				patient.clone(),
				salt,
				smer,
				recipients,
				class,
				level,
				Some(consent),
			)
			.expect("benchmark consultation anchors");
			(record, 1)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The deposits `pallets/README.md` lists, from the items' `MaxEncodedLen` (run with
	/// `--nocapture` to print the table).
	#[test]
	fn deposits_follow_the_items_sizes() {
		let items = [
			("record, first version", Records::first_version_footprint()),
			("record version", Records::amendment_footprint()),
			(
				"key",
				Footprint::from_mel::<pallet_semres_access::PublishedKeyOf<Runtime>>(),
			),
			(
				"grant",
				Footprint::from_mel::<pallet_semres_access::GrantOf<Runtime>>(),
			),
			(
				"request",
				Footprint::from_mel::<pallet_semres_access::RequestOf<Runtime>>(),
			),
			(
				"policy",
				Footprint::from_mel::<pallet_semres_access::PolicyStateOf<Runtime>>(),
			),
			(
				"emergency",
				Footprint::from_mel::<pallet_semres_access::EmergencyOf<Runtime>>(),
			),
			(
				"custody key",
				Footprint::from_mel::<(AccountId, pallet_semres_custody::CustodyKeyOf<Runtime>)>(),
			),
			(
				"key request",
				pallet_semres_custody::Pallet::<Runtime>::request_footprint(),
			),
			(
				"released share",
				pallet_semres_custody::Pallet::<Runtime>::release_footprint(),
			),
			(
				"service",
				pallet_semres_payment::Pallet::<Runtime>::service_footprint(),
			),
			(
				"coverage",
				pallet_semres_payment::Pallet::<Runtime>::coverage_footprint(),
			),
		];
		for (name, footprint) in items {
			let deposit = deposit_of(footprint);
			println!(
				"| {name} | {} | {}.{:03} |",
				footprint.size,
				deposit / MILLI_UNIT / 1000,
				deposit / MILLI_UNIT % 1000
			);
			assert_eq!(
				deposit,
				DEPOSIT_BASE + DEPOSIT_PER_BYTE * footprint.size as Balance
			);
			assert!(deposit < UNIT, "{name}: under 1 SEMR");
		}
		// A grant flood like the one the review found (256 grants) now holds over 5 SEMR.
		let grant = deposit_of(Footprint::from_mel::<pallet_semres_access::GrantOf<Runtime>>());
		assert!(256 * grant > 5 * UNIT);
	}
}
