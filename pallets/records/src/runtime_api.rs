//! The runtime API apps and auditors query the records registry through (polkadot.js:
//! `api.call.recordsApi.*`, from metadata alone).

use alloc::vec::Vec;

use codec::Codec;
use semres_primitives::{RecordClass, RecordId, SecurityLevel, SmerHash, SuiteId, Version, Vpi};

use crate::{RecordInfo, Verification, VpiMatch};

sp_api::decl_runtime_apis! {
	/// Queries of the Records pallet. `Anchor` is the runtime's anchor type
	/// (`pallet_semres_records::AnchorOf<Runtime>`). Version 2 adds lookups by virtual
	/// patient identifier.
	#[api_version(2)]
	pub trait RecordsApi<AccountId, BlockNumber, Anchor>
	where
		AccountId: Codec,
		BlockNumber: Codec,
		Anchor: Codec,
	{
		/// A record's owner, classification, version count and erasure state.
		fn record(record: RecordId) -> Option<RecordInfo<AccountId, BlockNumber>>;
		/// Versions `from ..` (at most `limit`, at most 100) of a record, oldest first: each
		/// anchor's author and institution, CID, SMeR hash, authority status, block, time,
		/// authorisation, settled service and deposit.
		fn history(record: RecordId, from: Version, limit: u32) -> Vec<(Version, Anchor)>;
		/// Whether `smer_hash` is the hash of a version of `record`: a match (naming owner,
		/// author and version), mismatch, unknown, erased.
		fn verify(record: RecordId, smer_hash: SmerHash) -> Verification<AccountId>;
		/// Up to `limit` of an owner's record ids, after `start_after`.
		fn records_of(owner: AccountId, start_after: Option<RecordId>, limit: u32) -> Vec<RecordId>;
		/// The id of `owner`'s record with `salt` (what the SMeR header's record id must be).
		fn record_id(owner: AccountId, salt: [u8; 32]) -> RecordId;
		/// The consent epoch the owner's next consent must carry.
		fn consent_epoch(owner: AccountId) -> u32;
		/// The bytes the owner signs to consent to an anchor (none if the contents exceed the
		/// runtime's bounds).
		fn signing_payload(
			record: RecordId,
			version: Version,
			owner: AccountId,
			submitter: AccountId,
			cid: Vec<u8>,
			smer_hash: SmerHash,
			suite: SuiteId,
			recipients: Vec<AccountId>,
			class: RecordClass,
			level: SecurityLevel,
			valid_until: BlockNumber,
			epoch: u32,
		) -> Option<Vec<u8>>;
		/// Up to `limit` (at most 100) records under virtual patient identifier `vpi`, after
		/// `start_after`, each with its owner and who set the identifier.
		#[api_version(2)]
		fn records_by_vpi(vpi: Vpi, start_after: Option<RecordId>, limit: u32) -> Vec<VpiMatch<AccountId>>;
	}
}
