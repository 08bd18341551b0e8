//! What the consortium registry (pallet `Access`) tells the other pallets.

use crate::Role;

/// Read access to the consortium registry (implemented by pallet `Access`). Roles are checked
/// when they are used: a member whose institution left the consortium holds no role.
pub trait RolesInspect<AccountId: PartialEq> {
	/// Whether `who` holds `role` now (and, for members of an institution, whether the
	/// institution is still a member).
	fn has_role(who: &AccountId, role: Role) -> bool;
	/// The institution `who` practises at, if `who` is a practitioner of a member institution.
	fn institution_of(who: &AccountId) -> Option<AccountId>;

	/// Whether `who` provides care: a registered hospital or practitioner.
	fn is_care_provider(who: &AccountId) -> bool {
		Self::has_role(who, Role::Hospital) || Self::has_role(who, Role::Practitioner)
	}
	/// The institution `who` acts for now: itself if it is a hospital, else the institution it
	/// practises at.
	fn institution_for(who: &AccountId) -> Option<AccountId>
	where
		AccountId: Clone,
	{
		if Self::has_role(who, Role::Hospital) {
			Some(who.clone())
		} else {
			Self::institution_of(who)
		}
	}
	/// Whether `who` is `provider` or one of its practitioners now.
	fn acts_for(who: &AccountId, provider: &AccountId) -> bool {
		who == provider || Self::institution_of(who).as_ref() == Some(provider)
	}
}

/// Nobody holds any role (for runtimes and tests without a consortium registry).
impl<AccountId: PartialEq> RolesInspect<AccountId> for () {
	fn has_role(_: &AccountId, _: Role) -> bool {
		false
	}
	fn institution_of(_: &AccountId) -> Option<AccountId> {
		None
	}
}
