//! The runtime API apps and auditors query payments through (polkadot.js:
//! `api.call.paymentApi.*`, from metadata alone).

use alloc::vec::Vec;

use codec::Codec;

use crate::{Coverage, Party, Service, ServiceId, Shares};

sp_api::decl_runtime_apis! {
	/// Queries of the Payment pallet.
	pub trait PaymentApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A service (open or closed): parties, price and shares, dates, status.
		fn service(service: ServiceId) -> Option<Service<AccountId, Balance, BlockNumber>>;
		/// Up to `limit` (at most 100) of the open services `who` is a party of, with its side,
		/// after `start_after`.
		fn open_services(who: AccountId, start_after: Option<ServiceId>, limit: u32)
			-> Vec<(ServiceId, Party)>;
		/// How `price` would split between `patient` and `insurer` (none if the insurer has no
		/// role or no policy for the patient).
		fn quote(patient: AccountId, insurer: Option<AccountId>, price: Balance)
			-> Option<Shares<Balance>>;
		/// The insurer's coverage of the patient.
		fn coverage(patient: AccountId, insurer: AccountId) -> Option<Coverage<Balance>>;
		/// The current dispute window, in blocks.
		fn dispute_window() -> BlockNumber;
	}
}
