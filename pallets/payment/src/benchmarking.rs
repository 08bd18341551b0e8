//! Benchmarks (frame-benchmarking v2), each at its worst case: an insurer shares the price
//! under a standing authorisation, a practitioner acts for its hospital, a dispute is settled
//! three ways with its bond. The runtime's `weights.rs` is generated from these by
//! `semres-node benchmark pallet --pallet pallet_semres_payment`.

use alloc::vec;

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, Consideration, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use semres_primitives::{AnchorTarget, RecordId, Role, ServiceRecords, SmerRef, Version, H256};
use sp_runtime::{
	traits::{One, Saturating},
	Permill,
};

use crate::*;

/// What the benchmarks need from the runtime: a patient whose consent it can sign, roles in
/// the consortium registry, and record anchors.
pub trait BenchmarkHelper<AccountId> {
	/// A patient account (whose anchor consent the helper can sign).
	fn patient() -> AccountId;
	/// Gives `who` `role`, practising at `institution` if given.
	fn give_role(who: &AccountId, role: Role, institution: Option<AccountId>);
	/// Anchors, in the current block, a record of `patient` authored by `author`; `seed` makes
	/// it distinct.
	fn anchor_consultation(
		patient: &AccountId,
		author: &AccountId,
		seed: u32,
	) -> (RecordId, Version);
}

struct Parties<T: Config> {
	patient: T::AccountId,
	hospital: T::AccountId,
	doctor: T::AccountId,
	insurer: T::AccountId,
}

fn price<T: Config>() -> BalanceOf<T> {
	<T::Currency as frame_support::traits::fungible::Inspect<_>>::minimum_balance()
		.saturating_mul(1_000u32.into())
}

