//! Benchmarks (frame-benchmarking v2), each at its worst case. The runtime's weights are
//! generated from these by `semres-node benchmark pallet --pallet pallet_semres_access`.

use alloc::vec::Vec;

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use semres_primitives::{PurposeOfUse, RecordId, Role};

use crate::*;

/// What the benchmarks need from the runtime: a private record owned by `owner`.
pub trait BenchmarkHelper<AccountId> {
	/// Creates a private-level record owned by `owner` and returns its id.
	fn create_record(owner: &AccountId, seed: u32) -> RecordId;
}

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn accounts<T: Config>(name: &'static str, n: u32) -> AccountsOf<T> {
	BoundedVec::truncate_from((0..n).map(|i| account(name, i, 0)).collect::<Vec<_>>())
}

fn member<T: Config>(who: &T::AccountId, role: Role) -> Result<(), BenchmarkError> {
	let hospital: T::AccountId = account("hospital", 0, 0);
	if !Members::<T>::contains_key(&hospital, Role::Hospital) {
		Pallet::<T>::add_member(governance::<T>()?, hospital.clone(), Role::Hospital, None)?;
	}
	Pallet::<T>::add_member(governance::<T>()?, who.clone(), role, Some(hospital))?;
	Ok(())
}

/// Fills `grantee`'s grant list up to `n` with grants from other owners.
fn fill_grants<T: Config>(grantee: &T::AccountId, n: u32) {
	let far = frame_system::Pallet::<T>::block_number() + 1_000u32.into();
	for i in 0..n {
		let owner: T::AccountId = account("other-owner", i, 0);
		Pallet::<T>::grant_access(
			RawOrigin::Signed(owner).into(),
			grantee.clone(),
			Scope::All,
			PurposeOfUse::Treatment,
			far,
			None,
		)
		.expect("grant");
	}
}

/// An approval policy of `MaxApprovers` approvers, all required.
fn strict_policy<T: Config>(owner: &T::AccountId) -> AccountsOf<T> {
	let approvers = accounts::<T>("approver", T::MaxApprovers::get());
	let threshold = approvers.len() as u32;
	Pallet::<T>::set_approval_policy(
		RawOrigin::Signed(owner.clone()).into(),
		approvers.clone(),
		threshold,
	)
	.expect("policy");
	approvers
}

#[benchmarks]
mod benches {
	use super::*;

	#[benchmark]
	fn register_key() {
		let who: T::AccountId = whitelisted_caller();
		let spki = BoundedVec::truncate_from(alloc::vec![7u8; T::MaxKeyLen::get() as usize]);
		for _ in 1..T::MaxKeysPerAccount::get() {
			Pallet::<T>::register_key(RawOrigin::Signed(who.clone()).into(), 1, spki.clone())
				.unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, spki);
		assert_eq!(
			Keys::<T>::get(&who).len() as u32,
			T::MaxKeysPerAccount::get()
		);
	}

