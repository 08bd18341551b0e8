//! The pallet's storage invariants, checked by `try_state` and after every unit test.

use alloc::collections::btree_map::BTreeMap;
use frame_support::ensure;

use crate::*;

type Check = Result<(), sp_runtime::TryRuntimeError>;

impl<T: Config> Pallet<T> {
	/// Every index names existing items and every item is in its indices; signer sets are
	/// sorted and unique with a reachable threshold; no account has two current keys of a
	/// suite; counters are above every id.
	pub fn do_try_state() -> Check {
		Self::check_keys()?;
		Self::check_grants()?;
		Self::check_requests()?;
		Self::check_emergencies()?;
		for (owner, state) in Policies::<T>::iter() {
			for set in state
				.current
				.iter()
				.chain(state.pending.iter().flat_map(|(p, _)| p))
			{
				Self::check_set(set)?;
				ensure!(
					set.signers.binary_search(&owner).is_err(),
					"owners do not approve their own grants"
				);
			}
		}
		if let Some(officers) = EmergencyOfficers::<T>::get() {
			Self::check_set(&officers)?;
		}
		Ok(())
	}

	fn check_set(set: &SignerSetOf<T>) -> Check {
		ensure!(
			set.signers.windows(2).all(|w| w[0] < w[1]),
			"signer sets are sorted and unique"
		);
		ensure!(
			set.threshold >= 1 && set.threshold as usize <= set.signers.len(),
			"thresholds are reachable"
		);
		Ok(())
	}

	fn check_keys() -> Check {
		for (_, keys) in Keys::<T>::iter() {
			for (i, k) in keys.iter().enumerate() {
				ensure!(
					keys[..i].iter().all(|o| o.id != k.id),
					"key ids are unique per account"
				);
				ensure!(
					k.revoked_at.is_some()
						|| keys[..i]
							.iter()
							.all(|o| o.suite != k.suite || o.revoked_at.is_some()),
					"one current key per suite"
				);
			}
		}
		Ok(())
	}

	fn check_grants() -> Check {
		let next = NextGrantId::<T>::get();
		for (id, g) in Grants::<T>::iter() {
			ensure!(id < next, "grant ids are below the counter");
			ensure!(
				PairGrants::<T>::get(&g.grantee, &g.owner).contains(&id),
				"pair index"
			);
			ensure!(OwnerGrants::<T>::contains_key(&g.owner, id), "owner index");
			ensure!(g.owner != g.grantee, "no self grants");
			if let GrantStatus::PendingApprovals {
				approvers,
				approved_by,
			} = &g.status
			{
				ensure!(
					approved_by.iter().all(|a| approvers.signers.contains(a)),
					"only the snapshot approves"
				);
				ensure!(
					(approved_by.len() as u32) < approvers.threshold,
					"a grant with enough approvals is active"
				);
			}
		}
		for (grantee, owner, ids) in PairGrants::<T>::iter() {
			ensure!(!ids.is_empty(), "no empty pair lists");
			for id in ids {
				ensure!(
					Grants::<T>::get(id).is_some_and(|g| g.grantee == grantee && g.owner == owner),
					"pair lists name the pair's grants"
				);
			}
		}
		for (owner, id, ()) in OwnerGrants::<T>::iter() {
			ensure!(
				Grants::<T>::get(id).is_some_and(|g| g.owner == owner),
				"owner lists name the owner's grants"
			);
		}
		Ok(())
	}

	fn check_requests() -> Check {
		let next = NextRequestId::<T>::get();
		let mut open: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (id, r) in Requests::<T>::iter() {
			ensure!(id < next, "request ids are below the counter");
			ensure!(
				OwnerRequests::<T>::contains_key(&r.owner, id),
				"request index"
			);
			*open.entry(r.requester).or_default() += 1;
		}
		for (owner, id, ()) in OwnerRequests::<T>::iter() {
			ensure!(
				Requests::<T>::get(id).is_some_and(|r| r.owner == owner),
				"indexed requests exist"
			);
		}
		let counted: BTreeMap<_, _> = OpenRequests::<T>::iter().collect();
		ensure!(counted == open, "open request counts match the requests");
		Ok(())
	}

	fn check_emergencies() -> Check {
		let next = NextEmergencyId::<T>::get();
		for (id, e) in Emergencies::<T>::iter() {
			ensure!(id < next, "emergency ids are below the counter");
			ensure!(
				PairEmergencies::<T>::get(&e.responder, &e.patient).contains(&id),
				"pair index"
			);
			Self::check_set(&e.officers)?;
			ensure!(
				e.cosigners.iter().all(|c| e.officers.signers.contains(c)),
				"only the snapshot co-signs"
			);
			ensure!(
				e.window.is_none() || e.cosigners.len() as u32 >= e.officers.threshold,
				"an active window has its co-signatures"
			);
			ensure!(
				e.reviewed_by.is_none() || e.window.is_some(),
				"only what took effect is reviewed"
			);
		}
		for (responder, patient, ids) in PairEmergencies::<T>::iter() {
			ensure!(!ids.is_empty(), "no empty pair lists");
			for id in ids {
				ensure!(
					Emergencies::<T>::get(id)
						.is_some_and(|e| e.responder == responder && e.patient == patient),
					"pair lists name the pair's emergencies"
				);
			}
		}
		Ok(())
	}
}
