//! What the access rules (pallet `Access`) tell the other pallets.

use frame_support::weights::Weight;

use crate::RecordId;

/// Whether a reader may read a record at a block, as pallet `Access` decides it.
pub trait AccessInspect<AccountId, BlockNumber> {
	/// Whether `reader` may read `record` at block `at`: its owner, a live grant of the owner,
	/// or an open emergency window (never an erased record).
	fn may_read(reader: &AccountId, record: &RecordId, at: BlockNumber) -> bool;
	/// The most [`AccessInspect::may_read`] weighs (for the weights of calls that ask it).
	fn may_read_weight() -> Weight;
}
