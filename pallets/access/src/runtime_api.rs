//! The runtime API apps and auditors query access rights through (polkadot.js:
//! `api.call.accessApi.*`, from metadata alone).

use alloc::vec::Vec;

use codec::Codec;
use semres_primitives::{RecordId, SuiteId};

use crate::{AccessBasis, Denial, GrantId, RequestId};

sp_api::decl_runtime_apis! {
	/// Queries of the Access pallet. `Grant`, `Request` and `Key` are the runtime's types
	/// (`pallet_semres_access::{GrantOf, RequestOf, PublishedKeyOf}<Runtime>`).
	pub trait AccessApi<AccountId, BlockNumber, Grant, Request, Key>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Grant: Codec,
		Request: Codec,
		Key: Codec,
	{
		/// On what basis `who` may read `record` now, if at all (never for an erased record).
		fn can_access(who: AccountId, record: RecordId) -> Option<AccessBasis>;
		/// On what basis `who` may read `record` now, or the most specific reason why not
		/// (no record, erased, expired, revoked, pending approvals, nothing).
		fn check_access(who: AccountId, record: RecordId) -> Result<AccessBasis, Denial>;
		/// Whether `who` was allowed to read `record` at block `at` (from what is not pruned).
		fn was_authorised(who: AccountId, record: RecordId, at: BlockNumber) -> bool;
		/// Up to `limit` (at most 100) of the grants `owner` made, after `start_after`.
		fn grants_of(owner: AccountId, start_after: Option<GrantId>, limit: u32) -> Vec<(GrantId, Grant)>;
		/// Up to `limit` (at most 100) of the requests waiting for `owner`, after `start_after`.
		fn pending_requests(owner: AccountId, start_after: Option<RequestId>, limit: u32) -> Vec<(RequestId, Request)>;
		/// `who`'s current key of `suite`, if any.
		fn current_key(who: AccountId, suite: SuiteId) -> Option<Key>;
	}
}
