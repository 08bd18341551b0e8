//! Types of the Payment pallet: a telemedicine service, its escrow shares and its life cycle.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use semres_primitives::{RecordId, Version};
use sp_runtime::Permill;

pub use semres_primitives::ServiceId;

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
/// shares always add up to the price exactly. Each booking waits for the insurer's
/// authorisation unless a `standing` authorisation covers it.
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
pub struct Coverage<Balance, BlockNumber> {
	/// The part of the price the insurer pays.
	pub share: Permill,
	/// The most the insurer pays for one service.
	pub cap: Balance,
	/// Bookings the insurer authorises in advance, within limits.
	pub standing: Option<StandingAuthorisation<Balance, BlockNumber>>,
}

impl<Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy, BlockNumber>
	Coverage<Balance, BlockNumber>
{
	/// The insurer's share of `price`: `share × price` rounded down, at most `cap`.
	pub fn insurer_share(&self, price: Balance) -> Balance {
		self.share.mul_floor(price).min(self.cap)
	}
}

/// An insurer's pre-authorisation of a patient's bookings: at most `per_period` of its shares
/// booked per `period` blocks, and at most `max_open` authorised services open at once.
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
pub struct StandingAuthorisation<Balance, BlockNumber> {
	/// The most of the insurer's shares authorised in advance per period.
	pub per_period: Balance,
	/// The period's length in blocks (at least 1).
	pub period: BlockNumber,
	/// The most services open at once under the insurer's authorisation.
	pub max_open: u32,
}

/// What the insurer has authorised for one patient so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct CoverageUsage<Balance, BlockNumber> {
	/// The start of the current standing-authorisation period.
	pub period_start: BlockNumber,
	/// Of the insurer's shares authorised in advance in that period.
	pub spent: Balance,
	/// Open services the insurer authorised (in advance or one by one).
	pub open: u32,
}

/// An insurer's coverage of one patient as stored: the policy (none once ended while
/// authorised services are still open), its usage, and the insurer's storage deposit.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct CoverageState<Balance, BlockNumber, Ticket> {
	/// The policy in force, if any.
	pub policy: Option<Coverage<Balance, BlockNumber>>,
	/// What it has authorised.
	pub usage: CoverageUsage<Balance, BlockNumber>,
	/// The deposit held on the insurer.
	pub deposit: Option<Ticket>,
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

/// Where an open service stands; a closed service (paid, cancelled, refunded, declined,
/// resolved) leaves storage, its receipt being the events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum ServiceStatus<AccountId, Balance, BlockNumber> {
	/// Booked with an insurer that has not authorised it yet: only the patient's share is held.
	AwaitingInsurer,
	/// Booked: the patient's and (authorised) the insurer's shares are held on their accounts.
	Booked,
	/// Completed with a matching anchor: the price is held on the provider's account until the
	/// dispute window ends at `payable_at`, when anyone may release it.
	Completed {
		/// The anchor that settled it.
		consultation: Consultation,
		/// The first block the provider can be paid in, unless disputed before.
		payable_at: BlockNumber,
	},
	/// Disputed within the window: the price stays held on the provider until governance
	/// resolves it, or `resolve_by` passes (then the provider is paid and the bond returned).
	Disputed {
		/// The anchor that settled it.
		consultation: Consultation,
		/// Who disputed it (the patient or the insurer); holds the bond.
		by: AccountId,
		/// The bond held on `by`.
		bond: Balance,
		/// The first block in which the dispute lapses.
		resolve_by: BlockNumber,
	},
}

/// A booked telemedicine service.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Service<AccountId, Balance, BlockNumber, Ticket> {
	/// Who booked it (the record owner the consultation's anchor must belong to); holds the
	/// service's storage deposit.
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
	/// The appointment: the patient may cancel until then, the provider complete from then.
	pub starts_at: BlockNumber,
	/// The last block the provider may complete it in; afterwards the payers may claim a
	/// refund.
	pub deadline: BlockNumber,
	/// Where it stands.
	pub status: ServiceStatus<AccountId, Balance, BlockNumber>,
	/// The storage deposit held on the patient (`None`: booked before deposits).
	pub deposit: Option<Ticket>,
}

impl<
		AccountId: Clone,
		Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
		BlockNumber,
		Ticket,
	> Service<AccountId, Balance, BlockNumber, Ticket>
{
	/// The patient's part of the price.
	pub fn patient_share(&self) -> Balance {
		self.price.saturating_sub(self.insurer_share)
	}

	/// Whether it is booked and not completed (awaiting its insurer or not).
	pub fn is_booked(&self) -> bool {
		matches!(
			self.status,
			ServiceStatus::AwaitingInsurer | ServiceStatus::Booked
		)
	}

	/// Whether an insurer has authorised (and holds) its share.
	pub fn insurer_authorised(&self) -> bool {
		self.insurer.is_some() && !matches!(self.status, ServiceStatus::AwaitingInsurer)
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

	/// Who holds what of the price now: the patient (and the insurer once it authorised)
	/// while booked, the provider once completed or disputed. Zero amounts are left out.
	pub fn escrow(&self) -> impl Iterator<Item = (AccountId, Balance)> {
		let held = match self.status {
			ServiceStatus::AwaitingInsurer => {
				[Some((self.patient.clone(), self.patient_share())), None]
			}
			ServiceStatus::Booked => [
				Some((self.patient.clone(), self.patient_share())),
				self.insurer.clone().map(|i| (i, self.insurer_share)),
			],
			ServiceStatus::Completed { .. } | ServiceStatus::Disputed { .. } => {
				[Some((self.provider.clone(), self.price)), None]
			}
		};
		held.into_iter()
			.flatten()
			.filter(|(_, amount)| !amount.is_zero())
	}
}
