//! # Payment pallet
//!
//! Telemedicine payments settled by the record anchor (SEMRES paper 001: "when the block is
//! verified, the medical service is completed, and the blockchain adds payment information to
//! the block to complete the payment").
//!
//! - `book_service`: a patient books a service with a registered provider (hospital or
//!   practitioner) at a price, with an appointment block and a deadline. The patient's share is
//!   held with the fungible hold API on the patient's own account (no escrow account, no escrow
//!   key); nobody on the provider's side may book it (no self-billing).
//! - **Insurer co-pay, with the insurer's consent**: an insurer sets a coverage policy for a
//!   patient (`set_coverage`: share, cap per service, optionally a standing pre-authorisation
//!   with limits per period and open services). A booking naming the insurer holds the
//!   insurer's share only when the insurer authorises it (`authorise_booking`) or the standing
//!   authorisation covers it; the insurer may decline instead.
//! - **Completion**, from the appointment until the deadline, by the provider or one of its
//!   practitioners, with the consultation's record anchor: either an anchor in `Records` that
//!   belongs to the patient, was made after the booking by the provider side *for this
//!   provider* (the institution fixed at anchoring), and settled nothing yet; or, with
//!   `complete_service_with_anchor`, an anchor made in the same call on the authority of the
//!   booking itself (the booking is the patient's consent to exactly that one anchor). The held
//!   price moves to the provider, still held; once the dispute window ends anyone may release
//!   it (`claim_payment`): no shared payout agenda to fill.
//! - `cancel_service` before completion (the patient until the appointment, the provider any
//!   time), `claim_refund` after a missed deadline, `dispute_service` within the window against
//!   a bond, `resolve_dispute` by governance (bond returned or given to the provider); a
//!   dispute not resolved by its deadline lapses: the provider is paid and the bond returned.
//! - **Deposits**: a service holds the patient's storage deposit and a coverage the insurer's,
//!   both returned when the item leaves storage. Closed services leave storage; their receipts
//!   are the events.
//!
//! The events tie service, record and amounts together: they are the paper's "Payment" field,
//! and the anchor records the service it settled. Queries: [`Pallet::service`],
//! [`Pallet::open_services`], [`Pallet::quote`].
//!
//! Only accounts, amounts and record ids go on chain; what the service was stays in the SMeR.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod booking;
mod completion;
mod escrow;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::Pays,
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			Consideration, EnsureOrigin, Footprint,
		},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{
		AnchorTarget, RecordId, Role, RolesInspect, ServiceRecords, SmerRef, Version,
	};
	use sp_runtime::traits::{Saturating, Zero};

	/// The balance type of the runtime's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A service with this runtime's types.
	pub type ServiceOf<T> = Service<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::Deposit,
	>;
	/// A service status with this runtime's types.
	pub type StatusOf<T> =
		ServiceStatus<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A coverage policy with this runtime's types.
	pub type CoverageOf<T> = Coverage<BalanceOf<T>, BlockNumberFor<T>>;
	/// A stored coverage with this runtime's types.
	pub type CoverageStateOf<T> =
		CoverageState<BalanceOf<T>, BlockNumberFor<T>, <T as Config>::Deposit>;
	/// The SMeR reference of an anchor made by `complete_service_with_anchor`.
	pub type SmerOf<T> = SmerRef<
		<<T as Config>::Records as ServiceRecords<
			<T as frame_system::Config>::AccountId,
			BlockNumberFor<T>,
		>>::MaxCidLen,
	>;
	/// The recipients of such an anchor.
	pub type RecipientsOf<T> = BoundedVec<
		<T as frame_system::Config>::AccountId,
		<<T as Config>::Records as ServiceRecords<
			<T as frame_system::Config>::AccountId,
			BlockNumberFor<T>,
		>>::MaxRecipients,
	>;

	/// The storage layout: 1 removes the payout agenda (payouts are claimed), closed services
	/// and the settled-anchor index (the anchor records its service), and adds insurer
	/// authorisation, dispute bonds and deadlines, and deposits.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The price of an open service: on the payers while booked, on the provider during
		/// the dispute window.
		Escrow,
		/// A dispute's bond, on the payer who disputed.
		DisputeBond,
		/// The storage deposit of a service (on the patient) or a coverage (on the insurer).
		StorageDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency prices are paid in, with holds.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons (includes [`HoldReason`]).
		type RuntimeHoldReason: From<HoldReason>;
		/// The records registry: the anchors that settle services.
		type Records: ServiceRecords<Self::AccountId, BlockNumberFor<Self>>;
		/// The consortium registry: providers, their practitioners, insurers.
		type Roles: RolesInspect<Self::AccountId>;
		/// Resolves disputes and sets the dispute window.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The storage deposit of a service or a coverage, priced from its `MaxEncodedLen`.
		type Deposit: Consideration<Self::AccountId, Footprint>;
		/// The bond a dispute holds on the disputing payer.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;
		/// How long governance has to resolve a dispute before it lapses.
		#[pallet::constant]
		type DisputeResolutionPeriod: Get<BlockNumberFor<Self>>;
		/// The dispute window until governance or the genesis sets one.
		#[pallet::constant]
		type DefaultDisputeWindow: Get<BlockNumberFor<Self>>;
		/// The longest dispute window governance may set.
		#[pallet::constant]
		type MaxDisputeWindow: Get<BlockNumberFor<Self>>;
		/// The furthest a deadline may lie after the booking.
		#[pallet::constant]
		type MaxServicePeriod: Get<BlockNumberFor<Self>>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Providers, insurers and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// The dispute window before governance or the genesis sets one: `DefaultDisputeWindow`.
	#[pallet::type_value]
	pub fn DefaultWindow<T: Config>() -> BlockNumberFor<T> {
		T::DefaultDisputeWindow::get()
	}

	/// Open services by id (closed ones leave).
	#[pallet::storage]
	pub type Services<T: Config> = StorageMap<_, Twox64Concat, ServiceId, ServiceOf<T>>;

	/// The next service id.
	#[pallet::storage]
	pub type NextServiceId<T: Config> = StorageValue<_, ServiceId, ValueQuery>;

	/// The open services of each party, and its side in each.
	#[pallet::storage]
	pub type OpenServices<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ServiceId, Party>;

	/// Coverage by patient and insurer.
	#[pallet::storage]
	pub type Coverages<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		CoverageStateOf<T>,
	>;

	/// Blocks between a service's completion and its payout, during which the payers may
	/// dispute it.
	#[pallet::storage]
	pub type DisputeWindow<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultWindow<T>>;

	/// The pallet's genesis: optionally a dispute window other than the runtime's default.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The dispute window in blocks (the runtime's default when absent).
		pub dispute_window: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(window) = self.dispute_window {
				assert!(
					window <= T::MaxDisputeWindow::get(),
					"dispute window too long"
				);
				DisputeWindow::<T>::put(window);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A patient booked a service; the patient's share is held, and the insurer's if it
		/// authorised the booking in advance (else `awaiting_insurer`).
		ServiceBooked {
			service: ServiceId,
			patient: T::AccountId,
			provider: T::AccountId,
			insurer: Option<T::AccountId>,
			price: BalanceOf<T>,
			patient_share: BalanceOf<T>,
			insurer_share: BalanceOf<T>,
			starts_at: BlockNumberFor<T>,
			deadline: BlockNumberFor<T>,
			awaiting_insurer: bool,
		},
		/// The insurer authorised a booking; its share is held.
		BookingAuthorised {
			service: ServiceId,
			insurer: T::AccountId,
		},
		/// The insurer declined a booking; the patient got the share back.
		BookingDeclined {
			service: ServiceId,
			insurer: T::AccountId,
		},
		/// The provider completed a service with the anchor of its consultation; the price is
		/// held on the provider until `payable_at`.
		ServiceCompleted {
			service: ServiceId,
			provider: T::AccountId,
			record: RecordId,
			version: Version,
			price: BalanceOf<T>,
			payable_at: BlockNumberFor<T>,
		},
		/// The provider was paid for a service documented by `record` at `version`.
		ServicePaid {
			service: ServiceId,
			patient: T::AccountId,
			provider: T::AccountId,
			record: RecordId,
			version: Version,
			amount: BalanceOf<T>,
		},
		/// A service was cancelled before completion; the payers got their shares back.
		ServiceCancelled {
			service: ServiceId,
			by: T::AccountId,
			patient_refund: BalanceOf<T>,
			insurer_refund: BalanceOf<T>,
		},
		/// A service was not completed by its deadline; the payers got their shares back.
		ServiceRefunded {
			service: ServiceId,
			patient_refund: BalanceOf<T>,
			insurer_refund: BalanceOf<T>,
		},
		/// A payer disputed a completed service, holding `bond`; governance may resolve it
		/// until `resolve_by`.
		ServiceDisputed {
			service: ServiceId,
			by: T::AccountId,
			bond: BalanceOf<T>,
			resolve_by: BlockNumberFor<T>,
		},
		/// Governance split a disputed price; the bond went back, or to the provider.
		DisputeResolved {
			service: ServiceId,
			to_provider: BalanceOf<T>,
			patient_refund: BalanceOf<T>,
			insurer_refund: BalanceOf<T>,
			bond_slashed: bool,
		},
		/// A dispute was not resolved in time: the provider is paid and the bond returned.
		DisputeLapsed { service: ServiceId },
		/// An insurer set (`Some`) or ended (`None`) its coverage of a patient.
		CoverageSet {
			insurer: T::AccountId,
			patient: T::AccountId,
			coverage: Option<CoverageOf<T>>,
		},
		/// Governance set the dispute window for services completed from now on.
		DisputeWindowSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No open service with this id.
		ServiceNotFound,
		/// The provider is not a registered hospital or practitioner.
		ProviderNotRegistered,
		/// Patient, provider and insurer must be three different accounts.
		PartiesNotDistinct,
		/// The patient is on the provider's side (the provider, one of its practitioners, or
		/// of the same institution): no self-billing.
		SelfBilling,
		/// The appointment lies in the past.
		AppointmentInPast,
		/// The deadline is before the appointment, or not after the booking block.
		DeadlineBeforeAppointment,
		/// The deadline lies further than `MaxServicePeriod` ahead.
		DeadlineTooFar,
		/// The named insurer does not hold the insurer role.
		NotInsurer,
		/// The insurer has no coverage policy for this patient.
		NoCoverage,
		/// A standing authorisation's period is zero.
		BadStandingAuthorisation,
		/// The patient's free balance cannot cover the patient's share (an existential
		/// deposit stays free).
		PatientCannotPay,
		/// The insurer's free balance cannot cover the insurer's share.
		InsurerCannotPay,
		/// The account cannot pay the storage deposit.
		CannotPayDeposit,
		/// The disputing payer cannot pay the dispute bond.
		CannotPayBond,
		/// No more service ids.
		ServiceIdsExhausted,
		/// Only the provider or one of its practitioners may do this.
		NotProvider,
		/// Only the patient or the provider may cancel.
		NotPatientOrProvider,
		/// Only the patient or the insurer may do this.
		NotPayer,
		/// Only the service's insurer may do this.
		NotTheInsurer,
		/// The service does not wait for its insurer.
		NotAwaitingInsurer,
		/// The insurer has not authorised the booking yet.
		InsurerNotAuthorised,
		/// The service is not booked: it was completed.
		NotBooked,
		/// The service is not completed and awaiting payout.
		NotCompleted,
		/// The service is not disputed.
		NotDisputed,
		/// The payout (or the dispute's lapse) is not due yet.
		NotYetPayable,
		/// The appointment has started: only the provider may cancel now.
		AppointmentStarted,
		/// The appointment has not started: the service cannot be completed yet.
		AppointmentNotStarted,
		/// The deadline has passed: the service can no longer be completed.
		DeadlinePassed,
		/// The deadline has not passed yet.
		DeadlineNotPassed,
		/// No such record anchor.
		AnchorNotFound,
		/// The anchor's record belongs to someone other than the patient.
		AnchorNotOfPatient,
		/// The patient anchored it: a completing anchor comes from the provider's side.
		AnchorByPatient,
		/// The anchor was not made by the provider or for it (by its practitioners then).
		AnchorNotByProvider,
		/// The anchor is not later than the booking.
		AnchorBeforeBooking,
		/// The anchor's record has been erased.
		RecordErased,
		/// The anchor already settled a service.
		AnchorAlreadySettled,
		/// The provider's account cannot receive the price.
		ProviderCannotReceive,
		/// The dispute window has ended.
		DisputeWindowClosed,
		/// The provider's part exceeds the price.
		SplitExceedsPrice,
		/// The dispute window exceeds `MaxDisputeWindow`.
		DisputeWindowTooLong,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::DefaultDisputeWindow::get() <= T::MaxDisputeWindow::get(),
				"the default dispute window is allowed"
			);
			assert!(
				!T::DisputeResolutionPeriod::get().is_zero(),
				"governance has time to resolve a dispute"
			);
			assert!(
				!T::MaxServicePeriod::get().is_zero(),
				"services can be booked"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Book a service with `provider` at `price`. The patient's share is held on the
		/// patient; with an insurer, its share (per its coverage policy) is held when it
		/// authorises the booking, at once if its standing authorisation covers it.
		///
		/// - Origin: the patient, who must not be on the provider's side. Holds the service's
		///   deposit. The patient may cancel until `starts_at`; the provider completes from
		///   `starts_at` to `deadline` (at most `MaxServicePeriod` ahead), else the payers may
		///   claim a refund. A price of zero books a free service.
		/// - Errors: `ProviderNotRegistered`, `PartiesNotDistinct`, `SelfBilling`,
		///   `AppointmentInPast`, `DeadlineBeforeAppointment`, `DeadlineTooFar`, `NotInsurer`,
		///   `NoCoverage`, `PatientCannotPay`, `InsurerCannotPay`, `CannotPayDeposit`,
		///   `ServiceIdsExhausted`. Complexity: O(1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::book_service())]
		pub fn book_service(
			origin: OriginFor<T>,
			provider: T::AccountId,
			price: BalanceOf<T>,
			starts_at: BlockNumberFor<T>,
			deadline: BlockNumberFor<T>,
			insurer: Option<T::AccountId>,
		) -> DispatchResult {
			let patient = ensure_signed(origin)?;
			Self::do_book(patient, provider, price, starts_at, deadline, insurer)
		}

		/// Complete a booked service with the record anchor of its consultation (`version` of
		/// `record` in `Records`), made after the booking by the provider side for this
		/// provider. The price moves to the provider, held until the dispute window ends; with
		/// a zero window (or a zero price) it is paid at once.
		///
		/// - Origin: the provider or one of its practitioners, from `starts_at` to `deadline`.
		/// - Errors: `ServiceNotFound`, `NotProvider`, `InsurerNotAuthorised`, `NotBooked`,
		///   `AppointmentNotStarted`, `DeadlinePassed`, `AnchorNotFound`, `RecordErased`,
		///   `AnchorNotOfPatient`, `AnchorByPatient`, `AnchorNotByProvider`,
		///   `AnchorBeforeBooking`, `AnchorAlreadySettled`, `ProviderCannotReceive`,
		///   `Arithmetic(Overflow)`. Complexity: O(1).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::complete_service())]
		pub fn complete_service(
			origin: OriginFor<T>,
			service: ServiceId,
			record: RecordId,
			version: Version,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let s = Self::completable(&who, service)?;
			Self::check_anchor(&s, &record, version)?;
			Self::settle(service, s, Consultation { record, version })?;
			T::Records::settle(&record, version, service)
		}

		/// Cancel a booked service: the payers get their shares back.
		///
		/// - Origin: the patient before the appointment starts, or the provider (or one of its
		///   practitioners) declining, any time before completion.
		/// - Errors: `ServiceNotFound`, `NotPatientOrProvider`, `NotBooked`,
		///   `AppointmentStarted`. Complexity: O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel_service())]
		pub fn cancel_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let s = Self::get(service)?;
			let by_provider = T::Roles::acts_for(&who, &s.provider);
			ensure!(
				by_provider || who == s.patient,
				Error::<T>::NotPatientOrProvider
			);
			ensure!(s.is_booked(), Error::<T>::NotBooked);
			ensure!(
				by_provider || Self::now() < s.starts_at,
				Error::<T>::AppointmentStarted
			);
			let shares = Self::refund_payers(&s)?;
			Self::close(service, s)?;
			Self::deposit_event(Event::ServiceCancelled {
				service,
				by: who,
				patient_refund: shares.patient,
				insurer_refund: shares.insurer,
			});
			Ok(())
		}

		/// Claim the refund of a service not completed by its deadline (no-show): the payers
		/// get their shares back.
		///
		/// - Origin: the patient or the insurer, after the deadline.
		/// - Errors: `ServiceNotFound`, `NotPayer`, `NotBooked`, `DeadlineNotPassed`.
		/// - Complexity: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim_refund())]
		pub fn claim_refund(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let s = Self::get(service)?;
			ensure!(Self::is_payer(&who, &s), Error::<T>::NotPayer);
			ensure!(s.is_booked(), Error::<T>::NotBooked);
			ensure!(Self::now() > s.deadline, Error::<T>::DeadlineNotPassed);
			let shares = Self::refund_payers(&s)?;
			Self::close(service, s)?;
			Self::deposit_event(Event::ServiceRefunded {
				service,
				patient_refund: shares.patient,
				insurer_refund: shares.insurer,
			});
			Ok(())
		}

		/// Dispute a completed service within the dispute window, holding `DisputeBond` on the
		/// caller: the price stays held on the provider until governance resolves it, or until
		/// `DisputeResolutionPeriod` passes, when the provider is paid and the bond returned.
		///
		/// - Origin: the patient or the insurer.
		/// - Errors: `ServiceNotFound`, `NotPayer`, `NotCompleted`, `DisputeWindowClosed`,
		///   `CannotPayBond`. Complexity: O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute_service())]
		pub fn dispute_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, service)
		}

		/// Resolve a dispute: the provider keeps `to_provider`, the rest of the price goes
		/// back to the patient and the insurer in proportion to their shares (the insurer's
		/// part rounded down); the bond goes back to the disputer, or to the provider if
		/// `slash_bond`.
		///
		/// - Origin: the governance origin.
		/// - Errors: `BadOrigin`, `ServiceNotFound`, `NotDisputed`, `SplitExceedsPrice`,
		///   `Token(CannotCreate)` (a refund below the existential deposit to a reaped account).
		/// - Complexity: O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			service: ServiceId,
			to_provider: BalanceOf<T>,
			slash_bond: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resolve(service, to_provider, slash_bond)
		}

		/// Set (`Some`) or end (`None`) the insurer's coverage of `patient`: the share of each
		/// later booking's price the insurer pays, up to a cap per service, and optionally a
		/// standing authorisation. Services already booked keep their shares; an ended coverage
		/// stays stored (without a policy) until the services it authorised close.
		///
		/// - Origin: an account with the insurer role (ending a policy needs no role). Holds
		///   the coverage's deposit on the insurer.
		/// - Errors: `NotInsurer`, `PartiesNotDistinct`, `BadStandingAuthorisation`,
		///   `CannotPayDeposit`. Complexity: O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_coverage())]
		pub fn set_coverage(
			origin: OriginFor<T>,
			patient: T::AccountId,
			coverage: Option<CoverageOf<T>>,
		) -> DispatchResult {
			let insurer = ensure_signed(origin)?;
			Self::do_set_coverage(insurer, patient, coverage)
		}

		/// Set the dispute window (in blocks, at most `MaxDisputeWindow`; zero pays at
		/// completion) for services completed from now on.
		///
		/// - Origin: the governance origin.
		/// - Errors: `BadOrigin`, `DisputeWindowTooLong`. Complexity: O(1).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_dispute_window())]
		pub fn set_dispute_window(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				blocks <= T::MaxDisputeWindow::get(),
				Error::<T>::DisputeWindowTooLong
			);
			DisputeWindow::<T>::put(blocks);
			Self::deposit_event(Event::DisputeWindowSet { blocks });
			Ok(())
		}

		/// Authorise a booking that names the caller as insurer: its share is held now.
		///
		/// - Origin: the service's insurer.
		/// - Errors: `ServiceNotFound`, `NotTheInsurer`, `NotAwaitingInsurer`,
		///   `InsurerCannotPay`. Complexity: O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::authorise_booking())]
		pub fn authorise_booking(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let insurer = ensure_signed(origin)?;
			Self::do_authorise(insurer, service)
		}

		/// Decline a booking that names the caller as insurer: the service is cancelled and the
		/// patient gets the share back.
		///
		/// - Origin: the service's insurer.
		/// - Errors: `ServiceNotFound`, `NotTheInsurer`, `NotAwaitingInsurer`.
		/// - Complexity: O(1).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::decline_booking())]
		pub fn decline_booking(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let insurer = ensure_signed(origin)?;
			let s = Self::get(service)?;
			ensure!(
				s.insurer.as_ref() == Some(&insurer),
				Error::<T>::NotTheInsurer
			);
			ensure!(
				s.status == ServiceStatus::AwaitingInsurer,
				Error::<T>::NotAwaitingInsurer
			);
			Self::refund_payers(&s)?;
			Self::close(service, s)?;
			Self::deposit_event(Event::BookingDeclined { service, insurer });
			Ok(())
		}

		/// Complete a booked service by anchoring its consultation's SMeR now, for the
		/// patient: a new record (`target` = `New { salt, class, level }`) or the next version
		/// of one of the patient's records (`Amend(record)`). The booking is the patient's
		/// consent to exactly this one anchor: no signature is needed, and the anchor records
		/// the service it settled. Then as [`Pallet::complete_service`].
		///
		/// - Origin: the provider or one of its practitioners (the anchor's author, holding its
		///   deposit), from `starts_at` to `deadline`.
		/// - Errors: those of `complete_service` before the anchor checks, and those of
		///   `Records.anchor_record` / `amend_record` on the SMeR.
		/// - Complexity: O(recipients).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::complete_service_with_anchor(recipients.len() as u32))]
		pub fn complete_service_with_anchor(
			origin: OriginFor<T>,
			service: ServiceId,
			target: AnchorTarget,
			smer: SmerOf<T>,
			recipients: RecipientsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let s = Self::completable(&who, service)?;
			let (record, version) = T::Records::anchor_for_service(
				&who, &s.patient, target, smer, recipients, service,
			)?;
			Self::settle(service, s, Consultation { record, version })
		}

		/// Release a completed service's price to the provider once its dispute window has
		/// ended, or a disputed one's once its resolution deadline passed (the bond goes back).
		/// Free when it succeeds.
		///
		/// - Origin: anyone.
		/// - Errors: `ServiceNotFound`, `NotCompleted`, `NotYetPayable`. Complexity: O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::claim_payment())]
		pub fn claim_payment(
			origin: OriginFor<T>,
			service: ServiceId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_claim_payment(service)?;
			Ok(Pays::No.into())
		}
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// How `price` splits between the patient and `insurer` under its coverage policy.
		pub fn quote(
			patient: &T::AccountId,
			insurer: Option<&T::AccountId>,
			price: BalanceOf<T>,
		) -> Result<Shares<BalanceOf<T>>, Error<T>> {
			let Some(insurer) = insurer else {
				return Ok(Shares {
					patient: price,
					insurer: Zero::zero(),
				});
			};
			ensure!(
				T::Roles::has_role(insurer, Role::Insurer),
				Error::<T>::NotInsurer
			);
			let policy = Coverages::<T>::get(patient, insurer)
				.and_then(|c| c.policy)
				.ok_or(Error::<T>::NoCoverage)?;
			let share = policy.insurer_share(price);
			Ok(Shares {
				patient: price - share,
				insurer: share,
			})
		}

		/// The insurer's coverage policy for the patient, if it has one.
		pub fn coverage_of(
			patient: &T::AccountId,
			insurer: &T::AccountId,
		) -> Option<CoverageOf<T>> {
			Coverages::<T>::get(patient, insurer).and_then(|c| c.policy)
		}

		/// An open service.
		pub fn service(id: ServiceId) -> Option<ServiceOf<T>> {
			Services::<T>::get(id)
		}

		/// Up to `limit` (at most 100) of the open services `who` is a party of, with its
		/// side, after `start_after` if given, in storage order.
		pub fn open_services(
			who: &T::AccountId,
			start_after: Option<ServiceId>,
			limit: u32,
		) -> Vec<(ServiceId, Party)> {
			semres_primitives::page::<OpenServices<T>, _, _, _>(who, start_after, limit)
		}

		pub(crate) fn get(id: ServiceId) -> Result<ServiceOf<T>, Error<T>> {
			Services::<T>::get(id).ok_or(Error::<T>::ServiceNotFound)
		}

		pub(crate) fn is_payer(who: &T::AccountId, s: &ServiceOf<T>) -> bool {
			*who == s.patient || s.insurer.as_ref() == Some(who)
		}

		/// Whether `a` and `b` are on the same side of care: the same account, one acting for
		/// the other, or members of the same institution.
		pub(crate) fn same_side(a: &T::AccountId, b: &T::AccountId) -> bool {
			T::Roles::acts_for(a, b)
				|| T::Roles::acts_for(b, a)
				|| T::Roles::institution_for(a)
					.is_some_and(|i| Some(i) == T::Roles::institution_for(b))
		}

		/// The deposit footprint of a service: its entry and its parties' index entries.
		pub fn service_footprint() -> Footprint {
			Footprint::from_mel::<(ServiceOf<T>, [(T::AccountId, ServiceId, Party); 3])>()
		}

		/// The deposit footprint of a coverage.
		pub fn coverage_footprint() -> Footprint {
			Footprint::from_mel::<(T::AccountId, T::AccountId, CoverageStateOf<T>)>()
		}

		pub(crate) fn take_deposit(
			who: &T::AccountId,
			footprint: Footprint,
		) -> Result<T::Deposit, DispatchError> {
			T::Deposit::new(who, footprint).map_err(|_| Error::<T>::CannotPayDeposit.into())
		}

		/// Closes a service: it leaves storage and the parties' open lists, its insurer's
		/// count of authorised services drops, and the patient's deposit goes back.
		pub(crate) fn close(id: ServiceId, s: ServiceOf<T>) -> DispatchResult {
			Services::<T>::remove(id);
			for (who, _) in s.parties() {
				OpenServices::<T>::remove(who, id);
			}
			if let (true, Some(insurer)) = (s.insurer_authorised(), &s.insurer) {
				Self::coverage_closed(&s.patient, insurer)?;
			}
			match s.deposit {
				Some(d) => d.drop(&s.patient),
				None => Ok(()),
			}
		}

		/// One service the insurer authorised closed: its count drops, and an ended coverage
		/// leaves once nothing it authorised is open.
		fn coverage_closed(patient: &T::AccountId, insurer: &T::AccountId) -> DispatchResult {
			let Some(mut c) = Coverages::<T>::get(patient, insurer) else {
				return Ok(());
			};
			c.usage.open = c.usage.open.saturating_sub(1);
			if c.policy.is_none() && c.usage.open == 0 {
				Coverages::<T>::remove(patient, insurer);
				if let Some(d) = c.deposit {
					d.drop(insurer)?;
				}
			} else {
				Coverages::<T>::insert(patient, insurer, c);
			}
			Ok(())
		}

		pub(crate) fn deposit_paid(id: ServiceId, s: &ServiceOf<T>, consultation: Consultation) {
			Self::deposit_event(Event::ServicePaid {
				service: id,
				patient: s.patient.clone(),
				provider: s.provider.clone(),
				record: consultation.record,
				version: consultation.version,
				amount: s.price,
			});
		}

		/// Starts a new standing-authorisation period of `period` blocks if the last one ended.
		pub(crate) fn roll_period(
			c: &mut CoverageStateOf<T>,
			period: BlockNumberFor<T>,
			now: BlockNumberFor<T>,
		) {
			if now >= c.usage.period_start.saturating_add(period) {
				c.usage.period_start = now;
				c.usage.spent = Zero::zero();
			}
		}
	}
}
