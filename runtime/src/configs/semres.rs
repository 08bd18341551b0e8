//! Configuration of the SEMRES pallets: Records (anchors) and Access (keys, roles, grants).

use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;

use crate::{
	Access, AccountId, BlockNumber, Records, Runtime, Signature, Timestamp, DAYS, MINUTES,
};

parameter_types! {
	/// Records may be erased a year after their latest version (governance can hold them).
	pub const RecordRetention: BlockNumber = 365 * DAYS;
	/// Emergency access lasts 12 hours once co-signed.
	pub const EmergencyDuration: BlockNumber = 12 * 60 * MINUTES;
	/// At most 3 emergency accesses per responder per day.
	pub const EmergencyRatePeriod: BlockNumber = DAYS;
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

	pub struct Helper;

	fn owner_key() -> sr25519::Public {
		sp_io::crypto::sr25519_public_keys(KEY)
			.first()
			.copied()
			.unwrap_or_else(|| sp_io::crypto::sr25519_generate(KEY, None))
	}

	impl pallet_semres_records::benchmarking::BenchmarkHelper<AccountId, Signature> for Helper {
		fn owner() -> AccountId {
			owner_key().into()
		}
		fn sign(_: &AccountId, payload: &[u8]) -> Signature {
			sp_io::crypto::sr25519_sign(KEY, &owner_key(), payload)
				.expect("key in keystore")
				.into()
		}
		fn practitioner() -> AccountId {
			let hospital: AccountId = frame_benchmarking::account("hospital", 0, 0);
			let who: AccountId = frame_benchmarking::account("practitioner", 0, 0);
			let m = |institution| pallet_semres_access::Membership {
				institution,
				since: 0,
			};
			pallet_semres_access::Members::<Runtime>::insert(&hospital, Role::Hospital, m(None));
			pallet_semres_access::Members::<Runtime>::insert(
				&who,
				Role::Practitioner,
				m(Some(hospital)),
			);
			who
		}
	}

	impl pallet_semres_access::benchmarking::BenchmarkHelper<AccountId> for Helper {
		fn create_record(owner: &AccountId, seed: u32) -> RecordId {
			let record = h256(0x5e, seed);
			let smer = pallet_semres_records::SmerRef {
				cid: BoundedVec::truncate_from([1u8; 36].to_vec()),
				smer_hash: h256(0xa5, seed),
				suite: 1,
			};
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
}
