//! # Custody pallet
//!
//! The consortium's hospitals hold every data key jointly (t-of-n Shamir shares sealed to
//! their custody keys, `semres_ceda::custody`) and release a share only against a key request
//! on chain. This pallet holds the public half of that:
//!
//! - **Custody keys** (`register_custody_key`): each hospital publishes an HPKE public key,
//!   with a deposit.
//! - **Committees** (`set_committee`, governance): the custodians in share order and the
//!   threshold, under an epoch number; every epoch's committee stays, so records sealed for an
//!   older committee can still be released by it.
//! - **Key requests** (`request_key`): stored and evented before anything is released — the
//!   audit entry, made for refused requests too — with the chain's verdict: whether the reader
//!   had a basis at the request's block (pallet `Access`: owner, live grant, open emergency
//!   window, record not erased). The reader holds a deposit until the request is pruned.
//! - **Answers** (`release_share`, `deny_request`): each custodian of the request's committee
//!   answers once, with its share sealed to the reader for this request, or a reason. A share
//!   is accepted only if the verdict was yes *and* the reader still has a basis and the version
//!   is not erased at the release's block: revocation binds from its block on, also for
//!   requests made before it. The chain never sees a plain share. A custodian that leaks a
//!   share off chain escapes any chain; one that tries to release without basis leaves a failed
//!   `release_share` signed by it, which `semres audit` reports.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{Consideration, EnsureOrigin, Footprint},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{AccessInspect, RecordId, RecordsInspect, Role, RolesInspect, Version};
	use sp_runtime::traits::{Saturating, Zero};

	/// A custody key with this runtime's types.
	pub type CustodyKeyOf<T> = CustodyKey<<T as Config>::MaxKeyLen, <T as Config>::Deposit>;
	/// A committee with this runtime's types.
	pub type CommitteeOf<T> =
		Committee<<T as frame_system::Config>::AccountId, <T as Config>::MaxCustodians>;
	/// A key request with this runtime's types.
	pub type KeyRequestOf<T> = KeyRequest<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxCustodians,
		<T as Config>::Deposit,
	>;
	/// A released share with this runtime's types.
	pub type ReleaseOf<T> = Release<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxShareLen,
		<T as Config>::Deposit,
	>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A custody key's, key request's or released share's storage deposit.
		StorageDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The consortium registry: custodians are hospitals.
		type Roles: RolesInspect<Self::AccountId>;
		/// The records registry: requests name anchored versions.
		type Records: RecordsInspect<Self::AccountId, BlockNumberFor<Self>>;
		/// The access rules: who may read a record at a block.
		type Access: AccessInspect<Self::AccountId, BlockNumberFor<Self>>;
		/// May set the committee.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Storage deposits of custody keys and key requests.
		type Deposit: Consideration<Self::AccountId, Footprint>;
		/// Most custodians in a committee.
		#[pallet::constant]
		type MaxCustodians: Get<u32>;
		/// Longest custody key (SPKI DER; an X-Wing key is 1236 bytes).
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;
		/// Longest sealed share (HPKE `enc || ct`).
		#[pallet::constant]
		type MaxShareLen: Get<u32>;
		/// Blocks after a request before anyone may prune it (returning its deposit).
		#[pallet::constant]
		type RequestLifetime: Get<BlockNumberFor<Self>>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Hospitals and anchors for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Each hospital's custody key.
	#[pallet::storage]
	pub type CustodyKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CustodyKeyOf<T>>;

	/// The committee of each epoch (the latest is [`CurrentEpoch`]).
	#[pallet::storage]
	pub type Committees<T: Config> = StorageMap<_, Twox64Concat, Epoch, CommitteeOf<T>>;

	/// The epoch new SMeRs are sealed for (0: no committee yet).
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, Epoch, ValueQuery>;

	/// Key requests by id, until pruned.
	#[pallet::storage]
	pub type KeyRequests<T: Config> = StorageMap<_, Twox64Concat, KeyRequestId, KeyRequestOf<T>>;

	/// Shares released, by request and share index, until the request is pruned.
	#[pallet::storage]
	pub type Releases<T: Config> =
		StorageDoubleMap<_, Twox64Concat, KeyRequestId, Twox64Concat, ShareIndex, ReleaseOf<T>>;

	/// The next key request's id.
	#[pallet::storage]
	pub type NextRequestId<T: Config> = StorageValue<_, KeyRequestId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A hospital published (or replaced) its custody key.
		CustodyKeyRegistered {
			custodian: T::AccountId,
			key_id: KeyId,
		},
		/// Governance set a new committee.
		CommitteeSet {
			epoch: Epoch,
			threshold: u8,
			custodians: u32,
		},
		/// A reader asked for a record version's data key: the audit entry of the read, with
		/// the chain's verdict (`granted`: the reader had a basis at this block).
		KeyRequested {
			id: KeyRequestId,
			reader: T::AccountId,
			record: RecordId,
			version: Version,
			epoch: Epoch,
			granted: bool,
		},
		/// A custodian released its share to the request's reader.
		ShareReleased {
			id: KeyRequestId,
			index: ShareIndex,
			custodian: T::AccountId,
		},
		/// A custodian refused the request.
		RequestDenied {
			id: KeyRequestId,
			index: ShareIndex,
			reason: Denial,
		},
		/// A request was pruned after its lifetime.
		RequestPruned { id: KeyRequestId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only a registered hospital may hold custody.
		NotHospital,
		/// The key is empty or longer than `MaxKeyLen`.
		BadKey,
		/// A committee member has no custody key.
		NoCustodyKey,
		/// A committee needs 2 <= threshold <= custodians <= `MaxCustodians`, no one twice.
		BadCommittee,
		/// No committee with this epoch.
		UnknownEpoch,
		/// No such record version, or it was erased.
		NoSuchVersion,
		/// The reader had no basis at the request's block, or has lost it since.
		NoBasis,
		/// No such key request.
		UnknownRequest,
		/// The caller holds no share of the request's committee at this index.
		NotCustodian,
		/// This custodian already answered the request.
		AlreadyAnswered,
		/// The sealed share is empty or longer than `MaxShareLen`.
		BadShare,
		/// The request's lifetime has not ended.
		TooEarly,
		/// The caller cannot pay the storage deposit.
		CannotPayDeposit,
		/// Request ids are exhausted.
		IdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let n = T::MaxCustodians::get();
			assert!(
				(2..=255).contains(&n),
				"a committee has 2 to 255 custodians (GF(2^8) shares)"
			);
			assert!(T::MaxShareLen::get() > 0, "shares can be released");
			assert!(
				!T::RequestLifetime::get().is_zero(),
				"custodians have time to answer"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publish (or replace) the caller's custody key: an HPKE public key as SPKI DER, and
		/// its key id (SHA-256 of the DER, as CEDA computes it; the chain cannot parse keys).
		///
		/// - Origin: a registered hospital. Errors: `NotHospital`, `BadKey`,
		///   `CannotPayDeposit`. Holds a deposit for the key. Complexity: O(key length).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_custody_key(spki.len() as u32))]
		pub fn register_custody_key(
			origin: OriginFor<T>,
			spki: BoundedVec<u8, T::MaxKeyLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				T::Roles::has_role(&who, Role::Hospital),
				Error::<T>::NotHospital
			);
			ensure!(!spki.is_empty(), Error::<T>::BadKey);
			let key_id = sp_io::hashing::sha2_256(&spki);
			let footprint = Footprint::from_mel::<(T::AccountId, CustodyKeyOf<T>)>();
			let deposit = match CustodyKeys::<T>::take(&who) {
				Some(old) => old.deposit.update(&who, footprint),
				None => T::Deposit::new(&who, footprint),
			}
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
			CustodyKeys::<T>::insert(
				&who,
				CustodyKey {
					spki,
					key_id,
					deposit,
				},
			);
			Self::deposit_event(Event::CustodyKeyRegistered {
				custodian: who,
				key_id,
			});
			Ok(())
		}

		/// Set the next committee: `custodians` in share order (each a hospital with a custody
		/// key, whose current key id is fixed into the committee) and `threshold`.
		///
		/// - Origin: governance. Errors: `BadCommittee`, `NotHospital`, `NoCustodyKey`,
		///   `IdsExhausted`. Complexity: O(custodians).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_committee(custodians.len() as u32))]
		pub fn set_committee(
			origin: OriginFor<T>,
			custodians: BoundedVec<T::AccountId, T::MaxCustodians>,
			threshold: u8,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let n = custodians.len();
			ensure!(
				threshold >= 2 && usize::from(threshold) <= n,
				Error::<T>::BadCommittee
			);
			ensure!(
				(1..n).all(|i| !custodians[..i].contains(&custodians[i])),
				Error::<T>::BadCommittee
			);
			let mut members = BoundedVec::new();
			for who in custodians {
				ensure!(
					T::Roles::has_role(&who, Role::Hospital),
					Error::<T>::NotHospital
				);
				let key = CustodyKeys::<T>::get(&who).ok_or(Error::<T>::NoCustodyKey)?;
				members
					.try_push((who, key.key_id))
					.map_err(|_| Error::<T>::BadCommittee)?;
			}
			let epoch = CurrentEpoch::<T>::get()
				.checked_add(1)
				.ok_or(Error::<T>::IdsExhausted)?;
			Committees::<T>::insert(
				epoch,
				Committee {
					threshold,
					custodians: members,
				},
			);
			CurrentEpoch::<T>::put(epoch);
			Self::deposit_event(Event::CommitteeSet {
				epoch,
				threshold,
				custodians: n as u32,
			});
			Ok(())
		}

		/// Ask the custodians of `epoch` for `version` of `record`'s data key. The request is
		/// stored and evented whether or not the reader may read: it is the audit entry, and
		/// carries the chain's verdict (`granted`).
		///
		/// - Origin: any account (the reader). Errors: `NoSuchVersion` (never anchored),
		///   `UnknownEpoch`, `CannotPayDeposit`, `IdsExhausted`. Holds a deposit until pruned.
		/// - Complexity: O(1) plus one access decision (bounded by pallet `Access`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::request_key().saturating_add(T::Access::may_read_weight()))]
		pub fn request_key(
			origin: OriginFor<T>,
			record: RecordId,
			version: Version,
			epoch: Epoch,
		) -> DispatchResult {
			let reader = ensure_signed(origin)?;
			let anchor = T::Records::anchor(&record, version).ok_or(Error::<T>::NoSuchVersion)?;
			ensure!(
				Committees::<T>::contains_key(epoch),
				Error::<T>::UnknownEpoch
			);
			let id = NextRequestId::<T>::get();
			NextRequestId::<T>::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
			let deposit = T::Deposit::new(&reader, Self::request_footprint())
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			let at = frame_system::Pallet::<T>::block_number();
			let granted = anchor.erased_at.is_none() && T::Access::may_read(&reader, &record, at);
			KeyRequests::<T>::insert(
				id,
				KeyRequest {
					reader: reader.clone(),
					record,
					version,
					epoch,
					at,
					granted,
					answers: BoundedVec::new(),
					deposit,
				},
			);
			Self::deposit_event(Event::KeyRequested {
				id,
				reader,
				record,
				version,
				epoch,
				granted,
			});
			Ok(())
		}

		/// Release share `index` of request `id`'s committee, sealed to the reader for this
		/// request (`semres_ceda::custody::release`). The custodian holds a deposit for it until
		/// the request is pruned.
		///
		/// - Origin: the custodian holding share `index` in the request's committee.
		/// - Errors: `UnknownRequest`, `NotCustodian`, `AlreadyAnswered`, `BadShare`,
		///   `NoBasis` (no basis at the request's block, or none now), `NoSuchVersion` (erased
		///   since), `CannotPayDeposit`.
		/// - Complexity: O(custodians) plus one access decision.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::release_share(T::MaxCustodians::get())
				.saturating_add(T::Access::may_read_weight())
		)]
		pub fn release_share(
			origin: OriginFor<T>,
			id: KeyRequestId,
			index: ShareIndex,
			sealed: BoundedVec<u8, T::MaxShareLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!sealed.is_empty(), Error::<T>::BadShare);
			let mut r = KeyRequests::<T>::get(id).ok_or(Error::<T>::UnknownRequest)?;
			Self::answerable(&r, &who, index)?;
			ensure!(r.granted, Error::<T>::NoBasis);
			let live =
				T::Records::anchor(&r.record, r.version).is_some_and(|a| a.erased_at.is_none());
			ensure!(live, Error::<T>::NoSuchVersion);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				T::Access::may_read(&r.reader, &r.record, now),
				Error::<T>::NoBasis
			);
			r.answers
				.try_push((index, Answer::Released))
				.map_err(|_| Error::<T>::AlreadyAnswered)?;
			let deposit = T::Deposit::new(&who, Self::release_footprint())
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			Releases::<T>::insert(
				id,
				index,
				Release {
					custodian: who.clone(),
					sealed,
					deposit,
				},
			);
			KeyRequests::<T>::insert(id, r);
			Self::deposit_event(Event::ShareReleased {
				id,
				index,
				custodian: who,
			});
			Ok(())
		}

		/// Refuse request `id` as the holder of share `index`, saying why.
		///
		/// - Origin and errors: as [`Pallet::release_share`]. Complexity: O(custodians).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deny_request(T::MaxCustodians::get()))]
		pub fn deny_request(
			origin: OriginFor<T>,
			id: KeyRequestId,
			index: ShareIndex,
			reason: Denial,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			KeyRequests::<T>::try_mutate(id, |r| -> DispatchResult {
				let r = r.as_mut().ok_or(Error::<T>::UnknownRequest)?;
				Self::answerable(r, &who, index)?;
				r.answers
					.try_push((index, Answer::Denied(reason.clone())))
					.map_err(|_| Error::<T>::AlreadyAnswered)?;
				Ok(())
			})?;
			Self::deposit_event(Event::RequestDenied { id, index, reason });
			Ok(())
		}

		/// Remove a request and its released shares after `RequestLifetime` blocks, returning
		/// the reader's and the custodians' deposits (the events stay in the blocks for the
		/// audit).
		///
		/// - Origin: anyone. Errors: `UnknownRequest`, `TooEarly`.
		/// - Complexity: O(released shares), at most `MaxCustodians`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::prune_request(T::MaxCustodians::get()))]
		pub fn prune_request(origin: OriginFor<T>, id: KeyRequestId) -> DispatchResult {
			ensure_signed(origin)?;
			let r = KeyRequests::<T>::get(id).ok_or(Error::<T>::UnknownRequest)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= r.at.saturating_add(T::RequestLifetime::get()),
				Error::<T>::TooEarly
			);
			KeyRequests::<T>::remove(id);
			for (_, release) in Releases::<T>::drain_prefix(id) {
				release.deposit.drop(&release.custodian)?;
			}
			r.deposit.drop(&r.reader)?;
			Self::deposit_event(Event::RequestPruned { id });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The deposit footprint of a key request (with every custodian's answer).
		pub fn request_footprint() -> Footprint {
			Footprint::from_mel::<(KeyRequestId, KeyRequestOf<T>)>()
		}

		/// Every request's answers name distinct shares of its committee, and exactly its
		/// `Released` answers have a stored share; no share outlives its request.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (id, r) in KeyRequests::<T>::iter() {
				let committee = Committees::<T>::get(r.epoch).ok_or("request of unknown epoch")?;
				let n = committee.custodians.len();
				for (k, (index, answer)) in r.answers.iter().enumerate() {
					ensure!(
						(1..=n).contains(&usize::from(*index)),
						"answer outside the committee"
					);
					ensure!(
						r.answers[..k].iter().all(|(i, _)| i != index),
						"two answers for one share"
					);
					ensure!(
						(*answer == Answer::Released) == Releases::<T>::contains_key(id, index),
						"released answers and stored shares differ"
					);
				}
			}
			for (id, _, _) in Releases::<T>::iter() {
				ensure!(
					KeyRequests::<T>::contains_key(id),
					"share of a pruned request"
				);
			}
			Ok(())
		}

		/// The deposit footprint of a released share.
		pub fn release_footprint() -> Footprint {
			Footprint::from_mel::<(KeyRequestId, ShareIndex, ReleaseOf<T>)>()
		}

		/// Checks that `who` holds share `index` of `r`'s committee and has not answered.
		fn answerable(
			r: &KeyRequestOf<T>,
			who: &T::AccountId,
			index: ShareIndex,
		) -> DispatchResult {
			let committee = Committees::<T>::get(r.epoch).ok_or(Error::<T>::UnknownEpoch)?;
			let holder = usize::from(index)
				.checked_sub(1)
				.and_then(|i| committee.custodians.get(i))
				.map(|(a, _)| a);
			ensure!(holder == Some(who), Error::<T>::NotCustodian);
			ensure!(
				!r.answers.iter().any(|(i, _)| *i == index),
				Error::<T>::AlreadyAnswered
			);
			Ok(())
		}
	}
}
