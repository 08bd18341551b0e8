//! The escrow's fund movements, on the fungible hold API with the reason `Payment::Escrow`:
//! held on the payers while a service is booked, moved to the provider (still held) at
//! completion, released to it when the payment is claimed, or given back; and dispute bonds
//! (`Payment::DisputeBond`).

use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::{DepositConsequence, Fortitude, Precision, Provenance, Restriction},
	},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{UniqueSaturatedInto, Zero},
	Rounding,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether `who` can have `amount` held (an existential deposit stays free).
	pub(crate) fn can_hold(who: &T::AccountId, amount: BalanceOf<T>) -> bool {
		amount.is_zero() || T::Currency::can_hold(&HoldReason::Escrow.into(), who, amount)
	}

	/// Whether `who` can receive `amount` free, or on hold (which needs a live account).
	pub(crate) fn can_receive(who: &T::AccountId, amount: BalanceOf<T>, how: Restriction) -> bool {
		if amount.is_zero() {
			return true;
		}
		if T::Currency::can_deposit(who, amount, Provenance::Extant) != DepositConsequence::Success
		{
			return false;
		}
		how == Restriction::Free
			|| (!T::Currency::total_balance(who).is_zero()
				&& T::Currency::hold_available(&HoldReason::Escrow.into(), who))
	}

	/// Releases `amount` held on `who`.
	pub(crate) fn release(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(&HoldReason::Escrow.into(), who, amount, Precision::Exact)?;
		}
		Ok(())
	}

	/// Moves a booked service's shares from its payers to the provider: still held
	/// (`OnHold`, for the dispute window) or paid (`Free`).
	pub(crate) fn move_to_provider(s: &ServiceOf<T>, how: Restriction) -> DispatchResult {
		for (payer, amount) in s.escrow() {
			T::Currency::transfer_on_hold(
				&HoldReason::Escrow.into(),
				&payer,
				&s.provider,
				amount,
				Precision::Exact,
				how,
				Fortitude::Force,
			)?;
		}
		Ok(())
	}

	/// Gives `amount` of the price held on a disputed service's provider back to `to`.
	pub(crate) fn give_back(
		s: &ServiceOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::transfer_on_hold(
				&HoldReason::Escrow.into(),
				&s.provider,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		}
		Ok(())
	}

	/// Releases a booked service's shares to its payers.
	pub(crate) fn refund_payers(s: &ServiceOf<T>) -> Result<Shares<BalanceOf<T>>, DispatchError> {
		for (payer, amount) in s.escrow() {
			Self::release(&payer, amount)?;
		}
		let insurer = if s.insurer_authorised() {
			s.insurer_share
		} else {
			Zero::zero()
		};
		Ok(Shares {
			patient: s.patient_share(),
			insurer,
		})
	}

	/// `part × amount / whole`, rounded down (`part ≤ whole`).
	pub(crate) fn pro_rata(
		amount: BalanceOf<T>,
		part: BalanceOf<T>,
		whole: BalanceOf<T>,
	) -> BalanceOf<T> {
		if whole.is_zero() {
			return Zero::zero();
		}
		multiply_by_rational_with_rounding(
			amount.unique_saturated_into(),
			part.unique_saturated_into(),
			whole.unique_saturated_into(),
			Rounding::Down,
		)
		.map(|x: u128| x.unique_saturated_into())
		.unwrap_or_else(Zero::zero)
	}

	/// Releases a dispute bond held on `who`.
	pub(crate) fn release_bond(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if !amount.is_zero() {
			T::Currency::release(
				&HoldReason::DisputeBond.into(),
				who,
				amount,
				Precision::Exact,
			)?;
		}
		Ok(())
	}
}
