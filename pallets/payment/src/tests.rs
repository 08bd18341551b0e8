//! Unit tests: every call's paths and errors, the escrow, bonds and deposits to the unit, the
//! insurer's consent, self-billing, completion by an existing anchor or by one the booking
//! authorises, pull payouts, dispute deadlines, arithmetic edges (zero price, rounding,
//! existential deposit, overflow) and the `try_state` invariant after each step.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::Precision,
	},
	BoundedVec,
};
use semres_primitives::{
	record_id, AnchorTarget, RecordClass, RecordId, Role, SecurityLevel, SmerRef, Version, H256,
};
use sp_runtime::{DispatchError, Permill, TokenError};

use crate::{
	mock::*, Consultation, Coverage, CoverageOf, Coverages, Error, Event, HoldReason,
	NextServiceId, OpenServices, Party, ServiceId, ServiceStatus, Services, Shares,
	StandingAuthorisation,
};

const PRICE: Balance = 100;

fn origin(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn escrow() -> RuntimeHoldReason {
	HoldReason::Escrow.into()
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&escrow(), &who)
}

fn bond(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::DisputeBond.into(), &who)
}

fn deposit(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::StorageDeposit.into(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn status(id: ServiceId) -> ServiceStatus<AccountId, Balance, u64> {
	Services::<Test>::get(id).expect("service is open").status
}

fn closed(id: ServiceId) -> bool {
	Services::<Test>::get(id).is_none()
}

fn check() {
	assert_ok!(Payment::do_try_state());
}

fn policy(percent: u32, cap: Balance) -> CoverageOf<Test> {
	Coverage {
		share: Permill::from_percent(percent),
		cap,
		standing: None,
	}
}

/// The insurer covers `percent` of the patient's services, at most `cap` each, and
/// authorises every booking in advance.
fn cover(percent: u32, cap: Balance) {
	let standing = StandingAuthorisation {
		per_period: Balance::MAX,
		period: 1,
		max_open: u32::MAX,
	};
	assert_ok!(Payment::set_coverage(
		origin(INSURER),
		PATIENT,
		Some(Coverage {
			standing: Some(standing),
			..policy(percent, cap)
		})
	));
}

/// The patient books the hospital: appointment 2 blocks ahead, deadline 10.
fn book(price: Balance, insurer: Option<AccountId>) -> ServiceId {
	let id = NextServiceId::<Test>::get();
	let now = System::block_number();
	assert_ok!(Payment::book_service(
		origin(PATIENT),
		HOSPITAL,
		price,
		now + 2,
		now + 10,
		insurer
	));
	check();
	id
}

/// In the next block, the doctor anchors `version` of record `seed` for the patient.
fn consultation(seed: u8, version: Version) -> RecordId {
	run_to(System::block_number() + 1);
	anchor(seed, version, PATIENT, DOCTOR)
}

/// Books, anchors two blocks later (at the appointment) and completes by the doctor.
fn completed(price: Balance, insurer: Option<AccountId>, seed: u8) -> ServiceId {
	let id = book(price, insurer);
	run_to(System::block_number() + 1);
	let record = consultation(seed, 1);
	assert_ok!(Payment::complete_service(origin(DOCTOR), id, record, 1));
	check();
	id
}

fn smer(n: u8) -> SmerRef<frame_support::traits::ConstU32<64>> {
	SmerRef {
		cid: BoundedVec::truncate_from(vec![1, 0x55, n]),
		smer_hash: H256::repeat_byte(n),
		suite: 1,
	}
}

mod booking {
	use super::*;

	#[test]
	fn holds_the_patients_share_and_deposit() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			assert_eq!(
				(free(PATIENT), held(PATIENT), deposit(PATIENT)),
				(START - PRICE - DEPOSIT_BASE, PRICE, DEPOSIT_BASE)
			);
			System::assert_last_event(
				Event::ServiceBooked {
					service: id,
					patient: PATIENT,
					provider: HOSPITAL,
					insurer: None,
					price: PRICE,
					patient_share: PRICE,
					insurer_share: 0,
					starts_at: 3,
					deadline: 11,
					awaiting_insurer: false,
				}
				.into(),
			);
			assert_eq!(status(id), ServiceStatus::Booked);
			assert_eq!(
				Payment::open_services(&PATIENT, None, 10),
				vec![(id, Party::Patient)]
			);
			assert_eq!(
				Payment::open_services(&HOSPITAL, None, 10),
				vec![(id, Party::Provider)]
			);
			assert_eq!(NextServiceId::<Test>::get(), id + 1);
		});
	}

	#[test]
	fn insurer_share_is_rounded_down_and_capped() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let shares = |price| Payment::quote(&PATIENT, Some(&INSURER), price).unwrap();
			assert_eq!(
				shares(3),
				Shares {
					patient: 2,
					insurer: 1
				}
			);
			assert_eq!(
				shares(101),
				Shares {
					patient: 51,
					insurer: 50
				}
			);
			assert_eq!(
				shares(0),
				Shares {
					patient: 0,
					insurer: 0
				}
			);
			cover(80, 60);
			assert_eq!(
				shares(500),
				Shares {
					patient: 440,
					insurer: 60
				}
			);
			assert_eq!(
				shares(Balance::MAX),
				Shares {
					patient: Balance::MAX - 60,
					insurer: 60
				}
			);
			let id = book(500, Some(INSURER));
			assert_eq!((held(PATIENT), held(INSURER)), (440, 60));
			assert_eq!(
				Payment::open_services(&INSURER, None, 10),
				vec![(id, Party::Insurer)]
			);
		});
	}

	#[test]
	fn a_booking_holds_the_insurers_money_only_with_its_consent() {
		new_test_ext().execute_with(|| {
			assert_ok!(Payment::set_coverage(
				origin(INSURER),
				PATIENT,
				Some(policy(100, 900))
			));
			// A covered patient books the whole cap: nothing of the insurer's is held.
			let id = NextServiceId::<Test>::get();
			assert_ok!(Payment::book_service(
				origin(PATIENT),
				HOSPITAL,
				900,
				3,
				900,
				Some(INSURER)
			));
			System::assert_last_event(
				Event::ServiceBooked {
					service: id,
					patient: PATIENT,
					provider: HOSPITAL,
					insurer: Some(INSURER),
					price: 900,
					patient_share: 0,
					insurer_share: 900,
					starts_at: 3,
					deadline: 900,
					awaiting_insurer: true,
				}
				.into(),
			);
			assert_eq!(held(INSURER), 0);
			assert_eq!(status(id), ServiceStatus::AwaitingInsurer);
			check();
			run_to(3);
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), id, H256::zero(), 1),
				Error::<Test>::InsurerNotAuthorised
			);
			assert_noop!(
				Payment::authorise_booking(origin(STRANGER), id),
				Error::<Test>::NotTheInsurer
			);
			assert_noop!(
				Payment::decline_booking(origin(PATIENT), id),
				Error::<Test>::NotTheInsurer
			);
			// The insurer declines: the booking ends, the patient's deposit goes back.
			assert_ok!(Payment::decline_booking(origin(INSURER), id));
			System::assert_last_event(
				Event::BookingDeclined {
					service: id,
					insurer: INSURER,
				}
				.into(),
			);
			assert!(closed(id));
			assert_eq!((free(PATIENT), deposit(PATIENT)), (START, 0));
			check();

			// Another booking, authorised: now the share is held.
			let id = book(PRICE, Some(INSURER));
			assert_ok!(Payment::authorise_booking(origin(INSURER), id));
			System::assert_last_event(
				Event::BookingAuthorised {
					service: id,
					insurer: INSURER,
				}
				.into(),
			);
			assert_eq!((held(PATIENT), held(INSURER)), (0, PRICE));
			assert_eq!(
				Coverages::<Test>::get(PATIENT, INSURER).unwrap().usage.open,
				1
			);
			assert_noop!(
				Payment::authorise_booking(origin(INSURER), id),
				Error::<Test>::NotAwaitingInsurer
			);
			assert_noop!(
				Payment::decline_booking(origin(INSURER), id),
				Error::<Test>::NotAwaitingInsurer
			);
			check();
			// An insurer without the funds cannot authorise.
			let poor = book(PRICE, Some(INSURER));
			assert_ok!(Balances::hold(
				&escrow(),
				&INSURER,
				START - PRICE - ED - DEPOSIT_BASE - 1
			));
			assert_noop!(
				Payment::authorise_booking(origin(INSURER), poor),
				Error::<Test>::InsurerCannotPay
			);
		});
	}

	#[test]
	fn a_standing_authorisation_covers_bookings_within_its_limits() {
		new_test_ext().execute_with(|| {
			let standing = StandingAuthorisation {
				per_period: 100,
				period: 10,
				max_open: 2,
			};
			let with = |s| Coverage {
				standing: Some(s),
				..policy(50, 1_000)
			};
			assert_noop!(
				Payment::set_coverage(
					origin(INSURER),
					PATIENT,
					Some(with(StandingAuthorisation {
						period: 0,
						..standing
					}))
				),
				Error::<Test>::BadStandingAuthorisation
			);
			assert_ok!(Payment::set_coverage(
				origin(INSURER),
				PATIENT,
				Some(with(standing))
			));
			// 50 + 50 of the insurer's within the period: both authorised in advance.
			let a = book(PRICE, Some(INSURER));
			let b = book(PRICE, Some(INSURER));
			assert_eq!(
				(status(a), status(b)),
				(ServiceStatus::Booked, ServiceStatus::Booked)
			);
			assert_eq!(held(INSURER), 100);
			// A third exceeds both limits: it waits for the insurer.
			let c = book(PRICE, Some(INSURER));
			assert_eq!(status(c), ServiceStatus::AwaitingInsurer);
			// A new period, but two are still open: still waits.
			run_to(11);
			let d = book(PRICE, Some(INSURER));
			assert_eq!(status(d), ServiceStatus::AwaitingInsurer);
			// One closes (the provider declines it): the next is authorised again.
			assert_ok!(Payment::cancel_service(origin(DOCTOR), a));
			let e = book(PRICE, Some(INSURER));
			assert_eq!(status(e), ServiceStatus::Booked);
			let usage = Coverages::<Test>::get(PATIENT, INSURER).unwrap().usage;
			assert_eq!((usage.period_start, usage.spent, usage.open), (11, 50, 2));
			check();
		});
	}

	#[test]
	fn the_existential_deposit_stays_free() {
		new_test_ext().execute_with(|| {
			let book_at =
				|price| Payment::book_service(origin(PATIENT), HOSPITAL, price, 1, 10, None);
			assert_noop!(book_at(START - ED + 1), Error::<Test>::PatientCannotPay);
			assert_noop!(
				book_at(START - ED - DEPOSIT_BASE + 1),
				Error::<Test>::CannotPayDeposit
			);
			assert_ok!(book_at(START - ED - DEPOSIT_BASE));
			assert_eq!(free(PATIENT), ED);
			check();
		});
	}

	#[test]
	fn nobody_on_the_providers_side_books_it() {
		new_test_ext().execute_with(|| {
			let doctor2 = 8;
			grant_role(doctor2, Role::Practitioner, Some(HOSPITAL));
			let _ = Balances::mint_into(&doctor2, START);
			let try_book =
				|who, provider| Payment::book_service(origin(who), provider, PRICE, 3, 10, None);
			// A practitioner bills its own hospital, a hospital its practitioner, a colleague.
			assert_noop!(try_book(DOCTOR, HOSPITAL), Error::<Test>::SelfBilling);
			assert_noop!(try_book(HOSPITAL, DOCTOR), Error::<Test>::SelfBilling);
			assert_noop!(try_book(doctor2, DOCTOR), Error::<Test>::SelfBilling);
			// Another hospital's practitioner books as a patient like anyone else.
			let (other, doctor3) = (7, 9);
			grant_role(other, Role::Hospital, None);
			grant_role(doctor3, Role::Practitioner, Some(other));
			let _ = Balances::mint_into(&doctor3, START);
			assert_ok!(try_book(doctor3, HOSPITAL));
		});
	}

	#[test]
	fn refuses_bad_bookings() {
		new_test_ext().execute_with(|| {
			let try_book = |provider, start, deadline, insurer| {
				Payment::book_service(origin(PATIENT), provider, PRICE, start, deadline, insurer)
			};
			assert_noop!(
				try_book(STRANGER, 1, 5, None),
				Error::<Test>::ProviderNotRegistered
			);
			grant_role(PATIENT, Role::Hospital, None);
			assert_noop!(
				try_book(PATIENT, 1, 5, None),
				Error::<Test>::PartiesNotDistinct
			);
			take_role(PATIENT, Role::Hospital);
			assert_noop!(
				try_book(HOSPITAL, 1, 5, Some(PATIENT)),
				Error::<Test>::PartiesNotDistinct
			);
			assert_noop!(
				try_book(HOSPITAL, 1, 5, Some(HOSPITAL)),
				Error::<Test>::PartiesNotDistinct
			);
			run_to(3);
			assert_noop!(
				try_book(HOSPITAL, 2, 5, None),
				Error::<Test>::AppointmentInPast
			);
			assert_noop!(
				try_book(HOSPITAL, 5, 4, None),
				Error::<Test>::DeadlineBeforeAppointment
			);
			assert_noop!(
				try_book(HOSPITAL, 3, 3, None),
				Error::<Test>::DeadlineBeforeAppointment
			);
			assert_noop!(
				try_book(HOSPITAL, 3, 1_004, None),
				Error::<Test>::DeadlineTooFar
			);
			assert_noop!(
				try_book(HOSPITAL, 3, 5, Some(STRANGER)),
				Error::<Test>::NotInsurer
			);
			assert_noop!(
				try_book(HOSPITAL, 3, 5, Some(INSURER)),
				Error::<Test>::NoCoverage
			);
			cover(100, PRICE);
			assert_ok!(Balances::hold(
				&escrow(),
				&INSURER,
				START - ED - DEPOSIT_BASE - PRICE + 1
			));
			assert_noop!(
				try_book(HOSPITAL, 3, 5, Some(INSURER)),
				Error::<Test>::InsurerCannotPay
			);
			NextServiceId::<Test>::put(ServiceId::MAX);
			assert_noop!(
				try_book(HOSPITAL, 3, 1_003, None),
				Error::<Test>::ServiceIdsExhausted
			);
		});
	}

	#[test]
	fn a_free_service_holds_nothing_and_is_paid_at_completion() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let id = completed(0, Some(INSURER), 1);
			assert_eq!((held(PATIENT), held(INSURER), held(HOSPITAL)), (0, 0, 0));
			assert!(closed(id));
			System::assert_has_event(
				Event::ServicePaid {
					service: id,
					patient: PATIENT,
					provider: HOSPITAL,
					record: H256::repeat_byte(1),
					version: 1,
					amount: 0,
				}
				.into(),
			);
			assert!(Payment::open_services(&PATIENT, None, 10).is_empty());
			assert_eq!(deposit(PATIENT), 0);
			check();
		});
	}
}

