//! Types of the Payment pallet: a telemedicine service, its escrow shares and its life cycle.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use semres_primitives::{RecordId, Version};
use sp_runtime::Permill;

/// A service's identifier: sequential from 0.
pub type ServiceId = u64;

/// Which side of a service an account is on.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Party {
	/// Booked the service and pays the part the insurer does not.
	Patient,
	/// Delivers the service and is paid once its record anchor settles it.
	Provider,
	/// Pays its coverage share.
	Insurer,
}

/// An insurer's coverage policy for one patient: it pays `share` of each service's price, at
/// most `cap` per service. Its share is rounded down; the patient pays the rest, so the two
/// shares always add up to the price exactly.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Coverage<Balance> {
	/// The part of the price the insurer pays.
	pub share: Permill,
	/// The most the insurer pays for one service.
	pub cap: Balance,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy> Coverage<Balance> {
	/// The insurer's share of `price`: `share × price` rounded down, at most `cap`.
	pub fn insurer_share(&self, price: Balance) -> Balance {
		self.share.mul_floor(price).min(self.cap)
	}
}

/// How a price splits between the patient and an insurer.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Shares<Balance> {
	/// What the patient pays.
	pub patient: Balance,
	/// What the insurer pays.
	pub insurer: Balance,
}

/// The record anchor that documents a consultation: a version of a record in pallet `Records`.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Consultation {
	/// The record.
	pub record: RecordId,
	/// Its version anchored for this service.
	pub version: Version,
}

/// Where a service stands. `Booked`, `Completed` and `Disputed` services are open: their price
/// is held. The others are closed and stay as receipts.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum ServiceStatus<AccountId, Balance, BlockNumber> {
	/// Booked: the patient's and the insurer's shares are held on their accounts.
	Booked,
	/// Completed with a matching anchor: the price is held on the provider's account until the
	/// dispute window ends at `payable_at`.
	Completed {
		/// The anchor that settled it.
		consultation: Consultation,
		/// The block in which the provider is paid, unless disputed before.
		payable_at: BlockNumber,
	},
	/// Disputed within the window: the price stays held on the provider until governance
	/// resolves it.
	Disputed {
		/// The anchor that settled it.
		consultation: Consultation,
		/// Who disputed it (the patient or the insurer).
		by: AccountId,
	},
	/// Closed: the provider was paid the price.
	Paid {
		/// The anchor that settled it.
		consultation: Consultation,
		/// When.
		at: BlockNumber,
	},
	/// Closed: cancelled before completion; the payers got their shares back.
	Cancelled {
		/// The patient, or the provider declining.
		by: AccountId,
		/// When.
		at: BlockNumber,
	},
	/// Closed: not completed by the deadline (no-show); the payers got their shares back.
	Refunded {
		/// When.
		at: BlockNumber,
	},
	/// Closed: governance split a disputed price.
	Resolved {
		/// The anchor that settled it.
		consultation: Consultation,
		/// What the provider kept; the rest went back to the payers pro rata.
		to_provider: Balance,
		/// When.
		at: BlockNumber,
	},
}

/// A booked telemedicine service.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Service<AccountId, Balance, BlockNumber> {
	/// Who booked it (the record owner the consultation's anchor must belong to).
	pub patient: AccountId,
	/// The hospital or practitioner delivering it.
	pub provider: AccountId,
	/// The insurer paying a share, if any.
	pub insurer: Option<AccountId>,
	/// The whole price.
	pub price: Balance,
	/// The insurer's part of the price (zero without an insurer).
	pub insurer_share: Balance,
	/// When it was booked: the anchor must come later.
	pub booked_at: BlockNumber,
	/// The appointment: the patient may cancel until then.
	pub starts_at: BlockNumber,
	/// The last block the provider may complete it in; afterwards the payers may claim a
	/// refund.
	pub deadline: BlockNumber,
	/// Where it stands.
	pub status: ServiceStatus<AccountId, Balance, BlockNumber>,
}

impl<AccountId: Clone, Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy, BlockNumber>
	Service<AccountId, Balance, BlockNumber>
{
	/// The patient's part of the price.
	pub fn patient_share(&self) -> Balance {
		self.price.saturating_sub(self.insurer_share)
	}

	/// Whether the price is still held (booked, completed or disputed).
	pub fn is_open(&self) -> bool {
		matches!(
			self.status,
			ServiceStatus::Booked
				| ServiceStatus::Completed { .. }
				| ServiceStatus::Disputed { .. }
		)
	}

	/// The accounts of the service and their sides.
	pub fn parties(&self) -> impl Iterator<Item = (AccountId, Party)> {
		[
			Some((self.patient.clone(), Party::Patient)),
			Some((self.provider.clone(), Party::Provider)),
			self.insurer.clone().map(|i| (i, Party::Insurer)),
		]
		.into_iter()
		.flatten()
	}

	/// Who holds what of the price now: the payers while booked, the provider once completed
	/// or disputed, nobody once closed. Zero amounts are left out.
	pub fn escrow(&self) -> impl Iterator<Item = (AccountId, Balance)> {
		let held = match self.status {
			ServiceStatus::Booked => [
				Some((self.patient.clone(), self.patient_share())),
				self.insurer.clone().map(|i| (i, self.insurer_share)),
			],
			ServiceStatus::Completed { .. } | ServiceStatus::Disputed { .. } => {
				[Some((self.provider.clone(), self.price)), None]
			}
			_ => [None, None],
		};
		held.into_iter()
			.flatten()
			.filter(|(_, amount)| !amount.is_zero())
	}
}
