//! Booking a service, the insurer's authorisation, and coverage policies.

use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{Role, RolesInspect};
use sp_runtime::traits::{Saturating, Zero};

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_book(
		patient: T::AccountId,
		provider: T::AccountId,
		price: BalanceOf<T>,
		starts_at: BlockNumberFor<T>,
		deadline: BlockNumberFor<T>,
		insurer: Option<T::AccountId>,
	) -> DispatchResult {
		ensure!(
			T::Roles::is_care_provider(&provider),
			Error::<T>::ProviderNotRegistered
		);
		ensure!(
			patient != provider
				&& insurer
					.as_ref()
					.is_none_or(|i| *i != patient && *i != provider),
			Error::<T>::PartiesNotDistinct
		);
		ensure!(
			!Self::same_side(&patient, &provider),
			Error::<T>::SelfBilling
		);
		let now = Self::now();
		ensure!(starts_at >= now, Error::<T>::AppointmentInPast);
		ensure!(
			deadline >= starts_at && deadline > now,
			Error::<T>::DeadlineBeforeAppointment
		);
		ensure!(
			deadline <= now.saturating_add(T::MaxServicePeriod::get()),
			Error::<T>::DeadlineTooFar
		);
		let shares = Self::quote(&patient, insurer.as_ref(), price)?;
		ensure!(
			Self::can_hold(&patient, shares.patient),
			Error::<T>::PatientCannotPay
		);
		let id = NextServiceId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::ServiceIdsExhausted)?;
		let mut service = Service {
			patient,
			provider,
			insurer,
			price,
			insurer_share: shares.insurer,
			booked_at: now,
			starts_at,
			deadline,
			status: ServiceStatus::AwaitingInsurer,
			deposit: None,
		};
		let pre_authorised = match &service.insurer {
			Some(insurer) => Self::use_standing(&service.patient, insurer, shares.insurer)?,
			None => true,
		};
		if pre_authorised {
			service.status = ServiceStatus::Booked;
		}
		for (who, amount) in service.escrow() {
			T::Currency::hold(&HoldReason::Escrow.into(), &who, amount)?;
		}
		// After the escrow, so that a patient short of the deposit gets its own error.
		service.deposit = Some(Self::take_deposit(
			&service.patient,
			Self::service_footprint(),
		)?);
		for (who, party) in service.parties() {
			OpenServices::<T>::insert(who, id, party);
		}
		NextServiceId::<T>::put(next);
		Self::deposit_event(Event::ServiceBooked {
			service: id,
			patient: service.patient.clone(),
			provider: service.provider.clone(),
			insurer: service.insurer.clone(),
			price,
			patient_share: shares.patient,
			insurer_share: shares.insurer,
			starts_at,
			deadline,
			awaiting_insurer: !pre_authorised,
		});
		Services::<T>::insert(id, service);
		Ok(())
	}

	/// Whether the insurer's standing authorisation covers a share of `amount` now; if so it
	/// is counted (the caller holds the share). Fails if it covers it but the insurer cannot
	/// pay.
	fn use_standing(
		patient: &T::AccountId,
		insurer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<bool, DispatchError> {
		let mut c = Coverages::<T>::get(patient, insurer).ok_or(Error::<T>::NoCoverage)?;
		let Some(standing) = c.policy.and_then(|p| p.standing) else {
			return Ok(false);
		};
		Self::roll_period(&mut c, standing.period, Self::now());
		let spent = c.usage.spent.saturating_add(amount);
		if spent > standing.per_period || c.usage.open >= standing.max_open {
			return Ok(false);
		}
		ensure!(
			Self::can_hold(insurer, amount),
			Error::<T>::InsurerCannotPay
		);
		c.usage.spent = spent;
		c.usage.open = c.usage.open.saturating_add(1);
		Coverages::<T>::insert(patient, insurer, c);
		Ok(true)
	}

	pub(crate) fn do_authorise(insurer: T::AccountId, id: ServiceId) -> DispatchResult {
		let mut s = Self::get(id)?;
		ensure!(
			s.insurer.as_ref() == Some(&insurer),
			Error::<T>::NotTheInsurer
		);
		ensure!(
			s.status == ServiceStatus::AwaitingInsurer,
			Error::<T>::NotAwaitingInsurer
		);
		ensure!(
			Self::can_hold(&insurer, s.insurer_share),
			Error::<T>::InsurerCannotPay
		);
		if !s.insurer_share.is_zero() {
			T::Currency::hold(&HoldReason::Escrow.into(), &insurer, s.insurer_share)?;
		}
		Coverages::<T>::mutate(&s.patient, &insurer, |c| {
			if let Some(c) = c {
				c.usage.open = c.usage.open.saturating_add(1);
			}
		});
		s.status = ServiceStatus::Booked;
		Services::<T>::insert(id, s);
		Self::deposit_event(Event::BookingAuthorised {
			service: id,
			insurer,
		});
		Ok(())
	}

	pub(crate) fn do_set_coverage(
		insurer: T::AccountId,
		patient: T::AccountId,
		coverage: Option<CoverageOf<T>>,
	) -> DispatchResult {
		let existing = Coverages::<T>::get(&patient, &insurer);
		match (coverage, existing) {
			(Some(policy), existing) => {
				ensure!(
					T::Roles::has_role(&insurer, Role::Insurer),
					Error::<T>::NotInsurer
				);
				ensure!(insurer != patient, Error::<T>::PartiesNotDistinct);
				ensure!(
					policy.standing.is_none_or(|s| !s.period.is_zero()),
					Error::<T>::BadStandingAuthorisation
				);
				let state = match existing {
					Some(mut c) => {
						c.policy = Some(policy);
						c
					}
					None => CoverageState {
						policy: Some(policy),
						usage: CoverageUsage {
							period_start: Self::now(),
							spent: Zero::zero(),
							open: 0,
						},
						deposit: Some(Self::take_deposit(&insurer, Self::coverage_footprint())?),
					},
				};
				Coverages::<T>::insert(&patient, &insurer, state);
			}
			(None, Some(mut c)) if c.usage.open > 0 => {
				c.policy = None;
				Coverages::<T>::insert(&patient, &insurer, c);
			}
			(None, Some(c)) => {
				Coverages::<T>::remove(&patient, &insurer);
				if let Some(d) = c.deposit {
					frame_support::traits::Consideration::drop(d, &insurer)?;
				}
			}
			(None, None) => {}
		}
		Self::deposit_event(Event::CoverageSet {
			insurer,
			patient,
			coverage,
		});
		Ok(())
	}
}
