//! Benchmarks (frame-benchmarking v2), each at its worst case: an insurer shares the price, a
//! practitioner acts for its hospital, the payout agenda is nearly full. The runtime's
//! `weights.rs` is generated from these by `semres-node benchmark pallet --pallet
//! pallet_semres_payment`.

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get, Hooks,
	},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use semres_primitives::{RecordId, Role, Version};
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
	T::Currency::minimum_balance().saturating_mul(1_000u32.into())
}

/// A patient, a hospital with a doctor, an insurer covering 80 % of the patient's services; all
/// funded for a hundred services.
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
	}
	Coverages::<T>::insert(
		&p.patient,
		&p.insurer,
		Coverage {
			share: Permill::from_percent(80),
			cap: price::<T>(),
		},
	);
	p
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

fn next_block<T: Config>() {
	frame_system::Pallet::<T>::set_block_number(now::<T>() + One::one());
}

/// Books a service with the hospital, the insurer co-paying; the appointment is 5 blocks away,
/// the deadline 10.
fn book<T: Config>(p: &Parties<T>) -> ServiceId {
	let id = NextServiceId::<T>::get();
	Pallet::<T>::book_service(
		RawOrigin::Signed(p.patient.clone()).into(),
		p.hospital.clone(),
		price::<T>(),
		now::<T>() + 5u32.into(),
		now::<T>() + 10u32.into(),
		Some(p.insurer.clone()),
	)
	.expect("booking succeeds");
	id
}

/// Completes `service` in the current block with a fresh anchor by the doctor.
fn complete<T: Config>(p: &Parties<T>, service: ServiceId) {
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

/// Fills the agenda of block `at` with `n` ids of no service.
fn fill_agenda<T: Config>(at: BlockNumberFor<T>, n: u32) {
	let ids = (0..n)
		.map(|i| u64::MAX - i as u64)
		.collect::<alloc::vec::Vec<_>>();
	PayoutAgenda::<T>::insert(at, BoundedVec::truncate_from(ids));
}

#[benchmarks]
mod benches {
	use super::*;

	#[benchmark]
	fn book_service() {
		let p = parties::<T>();
		let (start, deadline) = (now::<T>() + 5u32.into(), now::<T>() + 10u32.into());

		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.patient.clone()),
			p.hospital.clone(),
			price::<T>(),
			start,
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
		DisputeWindow::<T>::put(BlockNumberFor::<T>::one());
		let service = book::<T>(&p);
		next_block::<T>();
		fill_agenda::<T>(now::<T>() + One::one(), T::MaxPayoutsPerBlock::get() - 1);
		let (record, version) = T::BenchmarkHelper::anchor_consultation(&p.patient, &p.doctor, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.doctor.clone()),
			service,
			record,
			version,
		);

		assert!(matches!(
			Services::<T>::get(service).map(|s| s.status),
			Some(ServiceStatus::Completed { .. })
		));
	}

	#[benchmark]
	fn cancel_service() {
		let p = parties::<T>();
		let service = book::<T>(&p);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient.clone()), service);

		assert!(OpenServices::<T>::get(&p.patient, service).is_none());
	}

	#[benchmark]
	fn claim_refund() {
		let p = parties::<T>();
		let service = book::<T>(&p);
		frame_system::Pallet::<T>::set_block_number(now::<T>() + 11u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), service);

		assert!(matches!(
			Services::<T>::get(service).map(|s| s.status),
			Some(ServiceStatus::Refunded { .. })
		));
	}

	#[benchmark]
	fn dispute_service() {
		let p = parties::<T>();
		DisputeWindow::<T>::put(BlockNumberFor::<T>::one());
		let service = book::<T>(&p);
		next_block::<T>();
		fill_agenda::<T>(now::<T>() + One::one(), T::MaxPayoutsPerBlock::get() - 1);
		complete::<T>(&p, service);

		#[extrinsic_call]
		_(RawOrigin::Signed(p.insurer.clone()), service);

		assert!(matches!(
			Services::<T>::get(service).map(|s| s.status),
			Some(ServiceStatus::Disputed { .. })
		));
	}

	#[benchmark]
	fn resolve_dispute() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		DisputeWindow::<T>::put(BlockNumberFor::<T>::one());
		let service = book::<T>(&p);
		next_block::<T>();
		complete::<T>(&p, service);
		Pallet::<T>::dispute_service(RawOrigin::Signed(p.patient.clone()).into(), service)
			.expect("dispute succeeds");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let half = price::<T>() / 2u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, service, half);

		assert!(matches!(
			Services::<T>::get(service).map(|s| s.status),
			Some(ServiceStatus::Resolved { .. })
		));
		Ok(())
	}

	#[benchmark]
	fn set_coverage() {
		let p = parties::<T>();
		let policy = Coverage {
			share: Permill::from_percent(50),
			cap: price::<T>(),
		};

		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.insurer.clone()),
			p.patient.clone(),
			Some(policy),
		);

		assert_eq!(Coverages::<T>::get(&p.patient, &p.insurer), Some(policy));
	}

	#[benchmark]
	fn set_dispute_window() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let blocks = T::MaxDisputeWindow::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, blocks);

		assert_eq!(DisputeWindow::<T>::get(), blocks);
		Ok(())
	}

	/// `n` providers paid in one block.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxPayoutsPerBlock::get() }>) {
		let p = parties::<T>();
		DisputeWindow::<T>::put(BlockNumberFor::<T>::one());
		let services = (0..n)
			.map(|_| book::<T>(&p))
			.collect::<alloc::vec::Vec<_>>();
		next_block::<T>();
		for service in &services {
			complete::<T>(&p, *service);
		}
		let due = now::<T>() + One::one();

		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}

		for service in services {
			assert!(matches!(
				Services::<T>::get(service).map(|s| s.status),
				Some(ServiceStatus::Paid { .. })
			));
		}
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