mod completion {
	use super::*;

	#[test]
	fn pays_the_provider_when_claimed_after_the_dispute_window() {
		new_test_ext().execute_with(|| {
			cover(30, 1_000);
			let id = book(PRICE, Some(INSURER));
			run_to(2);
			let record = consultation(7, 1); // block 3: the appointment
			assert_ok!(Payment::complete_service(origin(DOCTOR), id, record, 1));
			System::assert_last_event(
				Event::ServiceCompleted {
					service: id,
					provider: HOSPITAL,
					record,
					version: 1,
					price: PRICE,
					payable_at: 8,
				}
				.into(),
			);
			let consultation = Consultation { record, version: 1 };
			assert_eq!(
				status(id),
				ServiceStatus::Completed {
					consultation,
					payable_at: 8
				}
			);
			assert_eq!(anchor_info(record, 1).unwrap().settled, Some(id));
			assert_eq!(
				(held(PATIENT), held(INSURER), held(HOSPITAL)),
				(0, 0, PRICE)
			);
			assert_eq!(
				(free(PATIENT), free(INSURER)),
				(START - 70 - DEPOSIT_BASE, START - 30 - DEPOSIT_BASE)
			);
			check();

			run_to(7);
			assert_noop!(
				Payment::claim_payment(origin(STRANGER), id),
				Error::<Test>::NotYetPayable
			);
			run_to(8);
			let paid = Payment::claim_payment(origin(STRANGER), id).unwrap();
			assert_eq!(paid.pays_fee, Pays::No);
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (0, START + PRICE));
			System::assert_has_event(
				Event::ServicePaid {
					service: id,
					patient: PATIENT,
					provider: HOSPITAL,
					record,
					version: 1,
					amount: PRICE,
				}
				.into(),
			);
			assert!(closed(id), "the receipt is the event");
			assert_eq!(deposit(PATIENT), 0, "the patient's deposit came back");
			for who in [PATIENT, HOSPITAL, INSURER] {
				assert!(Payment::open_services(&who, None, 10).is_empty());
			}
			assert_noop!(
				Payment::claim_payment(origin(STRANGER), id),
				Error::<Test>::ServiceNotFound
			);
			check();
		});
	}

	#[test]
	fn completions_never_wait_for_other_providers() {
		new_test_ext().execute_with(|| {
			let (other, doctor2) = (7, 8);
			grant_role(other, Role::Hospital, None);
			grant_role(doctor2, Role::Practitioner, Some(other));
			let _ = Balances::mint_into(&other, START);
			let mut ids = vec![];
			for provider in [HOSPITAL, HOSPITAL, other, other, HOSPITAL] {
				ids.push(NextServiceId::<Test>::get());
				assert_ok!(Payment::book_service(
					origin(PATIENT),
					provider,
					10,
					1,
					10,
					None
				));
			}
			run_to(2);
			for (i, id) in ids.iter().enumerate() {
				let by = if i == 2 || i == 3 { doctor2 } else { DOCTOR };
				let record = anchor(i as u8 + 1, 1, PATIENT, by);
				assert_ok!(Payment::complete_service(origin(by), *id, record, 1));
			}
			run_to(7);
			for id in &ids {
				assert_ok!(Payment::claim_payment(origin(STRANGER), *id));
			}
			assert_eq!((free(HOSPITAL), free(other)), (START + 30, START + 20));
			check();
		});
	}

	#[test]
	fn with_a_zero_window_pays_at_once() {
		new_test_ext().execute_with(|| {
			assert_ok!(Payment::set_dispute_window(root(), 0));
			System::assert_last_event(Event::DisputeWindowSet { blocks: 0 }.into());
			let id = completed(PRICE, None, 1);
			assert!(closed(id));
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (0, START + PRICE));
			assert_eq!(free(PATIENT), START - PRICE);
		});
	}

	#[test]
	fn the_hospital_itself_may_complete_with_its_own_anchor() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			run_to(3);
			let record = anchor(1, 3, PATIENT, HOSPITAL);
			assert_ok!(Payment::complete_service(origin(HOSPITAL), id, record, 3));
			check();
		});
	}

	#[test]
	fn refuses_anchors_that_do_not_match() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			let other = book(PRICE, None);
			let same_block = anchor(1, 1, PATIENT, DOCTOR);
			run_to(3);
			let foreign = anchor(2, 1, STRANGER, DOCTOR);
			let outsider = anchor(3, 1, PATIENT, PENNILESS);
			let erased = anchor(4, 1, PATIENT, DOCTOR);
			erase(erased);
			let by_patient = anchor(6, 1, PATIENT, PATIENT);
			// Made by a practitioner of another hospital, who joins this one afterwards.
			let (other_hospital, mover) = (7, 8);
			grant_role(other_hospital, Role::Hospital, None);
			grant_role(mover, Role::Practitioner, Some(other_hospital));
			let before_the_move = anchor(10, 1, PATIENT, mover);
			grant_role(mover, Role::Practitioner, Some(HOSPITAL));
			let complete =
				|record, version| Payment::complete_service(origin(DOCTOR), id, record, version);
			assert_noop!(
				complete(H256::repeat_byte(9), 1),
				Error::<Test>::AnchorNotFound
			);
			assert_noop!(complete(foreign, 1), Error::<Test>::AnchorNotOfPatient);
			assert_noop!(complete(outsider, 1), Error::<Test>::AnchorNotByProvider);
			assert_noop!(
				complete(before_the_move, 1),
				Error::<Test>::AnchorNotByProvider
			);
			assert_noop!(complete(by_patient, 1), Error::<Test>::AnchorByPatient);
			assert_noop!(complete(same_block, 1), Error::<Test>::AnchorBeforeBooking);
			assert_noop!(complete(erased, 1), Error::<Test>::RecordErased);
			// Made for this hospital by a doctor who then left it: it still counts.
			let good = anchor(5, 1, PATIENT, DOCTOR);
			take_role(DOCTOR, Role::Practitioner);
			assert_ok!(Payment::complete_service(origin(HOSPITAL), id, good, 1));
			assert_noop!(
				Payment::complete_service(origin(HOSPITAL), other, good, 1),
				Error::<Test>::AnchorAlreadySettled
			);
		});
	}

	#[test]
	fn refuses_bad_completions() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None); // appointment at 3
			let record = consultation(1, 1); // block 2
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), id, record, 1),
				Error::<Test>::AppointmentNotStarted
			);
			run_to(3);
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), 99, record, 1),
				Error::<Test>::ServiceNotFound
			);
			assert_noop!(
				Payment::complete_service(origin(STRANGER), id, record, 1),
				Error::<Test>::NotProvider
			);
			assert_noop!(
				Payment::complete_service(origin(PENNILESS), id, record, 1),
				Error::<Test>::NotProvider
			);
			assert_noop!(
				Payment::complete_service(origin(PATIENT), id, record, 1),
				Error::<Test>::NotProvider
			);
			assert_ok!(Payment::complete_service(origin(DOCTOR), id, record, 1));
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), id, record, 1),
				Error::<Test>::NotBooked
			);
			let late = book(PRICE, None);
			run_to(System::block_number() + 11);
			let record = anchor(2, 1, PATIENT, DOCTOR);
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), late, record, 1),
				Error::<Test>::DeadlinePassed
			);
		});
	}

	#[test]
	fn the_booking_authorises_exactly_one_anchor_by_the_provider() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			run_to(3);
			let new = AnchorTarget::New {
				salt: [3; 32],
				class: RecordClass::Outpatient,
				level: SecurityLevel::Private,
			};
			let to = BoundedVec::truncate_from(vec![PATIENT, DOCTOR]);
			assert_noop!(
				Payment::complete_service_with_anchor(origin(STRANGER), id, new, smer(1), to.clone()),
				Error::<Test>::NotProvider
			);
			let bad = SmerRef {
				cid: BoundedVec::new(),
				..smer(1)
			};
			assert_noop!(
				Payment::complete_service_with_anchor(origin(DOCTOR), id, new, bad, to.clone()),
				DispatchError::Other(EMPTY_CID)
			);
			assert_ok!(Payment::complete_service_with_anchor(
				origin(DOCTOR),
				id,
				new,
				smer(1),
				to.clone()
			));
			let record = record_id(&PATIENT, &[3; 32]);
			let a = anchor_info(record, 1).unwrap();
			assert_eq!((a.owner, a.author, a.institution, a.settled), (PATIENT, DOCTOR, Some(HOSPITAL), Some(id)));
			assert!(matches!(status(id), ServiceStatus::Completed { consultation, .. } if consultation.record == record));
			// Used once: the booking authorises nothing more.
			assert_noop!(
				Payment::complete_service_with_anchor(origin(DOCTOR), id, AnchorTarget::Amend(record), smer(2), to.clone()),
				Error::<Test>::NotBooked
			);
			// A second booking amends the patient's record; another patient's is refused.
			let next = book(PRICE, None);
			run_to(5);
			let strangers = anchor(9, 1, STRANGER, STRANGER);
			assert_noop!(
				Payment::complete_service_with_anchor(origin(DOCTOR), next, AnchorTarget::Amend(strangers), smer(3), to.clone()),
				DispatchError::Other("NotOwner")
			);
			assert_ok!(Payment::complete_service_with_anchor(
				origin(DOCTOR),
				next,
				AnchorTarget::Amend(record),
				smer(3),
				to
			));
			assert_eq!(anchor_info(record, 2).unwrap().settled, Some(next));
			check();
		});
	}

	#[test]
	fn a_provider_without_funds_is_paid_only_where_it_can_receive() {
		new_test_ext().execute_with(|| {
			let book_penniless = |price| {
				let id = NextServiceId::<Test>::get();
				let now = System::block_number();
				assert_ok!(Payment::book_service(
					origin(PATIENT),
					PENNILESS,
					price,
					now,
					now + 5,
					None
				));
				id
			};
			let id = book_penniless(PRICE);
			run_to(2);
			let record = anchor(1, 1, PATIENT, PENNILESS);
			assert_noop!(
				Payment::complete_service(origin(PENNILESS), id, record, 1),
				Error::<Test>::ProviderCannotReceive
			);
			assert_ok!(Payment::set_dispute_window(root(), 0));
			assert_ok!(Payment::complete_service(origin(PENNILESS), id, record, 1));
			assert_eq!(free(PENNILESS), PRICE);
			assert_ok!(Balances::transfer_allow_death(
				origin(PENNILESS),
				STRANGER,
				PRICE
			));
			let dust = book_penniless(ED - 1);
			run_to(3);
			let record = anchor(2, 1, PATIENT, PENNILESS);
			assert_noop!(
				Payment::complete_service(origin(PENNILESS), dust, record, 1),
				Error::<Test>::ProviderCannotReceive
			);
			check();
		});
	}

	#[test]
	fn a_payout_block_beyond_the_last_block_number_is_an_overflow() {
		new_test_ext().execute_with(|| {
			assert_ok!(Payment::set_dispute_window(root(), 100));
			System::set_block_number(u64::MAX - 50);
			let id = book(PRICE, None);
			run_to(u64::MAX - 49);
			let record = consultation(1, 1);
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), id, record, 1),
				DispatchError::Arithmetic(sp_runtime::ArithmeticError::Overflow)
			);
		});
	}
}

