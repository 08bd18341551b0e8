//! Benchmarks (frame-benchmarking v2). The runtime's `weights.rs` is generated from these by
//! `semres-node benchmark pallet --pallet pallet_semres_records`.

use alloc::vec;

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use semres_primitives::{RecordClass, SecurityLevel, H256};

use crate::*;

/// What the benchmarks need from the runtime: an owner account that can sign, and a
/// registered practitioner.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// An owner account whose key is in the benchmark keystore.
	fn owner() -> AccountId;
	/// The owner's signature over `payload`.
	fn sign(owner: &AccountId, payload: &[u8]) -> Signature;
	/// A registered practitioner.
	fn practitioner() -> AccountId;
}

/// A distinct hash per `n` (no `from_low_u64_be` in `no_std`).
fn h256(n: u64) -> H256 {
	let mut b = [0u8; 32];
	b[24..].copy_from_slice(&n.to_be_bytes());
	H256(b)
}

fn smer<T: Config>(n: u32) -> SmerRefOf<T> {
	let cid = vec![0x01, 0x55, 0x12, 0x20]
		.into_iter()
		.chain([7u8; 32])
		.collect::<alloc::vec::Vec<_>>();
	SmerRef {
		cid: BoundedVec::truncate_from(cid),
		smer_hash: h256(n as u64 + 1),
		suite: 1,
	}
}

fn recipients<T: Config>(r: u32) -> RecipientsOf<T> {
	BoundedVec::truncate_from((0..r).map(|i| account("recipient", i, 0)).collect())
}

fn consent<T: Config>(
	owner: &T::AccountId,
	record: &H256,
	version: u32,
	smer: &SmerRefOf<T>,
	to: &RecipientsOf<T>,
) -> ConsentOf<T> {
	let nonce = OwnerNonces::<T>::get(owner);
	let payload = Pallet::<T>::signing_payload(
		record,
		version,
		owner,
		smer,
		to,
		RecordClass::Imaging,
		SecurityLevel::Private,
		nonce,
	);
	OwnerConsent {
		nonce,
		signature: T::BenchmarkHelper::sign(owner, &payload),
	}
}

#[benchmarks]
mod benches {
	use super::*;

	/// Worst case: a practitioner submits with the owner's signature.
	#[benchmark]
	fn anchor_record(r: Linear<1, { T::MaxRecipients::get() }>) {
		let owner = T::BenchmarkHelper::owner();
		let by = T::BenchmarkHelper::practitioner();
		let record = H256::repeat_byte(1);
		let (s, to) = (smer::<T>(0), recipients::<T>(r));
		let c = consent::<T>(&owner, &record, 1, &s, &to);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(by),
			record,
			owner.clone(),
			s,
			to,
			RecordClass::Imaging,
			SecurityLevel::Private,
			Some(c),
		);
		assert_eq!(Records::<T>::get(record).map(|i| i.versions), Some(1));
	}

	#[benchmark]
	fn amend_record(r: Linear<1, { T::MaxRecipients::get() }>) {
		let owner = T::BenchmarkHelper::owner();
		let by = T::BenchmarkHelper::practitioner();
		let record = H256::repeat_byte(1);
		let (s, to) = (smer::<T>(0), recipients::<T>(r));
		let c = consent::<T>(&owner, &record, 1, &s, &to);
		Pallet::<T>::anchor_record(
			RawOrigin::Signed(by.clone()).into(),
			record,
			owner.clone(),
			s,
			to.clone(),
			RecordClass::Imaging,
			SecurityLevel::Private,
			Some(c),
		)
		.unwrap();
		let s2 = smer::<T>(1);
		let c2 = consent::<T>(&owner, &record, 2, &s2, &to);
		#[extrinsic_call]
		_(RawOrigin::Signed(by), record, s2, to, Some(c2));
		assert_eq!(Records::<T>::get(record).map(|i| i.versions), Some(2));
	}

	#[benchmark]
	fn erase_record(v: Linear<1, { T::MaxVersions::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		let record = H256::repeat_byte(1);
		let to = recipients::<T>(T::MaxRecipients::get());
		Pallet::<T>::anchor_record(
			RawOrigin::Signed(owner.clone()).into(),
			record,
			owner.clone(),
			smer::<T>(0),
			to.clone(),
			RecordClass::Imaging,
			SecurityLevel::Private,
			None,
		)
		.unwrap();
		for i in 1..v {
			Pallet::<T>::amend_record(
				RawOrigin::Signed(owner.clone()).into(),
				record,
				smer::<T>(i),
				to.clone(),
				None,
			)
			.unwrap();
		}
		let later = frame_system::Pallet::<T>::block_number() + T::RetentionPeriod::get();
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), record);
		assert!(Records::<T>::get(record).unwrap().erased_at.is_some());
	}

	#[benchmark]
	fn set_legal_hold() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = whitelisted_caller();
		let record = H256::repeat_byte(1);
		Pallet::<T>::anchor_record(
			RawOrigin::Signed(owner.clone()).into(),
			record,
			owner,
			smer::<T>(0),
			recipients::<T>(1),
			RecordClass::Imaging,
			SecurityLevel::Private,
			None,
		)
		.unwrap();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, record, true);
		assert!(Records::<T>::get(record).unwrap().legal_hold);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
