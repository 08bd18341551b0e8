//! Storage migrations.
//!
//! **v0 → v1** ([`v1::MigrateV0ToV1`]):
//! - keys get their id (SHA-256 of the SPKI; of two equal keys the later stays);
//! - grants are indexed by (grantee, owner) instead of by grantee; a pending grant keeps the
//!   owner's policy at migration time as its approver set; where a pair has more live grants
//!   than `MaxGrantsPerPair`, the newest stay and the rest are pruned (no such chain exists);
//! - requests get an expiry (`RequestTtl` after they were made) and counts per requester;
//! - policies and the emergency officers become sorted, unique signer sets (an owner listed as
//!   their own approver is dropped; thresholds are clamped to the set);
//! - emergency accesses snapshot today's officers, index every window per (responder,
//!   patient) and per responder; v0 reason codes become commitments `blake2_256((code,
//!   [0; 32]))` (they were public in v0 anyway);
//! - the access log leaves storage: its entries stay in the blocks' `RecordAccessed` events.
//!
//! Items made before v1 hold no deposit (`deposit: None`). One block, reading everything: for
//! the development and test networks that ran v0.

use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use frame_support::{
	migrations::VersionedMigration,
	pallet_prelude::*,
	storage_alias,
	traits::{Get, UncheckedOnRuntimeUpgrade},
};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{PurposeOfUse, RecordId, SuiteId, H256};
use sp_runtime::traits::Saturating;

use crate::*;

/// The v0 layout, as it was stored.
pub mod v0 {
	use super::*;

	/// A v0 key.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct PublishedKey<BlockNumber, Spki> {
		pub suite: SuiteId,
		pub spki: Spki,
		pub registered_at: BlockNumber,
		pub revoked_at: Option<BlockNumber>,
	}

	/// A v0 grant status.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub enum GrantStatus<BlockNumber> {
		PendingApprovals { approvals: u32 },
		Active { since: BlockNumber },
	}

	/// A v0 grant.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct Grant<AccountId, BlockNumber, Cid, Accounts> {
		pub owner: AccountId,
		pub grantee: AccountId,
		pub scope: Scope,
		pub purpose: PurposeOfUse,
		pub envelope: Option<Cid>,
		pub granted_at: BlockNumber,
		pub expires_at: BlockNumber,
		pub revoked_at: Option<BlockNumber>,
		pub status: GrantStatus<BlockNumber>,
		pub approved_by: Accounts,
	}

	/// A v0 request.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct AccessRequest<AccountId, BlockNumber> {
		pub requester: AccountId,
		pub owner: AccountId,
		pub scope: Scope,
		pub purpose: PurposeOfUse,
		pub reason: u32,
		pub requested_at: BlockNumber,
	}

	/// A v0 approval policy.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct ApprovalPolicy<Accounts> {
		pub approvers: Accounts,
		pub threshold: u32,
	}

	/// A v0 emergency access.
	#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
	pub struct EmergencyAccess<AccountId, BlockNumber, Accounts> {
		pub responder: AccountId,
		pub patient: AccountId,
		pub reason: u32,
		pub opened_at: BlockNumber,
		pub cosigners: Accounts,
		pub window: Option<(BlockNumber, BlockNumber)>,
		pub reviewed_by: Option<AccountId>,
	}

	type Account<T> = <T as frame_system::Config>::AccountId;
	pub type KeyOf<T> = PublishedKey<BlockNumberFor<T>, BoundedVec<u8, <T as Config>::MaxKeyLen>>;
	pub type GrantOf<T> = Grant<Account<T>, BlockNumberFor<T>, CidOf<T>, AccountsOf<T>>;

	#[storage_alias]
	pub type Keys<T: Config> = StorageMap<
		Pallet<T>,
		Blake2_128Concat,
		Account<T>,
		BoundedVec<KeyOf<T>, <T as Config>::MaxKeysPerAccount>,
	>;
	#[storage_alias]
	pub type Grants<T: Config> = StorageMap<Pallet<T>, Twox64Concat, GrantId, GrantOf<T>>;
	#[storage_alias]
	pub type GranteeGrants<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, Account<T>, Vec<GrantId>>;
	#[storage_alias]
	pub type Requests<T: Config> = StorageMap<
		Pallet<T>,
		Twox64Concat,
		RequestId,
		AccessRequest<Account<T>, BlockNumberFor<T>>,
	>;
	#[storage_alias]
	pub type Policies<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, Account<T>, ApprovalPolicy<AccountsOf<T>>>;
	#[storage_alias]
	pub type EmergencyOfficers<T: Config> = StorageValue<Pallet<T>, (AccountsOf<T>, u32)>;
	#[storage_alias]
	pub type Emergencies<T: Config> = StorageMap<
		Pallet<T>,
		Twox64Concat,
		EmergencyId,
		EmergencyAccess<Account<T>, BlockNumberFor<T>, AccountsOf<T>>,
	>;
	#[storage_alias]
	pub type LatestEmergency<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		Account<T>,
		Blake2_128Concat,
		Account<T>,
		EmergencyId,
	>;
	#[storage_alias]
	pub type RecentEmergencies<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, Account<T>, Vec<BlockNumberFor<T>>>;
	#[storage_alias]
	pub type AccessLog<T: Config> =
		StorageDoubleMap<Pallet<T>, Identity, RecordId, Twox64Concat, u32, ()>;
	#[storage_alias]
	pub type AccessLogLen<T: Config> = StorageMap<Pallet<T>, Identity, RecordId, u32>;
}