mod cancellation_and_refund {
	use super::*;

	#[test]
	fn the_patient_cancels_until_the_appointment() {
		new_test_ext().execute_with(|| {
			cover(40, 1_000);
			let id = book(PRICE, Some(INSURER));
			assert_noop!(
				Payment::cancel_service(origin(STRANGER), id),
				Error::<Test>::NotPatientOrProvider
			);
			assert_noop!(
				Payment::cancel_service(origin(INSURER), id),
				Error::<Test>::NotPatientOrProvider
			);
			assert_ok!(Payment::cancel_service(origin(PATIENT), id));
			System::assert_last_event(
				Event::ServiceCancelled {
					service: id,
					by: PATIENT,
					patient_refund: 60,
					insurer_refund: 40,
				}
				.into(),
			);
			assert_eq!(free(PATIENT), START);
			assert_eq!(
				free(INSURER),
				START - DEPOSIT_BASE,
				"the coverage's deposit stays"
			);
			assert_eq!((held(PATIENT), held(INSURER)), (0, 0));
			assert!(closed(id));
			assert_noop!(
				Payment::cancel_service(origin(PATIENT), id),
				Error::<Test>::ServiceNotFound
			);
			check();
			let late = book(PRICE, None);
			run_to(3);
			assert_noop!(
				Payment::cancel_service(origin(PATIENT), late),
				Error::<Test>::AppointmentStarted
			);
			assert_ok!(Payment::cancel_service(origin(DOCTOR), late));
			assert_eq!(free(PATIENT), START);
			check();
		});
	}

