//! Storage migrations.
//!
//! **v0 → v1** ([`v1::MigrateV0ToV1`]): closed services leave storage (their receipts are the
//! v0 events); open ones keep their status (a v0 booking held the insurer's share, so it counts
//! as authorised; a v0 dispute gets no bond and `DisputeResolutionPeriod` from the migration to
//! be resolved); coverages gain usage counters and no standing authorisation; the settled-anchor
//! index moves into the anchors (`ServiceRecords::settle`); the payout agenda goes (completed
//! services are claimed). Items made before v1 hold no deposit. One block, reading everything:
//! for the development and test networks that ran v0.

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{RecordId, ServiceRecords, Version};
use sp_runtime::{
	traits::{Saturating, Zero},
	Permill,
};

use crate::*;

/// The v0 layout, as it was stored.
pub mod v0 {
	use super::*;

	/// A v0 status.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum ServiceStatus<AccountId, Balance, BlockNumber> {
		Booked,
		Completed {
			consultation: Consultation,
			payable_at: BlockNumber,
		},
		Disputed {
			consultation: Consultation,
			by: AccountId,
		},
		Paid {
			consultation: Consultation,
			at: BlockNumber,
		},
		Cancelled {
			by: AccountId,
			at: BlockNumber,
		},
		Refunded {
			at: BlockNumber,
		},
		Resolved {
			consultation: Consultation,
			to_provider: Balance,
			at: BlockNumber,
		},
	}

	/// A v0 service.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Service<AccountId, Balance, BlockNumber> {
		pub patient: AccountId,
		pub provider: AccountId,
		pub insurer: Option<AccountId>,
		pub price: Balance,
		pub insurer_share: Balance,
		pub booked_at: BlockNumber,
		pub starts_at: BlockNumber,
		pub deadline: BlockNumber,
		pub status: ServiceStatus<AccountId, Balance, BlockNumber>,
	}

	/// A v0 coverage.
	#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Coverage<Balance> {
		pub share: Permill,
		pub cap: Balance,
	}

	type Account<T> = <T as frame_system::Config>::AccountId;
	pub type ServiceOf<T> = Service<Account<T>, BalanceOf<T>, BlockNumberFor<T>>;

	#[storage_alias]
	pub type Services<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ServiceId, ServiceOf<T>>;
	#[storage_alias]
	pub type Coverages<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		Account<T>,
		Blake2_128Concat,
		Account<T>,
		Coverage<BalanceOf<T>>,
	>;
	#[storage_alias]
	pub type SettledAnchors<T: Config> =
		StorageDoubleMap<Pallet<T>, Identity, RecordId, Twox64Concat, Version, ServiceId>;
	#[storage_alias]
	pub type PayoutAgenda<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, BlockNumberFor<T>, Vec<ServiceId>>;
}

/// The v0 → v1 migration.
pub mod v1 {
	use super::*;