	#[benchmark]
	fn revoke_key() {
		let who: T::AccountId = whitelisted_caller();
		let spki = BoundedVec::truncate_from(alloc::vec![7u8; T::MaxKeyLen::get() as usize]);
		Pallet::<T>::register_key(RawOrigin::Signed(who.clone()).into(), 1, spki).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0);
		assert!(Keys::<T>::get(&who)[0].revoked_at.is_some());
	}

	#[benchmark]
	fn add_member() -> Result<(), BenchmarkError> {
		let hospital: T::AccountId = account("hospital", 0, 0);
		Pallet::<T>::add_member(governance::<T>()?, hospital.clone(), Role::Hospital, None)?;
		let who: T::AccountId = account("practitioner", 0, 0);
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			who.clone(),
			Role::Practitioner,
			Some(hospital),
		);
		assert!(Members::<T>::contains_key(&who, Role::Practitioner));
		Ok(())
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("practitioner", 0, 0);
		member::<T>(&who, Role::Practitioner)?;
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), Role::Practitioner);
		assert!(!Members::<T>::contains_key(&who, Role::Practitioner));
		Ok(())
	}

	/// Worst case: a single private record under an approval policy, full grantee list.
	#[benchmark]
	fn grant_access() {
		let owner: T::AccountId = whitelisted_caller();
		let grantee: T::AccountId = account("grantee", 0, 0);
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		strict_policy::<T>(&owner);
		fill_grants::<T>(&grantee, T::MaxGrantsPerGrantee::get() - 1);
		let expires = frame_system::Pallet::<T>::block_number() + 100u32.into();
		let envelope = Some(BoundedVec::truncate_from(
			alloc::vec![1u8; T::MaxCidLen::get() as usize],
		));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			grantee.clone(),
			Scope::Record(record),
			PurposeOfUse::Treatment,
			expires,
			envelope,
		);
		assert_eq!(
			GranteeGrants::<T>::get(&grantee).len() as u32,
			T::MaxGrantsPerGrantee::get()
		);
	}

	#[benchmark]
	fn revoke_access() {
		let owner: T::AccountId = whitelisted_caller();
		let grantee: T::AccountId = account("grantee", 0, 0);
		let expires = frame_system::Pallet::<T>::block_number() + 100u32.into();
		Pallet::<T>::grant_access(
			RawOrigin::Signed(owner.clone()).into(),
			grantee,
			Scope::All,
			PurposeOfUse::Treatment,
			expires,
			None,
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0);
		assert!(Grants::<T>::get(0).unwrap().revoked_at.is_some());
	}

	#[benchmark]
	fn request_access() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let requester: T::AccountId = whitelisted_caller();
		member::<T>(&requester, Role::Practitioner)?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(requester),
			owner,
			Scope::Record(record),
			PurposeOfUse::Treatment,
			1,
		);
		assert!(Requests::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn approve_request() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = whitelisted_caller();
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let requester: T::AccountId = account("requester", 0, 0);
		member::<T>(&requester, Role::Practitioner)?;
		strict_policy::<T>(&owner);
		fill_grants::<T>(&requester, T::MaxGrantsPerGrantee::get() - 1);
		Pallet::<T>::request_access(
			RawOrigin::Signed(requester).into(),
			owner.clone(),
			Scope::Record(record),
			PurposeOfUse::Treatment,
			1,
		)?;
		let expires = frame_system::Pallet::<T>::block_number() + 100u32.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0, expires, None);
		assert!(!Requests::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn reject_request() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = whitelisted_caller();
		let requester: T::AccountId = account("requester", 0, 0);
		member::<T>(&requester, Role::Practitioner)?;
		Pallet::<T>::request_access(
			RawOrigin::Signed(requester).into(),
			owner.clone(),
			Scope::All,
			PurposeOfUse::Treatment,
			1,
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0);
		assert!(!Requests::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn set_approval_policy() {
		let owner: T::AccountId = whitelisted_caller();
		let approvers = accounts::<T>("approver", T::MaxApprovers::get());
		let threshold = approvers.len() as u32;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), approvers, threshold);
		assert!(Policies::<T>::contains_key(&owner));
	}

	/// Worst case: the last required approval activates the grant.
	#[benchmark]
	fn approve_grant() {
		let owner: T::AccountId = whitelisted_caller();
		let grantee: T::AccountId = account("grantee", 0, 0);
		let approvers = strict_policy::<T>(&owner);
		let expires = frame_system::Pallet::<T>::block_number() + 100u32.into();
		Pallet::<T>::grant_access(
			RawOrigin::Signed(owner).into(),
			grantee,
			Scope::All,
			PurposeOfUse::Treatment,
			expires,
			None,
		)
		.unwrap();
		let (last, others) = approvers.split_last().unwrap();
		for a in others {
			Pallet::<T>::approve_grant(RawOrigin::Signed(a.clone()).into(), 0).unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), 0);
		assert!(matches!(
			Grants::<T>::get(0).unwrap().status,
			GrantStatus::Active { .. }
		));
	}

	/// Worst case: the responder is one opening below the rate limit.
	#[benchmark]
	fn open_emergency_access() -> Result<(), BenchmarkError> {
		let responder: T::AccountId = whitelisted_caller();
		member::<T>(&responder, Role::EmergencyResponder)?;
		let patient: T::AccountId = account("patient", 0, 0);
		for _ in 1..T::EmergencyRateLimit::get() {
			Pallet::<T>::open_emergency_access(
				RawOrigin::Signed(responder.clone()).into(),
				patient.clone(),
				1,
			)?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(responder), patient, 1);
		Ok(())
	}

	/// Worst case: the last required co-signature activates the access.
	#[benchmark]
	fn cosign_emergency_access() -> Result<(), BenchmarkError> {
		let responder: T::AccountId = account("responder", 0, 0);
		member::<T>(&responder, Role::EmergencyResponder)?;
		let officers = accounts::<T>("officer", T::MaxApprovers::get());
		let threshold = officers.len() as u32;
		Pallet::<T>::set_emergency_officers(governance::<T>()?, officers.clone(), threshold)?;
		Pallet::<T>::open_emergency_access(
			RawOrigin::Signed(responder).into(),
			account("patient", 0, 0),
			1,
		)?;
		let (last, others) = officers.split_last().unwrap();
		for o in others {
			Pallet::<T>::cosign_emergency_access(RawOrigin::Signed(o.clone()).into(), 0)?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), 0);
		assert!(Emergencies::<T>::get(0).unwrap().window.is_some());
		Ok(())
	}

	#[benchmark]
	fn review_emergency_access() -> Result<(), BenchmarkError> {
		let responder: T::AccountId = account("responder", 0, 0);
		member::<T>(&responder, Role::EmergencyResponder)?;
		let reviewer: T::AccountId = whitelisted_caller();
		member::<T>(&reviewer, Role::PrivacyOfficer)?;
		Pallet::<T>::open_emergency_access(
			RawOrigin::Signed(responder).into(),
			account("patient", 0, 0),
			1,
		)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(reviewer), 0);
		assert!(Emergencies::<T>::get(0).unwrap().reviewed_by.is_some());
		Ok(())
	}

	#[benchmark]
	fn set_emergency_officers() -> Result<(), BenchmarkError> {
		let officers = accounts::<T>("officer", T::MaxApprovers::get());
		let threshold = officers.len() as u32;
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, officers, threshold);
		Ok(())
	}

	/// The reader's matching grant is the last of `g` it holds.
	#[benchmark]
	fn record_access(g: Linear<1, { T::MaxGrantsPerGrantee::get() }>) {
		let owner: T::AccountId = account("owner", 0, 0);
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let reader: T::AccountId = whitelisted_caller();
		fill_grants::<T>(&reader, g - 1);
		let expires = frame_system::Pallet::<T>::block_number() + 100u32.into();
		Pallet::<T>::grant_access(
			RawOrigin::Signed(owner).into(),
			reader.clone(),
			Scope::Record(record),
			PurposeOfUse::Treatment,
			expires,
			None,
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(reader), record, 1);
		assert_eq!(AccessLogLen::<T>::get(record), 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