	#[test]
	fn a_no_show_is_refunded_after_the_deadline() {
		new_test_ext().execute_with(|| {
			cover(40, 1_000);
			let id = book(PRICE, Some(INSURER));
			run_to(11);
			assert_noop!(
				Payment::claim_refund(origin(PATIENT), id),
				Error::<Test>::DeadlineNotPassed
			);
			run_to(12);
			assert_noop!(
				Payment::claim_refund(origin(HOSPITAL), id),
				Error::<Test>::NotPayer
			);
			assert_noop!(
				Payment::claim_refund(origin(STRANGER), id),
				Error::<Test>::NotPayer
			);
			assert_noop!(
				Payment::claim_refund(origin(PATIENT), 99),
				Error::<Test>::ServiceNotFound
			);
			assert_ok!(Payment::claim_refund(origin(INSURER), id));
			System::assert_last_event(
				Event::ServiceRefunded {
					service: id,
					patient_refund: 60,
					insurer_refund: 40,
				}
				.into(),
			);
			assert_eq!(free(PATIENT), START);
			assert!(closed(id));
			check();
		});
	}

	#[test]
	fn an_unauthorised_booking_refunds_the_patient_only() {
		new_test_ext().execute_with(|| {
			assert_ok!(Payment::set_coverage(
				origin(INSURER),
				PATIENT,
				Some(policy(40, 1_000))
			));
			let id = book(PRICE, Some(INSURER));
			assert_ok!(Payment::cancel_service(origin(PATIENT), id));
			System::assert_last_event(
				Event::ServiceCancelled {
					service: id,
					by: PATIENT,
					patient_refund: 60,
					insurer_refund: 0,
				}
				.into(),
			);
			check();
		});
	}

