//! Virtual patient identifiers (paper 004): a pseudonymous lookup key on a record, so that a
//! consortium member holding the consortium's VPI secret finds a patient's records from the
//! national patient id (it derives the key off chain), while the chain holds only the key.
//!
//! - **Who sets it.** The record's owner, or the care provider that anchored the record's
//!   first version (while it is registered), unless the owner refused. One identifier per
//!   record; its setter holds a deposit for the entry and its index.
//! - **Patient control.** The owner clears it at any time; an owner's clear is also a refusal
//!   that keeps care providers from setting it again (the owner may). Erasure clears it.
//! - **Lookups** list every record under an identifier with its owner and setter: an account
//!   that tags its own records with someone else's identifier shows as another owner.

use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
	traits::{Consideration, Footprint},
};
use semres_primitives::{RecordId, RolesInspect, Vpi};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The deposit footprint of a record's identifier: the entry and its index entry.
	pub fn vpi_footprint() -> Footprint {
		Footprint::from_mel::<(RecordId, VpiEntryOf<T>, (Vpi, RecordId))>()
	}

	/// `who` gives `record` the identifier `vpi` (see [`Pallet::set_vpi`]).
	pub(crate) fn do_set_vpi(who: &T::AccountId, record: RecordId, vpi: Vpi) -> DispatchResult {
		let info = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
		ensure!(info.erased_at.is_none(), Error::<T>::RecordErased);
		if &info.owner == who {
			VpiRefused::<T>::remove(record);
		} else {
			ensure!(
				Self::anchored_first_version(who, &record),
				Error::<T>::NotOwnerOrFirstAuthor
			);
			ensure!(
				!VpiRefused::<T>::contains_key(record),
				Error::<T>::VpiRefused
			);
		}
		ensure!(
			!RecordVpi::<T>::contains_key(record),
			Error::<T>::VpiAlreadySet
		);
		let deposit = T::Deposit::new(who, Self::vpi_footprint())
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		RecordVpi::<T>::insert(
			record,
			VpiEntry {
				vpi,
				set_by: who.clone(),
				deposit,
			},
		);
		VpiRecords::<T>::insert(vpi, record, ());
		Self::deposit_event(Event::VpiSet {
			record,
			vpi,
			set_by: who.clone(),
		});
		Ok(())
	}

	/// `who` clears `record`'s identifier (see [`Pallet::clear_vpi`]).
	pub(crate) fn do_clear_vpi(who: &T::AccountId, record: RecordId) -> DispatchResult {
		let info = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
		ensure!(info.erased_at.is_none(), Error::<T>::RecordErased);
		let refused = &info.owner == who;
		if refused {
			VpiRefused::<T>::insert(record, ());
		} else {
			let entry = RecordVpi::<T>::get(record).ok_or(Error::<T>::NoVpi)?;
			ensure!(&entry.set_by == who, Error::<T>::NotOwnerOrSetter);
		}
		Self::unlink_vpi(record)?;
		Self::deposit_event(Event::VpiCleared {
			record,
			by: who.clone(),
			refused,
		});
		Ok(())
	}

	/// Removes `record`'s identifier, if it has one, returning its setter's deposit.
	/// Whether there was one.
	pub(crate) fn unlink_vpi(record: RecordId) -> Result<bool, DispatchError> {
		let Some(entry) = RecordVpi::<T>::take(record) else {
			return Ok(false);
		};
		VpiRecords::<T>::remove(entry.vpi, record);
		entry.deposit.drop(&entry.set_by)?;
		Ok(true)
	}

	/// Whether `who` anchored `record`'s first version and provides care now.
	fn anchored_first_version(who: &T::AccountId, record: &RecordId) -> bool {
		T::Roles::is_care_provider(who)
			&& Anchors::<T>::get(record, 1).is_some_and(|a| &a.author == who)
	}

	/// Up to `limit` (at most [`semres_primitives::MAX_PAGE`]) records under `vpi`, after
	/// `start_after` if given, each with its owner and who set the identifier.
	pub fn records_by_vpi(
		vpi: &Vpi,
		start_after: Option<RecordId>,
		limit: u32,
	) -> Vec<VpiMatch<T::AccountId>> {
		semres_primitives::page::<VpiRecords<T>, _, _, _>(vpi, start_after, limit)
			.into_iter()
			.filter_map(|(record, ())| {
				let owner = Records::<T>::get(record)?.owner;
				let set_by = RecordVpi::<T>::get(record)?.set_by;
				Some(VpiMatch {
					record,
					owner,
					set_by,
				})
			})
			.collect()
	}

	/// `record`'s identifier and who set it, if it has one.
	pub fn vpi_of(record: &RecordId) -> Option<(Vpi, T::AccountId)> {
		RecordVpi::<T>::get(record).map(|e| (e.vpi, e.set_by))
	}
}
