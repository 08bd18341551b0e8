//! Unit tests: every call's paths and errors, the escrow's balances to the unit, arithmetic
//! edges (zero price, rounding, existential deposit, overflow) and the `try_state` invariant
//! after each step.

use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold, MutateHold},
	traits::tokens::Precision,
};
use semres_primitives::{RecordId, Role, Version, H256};
use sp_runtime::{DispatchError, Permill, TokenError};

use crate::{
	mock::*, Consultation, Coverage, Coverages, Error, Event, HoldReason, NextServiceId,
	OpenServices, Party, PayoutAgenda, ServiceId, ServiceStatus, Services, Shares,
};

const PRICE: Balance = 100;

fn origin(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn reason() -> RuntimeHoldReason {
	HoldReason::Escrow.into()
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason(), &who)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn status(id: ServiceId) -> ServiceStatus<AccountId, Balance, u64> {
	Services::<Test>::get(id).expect("service exists").status
}

fn check() {
	assert_ok!(Payment::do_try_state());
}

/// The insurer covers `percent` of the patient's services, at most `cap` each.
fn cover(percent: u32, cap: Balance) {
	assert_ok!(Payment::set_coverage(
		origin(INSURER),
		PATIENT,
		Some(Coverage {
			share: Permill::from_percent(percent),
			cap
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

/// Books, anchors in the next block and completes by the doctor.
fn completed(price: Balance, insurer: Option<AccountId>, seed: u8) -> ServiceId {
	let id = book(price, insurer);
	let record = consultation(seed, 1);
	assert_ok!(Payment::complete_service(origin(DOCTOR), id, record, 1));
	check();
	id
}

mod booking {
	use super::*;

	#[test]
	fn holds_the_price_on_the_patient() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			assert_eq!((free(PATIENT), held(PATIENT)), (START - PRICE, PRICE));
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
			assert_eq!((free(PATIENT), free(INSURER)), (START - 440, START - 60));
			assert_eq!(
				Payment::open_services(&INSURER, None, 10),
				vec![(id, Party::Insurer)]
			);
		});
	}

	#[test]
	fn a_free_service_holds_nothing_and_is_paid_at_completion() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let id = completed(0, Some(INSURER), 1);
			assert_eq!((held(PATIENT), held(INSURER), held(HOSPITAL)), (0, 0, 0));
			let consultation = Consultation {
				record: H256::repeat_byte(1),
				version: 1,
			};
			assert_eq!(
				status(id),
				ServiceStatus::Paid {
					consultation,
					at: 2
				}
			);
			System::assert_last_event(
				Event::ServicePaid {
					service: id,
					patient: PATIENT,
					provider: HOSPITAL,
					record: consultation.record,
					version: 1,
					amount: 0,
				}
				.into(),
			);
			assert!(Payment::open_services(&PATIENT, None, 10).is_empty());
		});
	}

	#[test]
	fn the_existential_deposit_stays_free() {
		new_test_ext().execute_with(|| {
			let book_at =
				|price| Payment::book_service(origin(PATIENT), HOSPITAL, price, 1, 10, None);
			assert_noop!(book_at(START - ED + 1), Error::<Test>::PatientCannotPay);
			assert_ok!(book_at(START - ED));
			assert_eq!((free(PATIENT), held(PATIENT)), (ED, START - ED));
			check();
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
			assert_ok!(Balances::hold(&reason(), &INSURER, START - ED - PRICE + 1));
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
}

mod completion {
	use super::*;

	#[test]
	fn pays_the_provider_after_the_dispute_window() {
		new_test_ext().execute_with(|| {
			cover(30, 1_000);
			let id = book(PRICE, Some(INSURER));
			let record = consultation(7, 1);
			assert_ok!(Payment::complete_service(origin(DOCTOR), id, record, 1));
			System::assert_last_event(
				Event::ServiceCompleted {
					service: id,
					provider: HOSPITAL,
					record,
					version: 1,
					price: PRICE,
					payable_at: 7,
				}
				.into(),
			);
			let consultation = Consultation { record, version: 1 };
			assert_eq!(
				status(id),
				ServiceStatus::Completed {
					consultation,
					payable_at: 7
				}
			);
			assert_eq!(
				(held(PATIENT), held(INSURER), held(HOSPITAL)),
				(0, 0, PRICE)
			);
			assert_eq!((free(PATIENT), free(INSURER)), (START - 70, START - 30));
			assert_eq!(PayoutAgenda::<Test>::get(7).into_inner(), vec![id]);
			check();

			run_to(6);
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (PRICE, START));
			run_to(7);
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (0, START + PRICE));
			assert_eq!(
				status(id),
				ServiceStatus::Paid {
					consultation,
					at: 7
				}
			);
			System::assert_last_event(
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
			assert!(PayoutAgenda::<Test>::get(7).is_empty());
			for who in [PATIENT, HOSPITAL, INSURER] {
				assert!(Payment::open_services(&who, None, 10).is_empty());
			}
			check();
		});
	}

	#[test]
	fn with_a_zero_window_pays_at_once() {
		new_test_ext().execute_with(|| {
			assert_ok!(Payment::set_dispute_window(RuntimeOrigin::root(), 0));
			System::assert_last_event(Event::DisputeWindowSet { blocks: 0 }.into());
			let id = completed(PRICE, None, 1);
			assert!(matches!(status(id), ServiceStatus::Paid { at: 2, .. }));
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (0, START + PRICE));
			assert_eq!(free(PATIENT), START - PRICE);
		});
	}

	#[test]
	fn the_hospital_itself_may_complete_with_its_own_anchor() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			run_to(2);
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
			run_to(2);
			let foreign = anchor(2, 1, STRANGER, DOCTOR);
			let outsider = anchor(3, 1, PATIENT, PENNILESS);
			let erased = anchor(4, 1, PATIENT, DOCTOR);
			erase(erased);
			let complete =
				|record, version| Payment::complete_service(origin(DOCTOR), id, record, version);
			assert_noop!(
				complete(H256::repeat_byte(9), 1),
				Error::<Test>::AnchorNotFound
			);
			assert_noop!(complete(foreign, 1), Error::<Test>::AnchorNotOfPatient);
			assert_noop!(complete(outsider, 1), Error::<Test>::AnchorNotByProvider);
			assert_noop!(complete(same_block, 1), Error::<Test>::AnchorBeforeBooking);
			assert_noop!(complete(erased, 1), Error::<Test>::RecordErased);

			let good = anchor(5, 1, PATIENT, DOCTOR);
			assert_ok!(complete(good, 1));
			assert_noop!(
				Payment::complete_service(origin(DOCTOR), other, good, 1),
				Error::<Test>::AnchorAlreadySettled
			);
		});
	}

	#[test]
	fn refuses_bad_completions() {
		new_test_ext().execute_with(|| {
			let id = book(PRICE, None);
			let record = consultation(1, 1);
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
	fn the_payout_agenda_is_bounded() {
		new_test_ext().execute_with(|| {
			let ids: Vec<_> = (0..3).map(|_| book(PRICE, None)).collect();
			run_to(2);
			for (i, id) in ids.iter().enumerate() {
				let record = anchor(i as u8 + 1, 1, PATIENT, DOCTOR);
				let result = Payment::complete_service(origin(DOCTOR), *id, record, 1);
				if i < 2 {
					assert_ok!(result);
				} else {
					assert_noop!(result, Error::<Test>::PayoutAgendaFull);
				}
			}
			run_to(3);
			assert_ok!(Payment::complete_service(
				origin(DOCTOR),
				ids[2],
				H256::repeat_byte(3),
				1
			));
			assert_eq!(PayoutAgenda::<Test>::get(8).into_inner(), vec![ids[2]]);
			run_to(8);
			assert!(ids
				.iter()
				.all(|id| matches!(status(*id), ServiceStatus::Paid { .. })));
			assert_eq!(free(HOSPITAL), START + 3 * PRICE);
			check();
		});
	}

	#[test]
	fn a_provider_without_funds_is_paid_only_where_it_can_receive() {
		new_test_ext().execute_with(|| {
			grant_role(PENNILESS, Role::Practitioner, None);
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
			// A held payout needs an existing account.
			let id = book_penniless(PRICE);
			run_to(2);
			let record = anchor(1, 1, PATIENT, PENNILESS);
			assert_noop!(
				Payment::complete_service(origin(PENNILESS), id, record, 1),
				Error::<Test>::ProviderCannotReceive
			);
			// Paid at once, the price creates the account if it reaches the existential deposit.
			assert_ok!(Payment::set_dispute_window(RuntimeOrigin::root(), 0));
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
			assert_ok!(Payment::set_dispute_window(RuntimeOrigin::root(), 100));
			System::set_block_number(u64::MAX - 50);
			let id = book(PRICE, None);
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
			assert_eq!((free(PATIENT), free(INSURER)), (START, START));
			assert_eq!((held(PATIENT), held(INSURER)), (0, 0));
			assert_eq!(status(id), ServiceStatus::Cancelled { by: PATIENT, at: 1 });
			assert_noop!(
				Payment::cancel_service(origin(PATIENT), id),
				Error::<Test>::NotBooked
			);
			assert_noop!(
				Payment::cancel_service(origin(PATIENT), 99),
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
			assert_eq!(status(late), ServiceStatus::Cancelled { by: DOCTOR, at: 3 });
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
			assert_eq!((free(PATIENT), free(INSURER)), (START, START));
			assert_eq!(status(id), ServiceStatus::Refunded { at: 12 });
			assert_noop!(
				Payment::claim_refund(origin(PATIENT), id),
				Error::<Test>::NotBooked
			);
			check();
		});
	}

	#[test]
	fn a_completed_service_cannot_be_refunded_or_cancelled() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			run_to(20);
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
	fn a_disputed_price_stays_held_until_resolved() {
		new_test_ext().execute_with(|| {
			cover(50, 1_000);
			let id = completed(101, Some(INSURER), 1);
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
				}
				.into(),
			);
			assert!(PayoutAgenda::<Test>::get(7).is_empty());
			assert_noop!(
				Payment::dispute_service(origin(INSURER), id),
				Error::<Test>::NotCompleted
			);
			check();

			run_to(30);
			assert!(matches!(
				status(id),
				ServiceStatus::Disputed { by: PATIENT, .. }
			));
			assert_eq!((held(HOSPITAL), free(HOSPITAL)), (101, START));

			assert_noop!(
				Payment::resolve_dispute(origin(PATIENT), id, 0),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Payment::resolve_dispute(RuntimeOrigin::root(), id, 102),
				Error::<Test>::SplitExceedsPrice
			);
			// 60 goes back: the insurer paid 50 of 101, so 60 × 50 / 101 = 29.7 → 29.
			assert_ok!(Payment::resolve_dispute(RuntimeOrigin::root(), id, 41));
			System::assert_last_event(
				Event::DisputeResolved {
					service: id,
					to_provider: 41,
					patient_refund: 31,
					insurer_refund: 29,
				}
				.into(),
			);
			assert_eq!(free(HOSPITAL), START + 41);
			assert_eq!(free(PATIENT), START - 51 + 31);
			assert_eq!(free(INSURER), START - 50 + 29);
			assert_eq!(held(HOSPITAL), 0);
			assert!(matches!(
				status(id),
				ServiceStatus::Resolved {
					to_provider: 41,
					..
				}
			));
			assert_noop!(
				Payment::resolve_dispute(RuntimeOrigin::root(), id, 0),
				Error::<Test>::NotDisputed
			);
			check();
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
			assert_ok!(Payment::resolve_dispute(RuntimeOrigin::root(), all_back, 0));
			assert_ok!(Payment::resolve_dispute(
				RuntimeOrigin::root(),
				none_back,
				PRICE
			));
			assert_eq!(free(PATIENT), START - PRICE);
			assert_eq!(free(HOSPITAL), START + PRICE);
			check();
		});
	}

	#[test]
	fn a_refund_below_the_existential_deposit_to_a_reaped_account_is_refused() {
		new_test_ext().execute_with(|| {
			let id = completed(PRICE, None, 1);
			assert_ok!(Payment::dispute_service(origin(PATIENT), id));
			// The patient's account is gone: nothing of it was held after completion.
			assert_ok!(Balances::transfer_all(origin(PATIENT), STRANGER, false));
			assert!(!System::account_exists(&PATIENT));
			assert_noop!(
				Payment::resolve_dispute(RuntimeOrigin::root(), id, PRICE - (ED - 1)),
				TokenError::CannotCreate
			);
			// A refund that reaches the existential deposit recreates the account.
			assert_ok!(Payment::resolve_dispute(
				RuntimeOrigin::root(),
				id,
				PRICE - ED
			));
			assert_eq!(free(PATIENT), ED);
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
			let paid = completed(PRICE, None, 1);
			run_to(20);
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), paid),
				Error::<Test>::NotCompleted
			);
			assert_noop!(
				Payment::resolve_dispute(RuntimeOrigin::root(), 99, 0),
				Error::<Test>::ServiceNotFound
			);
			// A completed service whose payout was lost from the agenda: the window still ends.
			let id = completed(PRICE, None, 2);
			PayoutAgenda::<Test>::remove(26);
			run_to(26);
			assert_noop!(
				Payment::dispute_service(origin(PATIENT), id),
				Error::<Test>::DisputeWindowClosed
			);
		});
	}
}