	#[test]
	fn a_completed_service_cannot_be_refunded_or_cancelled() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_noop!(
				Payment::claim_refund(origin(PATIENT), id),
				Error::<Test>::NotBooked
			);
			assert_noop!(
				Payment::cancel_service(origin(HOSPITAL), id),
				Error::<Test>::NotBooked
			);
		});
	}
}

mod disputes {
	use super::*;

	#[test]
	fn a_dispute_takes_a_bond_and_its_resolution_splits_the_price() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let id = completed(101, Some(INSURER), 1); // completed at 3, payable at 8
			assert_noop!(
				Payment::dispute_service(origin(HOSPITAL), id),
				Error::<Test>::NotPayer
			);
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), 99),
				Error::<Test>::ServiceNotFound
			);
			assert_ok!(Payment::dispute_service(origin(PATIENT), id));
			System::assert_last_event(
				Event::ServiceDisputed {
					service: id,
					by: PATIENT,
					bond: BOND,
					resolve_by: 23,
				}
				.into(),
			);
			assert_eq!(bond(PATIENT), BOND);
			assert_noop!(
				Payment::dispute_service(origin(INSURER), id),
				Error::<Test>::NotCompleted
			);
			assert_noop!(
				Payment::claim_payment(origin(STRANGER), id),
				Error::<Test>::NotYetPayable
			);
			check();
			run_to(20);
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (101, START));
			assert_noop!(
				Payment::resolve_dispute(origin(PATIENT), id, 0, false),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Payment::resolve_dispute(root(), id, 102, false),
				Error::<Test>::SplitExceedsPrice
			);
			// 60 goes back: the insurer paid 50 of 101, so 60 × 50 / 101 = 29.7 → 29.
			assert_ok!(Payment::resolve_dispute(root(), id, 41, false));
			System::assert_last_event(
				Event::DisputeResolved {
					service: id,
					to_provider: 41,
					patient_refund: 31,
					insurer_refund: 29,
					bond_slashed: false,
				}
				.into(),
			);
			assert_eq!(free(HOSPITAL), START + 41);
			assert_eq!(free(PATIENT), START - 51 + 31);
			assert_eq!(free(INSURER), START - DEPOSIT_BASE - 50 + 29);
			assert_eq!((held(HOSPITAL), bond(PATIENT)), (0, 0));
			assert!(closed(id));
			check();
		});
	}

	#[test]
	fn a_frivolous_dispute_loses_its_bond_to_the_provider() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_ok!(Payment::dispute_service(origin(PATIENT), id));
			assert_ok!(Payment::resolve_dispute(root(), id, PRICE, true));
			assert_eq!(free(HOSPITAL), START + PRICE + BOND);
			assert_eq!(free(PATIENT), START - PRICE - BOND);
			check();
		});
	}

	#[test]
	fn an_unresolved_dispute_lapses_to_the_provider_with_the_bond_returned() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_ok!(Payment::dispute_service(origin(PATIENT), id)); // at 3, lapses at 23
			run_to(22);
			assert_noop!(
				Payment::claim_payment(origin(STRANGER), id),
				Error::<Test>::NotYetPayable
			);
			run_to(23);
			assert_ok!(Payment::claim_payment(origin(STRANGER), id));
			System::assert_has_event(Event::DisputeLapsed { service: id }.into());
			assert_eq!(free(HOSPITAL), START + PRICE);
			assert_eq!((free(PATIENT), bond(PATIENT)), (START - PRICE, 0));
			assert_noop!(
				Payment::resolve_dispute(root(), id, 0, false),
				Error::<Test>::ServiceNotFound
			);
			check();
		});
	}

	#[test]
	fn a_payer_who_cannot_pay_the_bond_cannot_dispute() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_ok!(Balances::transfer_allow_death(
				origin(PATIENT),
				STRANGER,
				START - PRICE - ED - BOND + 1
			));
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), id),
				Error::<Test>::CannotPayBond
			);
		});
	}

	#[test]
	fn resolution_may_refund_all_or_nothing() {
		new_test_ext().execute_with(|| {
			let all_back = completed(PRICE, None, 1);
			let none_back = completed(PRICE, None, 2);
			for id in [all_back, none_back] {
				assert_ok!(Payment::dispute_service(origin(PATIENT), id));
			}
			assert_ok!(Payment::resolve_dispute(root(), all_back, 0, false));
			assert_ok!(Payment::resolve_dispute(root(), none_back, PRICE, false));
			assert_eq!(free(PATIENT), START - PRICE);
			assert_eq!(free(HOSPITAL), START + PRICE);
			check();
		});
	}

	#[test]
	fn a_payer_stays_alive_while_its_service_is_open_so_a_small_refund_lands() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_ok!(Payment::dispute_service(origin(PATIENT), id));
			// The patient sends everything it can away: the deposit and the bond keep the
			// account, with its existential deposit.
			assert_ok!(Balances::transfer_all(origin(PATIENT), STRANGER, false));
			assert!(System::account_exists(&PATIENT));
			assert_eq!(free(PATIENT), ED);
			// A refund below the existential deposit still lands.
			assert_ok!(Payment::resolve_dispute(
				root(),
				id,
				PRICE - (ED - 1),
				false
			));
			assert_eq!(free(PATIENT), ED + ED - 1 + BOND + DEPOSIT_BASE);
			check();
		});
	}

	#[test]
	fn only_completed_services_within_the_window_can_be_disputed() {
		new_test_ext().execute_with(|| {
			let booked = book(PRICE, None);
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), booked),
				Error::<Test>::NotCompleted
			);
			let id = completed(PRICE, None, 1); // payable at 8
			run_to(8);
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), id),
				Error::<Test>::DisputeWindowClosed
			);
			assert_noop!(
				Payment::resolve_dispute(root(), 99, 0, false),
				Error::<Test>::ServiceNotFound
			);
			assert_noop!(
				Payment::resolve_dispute(root(), id, 0, false),
				Error::<Test>::NotDisputed
			);
		});
	}
}

