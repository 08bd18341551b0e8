//! The runtime API apps and auditors query access rights through (polkadot.js:
//! `api.call.accessApi.*`, from metadata alone).

use alloc::vec::Vec;

use codec::Codec;
use semres_primitives::RecordId;

use crate::{AccessBasis, AccessLogEntry, AccessRequest, RequestId};

sp_api::decl_runtime_apis! {
	/// Queries of the Access pallet. `Grant` is the runtime's grant type
	/// (`pallet_semres_access::GrantOf<Runtime>`).
	pub trait AccessApi<AccountId, BlockNumber, Grant>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Grant: Codec,
	{
		/// On what basis `who` may read `record` now, if at all (never for an erased record).
		fn can_access(who: AccountId, record: RecordId) -> Option<AccessBasis>;
		/// Whether `who` was allowed to read `record` at block `at`.
		fn was_authorised(who: AccountId, record: RecordId, at: BlockNumber) -> bool;
		/// Entries `from ..` (at most `limit`, at most 100) of a record's access log.
		fn access_log(record: RecordId, from: u32, limit: u32) -> Vec<AccessLogEntry<AccountId, BlockNumber>>;
		/// The grants `owner` made, current and past (up to 100).
		fn grants_of(owner: AccountId) -> Vec<(crate::GrantId, Grant)>;
		/// Requests waiting for `owner`'s decision.
		fn pending_requests(owner: AccountId) -> Vec<(RequestId, AccessRequest<AccountId, BlockNumber>)>;
	}
}