/// A patient, a hospital with a doctor, an insurer covering 80 % of the patient's services and
/// authorising them in advance; all funded for a hundred services and their deposits.
fn parties<T: Config>() -> Parties<T> {
	let p = Parties::<T> {
		patient: T::BenchmarkHelper::patient(),
		hospital: account("hospital", 0, 0),
		doctor: account("doctor", 0, 0),
		insurer: account("insurer", 0, 0),
	};
	T::BenchmarkHelper::give_role(&p.hospital, Role::Hospital, None);
	T::BenchmarkHelper::give_role(&p.doctor, Role::Practitioner, Some(p.hospital.clone()));
	T::BenchmarkHelper::give_role(&p.insurer, Role::Insurer, None);
	for who in [&p.patient, &p.hospital, &p.doctor, &p.insurer] {
		T::Currency::set_balance(who, price::<T>().saturating_mul(100u32.into()));
		T::Deposit::ensure_successful(who, Pallet::<T>::service_footprint());
		T::Deposit::ensure_successful(who, Pallet::<T>::coverage_footprint());
	}
	let standing = StandingAuthorisation {
		per_period: price::<T>().saturating_mul(100u32.into()),
		period: 1_000u32.into(),
		max_open: 100,
	};
	Pallet::<T>::set_coverage(
		RawOrigin::Signed(p.insurer.clone()).into(),
		p.patient.clone(),
		Some(Coverage {
			share: Permill::from_percent(80),
			cap: price::<T>(),
			standing: Some(standing),
		}),
	)
	.expect("coverage");
	p
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

fn next_block<T: Config>() {
	frame_system::Pallet::<T>::set_block_number(now::<T>() + One::one());
}

/// Books a service with the hospital, the insurer co-paying; the appointment is the next
/// block, the deadline 10 blocks away.
fn book<T: Config>(p: &Parties<T>) -> ServiceId {
	let id = NextServiceId::<T>::get();
	Pallet::<T>::book_service(
		RawOrigin::Signed(p.patient.clone()).into(),
		p.hospital.clone(),
		price::<T>(),
		now::<T>() + One::one(),
		now::<T>() + 10u32.into(),
		Some(p.insurer.clone()),
	)
	.expect("booking succeeds");
	id
}

/// Completes `service` in the next block with a fresh anchor by the doctor.
fn complete<T: Config>(p: &Parties<T>, service: ServiceId) {
	next_block::<T>();
	let (record, version) =
		T::BenchmarkHelper::anchor_consultation(&p.patient, &p.doctor, service as u32);
	Pallet::<T>::complete_service(
		RawOrigin::Signed(p.doctor.clone()).into(),
		service,
		record,
		version,
	)
	.expect("completion succeeds");
}

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benches {
	use super::*;

	#[benchmark]
	fn book_service() {
		let p = parties::<T>();
		let (starts, deadline) = (now::<T>() + One::one(), now::<T>() + 10u32.into());
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.patient.clone()),
			p.hospital.clone(),
			price::<T>(),
			starts,
			deadline,
			Some(p.insurer.clone()),
		);
		assert_eq!(
			Services::<T>::get(0).map(|s| s.status),
			Some(ServiceStatus::Booked)
		);
	}

	#[benchmark]
	fn complete_service() {
		let p = parties::<T>();
		let id = book::<T>(&p);
		next_block::<T>();
		let (record, version) = T::BenchmarkHelper::anchor_consultation(&p.patient, &p.doctor, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.doctor.clone()), id, record, version);
		assert!(matches!(
			Services::<T>::get(id).unwrap().status,
			ServiceStatus::Completed { .. }
		));
	}

	#[benchmark]
	fn cancel_service() {
		let p = parties::<T>();
		let id = book::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.doctor.clone()), id);
		assert!(!Services::<T>::contains_key(id));
	}

	#[benchmark]
	fn claim_refund() {
		let p = parties::<T>();
		let id = book::<T>(&p);
		frame_system::Pallet::<T>::set_block_number(now::<T>() + 11u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), id);
		assert!(!Services::<T>::contains_key(id));
	}

	#[benchmark]
	fn dispute_service() {
		let p = parties::<T>();
		let id = book::<T>(&p);
		complete::<T>(&p, id);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), id);
		assert!(matches!(
			Services::<T>::get(id).unwrap().status,
			ServiceStatus::Disputed { .. }
		));
	}

	/// A three-way split, the bond given to the provider.
	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		let id = book::<T>(&p);
		complete::<T>(&p, id);
		Pallet::<T>::dispute_service(RawOrigin::Signed(p.patient.clone()).into(), id)?;
		let half = price::<T>() / 2u32.into();
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, half, true);
		assert!(!Services::<T>::contains_key(id));
		Ok(())
	}

	/// A new coverage (its deposit held).
	#[benchmark]
	fn set_coverage() {
		let p = parties::<T>();
		let patient: T::AccountId = account("another-patient", 0, 0);
		let policy = Coverage {
			share: Permill::from_percent(80),
			cap: price::<T>(),
			standing: Some(StandingAuthorisation {
				per_period: price::<T>(),
				period: 10u32.into(),
				max_open: 1,
			}),
		};
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.insurer.clone()),
			patient.clone(),
			Some(policy),
		);
		assert!(Coverages::<T>::contains_key(&patient, &p.insurer));
	}

	#[benchmark]
	fn set_dispute_window() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, One::one());
		assert_eq!(DisputeWindow::<T>::get(), One::one());
		Ok(())
	}

	#[benchmark]
	fn authorise_booking() {
		let p = parties::<T>();
		Coverages::<T>::mutate(&p.patient, &p.insurer, |c| {
			c.as_mut().unwrap().policy.as_mut().unwrap().standing = None;
		});
		let id = book::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), id);
		assert_eq!(
			Services::<T>::get(id).unwrap().status,
			ServiceStatus::Booked
		);
	}

	#[benchmark]
	fn decline_booking() {
		let p = parties::<T>();
		Coverages::<T>::mutate(&p.patient, &p.insurer, |c| {
			c.as_mut().unwrap().policy.as_mut().unwrap().standing = None;
		});
		let id = book::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), id);
		assert!(!Services::<T>::contains_key(id));
	}

	/// The doctor amends the patient's record with the consultation, `r` recipients.
	#[benchmark]
	fn complete_service_with_anchor(
		r: Linear<
			1,
			{
				<T::Records as ServiceRecords<T::AccountId, BlockNumberFor<T>>>::MaxRecipients::get(
				)
			},
		>,
	) {
		let p = parties::<T>();
		let (record, _) = T::BenchmarkHelper::anchor_consultation(&p.patient, &p.doctor, 0);
		let id = book::<T>(&p);
		next_block::<T>();
		let max_cid =
			<T::Records as ServiceRecords<T::AccountId, BlockNumberFor<T>>>::MaxCidLen::get();
		let smer: SmerOf<T> = SmerRef {
			cid: BoundedVec::truncate_from(vec![7u8; max_cid as usize]),
			smer_hash: H256::repeat_byte(0x5a),
			suite: 1,
		};
		let to: RecipientsOf<T> =
			BoundedVec::truncate_from((0..r).map(|i| account("recipient", i, 0)).collect());
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.doctor.clone()),
			id,
			AnchorTarget::Amend(record),
			smer,
			to,
		);
		assert!(matches!(
			Services::<T>::get(id).unwrap().status,
			ServiceStatus::Completed { .. }
		));
	}

	/// A lapsed dispute: price to the provider, bond back, coverage count down, deposit back.
	#[benchmark]
	fn claim_payment() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		let id = book::<T>(&p);
		complete::<T>(&p, id);
		Pallet::<T>::dispute_service(RawOrigin::Signed(p.patient.clone()).into(), id)?;
		let lapse = now::<T>().saturating_add(T::DisputeResolutionPeriod::get());
		frame_system::Pallet::<T>::set_block_number(lapse);
		#[extrinsic_call]
		_(RawOrigin::Signed(account("anyone", 0, 0)), id);
		assert!(!Services::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