mod governance_and_coverage {
	use super::*;

	#[test]
	fn coverage_is_set_by_insurers_with_a_deposit_and_ended_by_them() {
		new_test_ext().execute_with(|| {
			let p = policy(10, 5);
			assert_noop!(
				Payment::set_coverage(origin(STRANGER), PATIENT, Some(p)),
				Error::<Test>::NotInsurer
			);
			grant_role(PATIENT, Role::Insurer, None);
			assert_noop!(
				Payment::set_coverage(origin(PATIENT), PATIENT, Some(p)),
				Error::<Test>::PartiesNotDistinct
			);
			assert_ok!(Payment::set_coverage(origin(INSURER), PATIENT, Some(p)));
			System::assert_last_event(
				Event::CoverageSet {
					insurer: INSURER,
					patient: PATIENT,
					coverage: Some(p),
				}
				.into(),
			);
			assert_eq!(Payment::coverage_of(&PATIENT, &INSURER), Some(p));
			assert_eq!(deposit(INSURER), DEPOSIT_BASE);
			assert_ok!(Payment::set_coverage(
				origin(INSURER),
				PATIENT,
				Some(policy(20, 5))
			));
			assert_eq!(
				deposit(INSURER),
				DEPOSIT_BASE,
				"an update keeps one deposit"
			);
			take_role(INSURER, Role::Insurer);
			assert!(matches!(
				Payment::quote(&PATIENT, Some(&INSURER), PRICE),
				Err(Error::<Test>::NotInsurer)
			));
			assert_ok!(Payment::set_coverage(origin(INSURER), PATIENT, None));
			assert!(Coverages::<Test>::get(PATIENT, INSURER).is_none());
			assert_eq!(deposit(INSURER), 0);
		});
	}

