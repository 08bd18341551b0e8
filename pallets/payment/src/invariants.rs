//! The pallet's storage invariants, checked by `try_state` and after every unit test.

use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::traits::{CheckedAdd, Saturating, Zero};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The invariants: every account holds exactly the escrow of its open services, the
	/// open lists are exactly the parties of open services, and every completed service is
	/// on the agenda of its payout block.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut expected: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut open_total = BalanceOf::<T>::zero();
		let next = NextServiceId::<T>::get();
		for (id, s) in Services::<T>::iter() {
			ensure!(id < next, "service ids are below the next id");
			ensure!(
				s.insurer_share <= s.price,
				"the insurer pays at most the price"
			);
			for (who, party) in s.parties() {
				ensure!(
					OpenServices::<T>::get(&who, id) == s.is_open().then_some(party),
					"open lists match the open services"
				);
			}
			for (who, amount) in s.escrow() {
				let sum = expected.entry(who).or_insert_with(Zero::zero);
				*sum = sum.checked_add(&amount).ok_or("escrow overflow")?;
			}
			if s.is_open() {
				open_total = open_total.checked_add(&s.price).ok_or("escrow overflow")?;
			}
			if let ServiceStatus::Completed { payable_at, .. } = s.status {
				ensure!(
					PayoutAgenda::<T>::get(payable_at).contains(&id),
					"completed services are on the agenda"
				);
			}
		}
		let mut held_total = BalanceOf::<T>::zero();
		for (who, amount) in expected {
			let held = T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &who);
			ensure!(
				held == amount,
				"each account holds its open services' escrow"
			);
			held_total = held_total.saturating_add(held);
		}
		ensure!(
			held_total == open_total,
			"held funds equal the sum of open services"
		);
		for (who, id, _) in OpenServices::<T>::iter() {
			let s = Services::<T>::get(id).ok_or("open lists name existing services")?;
			ensure!(
				s.is_open() && s.parties().any(|(p, _)| p == who),
				"open lists name parties of open services"
			);
		}
		Ok(())
	}
}
