//! The pallet's storage invariants, checked by `try_state` and after every unit test.

use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::traits::{CheckedAdd, Zero};

use crate::*;

type Sums<T> = BTreeMap<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

fn add<T: Config>(
	sums: &mut Sums<T>,
	who: T::AccountId,
	amount: BalanceOf<T>,
) -> Result<(), sp_runtime::TryRuntimeError> {
	let sum = sums.entry(who).or_insert_with(Zero::zero);
	*sum = sum.checked_add(&amount).ok_or("sum overflow")?;
	Ok(())
}

impl<T: Config> Pallet<T> {
	/// The invariants: every account holds exactly the escrow of its open services and the
	/// bonds of its disputes; the open lists are exactly the parties of open services; each
	/// coverage counts exactly the open services its insurer authorised.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut escrow: Sums<T> = BTreeMap::new();
		let mut bonds: Sums<T> = BTreeMap::new();
		let mut authorised: BTreeMap<(T::AccountId, T::AccountId), u32> = BTreeMap::new();
		let next = NextServiceId::<T>::get();
		for (id, s) in Services::<T>::iter() {
			ensure!(id < next, "service ids are below the next id");
			ensure!(
				s.insurer_share <= s.price,
				"the insurer pays at most the price"
			);
			for (who, party) in s.parties() {
				ensure!(
					OpenServices::<T>::get(&who, id) == Some(party),
					"open lists name every party of an open service"
				);
			}
			for (who, amount) in s.escrow() {
				add::<T>(&mut escrow, who, amount)?;
			}
			if let ServiceStatus::Disputed { by, bond, .. } = &s.status {
				ensure!(Self::is_payer(by, &s), "a payer disputed");
				add::<T>(&mut bonds, by.clone(), *bond)?;
			}
			if let (true, Some(insurer)) = (s.insurer_authorised(), &s.insurer) {
				*authorised
					.entry((s.patient.clone(), insurer.clone()))
					.or_default() += 1;
			}
		}
		for (who, amount) in escrow {
			let held = T::Currency::balance_on_hold(&HoldReason::Escrow.into(), &who);
			ensure!(
				held == amount,
				"each account holds its open services' escrow"
			);
		}
		for (who, amount) in bonds {
			let held = T::Currency::balance_on_hold(&HoldReason::DisputeBond.into(), &who);
			ensure!(held == amount, "each account holds its disputes' bonds");
		}
		for (who, id, _) in OpenServices::<T>::iter() {
			let s = Services::<T>::get(id).ok_or("open lists name open services")?;
			ensure!(
				s.parties().any(|(p, _)| p == who),
				"open lists name parties"
			);
		}
		for (patient, insurer, c) in Coverages::<T>::iter() {
			let open = authorised.remove(&(patient, insurer)).unwrap_or(0);
			ensure!(
				c.usage.open == open,
				"coverage counts its authorised services"
			);
			ensure!(
				c.policy.is_some() || open > 0,
				"ended coverage leaves when idle"
			);
		}
		ensure!(
			authorised.is_empty(),
			"authorised services have their coverage"
		);
		Ok(())
	}
}
