//! The consortium registry: members, and what the other pallets may ask of it.

use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{Role, RolesInspect};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Registers `who` with `role` (no event: `add_member` and the genesis call it).
	pub(crate) fn register_member(
		who: &T::AccountId,
		role: Role,
		institution: Option<T::AccountId>,
	) -> DispatchResult {
		ensure!(
			!Members::<T>::contains_key(who, role),
			Error::<T>::AlreadyMember
		);
		match &institution {
			None => ensure!(is_institution_role(role), Error::<T>::InvalidInstitution),
			Some(i) => ensure!(
				!is_institution_role(role) && Self::is_institution(i),
				Error::<T>::InvalidInstitution
			),
		}
		Members::<T>::insert(
			who,
			role,
			Membership {
				institution,
				since: Self::now(),
			},
		);
		Ok(())
	}

	/// Whether `who` is a member institution (hospital or insurer).
	fn is_institution(who: &T::AccountId) -> bool {
		Members::<T>::contains_key(who, Role::Hospital)
			|| Members::<T>::contains_key(who, Role::Insurer)
	}

	/// Whether a membership stands: its institution, if it has one, is still a member.
	fn stands(m: &Membership<T::AccountId, BlockNumberFor<T>>) -> bool {
		m.institution.as_ref().is_none_or(Self::is_institution)
	}

	/// Whether `who` holds any standing role.
	pub(crate) fn is_member(who: &T::AccountId) -> bool {
		Members::<T>::iter_prefix_values(who).any(|m| Self::stands(&m))
	}
}

impl<T: Config> RolesInspect<T::AccountId> for Pallet<T> {
	fn has_role(who: &T::AccountId, role: Role) -> bool {
		Members::<T>::get(who, role).is_some_and(|m| Self::stands(&m))
	}

	fn institution_of(who: &T::AccountId) -> Option<T::AccountId> {
		Members::<T>::get(who, Role::Practitioner)?
			.institution
			.filter(Self::is_institution)
	}
}