	/// Moves the v0 layout to v1 (see the [module docs](super)).
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let services: Vec<_> = v0::Services::<T>::drain().collect();
			let mut authorised: BTreeMap<(T::AccountId, T::AccountId), u32> = BTreeMap::new();
			for (id, s) in &services {
				let status = match &s.status {
					v0::ServiceStatus::Booked => ServiceStatus::Booked,
					v0::ServiceStatus::Completed {
						consultation,
						payable_at,
					} => ServiceStatus::Completed {
						consultation: *consultation,
						payable_at: *payable_at,
					},
					v0::ServiceStatus::Disputed { consultation, by } => ServiceStatus::Disputed {
						consultation: *consultation,
						by: by.clone(),
						bond: Zero::zero(),
						resolve_by: now.saturating_add(T::DisputeResolutionPeriod::get()),
					},
					// Closed: v0 had already taken it off the parties' open lists.
					_ => continue,
				};
				if let Some(insurer) = &s.insurer {
					*authorised
						.entry((s.patient.clone(), insurer.clone()))
						.or_default() += 1;
				}
				Services::<T>::insert(
					id,
					Service {
						patient: s.patient.clone(),
						provider: s.provider.clone(),
						insurer: s.insurer.clone(),
						price: s.price,
						insurer_share: s.insurer_share,
						booked_at: s.booked_at,
						starts_at: s.starts_at,
						deadline: s.deadline,
						status,
						deposit: None,
					},
				);
			}
			let coverages: Vec<_> = v0::Coverages::<T>::drain().collect();
			for (patient, insurer, c) in &coverages {
				let open = authorised
					.remove(&(patient.clone(), insurer.clone()))
					.unwrap_or(0);
				let policy = Coverage {
					share: c.share,
					cap: c.cap,
					standing: None,
				};
				Coverages::<T>::insert(patient, insurer, Self::state(Some(policy), open, now));
			}
			// Authorised services whose coverage ended in v0: kept, without a policy.
			for ((patient, insurer), open) in authorised {
				Coverages::<T>::insert(&patient, &insurer, Self::state(None, open, now));
			}
			let settled: Vec<_> = v0::SettledAnchors::<T>::drain().collect();
			for (record, version, service) in &settled {
				let _ = T::Records::settle(record, *version, *service);
			}
			let agenda = v0::PayoutAgenda::<T>::clear(u32::MAX, None).unique as u64;
			let items = (services.len() + coverages.len() + settled.len()) as u64;
			T::DbWeight::get().reads_writes(items + agenda, 2 * items + agenda)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let open = v0::Services::<T>::iter_values()
				.filter(|s| {
					matches!(
						s.status,
						v0::ServiceStatus::Booked
							| v0::ServiceStatus::Completed { .. }
							| v0::ServiceStatus::Disputed { .. }
					)
				})
				.count() as u32;
			Ok(open.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let open: u32 = Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(
				Services::<T>::iter_keys().count() as u32 == open,
				"every open service migrated"
			);
			Pallet::<T>::do_try_state()
		}
	}

	impl<T: Config> InnerMigrateV0ToV1<T> {
		fn state(
			policy: Option<CoverageOf<T>>,
			open: u32,
			now: BlockNumberFor<T>,
		) -> CoverageStateOf<T> {
			CoverageState {
				policy,
				usage: CoverageUsage {
					period_start: now,
					spent: Zero::zero(),
					open,
				},
				deposit: None,
			}
		}
	}

	/// [`InnerMigrateV0ToV1`], run only on storage version 0, which it sets to 1.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Runs the migration; with `try-runtime`, with its pre- and post-upgrade checks.
	fn migrate() {
		#[cfg(feature = "try-runtime")]
		v1::MigrateV0ToV1::<crate::mock::Test>::try_on_runtime_upgrade(true).expect("checks pass");
		#[cfg(not(feature = "try-runtime"))]
		v1::MigrateV0ToV1::<crate::mock::Test>::on_runtime_upgrade();
	}
	use crate::mock::*;
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	use semres_primitives::H256;

	fn v0_service(status: v0::ServiceStatus<AccountId, Balance, u64>) -> v0::ServiceOf<Test> {
		v0::Service {
			patient: PATIENT,
			provider: HOSPITAL,
			insurer: Some(INSURER),
			price: 100,
			insurer_share: 40,
			booked_at: 1,
			starts_at: 1,
			deadline: 10,
			status,
		}
	}

	#[test]
	fn v0_state_migrates_to_v1() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(0).put::<Pallet<Test>>();
			let record = anchor(1, 1, PATIENT, DOCTOR);
			let consultation = Consultation { record, version: 1 };
			v0::Services::<Test>::insert(0, v0_service(v0::ServiceStatus::Booked));
			v0::Services::<Test>::insert(
				1,
				v0_service(v0::ServiceStatus::Paid {
					consultation,
					at: 3,
				}),
			);
			for (id, party, who) in [
				(0, Party::Patient, PATIENT),
				(0, Party::Provider, HOSPITAL),
				(0, Party::Insurer, INSURER),
			] {
				OpenServices::<Test>::insert(who, id, party);
			}
			NextServiceId::<Test>::put(2);
			// The booking's escrow is held as in v0.
			use frame_support::traits::fungible::MutateHold;
			frame_support::assert_ok!(Balances::hold(&HoldReason::Escrow.into(), &PATIENT, 60));
			frame_support::assert_ok!(Balances::hold(&HoldReason::Escrow.into(), &INSURER, 40));
			v0::Coverages::<Test>::insert(
				PATIENT,
				INSURER,
				v0::Coverage {
					share: Permill::from_percent(40),
					cap: 1_000,
				},
			);
			v0::SettledAnchors::<Test>::insert(record, 1, 1);
			v0::PayoutAgenda::<Test>::insert(8, vec![1]);

			migrate();
			assert_eq!(StorageVersion::get::<Pallet<Test>>(), 1);
			assert_eq!(
				Services::<Test>::get(0).unwrap().status,
				ServiceStatus::Booked
			);
			assert!(Services::<Test>::get(1).is_none(), "closed services leave");
			let c = Coverages::<Test>::get(PATIENT, INSURER).unwrap();
			assert_eq!((c.policy.unwrap().cap, c.usage.open), (1_000, 1));
			assert_eq!(anchor_info(record, 1).unwrap().settled, Some(1));
			assert!(v0::PayoutAgenda::<Test>::get(8).is_none());
			assert!(v0::SettledAnchors::<Test>::get(H256::repeat_byte(1), 1).is_none());
			Pallet::<Test>::do_try_state().expect("invariants hold after the migration");
		});
	}
}
