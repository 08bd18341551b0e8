//! On what basis a reader may read a record, at a block: the owner, a grant of the owner to
//! the reader, or an emergency window of the reader for the owner. Only the (reader, owner)
//! entries are read.

use frame_support::{traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{RecordId, RecordsInspect};

use crate::*;

/// Why a reader may not read (the most specific reason found).
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub enum Denial {
	/// No record.
	NoRecord,
	/// The record was erased at or before the block.
	Erased,
	/// A matching grant exists but has expired.
	Expired,
	/// A matching grant exists but was revoked.
	Revoked,
	/// A matching grant awaits approvals.
	PendingApprovals,
	/// Nothing matches.
	Nothing,
}

impl<T> From<Denial> for Error<T> {
	fn from(d: Denial) -> Self {
		match d {
			Denial::NoRecord => Error::RecordNotFound,
			Denial::Erased => Error::RecordErased,
			Denial::Expired => Error::GrantExpired,
			Denial::Revoked => Error::GrantRevoked,
			Denial::PendingApprovals => Error::ApprovalsMissing,
			Denial::Nothing => Error::NotAuthorised,
		}
	}
}

/// How many grants and emergency accesses an access check read (for its actual weight).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
	/// Grants read.
	pub grants: u32,
	/// Emergency accesses read.
	pub emergencies: u32,
}

impl<T: Config> Pallet<T> {
	/// On what basis `who` may read `record` at block `at`, or the most specific denial, and
	/// what finding out read.
	pub(crate) fn basis_with_cost(
		who: &T::AccountId,
		record: &RecordId,
		at: BlockNumberFor<T>,
	) -> (Result<AccessBasis, Denial>, Cost) {
		let mut cost = Cost::default();
		let Some(r) = T::Records::record(record) else {
			return (Err(Denial::NoRecord), cost);
		};
		if r.erased_at.is_some_and(|erased| erased <= at) {
			return (Err(Denial::Erased), cost);
		}
		if &r.owner == who {
			return (Ok(AccessBasis::Owner), cost);
		}
		let mut denial = Denial::Nothing;
		for id in PairGrants::<T>::get(who, &r.owner) {
			cost.grants += 1;
			let Some(g) = Grants::<T>::get(id) else {
				continue;
			};
			let covers = match g.scope {
				Scope::Record(x) => &x == record,
				Scope::Class(c) => c == r.class,
				Scope::All => true,
			};
			if !covers || g.granted_at > at {
				continue;
			}
			match (&g.status, g.revoked_at) {
				(_, Some(revoked)) if revoked <= at => denial = Denial::Revoked,
				_ if at >= g.expires_at => denial = Denial::Expired,
				(GrantStatus::PendingApprovals { .. }, _) => denial = Denial::PendingApprovals,
				(GrantStatus::Active { since }, _) if *since > at => {
					denial = Denial::PendingApprovals
				}
				(GrantStatus::Active { .. }, _) => return (Ok(AccessBasis::Grant(id)), cost),
			}
		}
		for id in PairEmergencies::<T>::get(who, &r.owner) {
			cost.emergencies += 1;
			let window = Emergencies::<T>::get(id).and_then(|e| e.window);
			if window.is_some_and(|(from, until)| from <= at && at < until) {
				return (Ok(AccessBasis::Emergency(id)), cost);
			}
		}
		(Err(denial), cost)
	}

	/// On what basis `who` may read `record` at block `at`, or the most specific denial.
	pub fn basis_at(
		who: &T::AccountId,
		record: &RecordId,
		at: BlockNumberFor<T>,
	) -> Result<AccessBasis, Denial> {
		Self::basis_with_cost(who, record, at).0
	}

	/// On what basis `who` may read `record` now, or why not.
	pub fn check_access(who: &T::AccountId, record: &RecordId) -> Result<AccessBasis, Denial> {
		Self::basis_at(who, record, Self::now())
	}

	/// Whether `who` may read `record` now (nobody may read an erased record).
	pub fn can_access(who: &T::AccountId, record: &RecordId) -> Option<AccessBasis> {
		Self::basis_at(who, record, Self::now()).ok()
	}

	/// Whether `who` was allowed to read `record` at block `at`, from the grants and emergency
	/// accesses not yet pruned (each keeps its window; erasure ends every basis from its
	/// block). For pruned ones, ask an archive node at block `at`.
	pub fn was_authorised(who: &T::AccountId, record: &RecordId, at: BlockNumberFor<T>) -> bool {
		Self::basis_at(who, record, at).is_ok()
	}
}

impl<T: Config> semres_primitives::AccessInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn may_read(reader: &T::AccountId, record: &RecordId, at: BlockNumberFor<T>) -> bool {
		Self::basis_at(reader, record, at).is_ok()
	}

	fn may_read_weight() -> Weight {
		T::WeightInfo::check_access(T::MaxGrantsPerPair::get(), T::MaxEmergenciesPerPair::get())
	}
}
