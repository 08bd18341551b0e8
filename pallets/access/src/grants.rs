//! Grants, requests and the owners' approval policies.

use alloc::vec::Vec;
use frame_support::{ensure, pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{
	sorted_unique, PurposeOfUse, RecordsInspect, SecurityLevel, SignerSetError, MAX_PAGE,
};
use sp_runtime::traits::Saturating;

use crate::*;

impl<T: Config> From<SignerSetError> for Error<T> {
	fn from(e: SignerSetError) -> Self {
		match e {
			SignerSetError::Duplicate => Error::DuplicateSigner,
			SignerSetError::BadThreshold => Error::BadThreshold,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// A signer set: `signers` sorted, each once, and `1 <= threshold <= signers`.
	pub(crate) fn signer_set(
		mut signers: Vec<T::AccountId>,
		threshold: u32,
	) -> Result<SignerSetOf<T>, Error<T>> {
		sorted_unique(&mut signers, threshold)?;
		Ok(SignerSet {
			signers: BoundedVec::try_from(signers).map_err(|_| Error::<T>::BadThreshold)?,
			threshold,
		})
	}

	/// Checks that a `Record` scope names one of `owner`'s records.
	pub(crate) fn ensure_scope_of(owner: &T::AccountId, scope: &Scope) -> DispatchResult {
		if let Scope::Record(record) = scope {
			let r = T::Records::record(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(&r.owner == owner, Error::<T>::NotOwner);
		}
		Ok(())
	}

	/// Whether a grant may still give access: neither revoked nor expired.
	pub(crate) fn is_live(g: &GrantOf<T>, now: BlockNumberFor<T>) -> bool {
		g.revoked_at.is_none() && now < g.expires_at
	}

	/// Whether a grant in `scope` needs approvals under `policy`: when it may cover a private
	/// record.
	fn needs_approvals(scope: &Scope) -> bool {
		match scope {
			Scope::Record(r) => {
				T::Records::record(r).is_some_and(|r| r.level == SecurityLevel::Private)
			}
			Scope::Class(_) | Scope::All => true,
		}
	}

	/// Creates a grant, first pruning the dead grants of a full (grantee, owner) list; returns
	/// its id and how many were pruned.
	pub(crate) fn create_grant(
		owner: T::AccountId,
		grantee: T::AccountId,
		scope: Scope,
		purpose: PurposeOfUse,
		expires_at: BlockNumberFor<T>,
		envelope: Option<CidOf<T>>,
	) -> Result<(GrantId, u32), DispatchError> {
		ensure!(grantee != owner, Error::<T>::SelfGrant);
		let now = Self::now();
		ensure!(expires_at > now, Error::<T>::ExpiryInPast);
		let mut ids = PairGrants::<T>::get(&grantee, &owner);
		let mut pruned = 0;
		if ids.is_full() {
			let mut live = Vec::with_capacity(ids.len());
			for id in ids {
				match Grants::<T>::get(id) {
					Some(g) if Self::is_live(&g, now) => live.push(id),
					Some(g) => {
						Self::remove_grant(id, g)?;
						pruned += 1;
					}
					None => {}
				}
			}
			ids = BoundedVec::truncate_from(live);
		}
		let grant = Self::next_id::<NextGrantId<T>>()?;
		ids.try_push(grant).map_err(|_| Error::<T>::TooManyGrants)?;
		let status = match Self::policy_at(&owner, now) {
			Some(approvers) if Self::needs_approvals(&scope) => GrantStatus::PendingApprovals {
				approvers,
				approved_by: BoundedVec::new(),
			},
			_ => GrantStatus::Active { since: now },
		};
		let pending = matches!(status, GrantStatus::PendingApprovals { .. });
		let deposit = Self::take_deposit::<GrantOf<T>>(&owner)?;
		Grants::<T>::insert(
			grant,
			Grant {
				owner: owner.clone(),
				grantee: grantee.clone(),
				scope,
				purpose,
				envelope,
				granted_at: now,
				expires_at,
				revoked_at: None,
				status,
				deposit: Some(deposit),
			},
		);
		PairGrants::<T>::insert(&grantee, &owner, ids);
		OwnerGrants::<T>::insert(&owner, grant, ());
		Self::deposit_event(Event::AccessGranted {
			grant,
			owner,
			grantee,
			scope,
			purpose,
			expires_at,
			pending_approvals: pending,
		});
		Ok((grant, pruned))
	}

	/// Removes a grant (the caller updates its pair list) and returns its deposit.
	pub(crate) fn remove_grant(id: GrantId, g: GrantOf<T>) -> DispatchResult {
		Grants::<T>::remove(id);
		OwnerGrants::<T>::remove(&g.owner, id);
		Self::return_deposit(&g.owner, g.deposit)?;
		Self::deposit_event(Event::GrantPruned { grant: id });
		Ok(())
	}

	pub(crate) fn do_approve_grant(who: T::AccountId, grant: GrantId) -> DispatchResult {
		let mut g = Grants::<T>::get(grant).ok_or(Error::<T>::GrantNotFound)?;
		ensure!(g.revoked_at.is_none(), Error::<T>::GrantRevoked);
		let now = Self::now();
		ensure!(now < g.expires_at, Error::<T>::GrantExpired);
		let GrantStatus::PendingApprovals {
			approvers,
			mut approved_by,
		} = g.status
		else {
			return Err(Error::<T>::NotPending.into());
		};
		ensure!(
			approvers.signers.binary_search(&who).is_ok(),
			Error::<T>::NotAnApprover
		);
		ensure!(who != g.grantee, Error::<T>::SelfApproval);
		ensure!(!approved_by.contains(&who), Error::<T>::AlreadyApproved);
		approved_by
			.try_push(who.clone())
			.map_err(|_| Error::<T>::AlreadyApproved)?;
		Self::deposit_event(Event::GrantApproved {
			grant,
			approver: who,
		});
		g.status = if approved_by.len() as u32 >= approvers.threshold {
			Self::deposit_event(Event::GrantActivated { grant });
			GrantStatus::Active { since: now }
		} else {
			GrantStatus::PendingApprovals {
				approvers,
				approved_by,
			}
		};
		Grants::<T>::insert(grant, g);
		Ok(())
	}

	/// The approval policy of `owner` in force at `at`.
	pub fn policy_at(owner: &T::AccountId, at: BlockNumberFor<T>) -> Option<SignerSetOf<T>> {
		let state = Policies::<T>::get(owner)?;
		match state.pending {
			Some((next, effective_at)) if at >= effective_at => next,
			_ => state.current,
		}
	}

	pub(crate) fn do_set_policy(
		owner: T::AccountId,
		approvers: AccountsOf<T>,
		threshold: u32,
	) -> DispatchResult {
		let new = match threshold {
			0 => None,
			_ => {
				let set = Self::signer_set(approvers.into_inner(), threshold)?;
				ensure!(
					set.signers.binary_search(&owner).is_err(),
					Error::<T>::OwnerAsApprover
				);
				Some(set)
			}
		};
		let now = Self::now();
		let in_force = Self::policy_at(&owner, now);
		let deposit = Policies::<T>::take(&owner).and_then(|s| s.deposit);
		let (threshold, count) = new
			.as_ref()
			.map_or((0, 0), |p| (p.threshold, p.signers.len() as u32));
		let (current, pending) = match (in_force, new) {
			(None, None) => {
				// Nothing in force and nothing wanted: the entry goes, with its deposit.
				Self::return_deposit(&owner, deposit)?;
				Self::deposit_event(Event::ApprovalPolicySet {
					owner,
					threshold,
					approvers: count,
				});
				return Ok(());
			}
			(None, Some(first)) => (Some(first), None),
			(Some(current), new) if new.as_ref() == Some(&current) => (Some(current), None),
			(Some(current), new) => {
				let effective_at = now.saturating_add(T::PolicyChangeDelay::get());
				(Some(current), Some((new, effective_at)))
			}
		};
		let deposit = match deposit {
			Some(d) => d,
			None => Self::take_deposit::<PolicyStateOf<T>>(&owner)?,
		};
		match &pending {
			Some((_, effective_at)) => Self::deposit_event(Event::ApprovalPolicyChangeScheduled {
				owner: owner.clone(),
				threshold,
				approvers: count,
				effective_at: *effective_at,
			}),
			None => Self::deposit_event(Event::ApprovalPolicySet {
				owner: owner.clone(),
				threshold,
				approvers: count,
			}),
		}
		Policies::<T>::insert(
			&owner,
			PolicyState {
				current,
				pending,
				deposit: Some(deposit),
			},
		);
		Ok(())
	}

	pub(crate) fn do_request(
		requester: T::AccountId,
		owner: T::AccountId,
		scope: Scope,
		purpose: PurposeOfUse,
		reason: ReasonCommitment,
	) -> DispatchResult {
		ensure!(Self::is_member(&requester), Error::<T>::MissingRole);
		ensure!(requester != owner, Error::<T>::SelfGrant);
		Self::ensure_scope_of(&owner, &scope)?;
		OpenRequests::<T>::try_mutate(&requester, |open| -> DispatchResult {
			ensure!(
				*open < T::MaxOpenRequests::get(),
				Error::<T>::TooManyOpenRequests
			);
			*open += 1;
			Ok(())
		})?;
		let request = Self::next_id::<NextRequestId<T>>()?;
		let deposit = Self::take_deposit::<RequestOf<T>>(&requester)?;
		let now = Self::now();
		let expires_at = now.saturating_add(T::RequestTtl::get());
		Requests::<T>::insert(
			request,
			AccessRequest {
				requester: requester.clone(),
				owner: owner.clone(),
				scope,
				purpose,
				reason,
				requested_at: now,
				expires_at,
				deposit: Some(deposit),
			},
		);
		OwnerRequests::<T>::insert(&owner, request, ());
		Self::deposit_event(Event::AccessRequested {
			request,
			requester,
			owner,
			scope,
			purpose,
			reason,
			expires_at,
		});
		Ok(())
	}

	/// Removes a request and its index entries, and returns the requester's deposit.
	pub(crate) fn remove_request(id: RequestId, r: RequestOf<T>) -> DispatchResult {
		Requests::<T>::remove(id);
		OwnerRequests::<T>::remove(&r.owner, id);
		OpenRequests::<T>::mutate_exists(&r.requester, |open| {
			*open = open.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
		Self::return_deposit(&r.requester, r.deposit)
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) of the grants `owner` made that are not pruned,
	/// after `start_after` if given.
	pub fn grants_of(
		owner: &T::AccountId,
		start_after: Option<GrantId>,
		limit: u32,
	) -> Vec<(GrantId, GrantOf<T>)> {
		semres_primitives::page::<OwnerGrants<T>, _, _, _>(owner, start_after, limit)
			.into_iter()
			.filter_map(|(id, ())| Grants::<T>::get(id).map(|g| (id, g)))
			.collect()
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) of the requests waiting for `owner`'s decision,
	/// after `start_after` if given.
	pub fn pending_requests(
		owner: &T::AccountId,
		start_after: Option<RequestId>,
		limit: u32,
	) -> Vec<(RequestId, RequestOf<T>)> {
		semres_primitives::page::<OwnerRequests<T>, _, _, _>(
			owner,
			start_after,
			limit.min(MAX_PAGE),
		)
		.into_iter()
		.filter_map(|(id, ())| Requests::<T>::get(id).map(|r| (id, r)))
		.collect()
	}
}
