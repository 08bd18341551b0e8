//! Benchmarks (frame-benchmarking v2), each at its worst case.

use alloc::{vec, vec::Vec};

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Consideration, EnsureOrigin, Footprint, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use semres_primitives::RecordId;

use crate::*;

/// What the benchmarks need from the runtime: hospitals, and a record to read.
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` a registered hospital.
	fn make_hospital(who: &AccountId);
	/// A record with version 1 that `reader` may read (the access decision is weighed apart).
	fn readable_record(reader: &AccountId) -> RecordId;
}

fn fund<T: Config>(who: &T::AccountId) {
	T::Deposit::ensure_successful(who, Footprint::from_parts(1, 4096));
}

/// A hospital with a custody key of the longest length.
fn custodian<T: Config>(i: u32) -> T::AccountId {
	let who: T::AccountId = account("custodian", i, 0);
	T::BenchmarkHelper::make_hospital(&who);
	fund::<T>(&who);
	let key = BoundedVec::truncate_from(vec![i as u8; T::MaxKeyLen::get() as usize]);
	Pallet::<T>::register_custody_key(RawOrigin::Signed(who.clone()).into(), key).unwrap();
	who
}

/// A committee of the most custodians (threshold 2), and a request for version 1 of a record
/// its reader may read: `(custodians, record, request id)`.
fn requested<T: Config>() -> Result<(Vec<T::AccountId>, RecordId, KeyRequestId), BenchmarkError> {
	let n = T::MaxCustodians::get();
	let members: Vec<_> = (0..n).map(custodian::<T>).collect();
	let origin =
		T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	Pallet::<T>::set_committee(origin, BoundedVec::truncate_from(members.clone()), 2).unwrap();
	let reader: T::AccountId = whitelisted_caller();
	fund::<T>(&reader);
	let record = T::BenchmarkHelper::readable_record(&reader);
	let id = NextRequestId::<T>::get();
	Pallet::<T>::request_key(
		RawOrigin::Signed(reader).into(),
		record,
		1,
		CurrentEpoch::<T>::get(),
	)
	.unwrap();
	Ok((members, record, id))
}

fn share<T: Config>() -> BoundedVec<u8, T::MaxShareLen> {
	BoundedVec::truncate_from(vec![9; T::MaxShareLen::get() as usize])
}

#[benchmarks]
mod benches {
	use super::*;

	#[benchmark]
	fn register_custody_key(k: Linear<1, { T::MaxKeyLen::get() }>) {
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::make_hospital(&who);
		fund::<T>(&who);
		let key = BoundedVec::truncate_from(vec![1u8; k as usize]);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), key);
		assert!(CustodyKeys::<T>::contains_key(&who));
	}

	#[benchmark]
	fn set_committee(n: Linear<2, { T::MaxCustodians::get() }>) -> Result<(), BenchmarkError> {
		let members: Vec<_> = (0..n).map(custodian::<T>).collect();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			BoundedVec::truncate_from(members),
			2,
		);
		assert_eq!(CurrentEpoch::<T>::get(), 1);
		Ok(())
	}

	#[benchmark]
	fn request_key() -> Result<(), BenchmarkError> {
		let (_, record, _) = requested::<T>()?;
		let reader: T::AccountId = account("reader", 0, 0);
		fund::<T>(&reader);
		#[extrinsic_call]
		_(RawOrigin::Signed(reader), record, 1, 1);
		assert!(KeyRequests::<T>::contains_key(1));
		Ok(())
	}

	// The last custodian answers after every other one released.
	#[benchmark]
	fn release_share(n: Linear<0, { T::MaxCustodians::get() - 1 }>) -> Result<(), BenchmarkError> {
		let (members, _, id) = requested::<T>()?;
		for (i, who) in members.iter().enumerate().take(n as usize) {
			Pallet::<T>::release_share(
				RawOrigin::Signed(who.clone()).into(),
				id,
				i as u8 + 1,
				share::<T>(),
			)
			.unwrap();
		}
		let last = members.len();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(members[last - 1].clone()),
			id,
			last as u8,
			share::<T>(),
		);
		assert_eq!(
			KeyRequests::<T>::get(id).unwrap().answers.len(),
			n as usize + 1
		);
		assert!(Releases::<T>::contains_key(id, last as u8));
		Ok(())
	}

	#[benchmark]
	fn deny_request(n: Linear<0, { T::MaxCustodians::get() - 1 }>) -> Result<(), BenchmarkError> {
		let (members, _, id) = requested::<T>()?;
		for (i, who) in members.iter().enumerate().take(n as usize) {
			Pallet::<T>::release_share(
				RawOrigin::Signed(who.clone()).into(),
				id,
				i as u8 + 1,
				share::<T>(),
			)
			.unwrap();
		}
		let last = members.len();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(members[last - 1].clone()),
			id,
			last as u8,
			Denial::NoBasis,
		);
		assert_eq!(
			KeyRequests::<T>::get(id).unwrap().answers.len(),
			n as usize + 1
		);
		Ok(())
	}

	#[benchmark]
	fn prune_request(n: Linear<0, { T::MaxCustodians::get() }>) -> Result<(), BenchmarkError> {
		let (members, _, id) = requested::<T>()?;
		for (i, who) in members.iter().enumerate().take(n as usize) {
			Pallet::<T>::release_share(
				RawOrigin::Signed(who.clone()).into(),
				id,
				i as u8 + 1,
				share::<T>(),
			)
			.unwrap();
		}
		let later = frame_system::Pallet::<T>::block_number() + T::RequestLifetime::get();
		frame_system::Pallet::<T>::set_block_number(later);
		let anyone: T::AccountId = account("anyone", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), id);
		assert!(!KeyRequests::<T>::contains_key(id));
		assert_eq!(Releases::<T>::iter_prefix(id).count(), 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
