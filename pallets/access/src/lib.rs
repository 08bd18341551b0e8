//! # Access pallet
//!
//! Who may read which SEMRES record (papers 001, 002, 003):
//!
//! - **Key registry**: accounts publish their CEDA public keys (suite + SPKI, named by the
//!   SHA-256 of the SPKI), rotate and revoke them. Revoked keys make room for new ones: no
//!   number of rotations locks an account out.
//! - **Consortium registry**: institutions and their members with roles, managed by the
//!   governance origin; implements [`RolesInspect`] for the other pallets. A role is checked
//!   when it is used: members of an institution that left hold none.
//! - **Grants**: an owner grants read access to one record, a class of records or all of them,
//!   for an HL7 purpose, until an expiry block. Grants are indexed by (grantee, owner): only the
//!   owner fills that list, and only live grants count against its bound. Expired and revoked
//!   grants are pruned by anyone, returning the owner's deposit.
//! - **Requests**: a consortium member asks; the owner approves (creating the grant) or rejects;
//!   the requester may withdraw; a request expires and is then pruned by anyone.
//! - **Multi-party authorisation**: an owner can require k-of-n approvals (guardian, privacy
//!   officer) before grants that may cover private records take effect. A grant keeps the set
//!   in force when it was made; changing or removing a policy takes effect after a delay.
//! - **Emergency access**: an emergency responder opens time-boxed access to a patient's
//!   records, co-signed by k of the emergency officers in office when it was opened,
//!   rate-limited; it expires unless co-signed in time, may be closed early, and is flagged
//!   unreviewed until the patient or a privacy officer reviews it after it ended. Removing a
//!   responder closes their open emergencies.
//! - **Deposits**: every key, grant, request, policy and emergency holds a storage deposit on
//!   whoever created it (`Config::Deposit`), returned when it is removed or pruned.
//! - **Reads**: other pallets ask the access decision through `AccessInspect` (pallet
//!   `Custody` for every key request and release); `record_access`, which logged reads it
//!   could not enforce, is retired.
//!
//! Queries: [`Pallet::can_access`], [`Pallet::was_authorised`], [`Pallet::grants_of`],
//! [`Pallet::pending_requests`], [`Pallet::current_key`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod basis;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod emergency;
mod grants;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod keys;
pub mod migrations;
#[cfg(test)]
mod mock;
mod roles;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use basis::Denial;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::Pays,
		pallet_prelude::*,
		traits::{Consideration, EnsureOrigin, Footprint},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{PurposeOfUse, RecordsInspect, Role, SuiteId};

	/// A published key with this runtime's types.
	pub type PublishedKeyOf<T> =
		PublishedKey<BlockNumberFor<T>, <T as Config>::MaxKeyLen, <T as Config>::Deposit>;
	/// A grant with this runtime's types.
	pub type GrantOf<T> = Grant<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
		<T as Config>::MaxApprovers,
		<T as Config>::Deposit,
	>;
	/// A grant status with this runtime's types.
	pub type GrantStatusOf<T> = GrantStatus<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxApprovers,
	>;
	/// An emergency access with this runtime's types.
	pub type EmergencyOf<T> = EmergencyAccess<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxApprovers,
		<T as Config>::Deposit,
	>;
	/// A bounded list of accounts (approvers, officers).
	pub type AccountsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxApprovers>;
	/// A signer set with this runtime's types.
	pub type SignerSetOf<T> =
		SignerSet<<T as frame_system::Config>::AccountId, <T as Config>::MaxApprovers>;
	/// An owner's policy state with this runtime's types.
	pub type PolicyStateOf<T> = PolicyState<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxApprovers,
		<T as Config>::Deposit,
	>;
	/// An access request with this runtime's types.
	pub type RequestOf<T> = AccessRequest<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Deposit,
	>;
	/// A CID of a key envelope.
	pub type CidOf<T> = BoundedVec<u8, <T as Config>::MaxCidLen>;

	/// The storage layout: 1 indexes grants by (grantee, owner), keys by id, emergencies by
	/// (responder, patient), snapshots signer sets, adds deposits and expiries, and keeps no
	/// access log in storage (reads are events).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of a key, grant, request, policy or emergency access.
		StorageDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The records registry (owners, classes, security levels, erasure).
		type Records: RecordsInspect<Self::AccountId, BlockNumberFor<Self>>;
		/// Manages the consortium registry and the emergency officers.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The storage deposit of each item a user creates, held until it is removed; priced
		/// from the item's `MaxEncodedLen`.
		type Deposit: Consideration<Self::AccountId, Footprint>;
		/// Longest public key (DER SPKI), in bytes.
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;
		/// Most keys (current and revoked) kept per account; above the number of suites, so
		/// revoked keys always make room.
		#[pallet::constant]
		type MaxKeysPerAccount: Get<u32>;
		/// Longest envelope CID, in bytes.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;
		/// Most approvers in a policy, and most emergency officers.
		#[pallet::constant]
		type MaxApprovers: Get<u32>;
		/// Most live grants one owner holds out to one grantee.
		#[pallet::constant]
		type MaxGrantsPerPair: Get<u32>;
		/// Most open requests per requester.
		#[pallet::constant]
		type MaxOpenRequests: Get<u32>;
		/// How long a request may wait for the owner's decision.
		#[pallet::constant]
		type RequestTtl: Get<BlockNumberFor<Self>>;
		/// How long a change to an existing approval policy waits before it takes effect.
		#[pallet::constant]
		type PolicyChangeDelay: Get<BlockNumberFor<Self>>;
		/// How long an emergency access may wait for its co-signatures.
		#[pallet::constant]
		type EmergencyRequestTtl: Get<BlockNumberFor<Self>>;
		/// How long an emergency access lasts once co-signed.
		#[pallet::constant]
		type EmergencyDuration: Get<BlockNumberFor<Self>>;
		/// At most this many emergency accesses per responder ...
		#[pallet::constant]
		type EmergencyRateLimit: Get<u32>;
		/// ... within this many blocks (at least `EmergencyRequestTtl + EmergencyDuration`).
		#[pallet::constant]
		type EmergencyRatePeriod: Get<BlockNumberFor<Self>>;
		/// Most unpruned emergency accesses of one responder to one patient.
		#[pallet::constant]
		type MaxEmergenciesPerPair: Get<u32>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Records for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Each account's published keys, oldest first (at most one current key per suite).
	#[pallet::storage]
	pub type Keys<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<PublishedKeyOf<T>, T::MaxKeysPerAccount>,
		ValueQuery,
	>;

	/// Consortium members by account and role.
	#[pallet::storage]
	pub type Members<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		Role,
		Membership<T::AccountId, BlockNumberFor<T>>,
	>;

	/// Grants by id, until pruned.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>>;

	/// The next grant id.
	#[pallet::storage]
	pub type NextGrantId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// The grants one owner (second key) holds out to one grantee (first key): what an access
	/// check reads. Only the owner adds to it.
	#[pallet::storage]
	pub type PairGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<GrantId, T::MaxGrantsPerPair>,
		ValueQuery,
	>;

	/// The grants of each owner (for paged listing).
	#[pallet::storage]
	pub type OwnerGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, ()>;

	/// Open access requests.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, RequestId, RequestOf<T>>;

	/// The open requests addressed to each owner.
	#[pallet::storage]
	pub type OwnerRequests<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RequestId, ()>;

	/// How many open requests each requester has.
	#[pallet::storage]
	pub type OpenRequests<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The next request id.
	#[pallet::storage]
	pub type NextRequestId<T: Config> = StorageValue<_, RequestId, ValueQuery>;

	/// Owners' multi-party authorisation policies and their scheduled changes.
	#[pallet::storage]
	pub type Policies<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, PolicyStateOf<T>>;

	/// The officers who co-sign emergency accesses, and how many must.
	#[pallet::storage]
	pub type EmergencyOfficers<T: Config> = StorageValue<_, SignerSetOf<T>>;

	/// Emergency accesses by id, until pruned.
	#[pallet::storage]
	pub type Emergencies<T: Config> = StorageMap<_, Twox64Concat, EmergencyId, EmergencyOf<T>>;

	/// The next emergency id.
	#[pallet::storage]
	pub type NextEmergencyId<T: Config> = StorageValue<_, EmergencyId, ValueQuery>;

	/// Every unpruned emergency access of a responder (first key) to a patient (second key):
	/// a second one never hides the first.
	#[pallet::storage]
	pub type PairEmergencies<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<EmergencyId, T::MaxEmergenciesPerPair>,
		ValueQuery,
	>;

	/// The emergency accesses each responder opened within the rate period (for the rate limit,
	/// and to close them when the responder is removed).
	#[pallet::storage]
	pub type RecentEmergencies<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(BlockNumberFor<T>, EmergencyId), T::EmergencyRateLimit>,
		ValueQuery,
	>;

	/// The consortium at genesis: members (without governance, the only way to set them on a
	/// chain without sudo) and the emergency officers.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, role, institution)`; institutions first.
		pub members: Vec<(T::AccountId, Role, Option<T::AccountId>)>,
		/// The emergency officers and their threshold, if any.
		pub emergency_officers: Option<(Vec<T::AccountId>, u32)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, role, institution) in &self.members {
				Pallet::<T>::register_member(who, *role, institution.clone())
					.expect("genesis members are valid: institutions first, no duplicates");
			}
			if let Some((officers, threshold)) = &self.emergency_officers {
				let set = Pallet::<T>::signer_set(officers.clone(), *threshold)
					.expect("genesis emergency officers are a valid signer set");
				EmergencyOfficers::<T>::put(set);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account published a key (replacing its previous key of that suite).
		KeyRegistered {
			who: T::AccountId,
			key: KeyId,
			suite: SuiteId,
		},
		/// An account revoked a key.
		KeyRevoked { who: T::AccountId, key: KeyId },
		/// A revoked key was removed to make room; its deposit went back.
		KeyPruned { who: T::AccountId, key: KeyId },
		/// Governance registered a consortium member.
		MemberAdded {
			who: T::AccountId,
			role: Role,
			institution: Option<T::AccountId>,
		},
		/// Governance removed a consortium member; `emergencies_closed` of its open emergency
		/// accesses ended with it.
		MemberRemoved {
			who: T::AccountId,
			role: Role,
			emergencies_closed: u32,
		},
		/// An owner granted access; `pending_approvals` if it awaits multi-party approval.
		AccessGranted {
			grant: GrantId,
			owner: T::AccountId,
			grantee: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			expires_at: BlockNumberFor<T>,
			pending_approvals: bool,
		},
		/// An approver approved a pending grant.
		GrantApproved {
			grant: GrantId,
			approver: T::AccountId,
		},
		/// A grant took effect.
		GrantActivated { grant: GrantId },
		/// An owner revoked a grant.
		AccessRevoked {
			grant: GrantId,
			owner: T::AccountId,
			grantee: T::AccountId,
		},
		/// An expired or revoked grant was removed; the owner's deposit went back.
		GrantPruned { grant: GrantId },
		/// A consortium member requested access.
		AccessRequested {
			request: RequestId,
			requester: T::AccountId,
			owner: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			reason: ReasonCommitment,
			expires_at: BlockNumberFor<T>,
		},
		/// The owner approved a request, creating a grant.
		RequestApproved { request: RequestId, grant: GrantId },
		/// The owner rejected a request.
		RequestRejected {
			request: RequestId,
			owner: T::AccountId,
		},
		/// The requester withdrew a request.
		RequestWithdrawn { request: RequestId },
		/// An expired request was removed.
		RequestPruned { request: RequestId },
		/// An owner's approval policy took effect now: `threshold` of `approvers` (0: none).
		ApprovalPolicySet {
			owner: T::AccountId,
			threshold: u32,
			approvers: u32,
		},
		/// A change of an owner's approval policy takes effect at `effective_at`.
		ApprovalPolicyChangeScheduled {
			owner: T::AccountId,
			threshold: u32,
			approvers: u32,
			effective_at: BlockNumberFor<T>,
		},
		/// An emergency responder opened emergency access to a patient's records.
		EmergencyAccessOpened {
			id: EmergencyId,
			responder: T::AccountId,
			patient: T::AccountId,
			reason: ReasonCommitment,
		},
		/// An emergency officer co-signed.
		EmergencyAccessCosigned {
			id: EmergencyId,
			officer: T::AccountId,
		},
		/// Enough officers co-signed: access holds until `until`.
		EmergencyAccessActivated {
			id: EmergencyId,
			responder: T::AccountId,
			patient: T::AccountId,
			until: BlockNumberFor<T>,
		},
		/// An emergency access was closed early.
		EmergencyAccessClosed { id: EmergencyId, by: T::AccountId },
		/// The patient or a privacy officer reviewed an ended emergency access.
		EmergencyAccessReviewed {
			id: EmergencyId,
			reviewer: T::AccountId,
		},
		/// An ended (and, if it was active, reviewed) emergency access was removed.
		EmergencyAccessPruned { id: EmergencyId },
		/// Governance set the emergency officers.
		EmergencyOfficersSet { officers: u32, threshold: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only the owner may do this.
		NotOwner,
		/// No such record (or version).
		RecordNotFound,
		/// The record has been erased: nobody may read it.
		RecordErased,
		/// No such grant.
		GrantNotFound,
		/// The grant has expired.
		GrantExpired,
		/// The grant was revoked.
		GrantRevoked,
		/// The grant is still live (neither expired nor revoked): it cannot be pruned.
		GrantStillLive,
		/// The reader holds no valid grant or emergency access for this record now.
		NotAuthorised,
		/// The grant awaits the owner's required approvals.
		ApprovalsMissing,
		/// The grant needs no more approvals.
		NotPending,
		/// The caller is not an approver of the grant.
		NotAnApprover,
		/// The approver already approved.
		AlreadyApproved,
		/// Nobody approves a grant to themselves.
		SelfApproval,
		/// The expiry block is not in the future.
		ExpiryInPast,
		/// Owners need no grant for their own records.
		SelfGrant,
		/// The owner holds the maximum number of live grants out to this grantee.
		TooManyGrants,
		/// The account has the maximum number of keys and none is revoked.
		TooManyKeys,
		/// No key with this id.
		KeyNotFound,
		/// The key is already revoked.
		KeyAlreadyRevoked,
		/// This key is (or was) registered by the account already: publish a new one.
		KeyAlreadyRegistered,
		/// The suite id is not a CEDA suite.
		UnknownSuite,
		/// The key is empty.
		EmptyKey,
		/// The caller lacks the role this call needs.
		MissingRole,
		/// The account already holds this role.
		AlreadyMember,
		/// The account does not hold this role.
		NotAMember,
		/// Practitioners and other members need an institution that is registered as one.
		InvalidInstitution,
		/// No such request.
		RequestNotFound,
		/// Only the requester may do this.
		NotRequester,
		/// The request has expired.
		RequestExpired,
		/// The request has not expired yet: only the requester or the owner may remove it.
		RequestNotExpired,
		/// The requester has the maximum number of open requests.
		TooManyOpenRequests,
		/// The requester no longer holds a consortium role.
		RequesterNotMember,
		/// A signer appears twice in the set.
		DuplicateSigner,
		/// The threshold is zero or above the number of signers.
		BadThreshold,
		/// An owner cannot approve their own grants.
		OwnerAsApprover,
		/// The responder opened too many emergency accesses recently.
		EmergencyRateLimited,
		/// The responder has too many unpruned emergency accesses to this patient.
		TooManyEmergencies,
		/// No emergency officers are set.
		NoEmergencyOfficers,
		/// No such emergency access.
		EmergencyNotFound,
		/// The caller is not one of the emergency's officers (or no longer an officer).
		NotAnEmergencyOfficer,
		/// The officer already co-signed.
		AlreadyCosigned,
		/// A responder or patient cannot co-sign or review their own emergency access.
		OwnCase,
		/// The emergency access was not co-signed in time.
		EmergencyExpired,
		/// The emergency access was closed, or has ended.
		EmergencyClosed,
		/// The emergency access is still open: it can be reviewed once it ended.
		EmergencyStillOpen,
		/// The emergency access never took effect: there is nothing to review.
		NothingToReview,
		/// The emergency access was already reviewed.
		AlreadyReviewed,
		/// Only the patient or a privacy officer may review.
		NotAReviewer,
		/// Only the responder, the patient or a privacy officer may close it.
		NotAnEmergencyParty,
		/// The emergency access has not ended, or is unreviewed: it cannot be pruned.
		EmergencyNotPrunable,
		/// The caller cannot pay the item's storage deposit.
		CannotPayDeposit,
		/// No more ids of this kind.
		IdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let suites = *semres_primitives::SUITES.end() as u32;
			assert!(
				T::MaxKeysPerAccount::get() > suites,
				"one current key per suite and room for a rotation"
			);
			assert!(T::MaxGrantsPerPair::get() >= 1, "an owner can grant");
			assert!(T::MaxApprovers::get() >= 1, "a policy has an approver");
			assert!(T::MaxOpenRequests::get() >= 1, "a member can request");
			assert!(T::EmergencyRateLimit::get() >= 1, "a responder can open");
			assert!(
				T::MaxEmergenciesPerPair::get() >= T::EmergencyRateLimit::get(),
				"the rate limit binds before the pair list"
			);
			assert!(
				T::EmergencyRatePeriod::get()
					>= T::EmergencyRequestTtl::get() + T::EmergencyDuration::get(),
				"every live emergency is among the responder's recent ones"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publish a CEDA public key (DER SPKI) for `suite`. The caller's current key of that
		/// suite is revoked (rotation); when the list is full, the oldest revoked key is
		/// removed and its deposit returned.
		///
		/// - Origin: any signed account. Holds the key's deposit.
		/// - Errors: `UnknownSuite`, `EmptyKey`, `TooManyKeys` (cannot happen while
		///   `MaxKeysPerAccount` exceeds the number of suites), `CannotPayDeposit`.
		/// - Complexity: O(`MaxKeysPerAccount`) in one storage item.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_key())]
		pub fn register_key(
			origin: OriginFor<T>,
			suite: SuiteId,
			spki: BoundedVec<u8, T::MaxKeyLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_key(who, suite, spki)
		}

		/// Revoke one of the caller's keys, by its id (SHA-256 of the SPKI). It stays listed
		/// (with its revocation block) until a later registration needs the room.
		///
		/// - Origin: the key's owner.
		/// - Errors: `KeyNotFound`, `KeyAlreadyRevoked`. Complexity: O(`MaxKeysPerAccount`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(origin: OriginFor<T>, key: KeyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_key(who, key)
		}

		/// Register `who` with `role`. Hospitals and insurers are institutions; other members
		/// name the institution they belong to.
		///
		/// - Origin: governance.
		/// - Errors: `BadOrigin`, `AlreadyMember`, `InvalidInstitution`. Complexity: O(1).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(
			origin: OriginFor<T>,
			who: T::AccountId,
			role: Role,
			institution: Option<T::AccountId>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::register_member(&who, role, institution.clone())?;
			Self::deposit_event(Event::MemberAdded {
				who,
				role,
				institution,
			});
			Ok(())
		}

		/// Remove `who`'s `role`. It takes effect at once: removing an emergency responder
		/// closes their open emergency accesses; the members of a removed institution lose
		/// their standing with it (roles are checked when used).
		///
		/// - Origin: governance.
		/// - Errors: `BadOrigin`, `NotAMember`.
		/// - Complexity: O(`EmergencyRateLimit`) for a responder, else O(1); refunded.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_member(T::EmergencyRateLimit::get()))]
		pub fn remove_member(
			origin: OriginFor<T>,
			who: T::AccountId,
			role: Role,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				Members::<T>::take(&who, role).is_some(),
				Error::<T>::NotAMember
			);
			let closed = if role == Role::EmergencyResponder {
				Self::close_responders_emergencies(&who)
			} else {
				0
			};
			Self::deposit_event(Event::MemberRemoved {
				who,
				role,
				emergencies_closed: closed,
			});
			Ok(Some(T::WeightInfo::remove_member(closed)).into())
		}

		/// Grant `grantee` read access to the caller's records in `scope`, for `purpose`, until
		/// block `expires_at` (exclusive), optionally naming the CID of the grantee's detached
		/// key envelope. Under an approval policy, grants that may cover private records wait
		/// for approvals by the policy's approvers as they are now.
		///
		/// - Origin: the records' owner. Holds the grant's deposit.
		/// - Errors: `NotOwner`, `RecordNotFound`, `SelfGrant`, `ExpiryInPast`, `TooManyGrants`
		///   (only the owner's own live grants to this grantee count), `CannotPayDeposit`,
		///   `IdsExhausted`.
		/// - Complexity: O(`MaxGrantsPerPair`): dead grants of the pair are pruned first
		///   (deposits returned); the unused weight is refunded.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::grant_access(T::MaxGrantsPerPair::get()))]
		pub fn grant_access(
			origin: OriginFor<T>,
			grantee: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			expires_at: BlockNumberFor<T>,
			envelope: Option<CidOf<T>>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			Self::ensure_scope_of(&owner, &scope)?;
			let (_, pruned) =
				Self::create_grant(owner, grantee, scope, purpose, expires_at, envelope)?;
			Ok(Some(T::WeightInfo::grant_access(pruned)).into())
		}

		/// Revoke a grant at once. It stays (for `was_authorised`) until pruned.
		///
		/// - Origin: the grant's owner.
		/// - Errors: `GrantNotFound`, `NotOwner`, `GrantRevoked`. Complexity: O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::revoke_access())]
		pub fn revoke_access(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let grantee =
				Grants::<T>::try_mutate(grant, |g| -> Result<T::AccountId, DispatchError> {
					let g = g.as_mut().ok_or(Error::<T>::GrantNotFound)?;
					ensure!(g.owner == who, Error::<T>::NotOwner);
					ensure!(g.revoked_at.is_none(), Error::<T>::GrantRevoked);
					g.revoked_at = Some(Self::now());
					Ok(g.grantee.clone())
				})?;
			Self::deposit_event(Event::AccessRevoked {
				grant,
				owner: who,
				grantee,
			});
			Ok(())
		}

		/// Ask `owner` for access. `reason` commits to a consortium reason code (see
		/// [`ReasonCommitment`]). The request expires after `RequestTtl`.
		///
		/// - Origin: a consortium member (practitioner, hospital, insurer, auditor or emergency
		///   responder), with fewer than `MaxOpenRequests` open requests. Holds its deposit.
		/// - Errors: `MissingRole`, `NotOwner`, `RecordNotFound`, `TooManyOpenRequests`,
		///   `CannotPayDeposit`, `IdsExhausted`. Complexity: O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_access())]
		pub fn request_access(
			origin: OriginFor<T>,
			owner: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			reason: ReasonCommitment,
		) -> DispatchResult {
			let requester = ensure_signed(origin)?;
			Self::do_request(requester, owner, scope, purpose, reason)
		}

		/// Approve a request: grants the requester access until `expires_at`.
		///
		/// - Origin: the owner.
		/// - Errors: `RequestNotFound`, `NotOwner`, `RequestExpired`, `RequesterNotMember`,
		///   and those of `grant_access`. Complexity: as `grant_access`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::approve_request(T::MaxGrantsPerPair::get()))]
		pub fn approve_request(
			origin: OriginFor<T>,
			request: RequestId,
			expires_at: BlockNumberFor<T>,
			envelope: Option<CidOf<T>>,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			let r = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(r.owner == owner, Error::<T>::NotOwner);
			ensure!(Self::now() < r.expires_at, Error::<T>::RequestExpired);
			ensure!(
				Self::is_member(&r.requester),
				Error::<T>::RequesterNotMember
			);
			let (grant, pruned) = Self::create_grant(
				owner,
				r.requester.clone(),
				r.scope,
				r.purpose,
				expires_at,
				envelope,
			)?;
			Self::remove_request(request, r)?;
			Self::deposit_event(Event::RequestApproved { request, grant });
			Ok(Some(T::WeightInfo::approve_request(pruned)).into())
		}

		/// Reject a request; the requester's deposit goes back.
		///
		/// - Origin: the owner.
		/// - Errors: `RequestNotFound`, `NotOwner`. Complexity: O(1).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let r = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(r.owner == owner, Error::<T>::NotOwner);
			Self::remove_request(request, r)?;
			Self::deposit_event(Event::RequestRejected { request, owner });
			Ok(())
		}

		/// Require `threshold` of `approvers` to approve grants that may cover the caller's
		/// private records; `threshold = 0` removes the policy. A first policy takes effect at
		/// once; a change to (or removal of) a policy in force takes effect `PolicyChangeDelay`
		/// blocks later, so that a stolen key cannot quietly drop the guardians. Setting the
		/// policy in force again cancels a scheduled change.
		///
		/// - Origin: the owner, who may not be an approver. Holds the policy's deposit.
		/// - Errors: `DuplicateSigner`, `BadThreshold`, `OwnerAsApprover`, `CannotPayDeposit`.
		/// - Complexity: O(`MaxApprovers` · log).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_approval_policy())]
		pub fn set_approval_policy(
			origin: OriginFor<T>,
			approvers: AccountsOf<T>,
			threshold: u32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_set_policy(owner, approvers, threshold)
		}

		/// Approve a pending grant.
		///
		/// - Origin: an approver of the set the grant was made under, other than the grantee.
		/// - Errors: `GrantNotFound`, `GrantRevoked`, `GrantExpired`, `NotPending`,
		///   `NotAnApprover`, `SelfApproval`, `AlreadyApproved`. Complexity: O(`MaxApprovers`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::approve_grant())]
		pub fn approve_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_approve_grant(who, grant)
		}

		/// Open emergency access to `patient`'s records; `reason` commits to a consortium
		/// reason code. It takes effect once enough of the emergency officers in office now
		/// co-sign, within `EmergencyRequestTtl`.
		///
		/// - Origin: an emergency responder, at most `EmergencyRateLimit` times per
		///   `EmergencyRatePeriod`. Holds its deposit.
		/// - Errors: `MissingRole`, `NoEmergencyOfficers`, `EmergencyRateLimited`,
		///   `TooManyEmergencies`, `CannotPayDeposit`, `IdsExhausted`. Complexity: O(1).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::open_emergency_access())]
		pub fn open_emergency_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			reason: ReasonCommitment,
		) -> DispatchResult {
			let responder = ensure_signed(origin)?;
			Self::do_open_emergency(responder, patient, reason)
		}

		/// Co-sign an emergency access.
		///
		/// - Origin: an officer of the set the emergency was opened under who is still an
		///   officer, and neither its responder nor its patient.
		/// - Errors: `EmergencyNotFound`, `NotAnEmergencyOfficer`, `OwnCase`, `AlreadyCosigned`,
		///   `EmergencyExpired`, `EmergencyClosed`. Complexity: O(`MaxApprovers`).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cosign_emergency_access())]
		pub fn cosign_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let officer = ensure_signed(origin)?;
			Self::do_cosign(officer, id)
		}

		/// Mark an ended emergency access reviewed.
		///
		/// - Origin: the patient or a privacy officer, never the responder.
		/// - Errors: `EmergencyNotFound`, `NotAReviewer`, `OwnCase`, `NothingToReview`,
		///   `EmergencyStillOpen`, `AlreadyReviewed`. Complexity: O(1).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::review_emergency_access())]
		pub fn review_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let reviewer = ensure_signed(origin)?;
			Self::do_review(reviewer, id)
		}

		/// Set the emergency officers and how many must co-sign (1 ..= their number). Open
		/// emergency accesses keep the set they were opened under.
		///
		/// - Origin: governance.
		/// - Errors: `BadOrigin`, `DuplicateSigner`, `BadThreshold`.
		/// - Complexity: O(`MaxApprovers` · log).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_emergency_officers())]
		pub fn set_emergency_officers(
			origin: OriginFor<T>,
			officers: AccountsOf<T>,
			threshold: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let set = Self::signer_set(officers.into_inner(), threshold)?;
			let count = set.signers.len() as u32;
			EmergencyOfficers::<T>::put(set);
			Self::deposit_event(Event::EmergencyOfficersSet {
				officers: count,
				threshold,
			});
			Ok(())
		}

		// Call 15 (`record_access`) was retired: it logged reads it could not enforce. A read
		// is now a key request to the custodians (`Custody.request_key`), evented whatever its
		// outcome; the owner reads with their own envelope.

		/// Remove an expired or revoked grant; the owner's deposit goes back. Free when it
		/// succeeds.
		///
		/// - Origin: anyone.
		/// - Errors: `GrantNotFound`, `GrantStillLive`. Complexity: O(`MaxGrantsPerPair`).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::prune_grant())]
		pub fn prune_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let g = Grants::<T>::get(grant).ok_or(Error::<T>::GrantNotFound)?;
			ensure!(!Self::is_live(&g, Self::now()), Error::<T>::GrantStillLive);
			Self::forget::<PairGrants<T>, _>(&g.grantee, &g.owner, grant);
			Self::remove_grant(grant, g)?;
			Ok(Pays::No.into())
		}

		/// Withdraw a request; the deposit goes back.
		///
		/// - Origin: the requester.
		/// - Errors: `RequestNotFound`, `NotRequester`. Complexity: O(1).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::withdraw_request())]
		pub fn withdraw_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let r = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(r.requester == who, Error::<T>::NotRequester);
			Self::remove_request(request, r)?;
			Self::deposit_event(Event::RequestWithdrawn { request });
			Ok(())
		}

		/// Remove an expired request; the requester's deposit goes back. Free when it succeeds.
		///
		/// - Origin: anyone.
		/// - Errors: `RequestNotFound`, `RequestNotExpired`. Complexity: O(1).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::prune_request())]
		pub fn prune_request(
			origin: OriginFor<T>,
			request: RequestId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let r = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(Self::now() >= r.expires_at, Error::<T>::RequestNotExpired);
			Self::remove_request(request, r)?;
			Self::deposit_event(Event::RequestPruned { request });
			Ok(Pays::No.into())
		}

		/// Close an emergency access early (revoke it): if active, its window ends now; if
		/// waiting for co-signatures, it can no longer take effect.
		///
		/// - Origin: the responder, the patient or a privacy officer.
		/// - Errors: `EmergencyNotFound`, `NotAnEmergencyParty`, `EmergencyClosed`.
		/// - Complexity: O(1).
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::close_emergency_access())]
		pub fn close_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_emergency(who, id)
		}

		/// Remove an emergency access that ended (reviewed, if it ever took effect; or expired
		/// or closed without taking effect); the responder's deposit goes back. Free when it
		/// succeeds.
		///
		/// - Origin: anyone.
		/// - Errors: `EmergencyNotFound`, `EmergencyNotPrunable`.
		/// - Complexity: O(`MaxEmergenciesPerPair`).
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::prune_emergency())]
		pub fn prune_emergency(
			origin: OriginFor<T>,
			id: EmergencyId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_prune_emergency(id)?;
			Ok(Pays::No.into())
		}
	}

	impl<T: Config> Pallet<T> {
		pub(crate) fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		/// Holds the deposit of an item of type `I` on `who`.
		pub(crate) fn take_deposit<I: MaxEncodedLen>(
			who: &T::AccountId,
		) -> Result<T::Deposit, DispatchError> {
			T::Deposit::new(who, Footprint::from_mel::<I>())
				.map_err(|_| Error::<T>::CannotPayDeposit.into())
		}

		/// Returns an item's deposit to `who`.
		pub(crate) fn return_deposit(
			who: &T::AccountId,
			deposit: Option<T::Deposit>,
		) -> DispatchResult {
			match deposit {
				Some(d) => d.drop(who),
				None => Ok(()),
			}
		}

		/// Removes `id` from the list `M` keeps for `(k1, k2)`, and the list once empty.
		pub(crate) fn forget<M, S>(k1: &T::AccountId, k2: &T::AccountId, id: u64)
		where
			M: frame_support::StorageDoubleMap<T::AccountId, T::AccountId, BoundedVec<u64, S>>,
			S: Get<u32>,
		{
			M::mutate_exists(k1, k2, |ids| {
				if let Some(list) = ids {
					list.retain(|x| *x != id);
					if list.is_empty() {
						*ids = None;
					}
				}
			});
		}

		/// The next id of a counter, or `IdsExhausted`.
		pub(crate) fn next_id<S: frame_support::StorageValue<u64, Query = u64>>(
		) -> Result<u64, DispatchError> {
			let id = S::get();
			S::put(id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?);
			Ok(id)
		}
	}
}