/// The v0 → v1 migration.
pub mod v1 {
	use super::*;

	/// Moves the v0 layout to v1 (see the [module docs](super)).
	pub struct InnerMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	/// A signer set from a v0 list: sorted, unique, without `exclude`, threshold clamped.
	fn normalise<T: Config>(
		signers: impl IntoIterator<Item = T::AccountId>,
		threshold: u32,
		exclude: Option<&T::AccountId>,
	) -> Option<SignerSetOf<T>> {
		let mut signers: Vec<_> = signers.into_iter().filter(|s| Some(s) != exclude).collect();
		signers.sort();
		signers.dedup();
		let threshold = threshold.clamp(1, signers.len().max(1) as u32);
		(!signers.is_empty()).then(|| SignerSet {
			threshold,
			signers: BoundedVec::truncate_from(signers),
		})
	}

	fn commitment(code: u32) -> ReasonCommitment {
		H256(sp_io::hashing::blake2_256(&(code, [0u8; 32]).encode()))
	}

	impl<T: Config> InnerMigrateV0ToV1<T> {
		fn keys() -> u64 {
			let all: Vec<_> = v0::Keys::<T>::drain().collect();
			for (who, old) in &all {
				let mut keys: Vec<PublishedKeyOf<T>> = Vec::new();
				for k in old.iter().rev() {
					let id = H256(sp_io::hashing::sha2_256(&k.spki));
					if keys.iter().any(|n| n.id == id) {
						continue;
					}
					keys.insert(
						0,
						PublishedKey {
							id,
							suite: k.suite,
							spki: k.spki.clone(),
							registered_at: k.registered_at,
							revoked_at: k.revoked_at,
							deposit: None,
						},
					);
				}
				Keys::<T>::insert(who, BoundedVec::truncate_from(keys));
			}
			all.len() as u64
		}

		fn policies() -> u64 {
			let all: Vec<_> = v0::Policies::<T>::drain().collect();
			for (owner, p) in &all {
				let current = normalise::<T>(p.approvers.clone(), p.threshold, Some(owner));
				if current.is_some() {
					Policies::<T>::insert(
						owner,
						PolicyState {
							current,
							pending: None,
							deposit: None,
						},
					);
				}
			}
			all.len() as u64
		}

