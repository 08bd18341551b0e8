//! Emergency ("break-glass") access: open, co-sign, close, review, prune.

use frame_support::{ensure, pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{Role, RolesInspect};
use sp_runtime::traits::Saturating;

use crate::*;

impl<T: Config> Pallet<T> {
	/// The last block an emergency access may be co-signed in, plus one.
	fn cosign_deadline(e: &EmergencyOf<T>) -> BlockNumberFor<T> {
		e.opened_at.saturating_add(T::EmergencyRequestTtl::get())
	}

	pub(crate) fn do_open_emergency(
		responder: T::AccountId,
		patient: T::AccountId,
		reason: ReasonCommitment,
	) -> DispatchResult {
		ensure!(
			Self::has_role(&responder, Role::EmergencyResponder),
			Error::<T>::MissingRole
		);
		ensure!(responder != patient, Error::<T>::OwnCase);
		let officers = EmergencyOfficers::<T>::get().ok_or(Error::<T>::NoEmergencyOfficers)?;
		let now = Self::now();
		let id = Self::next_id::<NextEmergencyId<T>>()?;
		RecentEmergencies::<T>::try_mutate(&responder, |recent| -> DispatchResult {
			let window_start = now.saturating_sub(T::EmergencyRatePeriod::get());
			recent.retain(|(at, _)| *at > window_start);
			recent
				.try_push((now, id))
				.map_err(|_| Error::<T>::EmergencyRateLimited)?;
			Ok(())
		})?;
		PairEmergencies::<T>::try_mutate(&responder, &patient, |ids| {
			ids.try_push(id).map_err(|_| Error::<T>::TooManyEmergencies)
		})?;
		let deposit = Self::take_deposit::<EmergencyOf<T>>(&responder)?;
		Emergencies::<T>::insert(
			id,
			EmergencyAccess {
				responder: responder.clone(),
				patient: patient.clone(),
				reason,
				opened_at: now,
				officers,
				cosigners: BoundedVec::new(),
				window: None,
				closed_at: None,
				reviewed_by: None,
				deposit: Some(deposit),
			},
		);
		Self::deposit_event(Event::EmergencyAccessOpened {
			id,
			responder,
			patient,
			reason,
		});
		Ok(())
	}

	pub(crate) fn do_cosign(officer: T::AccountId, id: EmergencyId) -> DispatchResult {
		let mut e = Emergencies::<T>::get(id).ok_or(Error::<T>::EmergencyNotFound)?;
		let in_office = EmergencyOfficers::<T>::get()
			.is_some_and(|now| now.signers.binary_search(&officer).is_ok());
		ensure!(
			in_office && e.officers.signers.binary_search(&officer).is_ok(),
			Error::<T>::NotAnEmergencyOfficer
		);
		ensure!(
			officer != e.responder && officer != e.patient,
			Error::<T>::OwnCase
		);
		ensure!(
			e.window.is_none() && e.closed_at.is_none(),
			Error::<T>::EmergencyClosed
		);
		let now = Self::now();
		ensure!(
			now < Self::cosign_deadline(&e),
			Error::<T>::EmergencyExpired
		);
		ensure!(!e.cosigners.contains(&officer), Error::<T>::AlreadyCosigned);
		e.cosigners
			.try_push(officer.clone())
			.map_err(|_| Error::<T>::AlreadyCosigned)?;
		Self::deposit_event(Event::EmergencyAccessCosigned { id, officer });
		if e.cosigners.len() as u32 >= e.officers.threshold {
			let until = now.saturating_add(T::EmergencyDuration::get());
			e.window = Some((now, until));
			Self::deposit_event(Event::EmergencyAccessActivated {
				id,
				responder: e.responder.clone(),
				patient: e.patient.clone(),
				until,
			});
		}
		Emergencies::<T>::insert(id, e);
		Ok(())
	}

	pub(crate) fn do_review(reviewer: T::AccountId, id: EmergencyId) -> DispatchResult {
		let mut e = Emergencies::<T>::get(id).ok_or(Error::<T>::EmergencyNotFound)?;
		ensure!(
			reviewer == e.patient || Self::has_role(&reviewer, Role::PrivacyOfficer),
			Error::<T>::NotAReviewer
		);
		ensure!(reviewer != e.responder, Error::<T>::OwnCase);
		let (_, until) = e.window.ok_or(Error::<T>::NothingToReview)?;
		ensure!(Self::now() >= until, Error::<T>::EmergencyStillOpen);
		ensure!(e.reviewed_by.is_none(), Error::<T>::AlreadyReviewed);
		e.reviewed_by = Some(reviewer.clone());
		Emergencies::<T>::insert(id, e);
		Self::deposit_event(Event::EmergencyAccessReviewed { id, reviewer });
		Ok(())
	}

	/// Ends `e` at `now` if it could still give access (active, or waiting for co-signatures
	/// in time); whether it did.
	fn end(e: &mut EmergencyOf<T>, now: BlockNumberFor<T>) -> bool {
		if e.closed_at.is_some() {
			return false;
		}
		match e.window {
			Some((from, until)) if now < until => e.window = Some((from, now)),
			Some(_) => return false,
			None if now >= Self::cosign_deadline(e) => return false,
			None => {}
		}
		e.closed_at = Some(now);
		true
	}

	pub(crate) fn do_close_emergency(who: T::AccountId, id: EmergencyId) -> DispatchResult {
		let mut e = Emergencies::<T>::get(id).ok_or(Error::<T>::EmergencyNotFound)?;
		ensure!(
			who == e.responder || who == e.patient || Self::has_role(&who, Role::PrivacyOfficer),
			Error::<T>::NotAnEmergencyParty
		);
		ensure!(Self::end(&mut e, Self::now()), Error::<T>::EmergencyClosed);
		Emergencies::<T>::insert(id, e);
		Self::deposit_event(Event::EmergencyAccessClosed { id, by: who });
		Ok(())
	}

	/// Closes the open emergency accesses of a responder who is being removed; returns how
	/// many. Every emergency that can still give access is among the responder's recent ones
	/// (`EmergencyRatePeriod` covers co-signing time and duration: see `integrity_test`).
	pub(crate) fn close_responders_emergencies(responder: &T::AccountId) -> u32 {
		let now = Self::now();
		let mut closed = 0;
		for (_, id) in RecentEmergencies::<T>::get(responder) {
			if let Some(mut e) = Emergencies::<T>::get(id) {
				if Self::end(&mut e, now) {
					Emergencies::<T>::insert(id, e);
					closed += 1;
				}
			}
		}
		closed
	}

	pub(crate) fn do_prune_emergency(id: EmergencyId) -> DispatchResult {
		let e = Emergencies::<T>::get(id).ok_or(Error::<T>::EmergencyNotFound)?;
		let now = Self::now();
		let prunable = match e.window {
			Some((_, until)) => now >= until && e.reviewed_by.is_some(),
			None => e.closed_at.is_some() || now >= Self::cosign_deadline(&e),
		};
		ensure!(prunable, Error::<T>::EmergencyNotPrunable);
		Emergencies::<T>::remove(id);
		Self::forget::<PairEmergencies<T>, _>(&e.responder, &e.patient, id);
		Self::return_deposit(&e.responder, e.deposit)?;
		Self::deposit_event(Event::EmergencyAccessPruned { id });
		Ok(())
	}
}
