//! The runtime API apps and auditors query payments through (polkadot.js:
//! `api.call.paymentApi.*`, from metadata alone).

use alloc::vec::Vec;

use codec::Codec;

use crate::{Coverage, Party, ServiceId, Shares};

sp_api::decl_runtime_apis! {
	/// Queries of the Payment pallet. `Service` is the runtime's service type
	/// (`pallet_semres_payment::ServiceOf<Runtime>`).
	pub trait PaymentApi<AccountId, Balance, BlockNumber, Service>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		Service: Codec,
	{
		/// An open service: parties, price and shares, dates, status, deposit.
		fn service(service: ServiceId) -> Option<Service>;
		/// Up to `limit` (at most 100) of the open services `who` is a party of, with its side,
		/// after `start_after`.
		fn open_services(who: AccountId, start_after: Option<ServiceId>, limit: u32)
			-> Vec<(ServiceId, Party)>;
		/// How `price` would split between `patient` and `insurer` (none if the insurer has no
		/// role or no policy for the patient).
		fn quote(patient: AccountId, insurer: Option<AccountId>, price: Balance)
			-> Option<Shares<Balance>>;
		/// The insurer's coverage policy for the patient, if it has one.
		fn coverage(patient: AccountId, insurer: AccountId) -> Option<Coverage<Balance, BlockNumber>>;
		/// The current dispute window, in blocks.
		fn dispute_window() -> BlockNumber;
	}
}
