//! # Payment pallet
//!
//! Telemedicine payments settled by the record anchor (SEMRES paper 001: "when the block is
//! verified, the medical service is completed, and the blockchain adds payment information to
//! the block to complete the payment").
//!
//! - `book_service`: a patient books a service with a registered provider (hospital or
//!   practitioner) at a price, with an appointment block and a deadline. The price is held with
//!   the fungible hold API on the payers' own accounts: no escrow account, no escrow key.
//! - Insurer co-pay: an insurer sets a coverage policy for a patient (`set_coverage`: a share
//!   and a per-service cap); a booking naming the insurer holds the insurer's share from the
//!   insurer.
//! - `complete_service`: the provider (or one of its practitioners) names the consultation's
//!   record anchor. It must exist in `Records`, belong to the patient, be authored by the
//!   provider or one of its practitioners, be anchored after the booking, not be erased and not
//!   have settled another service. The held price moves to the provider, still held, and is
//!   released to the provider when the dispute window ends (at once when the window is zero).
//! - `cancel_service` before completion (the patient until the appointment, the provider any
//!   time), `claim_refund` after a missed deadline (no-show), `dispute_service` within the
//!   window, `resolve_dispute` by governance with a split.
//!
//! The events tie service, record and amounts together: they are the paper's "Payment" field.
//! Queries: [`Pallet::service`], [`Pallet::open_services`], [`Pallet::quote`].
//!
//! Only accounts, amounts and record ids go on chain; what the service was stays in the SMeR.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod escrow;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
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
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::Restriction,
			EnsureOrigin,
		},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{RecordId, RecordsInspect, Role, RolesInspect, Version};
	use sp_runtime::{
		traits::{Saturating, Zero},
		ArithmeticError,
	};

	/// The balance type of the runtime's currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A service with this runtime's types.
	pub type ServiceOf<T> =
		Service<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A service status with this runtime's types.
	pub type StatusOf<T> =
		ServiceStatus<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The price of an open service: on the payers while booked, on the provider during
		/// the dispute window.
		Escrow,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The currency prices are paid in, with holds.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The runtime's hold reasons (includes [`HoldReason`]).
		type RuntimeHoldReason: From<HoldReason>;
		/// The records registry: the anchors that settle services.
		type Records: RecordsInspect<Self::AccountId, BlockNumberFor<Self>>;
		/// The consortium registry: providers, their practitioners, insurers.
		type Roles: RolesInspect<Self::AccountId>;
		/// Resolves disputes and sets the dispute window.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The dispute window until governance or the genesis sets one.
		#[pallet::constant]
		type DefaultDisputeWindow: Get<BlockNumberFor<Self>>;
		/// The longest dispute window governance may set.
		#[pallet::constant]
		type MaxDisputeWindow: Get<BlockNumberFor<Self>>;
		/// The furthest a deadline may lie after the booking.
		#[pallet::constant]
		type MaxServicePeriod: Get<BlockNumberFor<Self>>;
		/// Most payouts falling due in one block.
		#[pallet::constant]
		type MaxPayoutsPerBlock: Get<u32>;
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

	/// Services by id (closed ones stay as receipts).
	#[pallet::storage]
	pub type Services<T: Config> = StorageMap<_, Twox64Concat, ServiceId, ServiceOf<T>>;

	/// The next service id.
	#[pallet::storage]
	pub type NextServiceId<T: Config> = StorageValue<_, ServiceId, ValueQuery>;

	/// The open services of each party, and its side in each.
	#[pallet::storage]
	pub type OpenServices<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ServiceId, Party>;

	/// Coverage policies by patient and insurer.
	#[pallet::storage]
	pub type Coverages<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		Coverage<BalanceOf<T>>,
	>;

	/// The service each record anchor settled (an anchor settles one service).
	#[pallet::storage]
	pub type SettledAnchors<T: Config> =
		StorageDoubleMap<_, Identity, RecordId, Twox64Concat, Version, ServiceId>;

	/// The services whose payout falls due in each block.
	#[pallet::storage]
	pub type PayoutAgenda<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<ServiceId, T::MaxPayoutsPerBlock>,
		ValueQuery,
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
		/// A patient booked a service; the shares are held.
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
		/// A payer disputed a completed service; its price stays held.
		ServiceDisputed {
			service: ServiceId,
			by: T::AccountId,
		},
		/// Governance split a disputed price.
		DisputeResolved {
			service: ServiceId,
			to_provider: BalanceOf<T>,
			patient_refund: BalanceOf<T>,
			insurer_refund: BalanceOf<T>,
		},
		/// An insurer set (`Some`) or ended (`None`) its coverage of a patient.
		CoverageSet {
			insurer: T::AccountId,
			patient: T::AccountId,
			coverage: Option<Coverage<BalanceOf<T>>>,
		},
		/// Governance set the dispute window for services completed from now on.
		DisputeWindowSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No service with this id.
		ServiceNotFound,
		/// The provider is not a registered hospital or practitioner.
		ProviderNotRegistered,
		/// Patient, provider and insurer must be three different accounts.
		PartiesNotDistinct,
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
		/// The patient's free balance cannot cover the patient's share (an existential
		/// deposit stays free).
		PatientCannotPay,
		/// The insurer's free balance cannot cover the insurer's share.
		InsurerCannotPay,
		/// No more service ids.
		ServiceIdsExhausted,
		/// Only the provider or one of its practitioners may do this.
		NotProvider,
		/// Only the patient or the provider may cancel.
		NotPatientOrProvider,
		/// Only the patient or the insurer may do this.
		NotPayer,
		/// The service is not booked: it was completed, cancelled or refunded.
		NotBooked,
		/// The service is not completed and awaiting payout.
		NotCompleted,
		/// The service is not disputed.
		NotDisputed,
		/// The appointment has started: only the provider may cancel now.
		AppointmentStarted,
		/// The deadline has passed: the service can no longer be completed.
		DeadlinePassed,
		/// The deadline has not passed yet.
		DeadlineNotPassed,
		/// No such record anchor.
		AnchorNotFound,
		/// The anchor's record belongs to someone other than the patient.
		AnchorNotOfPatient,
		/// The anchor was authored by someone other than the provider or its practitioners.
		AnchorNotByProvider,
		/// The anchor is not later than the booking.
		AnchorBeforeBooking,
		/// The anchor's record has been erased.
		RecordErased,
		/// The anchor already settled a service.
		AnchorAlreadySettled,
		/// The provider's account cannot receive the price.
		ProviderCannotReceive,
		/// Too many payouts fall due in the block this completion's would; try a block later.
		PayoutAgendaFull,
		/// The dispute window has ended.
		DisputeWindowClosed,
		/// The provider's part exceeds the price.
		SplitExceedsPrice,
		/// The dispute window exceeds `MaxDisputeWindow`.
		DisputeWindowTooLong,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Pays the providers whose dispute window ends in this block.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = PayoutAgenda::<T>::take(now);
			let count = due.len() as u32;
			for service in due {
				Self::pay_out(service, now);
			}
			T::WeightInfo::on_initialize(count)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Book a service with `provider` at `price`: the patient's share is held on the
		/// patient, the insurer's (per its coverage policy) on the insurer.
		///
		/// Origin: the patient. The patient may cancel until `starts_at`; the provider must
		/// complete by `deadline` (at most `MaxServicePeriod` ahead), or the payers may claim a
		/// refund. A price of zero books a free service (nothing is held).
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
			ensure!(
				T::Roles::is_care_provider(&provider),
				Error::<T>::ProviderNotRegistered
			);
			ensure!(
				patient != provider
					&& insurer
						.as_ref()
						.is_none_or(|i| *i != patient && *i != provider),
				Error::<T>::PartiesNotDistinct
			);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(starts_at >= now, Error::<T>::AppointmentInPast);
			ensure!(
				deadline >= starts_at && deadline > now,
				Error::<T>::DeadlineBeforeAppointment
			);
			ensure!(
				deadline <= now.saturating_add(T::MaxServicePeriod::get()),
				Error::<T>::DeadlineTooFar
			);
			let shares = Self::quote(&patient, insurer.as_ref(), price)?;
			ensure!(
				Self::can_hold(&patient, shares.patient),
				Error::<T>::PatientCannotPay
			);
			if let Some(insurer) = &insurer {
				ensure!(
					Self::can_hold(insurer, shares.insurer),
					Error::<T>::InsurerCannotPay
				);
			}
			let id = NextServiceId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::ServiceIdsExhausted)?;
			let service = Service {
				patient,
				provider,
				insurer,
				price,
				insurer_share: shares.insurer,
				booked_at: now,
				starts_at,
				deadline,
				status: ServiceStatus::Booked,
			};
			for (who, amount) in service.escrow() {
				T::Currency::hold(&HoldReason::Escrow.into(), &who, amount)?;
			}
			for (who, party) in service.parties() {
				OpenServices::<T>::insert(who, id, party);
			}
			NextServiceId::<T>::put(next);
			Self::deposit_event(Event::ServiceBooked {
				service: id,
				patient: service.patient.clone(),
				provider: service.provider.clone(),
				insurer: service.insurer.clone(),
				price,
				patient_share: shares.patient,
				insurer_share: shares.insurer,
				starts_at,
				deadline,
			});
			Services::<T>::insert(id, service);
			Ok(())
		}

		/// Complete a booked service with the record anchor of its consultation (`version` of
		/// `record` in `Records`). The price moves to the provider, held until the dispute
		/// window ends; with a zero window (or a zero price) it is paid at once.
		///
		/// Origin: the provider or one of its practitioners, by the deadline.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::complete_service()
			.saturating_add(T::WeightInfo::on_initialize(1)))]
		pub fn complete_service(
			origin: OriginFor<T>,
			service: ServiceId,
			record: RecordId,
			version: Version,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::get(service)?;
			ensure!(Self::acts_for(&who, &s.provider), Error::<T>::NotProvider);
			ensure!(s.status == ServiceStatus::Booked, Error::<T>::NotBooked);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= s.deadline, Error::<T>::DeadlinePassed);
			Self::check_anchor(&s, &record, version)?;
			let consultation = Consultation { record, version };
			let window = DisputeWindow::<T>::get();
			// Paid at once (free) with a zero window or price; else held until `payable_at`.
			let (restriction, payable_at) = if window.is_zero() || s.price.is_zero() {
				(Restriction::Free, now)
			} else {
				let due = now.checked_add(&window).ok_or(ArithmeticError::Overflow)?;
				(Restriction::OnHold, due)
			};
			ensure!(
				Self::can_receive(&s.provider, s.price, restriction),
				Error::<T>::ProviderCannotReceive
			);
			if restriction == Restriction::OnHold {
				PayoutAgenda::<T>::try_append(payable_at, service)
					.map_err(|_| Error::<T>::PayoutAgendaFull)?;
			}
			Self::move_to_provider(&s, restriction)?;
			SettledAnchors::<T>::insert(record, version, service);
			Self::deposit_event(Event::ServiceCompleted {
				service,
				provider: s.provider.clone(),
				record,
				version,
				price: s.price,
				payable_at,
			});
			if restriction == Restriction::Free {
				Self::close(
					service,
					&mut s,
					ServiceStatus::Paid {
						consultation,
						at: now,
					},
				);
				Self::deposit_paid(service, &s, consultation);
			} else {
				s.status = ServiceStatus::Completed {
					consultation,
					payable_at,
				};
				Services::<T>::insert(service, s);
			}
			Ok(())
		}

		/// Cancel a booked service: the payers get their shares back.
		///
		/// Origin: the patient before the appointment starts, or the provider (or one of its
		/// practitioners) declining, any time before completion.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::cancel_service())]
		pub fn cancel_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::get(service)?;
			let by_provider = Self::acts_for(&who, &s.provider);
			ensure!(
				by_provider || who == s.patient,
				Error::<T>::NotPatientOrProvider
			);
			ensure!(s.status == ServiceStatus::Booked, Error::<T>::NotBooked);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				by_provider || now < s.starts_at,
				Error::<T>::AppointmentStarted
			);
			let shares = Self::refund_payers(&s)?;
			Self::close(
				service,
				&mut s,
				ServiceStatus::Cancelled {
					by: who.clone(),
					at: now,
				},
			);
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
		/// Origin: the patient or the insurer, after the deadline.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim_refund())]
		pub fn claim_refund(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::get(service)?;
			ensure!(Self::is_payer(&who, &s), Error::<T>::NotPayer);
			ensure!(s.status == ServiceStatus::Booked, Error::<T>::NotBooked);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > s.deadline, Error::<T>::DeadlineNotPassed);
			let shares = Self::refund_payers(&s)?;
			Self::close(service, &mut s, ServiceStatus::Refunded { at: now });
			Self::deposit_event(Event::ServiceRefunded {
				service,
				patient_refund: shares.patient,
				insurer_refund: shares.insurer,
			});
			Ok(())
		}

		/// Dispute a completed service within the dispute window: its payout is stopped and
		/// the price stays held on the provider until governance resolves it.
		///
		/// Origin: the patient or the insurer.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::dispute_service())]
		pub fn dispute_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut s = Self::get(service)?;
			ensure!(Self::is_payer(&who, &s), Error::<T>::NotPayer);
			let ServiceStatus::Completed {
				consultation,
				payable_at,
			} = s.status
			else {
				return Err(Error::<T>::NotCompleted.into());
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < payable_at, Error::<T>::DisputeWindowClosed);
			PayoutAgenda::<T>::mutate(payable_at, |due| due.retain(|id| *id != service));
			s.status = ServiceStatus::Disputed {
				consultation,
				by: who.clone(),
			};
			Services::<T>::insert(service, s);
			Self::deposit_event(Event::ServiceDisputed { service, by: who });
			Ok(())
		}

		/// Resolve a dispute: the provider keeps `to_provider`, the rest of the price goes
		/// back to the patient and the insurer in proportion to their shares (the insurer's
		/// part rounded down).
		///
		/// Origin: the governance origin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			service: ServiceId,
			to_provider: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut s = Self::get(service)?;
			let ServiceStatus::Disputed { consultation, .. } = s.status else {
				return Err(Error::<T>::NotDisputed.into());
			};
			ensure!(to_provider <= s.price, Error::<T>::SplitExceedsPrice);
			let refund = s.price - to_provider;
			let insurer_refund = Self::pro_rata(refund, s.insurer_share, s.price);
			let patient_refund = refund - insurer_refund;
			Self::give_back(&s, &s.patient, patient_refund)?;
			if let Some(insurer) = &s.insurer {
				Self::give_back(&s, insurer, insurer_refund)?;
			}
			Self::release(&s.provider, to_provider)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::close(
				service,
				&mut s,
				ServiceStatus::Resolved {
					consultation,
					to_provider,
					at: now,
				},
			);
			Self::deposit_event(Event::DisputeResolved {
				service,
				to_provider,
				patient_refund,
				insurer_refund,
			});
			Ok(())
		}

		/// Set (`Some`) or end (`None`) the insurer's coverage of `patient`: the share of each
		/// later booking's price the insurer pays, up to a cap per service. Services already
		/// booked keep their shares.
		///
		/// Origin: an account with the insurer role (ending a policy needs no role).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_coverage())]
		pub fn set_coverage(
			origin: OriginFor<T>,
			patient: T::AccountId,
			coverage: Option<Coverage<BalanceOf<T>>>,
		) -> DispatchResult {
			let insurer = ensure_signed(origin)?;
			match coverage {
				Some(policy) => {
					ensure!(
						T::Roles::has_role(&insurer, Role::Insurer),
						Error::<T>::NotInsurer
					);
					ensure!(insurer != patient, Error::<T>::PartiesNotDistinct);
					Coverages::<T>::insert(&patient, &insurer, policy);
				}
				None => Coverages::<T>::remove(&patient, &insurer),
			}
			Self::deposit_event(Event::CoverageSet {
				insurer,
				patient,
				coverage,
			});
			Ok(())
		}

		/// Set the dispute window (in blocks, at most `MaxDisputeWindow`; zero pays at
		/// completion) for services completed from now on.
		///
		/// Origin: the governance origin.
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
	}

	impl<T: Config> Pallet<T> {
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
			let policy = Coverages::<T>::get(patient, insurer).ok_or(Error::<T>::NoCoverage)?;
			let share = policy.insurer_share(price);
			Ok(Shares {
				patient: price - share,
				insurer: share,
			})
		}

		/// A service, open or closed.
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

		fn get(id: ServiceId) -> Result<ServiceOf<T>, Error<T>> {
			Services::<T>::get(id).ok_or(Error::<T>::ServiceNotFound)
		}

		/// Whether `who` is `provider` or one of its practitioners.
		fn acts_for(who: &T::AccountId, provider: &T::AccountId) -> bool {
			who == provider || T::Roles::institution_of(who).as_ref() == Some(provider)
		}

		fn is_payer(who: &T::AccountId, s: &ServiceOf<T>) -> bool {
			*who == s.patient || s.insurer.as_ref() == Some(who)
		}

		/// Closes a service: its new status, and it leaves the parties' open lists.
		pub(crate) fn close(id: ServiceId, s: &mut ServiceOf<T>, status: StatusOf<T>) {
			s.status = status;
			for (who, _) in s.parties() {
				OpenServices::<T>::remove(who, id);
			}
			Services::<T>::insert(id, &*s);
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

		/// The anchor checks of `complete_service`.
		fn check_anchor(s: &ServiceOf<T>, record: &RecordId, version: Version) -> DispatchResult {
			let anchor = T::Records::anchor(record, version).ok_or(Error::<T>::AnchorNotFound)?;
			ensure!(!anchor.erased, Error::<T>::RecordErased);
			ensure!(anchor.owner == s.patient, Error::<T>::AnchorNotOfPatient);
			ensure!(
				Self::acts_for(&anchor.author, &s.provider),
				Error::<T>::AnchorNotByProvider
			);
			ensure!(
				anchor.anchored_at > s.booked_at,
				Error::<T>::AnchorBeforeBooking
			);
			ensure!(
				!SettledAnchors::<T>::contains_key(record, version),
				Error::<T>::AnchorAlreadySettled
			);
			Ok(())
		}
	}
}