	#[test]
	fn an_ended_coverage_stays_until_what_it_authorised_closes() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let id = book(PRICE, Some(INSURER));
			assert_ok!(Payment::set_coverage(origin(INSURER), PATIENT, None));
			let c = Coverages::<Test>::get(PATIENT, INSURER).unwrap();
			assert_eq!((c.policy, c.usage.open), (None, 1));
			assert_noop!(
				Payment::book_service(origin(PATIENT), HOSPITAL, PRICE, 3, 10, Some(INSURER)),
				Error::<Test>::NoCoverage
			);
			check();
			assert_ok!(Payment::cancel_service(origin(PATIENT), id));
			assert!(Coverages::<Test>::get(PATIENT, INSURER).is_none());
			assert_eq!(deposit(INSURER), 0);
			check();
		});
	}

	#[test]
	fn the_dispute_window_is_bounded_and_governed() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Payment::set_dispute_window(origin(PATIENT), 1),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Payment::set_dispute_window(root(), 101),
				Error::<Test>::DisputeWindowTooLong
			);
			assert_ok!(Payment::set_dispute_window(root(), 2));
			let id = completed(PRICE, None, 1);
			assert!(matches!(
				status(id),
				ServiceStatus::Completed { payable_at: 5, .. }
			));
		});
	}

	#[test]
	fn open_services_are_paged() {
		new_test_ext().execute_with(|| {
			let ids: Vec<_> = (0..5).map(|_| book(1, None)).collect();
			let first = Payment::open_services(&PATIENT, None, 2);
			assert_eq!(first.len(), 2);
			let rest = Payment::open_services(&PATIENT, Some(first[1].0), 10);
			let mut all: Vec<_> = first.iter().chain(&rest).map(|(id, _)| *id).collect();
			all.sort();
			assert_eq!(all, ids);
			assert!(OpenServices::<Test>::iter_prefix(STRANGER).next().is_none());
		});
	}

	#[test]
	fn try_state_catches_escrow_that_does_not_match() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			assert_ok!(Balances::release(&escrow(), &PATIENT, 1, Precision::Exact));
			assert!(Payment::do_try_state().is_err());
			assert_ok!(Balances::hold(&escrow(), &PATIENT, 1));
			check();
			OpenServices::<Test>::remove(HOSPITAL, id);
			assert!(Payment::do_try_state().is_err());
		});
	}

	#[test]
	fn held_funds_cannot_be_spent_by_the_payer() {
		new_test_ext().execute_with(|| {
			book(PRICE, None);
			assert_noop!(
				Balances::transfer_allow_death(
					origin(PATIENT),
					STRANGER,
					START - PRICE - DEPOSIT_BASE + 1
				),
				TokenError::FundsUnavailable
			);
		});
	}
}