		fn grants(now: BlockNumberFor<T>) -> u64 {
			let _ = v0::GranteeGrants::<T>::clear(u32::MAX, None);
			let mut all: Vec<_> = v0::Grants::<T>::drain().collect();
			// Live grants first, newest first: those stay where a pair has too many.
			let live = |g: &v0::GrantOf<T>| g.revoked_at.is_none() && now < g.expires_at;
			all.sort_by_key(|(id, g)| (core::cmp::Reverse(live(g)), core::cmp::Reverse(*id)));
			let mut pairs: BTreeMap<(T::AccountId, T::AccountId), Vec<GrantId>> = BTreeMap::new();
			for (id, g) in &all {
				let list = pairs
					.entry((g.grantee.clone(), g.owner.clone()))
					.or_default();
				if list.len() >= T::MaxGrantsPerPair::get() as usize {
					OwnerGrants::<T>::remove(&g.owner, id);
					continue;
				}
				let status = match g.status {
					v0::GrantStatus::Active { since } => GrantStatus::Active { since },
					v0::GrantStatus::PendingApprovals { .. } => {
						let approvers = Policies::<T>::get(&g.owner)
							.and_then(|s| s.current)
							.unwrap_or(SignerSet {
								signers: BoundedVec::new(),
								threshold: 1,
							});
						let approved_by = g
							.approved_by
							.iter()
							.filter(|a| approvers.signers.contains(a))
							.cloned()
							.collect::<Vec<_>>();
						GrantStatus::PendingApprovals {
							approvers,
							approved_by: BoundedVec::truncate_from(approved_by),
						}
					}
				};
				list.push(*id);
				Grants::<T>::insert(
					id,
					Grant {
						owner: g.owner.clone(),
						grantee: g.grantee.clone(),
						scope: g.scope,
						purpose: g.purpose,
						envelope: g.envelope.clone(),
						granted_at: g.granted_at,
						expires_at: g.expires_at,
						revoked_at: g.revoked_at,
						status,
						deposit: None,
					},
				);
			}
			for ((grantee, owner), mut ids) in pairs {
				ids.sort();
				if !ids.is_empty() {
					PairGrants::<T>::insert(grantee, owner, BoundedVec::truncate_from(ids));
				}
			}
			all.len() as u64
		}

		fn requests() -> u64 {
			let all: Vec<_> = v0::Requests::<T>::drain().collect();
			for (id, r) in &all {
				OpenRequests::<T>::mutate(&r.requester, |n| *n = n.saturating_add(1));
				Requests::<T>::insert(
					id,
					AccessRequest {
						requester: r.requester.clone(),
						owner: r.owner.clone(),
						scope: r.scope,
						purpose: r.purpose,
						reason: commitment(r.reason),
						requested_at: r.requested_at,
						expires_at: r.requested_at.saturating_add(T::RequestTtl::get()),
						deposit: None,
					},
				);
			}
			all.len() as u64
		}