mod governance_and_coverage {
	use super::*;

	#[test]
	fn coverage_is_set_by_insurers_and_ended_by_anyone_who_set_it() {
		new_test_ext().execute_with(|| {
			let policy = Coverage {
				share: Permill::from_percent(10),
				cap: 5,
			};
			assert_noop!(
				Payment::set_coverage(origin(STRANGER), PATIENT, Some(policy)),
				Error::<Test>::NotInsurer
			);
			grant_role(PATIENT, Role::Insurer, None);
			assert_noop!(
				Payment::set_coverage(origin(PATIENT), PATIENT, Some(policy)),
				Error::<Test>::PartiesNotDistinct
			);
			assert_ok!(Payment::set_coverage(
				origin(INSURER),
				PATIENT,
				Some(policy)
			));
			System::assert_last_event(
				Event::CoverageSet {
					insurer: INSURER,
					patient: PATIENT,
					coverage: Some(policy),
				}
				.into(),
			);
			assert_eq!(Coverages::<Test>::get(PATIENT, INSURER), Some(policy));
			take_role(INSURER, Role::Insurer);
			assert!(matches!(
				Payment::quote(&PATIENT, Some(&INSURER), PRICE),
				Err(Error::<Test>::NotInsurer)
			));
			assert_ok!(Payment::set_coverage(origin(INSURER), PATIENT, None));
			assert_eq!(Coverages::<Test>::get(PATIENT, INSURER), None);
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
				Payment::set_dispute_window(RuntimeOrigin::root(), 101),
				Error::<Test>::DisputeWindowTooLong
			);
			assert_ok!(Payment::set_dispute_window(RuntimeOrigin::root(), 2));
			let id = completed(PRICE, None, 1);
			assert!(matches!(
				status(id),
				ServiceStatus::Completed { payable_at: 4, .. }
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
			assert_ok!(Balances::release(&reason(), &PATIENT, 1, Precision::Exact));
			assert!(Payment::do_try_state().is_err());
			assert_ok!(Balances::hold(&reason(), &PATIENT, 1));
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
				Balances::transfer_allow_death(origin(PATIENT), STRANGER, START - PRICE + 1),
				TokenError::FundsUnavailable
			);
		});
	}
}
