//! Storage migrations.
//!
//! **v0 → v1** ([`v1::MigrateV0ToV1`]): keys move from `Identity` to `Blake2_128Concat`
//! hashing; the global SMeR index becomes one per record; anchors gain the author's
//! institution (unknown for old anchors: `None`), the settled service (set by Payment's own v1
//! migration) and a deposit (`None`: no deposit was taken before v1); owner nonces give way to
//! consent epochs (every owner starts at 0, and no v0 consent verifies under the v2 domain tag
//! anyway). Record ids made before v1 keep their value: they were not derived from their owner,
//! but from v1 on nobody can anchor under them but their owner.
//!
//! **v1 → v2** ([`v2::MigrateV1ToV2`]): adds virtual patient identifiers, in new storage items
//! only; nothing existing changes. First versions anchored from v2 on also pay for the owner's
//! possible refusal of an identifier; deposits held before keep their amount (anchor deposits
//! are never released, so nothing is owed either way).
//!
//! The v0 → v1 migration runs in one block and reads every record: fine for the chains that ran v0
//! (development and test networks), not for millions of records, which would need a
//! multi-block migration.

use alloc::vec::Vec;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{RecordId, SmerHash, Version};

use crate::*;

/// The v0 layout, as it was stored.
pub mod v0 {
	use super::*;

	/// How a v0 anchor was authorised.
	#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
	pub enum Authorisation {
		/// The owner submitted it.
		OwnerSubmitted,
		/// A practitioner submitted it with the owner's signature over this nonce.
		OwnerSigned {
			/// The nonce.
			nonce: u64,
		},
	}

	/// A v0 anchor.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Anchor<AccountId, BlockNumber, Smer, Recipients> {
		/// Who submitted it.
		pub author: AccountId,
		/// The SMeR reference.
		pub smer: Smer,
		/// The authority status.
		pub recipients: Recipients,
		/// The block.
		pub anchored_at: BlockNumber,
		/// The time.
		pub time: u64,
		/// How it was authorised.
		pub authorisation: Authorisation,
	}

	/// A v0 anchor with a runtime's types.
	pub type AnchorOf<T> = Anchor<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		SmerRefOf<T>,
		RecipientsOf<T>,
	>;

	#[storage_alias]
	pub type Records<T: Config> = StorageMap<Pallet<T>, Identity, RecordId, RecordInfoOf<T>>;

	#[storage_alias]
	pub type Anchors<T: Config> =
		StorageDoubleMap<Pallet<T>, Identity, RecordId, Twox64Concat, Version, AnchorOf<T>>;

	#[storage_alias]
	pub type OwnerRecords<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Identity,
		RecordId,
		(),
	>;

	#[storage_alias]
	pub type SmerIndex<T: Config> = StorageMap<Pallet<T>, Identity, SmerHash, (RecordId, Version)>;

	#[storage_alias]
	pub type OwnerNonces<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, <T as frame_system::Config>::AccountId, u64>;
}

/// The v0 → v1 migration.
pub mod v1 {
	use super::*;