		fn emergencies(now: BlockNumberFor<T>) -> u64 {
			let officers = v0::EmergencyOfficers::<T>::take()
				.and_then(|(o, threshold)| normalise::<T>(o, threshold, None));
			match &officers {
				Some(set) => EmergencyOfficers::<T>::put(set),
				None => EmergencyOfficers::<T>::kill(),
			}
			let _ = v0::LatestEmergency::<T>::clear(u32::MAX, None);
			let _ = v0::RecentEmergencies::<T>::clear(u32::MAX, None);
			let mut all: Vec<_> = v0::Emergencies::<T>::drain().collect();
			all.sort_by_key(|(id, _)| core::cmp::Reverse(*id));
			let period_start = now.saturating_sub(T::EmergencyRatePeriod::get());
			for (id, e) in &all {
				// What took effect keeps the officers who co-signed it; what waits gets today's
				// officers, or is closed when there are none.
				let cosigned = normalise::<T>(e.cosigners.clone(), e.cosigners.len() as u32, None);
				// One that never could take effect (no officers, no co-signature) is dropped.
				let (snapshot, closed_at) = match (e.window, &officers, cosigned) {
					(Some(_), _, Some(set)) => (set, None),
					(None, Some(today), _) => (today.clone(), None),
					(_, _, Some(cosigned)) => (cosigned, Some(now)),
					(_, _, None) => continue,
				};
				let in_pair = PairEmergencies::<T>::try_mutate(&e.responder, &e.patient, |ids| {
					ids.try_insert(0, *id)
				});
				if in_pair.is_err() {
					continue;
				}
				if e.opened_at > period_start {
					let _ = RecentEmergencies::<T>::try_mutate(&e.responder, |recent| {
						recent.try_insert(0, (e.opened_at, *id))
					});
				}
				let cosigners = e
					.cosigners
					.iter()
					.filter(|c| snapshot.signers.contains(c))
					.cloned()
					.collect::<Vec<_>>();
				Emergencies::<T>::insert(
					id,
					EmergencyAccess {
						responder: e.responder.clone(),
						patient: e.patient.clone(),
						reason: commitment(e.reason),
						opened_at: e.opened_at,
						officers: snapshot,
						cosigners: BoundedVec::truncate_from(cosigners),
						window: e.window.filter(|_| closed_at.is_none()),
						closed_at,
						reviewed_by: e.reviewed_by.clone(),
						deposit: None,
					},
				);
			}
			all.len() as u64
		}
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let items = Self::keys()
				+ Self::policies()
				+ Self::grants(now)
				+ Self::requests()
				+ Self::emergencies(now);
			let log = v0::AccessLog::<T>::clear(u32::MAX, None).unique
				+ v0::AccessLogLen::<T>::clear(u32::MAX, None).unique;
			// Each item is read, removed and rewritten with up to two index entries.
			T::DbWeight::get().reads_writes(items + log as u64, 3 * items + log as u64)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let counts = (
				v0::Requests::<T>::iter_keys().count() as u32,
				v0::Emergencies::<T>::iter_keys().count() as u32,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (requests, emergencies): (u32, u32) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(
				Requests::<T>::iter_keys().count() as u32 == requests,
				"every request migrated"
			);
			ensure!(
				Emergencies::<T>::iter_keys().count() as u32 <= emergencies,
				"no emergency invented"
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
	use crate::mock::{new_test_ext, run_to, Access, Test};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	use semres_primitives::Role;

	const ALICE: u64 = 1;
	const BOB: u64 = 2;
	const HOSPITAL: u64 = 10;
	const GUARDIAN: u64 = 20;
	const OFFICER: u64 = 30;
	const RESPONDER: u64 = 4;

	fn accounts(a: &[u64]) -> AccountsOf<Test> {
		BoundedVec::truncate_from(a.to_vec())
	}

	#[test]
	fn v0_state_migrates_to_v1() {
		new_test_ext().execute_with(|| {
			StorageVersion::new(0).put::<Pallet<Test>>();
			Members::<Test>::insert(
				HOSPITAL,
				Role::Hospital,
				Membership {
					institution: None,
					since: 1,
				},
			);
			Members::<Test>::insert(
				RESPONDER,
				Role::EmergencyResponder,
				Membership {
					institution: Some(HOSPITAL),
					since: 1,
				},
			);
			let spki: BoundedVec<u8, _> = BoundedVec::truncate_from(vec![1u8; 40]);
			v0::Keys::<Test>::insert(
				BOB,
				BoundedVec::truncate_from(vec![
					v0::PublishedKey {
						suite: 1,
						spki: spki.clone(),
						registered_at: 1,
						revoked_at: Some(2),
					},
					v0::PublishedKey {
						suite: 1,
						spki: spki.clone(),
						registered_at: 2,
						revoked_at: None,
					},
				]),
			);
			// Alice lists herself among her approvers (v0 allowed it) and has a pending grant.
			v0::Policies::<Test>::insert(
				ALICE,
				v0::ApprovalPolicy {
					approvers: accounts(&[GUARDIAN, ALICE]),
					threshold: 2,
				},
			);
			let grant = |status, revoked_at| v0::Grant {
				owner: ALICE,
				grantee: BOB,
				scope: Scope::All,
				purpose: PurposeOfUse::Treatment,
				envelope: None,
				granted_at: 1,
				expires_at: 100,
				revoked_at,
				status,
				approved_by: accounts(&[ALICE]),
			};
			v0::Grants::<Test>::insert(
				0,
				grant(v0::GrantStatus::PendingApprovals { approvals: 1 }, None),
			);
			v0::Grants::<Test>::insert(1, grant(v0::GrantStatus::Active { since: 1 }, Some(3)));
			NextGrantId::<Test>::put(2);
			OwnerGrants::<Test>::insert(ALICE, 0, ());
			OwnerGrants::<Test>::insert(ALICE, 1, ());
			v0::GranteeGrants::<Test>::insert(BOB, vec![0, 1]);
			v0::Requests::<Test>::insert(
				0,
				v0::AccessRequest {
					requester: RESPONDER,
					owner: ALICE,
					scope: Scope::All,
					purpose: PurposeOfUse::Treatment,
					reason: 7,
					requested_at: 1,
				},
			);
			OwnerRequests::<Test>::insert(ALICE, 0, ());
			NextRequestId::<Test>::put(1);
			v0::EmergencyOfficers::<Test>::put((accounts(&[OFFICER]), 1));
			v0::Emergencies::<Test>::insert(
				0,
				v0::EmergencyAccess {
					responder: RESPONDER,
					patient: ALICE,
					reason: 9,
					opened_at: 1,
					cosigners: accounts(&[OFFICER]),
					window: Some((1, 21)),
					reviewed_by: None,
				},
			);
			NextEmergencyId::<Test>::put(1);
			v0::LatestEmergency::<Test>::insert(RESPONDER, ALICE, 0);
			v0::RecentEmergencies::<Test>::insert(RESPONDER, vec![1u64]);
			v0::AccessLogLen::<Test>::insert(H256::repeat_byte(1), 1);
			run_to(2);

			migrate();
			assert_eq!(StorageVersion::get::<Pallet<Test>>(), 1);
			let keys = Keys::<Test>::get(BOB);
			assert_eq!(keys.len(), 1, "the later of two equal keys stays");
			assert_eq!(keys[0].revoked_at, None);
			let policy = Access::policy_at(&ALICE, 2).unwrap();
			assert_eq!(
				(policy.signers.to_vec(), policy.threshold),
				(vec![GUARDIAN], 1)
			);
			match Grants::<Test>::get(0).unwrap().status {
				GrantStatus::PendingApprovals {
					approvers,
					approved_by,
				} => {
					assert_eq!(approvers.signers.to_vec(), vec![GUARDIAN]);
					assert!(
						approved_by.is_empty(),
						"the owner's own approval does not count"
					);
				}
				s => panic!("still pending, got {s:?}"),
			}
			assert_eq!(PairGrants::<Test>::get(BOB, ALICE).to_vec(), vec![0, 1]);
			let r = Requests::<Test>::get(0).unwrap();
			assert_eq!(r.expires_at, 51);
			assert_eq!(OpenRequests::<Test>::get(RESPONDER), 1);
			assert_eq!(
				Access::can_access(&RESPONDER, &H256::repeat_byte(1)),
				None,
				"no such record in the stub"
			);
			assert_eq!(
				PairEmergencies::<Test>::get(RESPONDER, ALICE).to_vec(),
				vec![0]
			);
			assert_eq!(
				RecentEmergencies::<Test>::get(RESPONDER).to_vec(),
				vec![(1, 0)]
			);
			assert_ne!(Emergencies::<Test>::get(0).unwrap().reason, H256::zero());
			assert!(v0::AccessLogLen::<Test>::iter().next().is_none());
			Pallet::<Test>::do_try_state().expect("invariants hold after the migration");
		});
	}
}
