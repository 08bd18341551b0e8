//! Configuration of the SEMRES pallets: Records (anchors), Access (keys, roles, grants) and
//! Payment (telemedicine escrow settled by anchors).

use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;

use crate::{
	Access, AccountId, Balances, BlockNumber, Records, Runtime, RuntimeHoldReason, Signature,
	Timestamp, DAYS, MINUTES,
};

parameter_types! {
	/// Records may be erased a year after their latest version (governance can hold them).
	pub const RecordRetention: BlockNumber = 365 * DAYS;
	/// Emergency access lasts 12 hours once co-signed.
	pub const EmergencyDuration: BlockNumber = 12 * 60 * MINUTES;
	/// At most 3 emergency accesses per responder per day.
	pub const EmergencyRatePeriod: BlockNumber = DAYS;
	/// Patients and insurers may dispute a completed service for a day (genesis presets and
	/// governance may set another window).
	pub const DisputeWindow: BlockNumber = DAYS;
	/// Governance may set a dispute window of up to 30 days.
	pub const MaxDisputeWindow: BlockNumber = 30 * DAYS;
	/// A booking's deadline lies at most 90 days ahead.
	pub const MaxServicePeriod: BlockNumber = 90 * DAYS;
}

impl pallet_semres_records::Config for Runtime {
	type OwnerSignature = Signature;
	type Roles = Access;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Time = Timestamp;
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
	type GovernanceOrigin = EnsureRoot<AccountId>;
	/// An X-Wing public key's SPKI is 1,236 bytes.
	type MaxKeyLen = ConstU32<1300>;
	type MaxKeysPerAccount = ConstU32<16>;
	type MaxCidLen = ConstU32<64>;
	type MaxApprovers = ConstU32<8>;
	type MaxGrantsPerGrantee = ConstU32<256>;
	type EmergencyDuration = EmergencyDuration;
	type EmergencyRateLimit = ConstU32<3>;
	type EmergencyRatePeriod = EmergencyRatePeriod;
	type WeightInfo = crate::weights::pallet_semres_access::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

impl pallet_semres_payment::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Records = Records;
	type Roles = Access;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type DefaultDisputeWindow = DisputeWindow;
	type MaxDisputeWindow = MaxDisputeWindow;
	type MaxServicePeriod = MaxServicePeriod;
	type MaxPayoutsPerBlock = ConstU32<64>;
	type WeightInfo = crate::weights::pallet_semres_payment::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = benchmark_helpers::Helper;
}

/// Accounts, signatures and records for the SEMRES pallets' benchmarks.
#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helpers {
	use frame_support::BoundedVec;
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

	impl pallet_semres_records::benchmarking::BenchmarkHelper<AccountId, Signature> for Helper {
		fn owner() -> AccountId {
			owner_key().into()
		}
		fn sign(_: &AccountId, payload: &[u8]) -> Signature {
			owner_sign(payload)
		}
		fn practitioner() -> AccountId {
			let hospital: AccountId = frame_benchmarking::account("hospital", 0, 0);
			let who: AccountId = frame_benchmarking::account("practitioner", 0, 0);
			give_role(&hospital, Role::Hospital, None);
			give_role(&who, Role::Practitioner, Some(hospital));
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
			let record = h256(0x5e, seed);
			let smer = smer_ref(1, 0xa5, seed);
			Records::anchor_record(
				frame_system::RawOrigin::Signed(owner.clone()).into(),
				record,
				owner.clone(),
				smer,
				BoundedVec::truncate_from([owner.clone()].to_vec()),
				RecordClass::Outpatient,
				SecurityLevel::Private,
				None,
			)
			.expect("benchmark record anchors");
			record
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
			let record = h256(0x7c, seed);
			let smer = smer_ref(2, 0xc7, seed);
			let recipients = BoundedVec::truncate_from([patient.clone()].to_vec());
			let (class, level) = (RecordClass::Outpatient, SecurityLevel::Private);
			let nonce = pallet_semres_records::OwnerNonces::<Runtime>::get(patient);
			let payload = Records::signing_payload(
				&record,
				1,
				patient,
				&smer,
				&recipients,
				class,
				level,
				nonce,
			);
			let signature = owner_sign(&payload);
			Records::anchor_record(
				frame_system::RawOrigin::Signed(author.clone()).into(),
				record,
				patient.clone(),
				smer,
				recipients,
				class,
				level,
				Some(pallet_semres_records::OwnerConsent { nonce, signature }),
			)
			.expect("benchmark consultation anchors");
			(record, 1)
		}
	}
}
