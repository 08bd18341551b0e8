//! Completing a service with its consultation's anchor, the payout, and disputes.

use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use semres_primitives::{RecordId, RecordsInspect, RolesInspect, Version};
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// A service `who` may complete now: booked (and authorised by its insurer), `who` acts
	/// for its provider, between the appointment and the deadline.
	pub(crate) fn completable(
		who: &T::AccountId,
		id: ServiceId,
	) -> Result<ServiceOf<T>, DispatchError> {
		let s = Self::get(id)?;
		ensure!(
			T::Roles::acts_for(who, &s.provider),
			Error::<T>::NotProvider
		);
		match s.status {
			ServiceStatus::Booked => {}
			ServiceStatus::AwaitingInsurer => return Err(Error::<T>::InsurerNotAuthorised.into()),
			_ => return Err(Error::<T>::NotBooked.into()),
		}
		let now = Self::now();
		ensure!(now >= s.starts_at, Error::<T>::AppointmentNotStarted);
		ensure!(now <= s.deadline, Error::<T>::DeadlinePassed);
		Ok(s)
	}

	/// The checks an existing anchor passes to complete `s`: the patient's, made after the
	/// booking by the provider or, for the provider, by one of its practitioners (the
	/// institution fixed when anchoring, not today's membership), never by the patient, not
	/// erased, and not settling another service.
	pub(crate) fn check_anchor(
		s: &ServiceOf<T>,
		record: &RecordId,
		version: Version,
	) -> DispatchResult {
		let anchor = T::Records::anchor(record, version).ok_or(Error::<T>::AnchorNotFound)?;
		ensure!(anchor.erased_at.is_none(), Error::<T>::RecordErased);
		ensure!(anchor.owner == s.patient, Error::<T>::AnchorNotOfPatient);
		ensure!(anchor.author != s.patient, Error::<T>::AnchorByPatient);
		ensure!(
			anchor.author == s.provider || anchor.institution.as_ref() == Some(&s.provider),
			Error::<T>::AnchorNotByProvider
		);
		ensure!(
			anchor.anchored_at > s.booked_at,
			Error::<T>::AnchorBeforeBooking
		);
		ensure!(anchor.settled.is_none(), Error::<T>::AnchorAlreadySettled);
		Ok(())
	}

	/// Settles a completable service by its consultation: the price moves to the provider,
	/// held until the dispute window ends, or paid at once with a zero window or price.
	pub(crate) fn settle(
		id: ServiceId,
		mut s: ServiceOf<T>,
		consultation: Consultation,
	) -> DispatchResult {
		let now = Self::now();
		let window = DisputeWindow::<T>::get();
		let (restriction, payable_at) = if window.is_zero() || s.price.is_zero() {
			(Restriction::Free, now)
		} else {
			let due = now.checked_add(&window).ok_or(ArithmeticError::Overflow)?;
			(Restriction::OnHold, due)
		};
		ensure!(
			Self::can_receive(&s.provider, s.price, restriction),
			Error::<T>::ProviderCannotReceive
		);
		Self::move_to_provider(&s, restriction)?;
		Self::deposit_event(Event::ServiceCompleted {
			service: id,
			provider: s.provider.clone(),
			record: consultation.record,
			version: consultation.version,
			price: s.price,
			payable_at,
		});
		if restriction == Restriction::Free {
			Self::deposit_paid(id, &s, consultation);
			Self::close(id, s)
		} else {
			s.status = ServiceStatus::Completed {
				consultation,
				payable_at,
			};
			Services::<T>::insert(id, s);
			Ok(())
		}
	}

	pub(crate) fn do_claim_payment(id: ServiceId) -> DispatchResult {
		let s = Self::get(id)?;
		let now = Self::now();
		let consultation = match s.status {
			ServiceStatus::Completed {
				consultation,
				payable_at,
			} => {
				ensure!(now >= payable_at, Error::<T>::NotYetPayable);
				consultation
			}
			ServiceStatus::Disputed {
				consultation,
				ref by,
				bond,
				resolve_by,
			} => {
				ensure!(now >= resolve_by, Error::<T>::NotYetPayable);
				Self::release_bond(by, bond)?;
				Self::deposit_event(Event::DisputeLapsed { service: id });
				consultation
			}
			_ => return Err(Error::<T>::NotCompleted.into()),
		};
		Self::release(&s.provider, s.price)?;
		Self::deposit_paid(id, &s, consultation);
		Self::close(id, s)
	}

	pub(crate) fn do_dispute(who: T::AccountId, id: ServiceId) -> DispatchResult {
		let mut s = Self::get(id)?;
		ensure!(Self::is_payer(&who, &s), Error::<T>::NotPayer);
		let ServiceStatus::Completed {
			consultation,
			payable_at,
		} = s.status
		else {
			return Err(Error::<T>::NotCompleted.into());
		};
		let now = Self::now();
		ensure!(now < payable_at, Error::<T>::DisputeWindowClosed);
		let bond = T::DisputeBond::get();
		if !bond.is_zero() {
			T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)
				.map_err(|_| Error::<T>::CannotPayBond)?;
		}
		let resolve_by = now.saturating_add(T::DisputeResolutionPeriod::get());
		s.status = ServiceStatus::Disputed {
			consultation,
			by: who.clone(),
			bond,
			resolve_by,
		};
		Services::<T>::insert(id, s);
		Self::deposit_event(Event::ServiceDisputed {
			service: id,
			by: who,
			bond,
			resolve_by,
		});
		Ok(())
	}

	pub(crate) fn do_resolve(
		id: ServiceId,
		to_provider: BalanceOf<T>,
		slash_bond: bool,
	) -> DispatchResult {
		let s = Self::get(id)?;
		let ServiceStatus::Disputed { ref by, bond, .. } = s.status else {
			return Err(Error::<T>::NotDisputed.into());
		};
		ensure!(to_provider <= s.price, Error::<T>::SplitExceedsPrice);
		let refund = s.price - to_provider;
		let insurer_refund = Self::pro_rata(refund, s.insurer_share, s.price);
		let patient_refund = refund - insurer_refund;
		Self::give_back(&s, &s.patient, patient_refund)?;
		if let Some(insurer) = &s.insurer {
			Self::give_back(&s, insurer, insurer_refund)?;
		}
		Self::release(&s.provider, to_provider)?;
		if slash_bond && !bond.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::DisputeBond.into(),
				by,
				&s.provider,
				bond,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		} else {
			Self::release_bond(by, bond)?;
		}
		Self::close(id, s)?;
		Self::deposit_event(Event::DisputeResolved {
			service: id,
			to_provider,
			patient_refund,
			insurer_refund,
			bond_slashed: slash_bond,
		});
		Ok(())
	}
}