	/// Moves the v0 layout to v1 (see the [module docs](super)).
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let records: Vec<_> = v0::Records::<T>::drain().collect();
			let anchors: Vec<_> = v0::Anchors::<T>::drain().collect();
			let owners: Vec<_> = v0::OwnerRecords::<T>::drain().collect();
			let _ = v0::SmerIndex::<T>::clear(u32::MAX, None);
			let nonces = v0::OwnerNonces::<T>::clear(u32::MAX, None).unique;
			let items = (records.len() + anchors.len() + owners.len()) as u64;
			for (record, info) in records {
				Records::<T>::insert(record, info);
			}
			for (record, version, a) in anchors {
				SmerIndex::<T>::insert(record, a.smer.smer_hash, version);
				let authorisation = match a.authorisation {
					v0::Authorisation::OwnerSubmitted => Authorisation::OwnerSubmitted,
					v0::Authorisation::OwnerSigned { .. } => {
						Authorisation::OwnerSigned { epoch: 0 }
					}
				};
				Anchors::<T>::insert(
					record,
					version,
					Anchor {
						author: a.author,
						institution: None,
						smer: a.smer,
						recipients: a.recipients,
						anchored_at: a.anchored_at,
						time: a.time,
						authorisation,
						settled_by: None,
						deposit: None,
					},
				);
			}
			for (owner, record, ()) in owners {
				OwnerRecords::<T>::insert(owner, record, ());
			}
			// Each item is read and removed once, then written (anchors twice: with the index).
			T::DbWeight::get().reads_writes(items + nonces as u64, 2 * items + nonces as u64)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let counts = (
				v0::Records::<T>::iter_keys().count() as u32,
				v0::Anchors::<T>::iter_keys().count() as u32,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (records, anchors): (u32, u32) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(
				Records::<T>::iter_keys().count() as u32 == records,
				"every record migrated"
			);
			ensure!(
				Anchors::<T>::iter_keys().count() as u32 == anchors,
				"every anchor migrated"
			);
			Pallet::<T>::do_try_state()
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

/// The v1 → v2 migration.
pub mod v2 {
	use super::*;

	/// Nothing to move: v2 only adds storage items (see the [module docs](super)).
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			Weight::zero()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateV1ToV2`], run only on storage version 1, which it sets to 2.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
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
	use crate::mock::{account, new_test_ext, Test};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	use semres_primitives::{RecordClass, SecurityLevel, H256};
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};

	#[test]
	fn v0_state_migrates_to_v1_then_v2() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(0).put::<Pallet<Test>>();
			let record = H256::repeat_byte(1);
			let smer = |n: u8| SmerRef {
				cid: BoundedVec::truncate_from(vec![1, n]),
				smer_hash: H256::repeat_byte(n),
				suite: 1,
			};
			v0::Records::<Test>::insert(
				record,
				RecordInfo {
					owner: account(Alice),
					class: RecordClass::Outpatient,
					level: SecurityLevel::Private,
					versions: 2,
					updated_at: 1,
					erased_at: None,
					legal_hold: false,
				},
			);
			for (v, by, auth) in [
				(1, Alice, v0::Authorisation::OwnerSubmitted),
				(2, Dave, v0::Authorisation::OwnerSigned { nonce: 0 }),
			] {
				v0::Anchors::<Test>::insert(
					record,
					v,
					v0::Anchor {
						author: account(by),
						smer: smer(v as u8),
						recipients: BoundedVec::truncate_from(vec![account(Bob)]),
						anchored_at: 1,
						time: 5,
						authorisation: auth,
					},
				);
				v0::SmerIndex::<Test>::insert(H256::repeat_byte(v as u8), (record, v));
			}
			v0::OwnerRecords::<Test>::insert(account(Alice), record, ());
			v0::OwnerNonces::<Test>::insert(account(Alice), 1);

			migrate();
			assert_eq!(StorageVersion::get::<Pallet<Test>>(), 1);
			assert_eq!(Records::<Test>::get(record).unwrap().versions, 2);
			let a2 = Anchors::<Test>::get(record, 2).unwrap();
			assert_eq!(a2.author, account(Dave));
			assert_eq!(a2.authorisation, Authorisation::OwnerSigned { epoch: 0 });
			assert_eq!(
				(a2.institution, a2.deposit, a2.settled_by),
				(None, None, None)
			);
			assert_eq!(
				SmerIndex::<Test>::get(record, H256::repeat_byte(2)),
				Some(2)
			);
			assert_eq!(
				Pallet::<Test>::records_of(&account(Alice), None, 10),
				vec![record]
			);
			assert!(v0::OwnerNonces::<Test>::get(account(Alice)).is_none());
			assert_ok(Pallet::<Test>::do_try_state());
			// Run again: a no-op (the version is 1 now), the v1 state stays.
			v1::MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(Anchors::<Test>::iter_keys().count(), 2);
			// v1 → v2 keeps everything and sets version 2; a second run changes nothing.
			v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(StorageVersion::get::<Pallet<Test>>(), 2);
			assert_eq!(Anchors::<Test>::iter_keys().count(), 2);
			assert_eq!(
				Pallet::<Test>::records_of(&account(Alice), None, 10),
				vec![record]
			);
			v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
			assert_eq!(StorageVersion::get::<Pallet<Test>>(), 2);
		});
	}

	fn assert_ok(r: Result<(), sp_runtime::TryRuntimeError>) {
		r.expect("invariants hold after the migration")
	}
}
