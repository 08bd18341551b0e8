//! # Access pallet
//!
//! Who may read which SEMRES record, and a record of every read (papers 001, 002, 003):
//!
//! - **Key registry**: accounts publish their CEDA public keys (suite + SPKI), rotate and
//!   revoke them; history is kept.
//! - **Consortium registry**: institutions and practitioners with roles, managed by the
//!   governance origin; implements [`RolesInspect`] for the other pallets.
//! - **Grants**: an owner grants read access to one record, a class of records or all of them,
//!   for an HL7 purpose, until an expiry block, naming the grantee's key envelope. Grants keep
//!   `granted_at`/`revoked_at`, so "was D allowed to read R at block N?" is answerable.
//! - **Requests**: a practitioner asks; the owner approves (creating the grant) or rejects.
//! - **Multi-party authorisation**: an owner can require k-of-n approvals (guardian, privacy
//!   officer) before grants that may cover private records take effect.
//! - **Emergency access**: an emergency responder opens time-boxed access to a patient's
//!   records, co-signed by k emergency officers, rate-limited, visible to the patient and
//!   flagged unreviewed until the patient or a privacy officer reviews it.
//! - **Audited reads**: `record_access` logs each key release; it fails unless the reader is
//!   authorised at that block.
//!
//! Queries: [`Pallet::can_access`], [`Pallet::was_authorised`], [`Pallet::grants_of`],
//! [`Pallet::pending_requests`], [`Pallet::access_log`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
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
	use frame_support::{pallet_prelude::*, traits::EnsureOrigin};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{
		PurposeOfUse, RecordId, RecordsInspect, Role, RolesInspect, SecurityLevel, SuiteId,
		Version, MAX_PAGE,
	};
	use sp_runtime::traits::Saturating;

	/// A published key with this runtime's types.
	pub type PublishedKeyOf<T> = PublishedKey<BlockNumberFor<T>, <T as Config>::MaxKeyLen>;
	/// A grant with this runtime's types.
	pub type GrantOf<T> = Grant<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
		<T as Config>::MaxApprovers,
	>;
	/// An emergency access with this runtime's types.
	pub type EmergencyOf<T> = EmergencyAccess<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxApprovers,
	>;
	/// A bounded list of accounts (approvers, officers).
	pub type AccountsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxApprovers>;
	/// An access request with this runtime's types.
	pub type RequestOf<T> =
		AccessRequest<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A CID of a key envelope.
	pub type CidOf<T> = BoundedVec<u8, <T as Config>::MaxCidLen>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The records registry (owners, classes, security levels).
		type Records: RecordsInspect<Self::AccountId, BlockNumberFor<Self>>;
		/// Manages the consortium registry and the emergency officers.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Longest public key (DER SPKI), in bytes.
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;
		/// Most keys (current and past) per account.
		#[pallet::constant]
		type MaxKeysPerAccount: Get<u32>;
		/// Longest envelope CID, in bytes.
		#[pallet::constant]
		type MaxCidLen: Get<u32>;
		/// Most approvers in a policy, and most emergency officers.
		#[pallet::constant]
		type MaxApprovers: Get<u32>;
		/// Most grants (current and past) a grantee can hold.
		#[pallet::constant]
		type MaxGrantsPerGrantee: Get<u32>;
		/// How long an emergency access lasts once co-signed.
		#[pallet::constant]
		type EmergencyDuration: Get<BlockNumberFor<Self>>;
		/// At most this many emergency accesses per responder ...
		#[pallet::constant]
		type EmergencyRateLimit: Get<u32>;
		/// ... within this many blocks.
		#[pallet::constant]
		type EmergencyRatePeriod: Get<BlockNumberFor<Self>>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Records for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Each account's published keys, oldest first.
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

	/// Grants by id (revoked and expired ones stay, for the history).
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>>;

	/// The next grant id.
	#[pallet::storage]
	pub type NextGrantId<T: Config> = StorageValue<_, GrantId, ValueQuery>;

	/// Grants made by each owner.
	#[pallet::storage]
	pub type OwnerGrants<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, ()>;

	/// Grants held by each grantee (bounded: access checks scan them).
	#[pallet::storage]
	pub type GranteeGrants<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<GrantId, T::MaxGrantsPerGrantee>,
		ValueQuery,
	>;

	/// Open access requests.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, RequestId, RequestOf<T>>;

	/// The open requests addressed to each owner.
	#[pallet::storage]
	pub type OwnerRequests<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RequestId, ()>;

	/// The next request id.
	#[pallet::storage]
	pub type NextRequestId<T: Config> = StorageValue<_, RequestId, ValueQuery>;

	/// Owners' multi-party authorisation policies.
	#[pallet::storage]
	pub type Policies<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		ApprovalPolicy<T::AccountId, T::MaxApprovers>,
	>;

	/// Officers who co-sign emergency accesses, and how many must.
	#[pallet::storage]
	pub type EmergencyOfficers<T: Config> = StorageValue<_, (AccountsOf<T>, u32), ValueQuery>;

	/// Emergency accesses by id.
	#[pallet::storage]
	pub type Emergencies<T: Config> = StorageMap<_, Twox64Concat, EmergencyId, EmergencyOf<T>>;

	/// The next emergency id.
	#[pallet::storage]
	pub type NextEmergencyId<T: Config> = StorageValue<_, EmergencyId, ValueQuery>;

	/// The latest emergency access of a responder to a patient.
	#[pallet::storage]
	pub type LatestEmergency<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		EmergencyId,
	>;

	/// When each responder recently opened emergency accesses (for the rate limit).
	#[pallet::storage]
	pub type RecentEmergencies<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<BlockNumberFor<T>, T::EmergencyRateLimit>,
		ValueQuery,
	>;

	/// The access log: each record's audited reads, in order.
	#[pallet::storage]
	pub type AccessLog<T: Config> = StorageDoubleMap<
		_,
		Identity,
		RecordId,
		Twox64Concat,
		u32,
		AccessLogEntry<T::AccountId, BlockNumberFor<T>>,
	>;

	/// Number of entries in each record's access log.
	#[pallet::storage]
	pub type AccessLogLen<T: Config> = StorageMap<_, Identity, RecordId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account published a key (replacing its previous key of that suite).
		KeyRegistered {
			who: T::AccountId,
			index: u32,
			suite: SuiteId,
		},
		/// An account revoked a key.
		KeyRevoked { who: T::AccountId, index: u32 },
		/// Governance registered a consortium member.
		MemberAdded {
			who: T::AccountId,
			role: Role,
			institution: Option<T::AccountId>,
		},
		/// Governance removed a consortium member.
		MemberRemoved { who: T::AccountId, role: Role },
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
		/// A practitioner requested access.
		AccessRequested {
			request: RequestId,
			requester: T::AccountId,
			owner: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			reason: u32,
		},
		/// The owner approved a request, creating a grant.
		RequestApproved { request: RequestId, grant: GrantId },
		/// The owner rejected a request.
		RequestRejected {
			request: RequestId,
			owner: T::AccountId,
		},
		/// An owner set (threshold > 0) or removed their approval policy.
		ApprovalPolicySet {
			owner: T::AccountId,
			threshold: u32,
			approvers: u32,
		},
		/// An emergency responder opened emergency access to a patient's records.
		EmergencyAccessOpened {
			id: EmergencyId,
			responder: T::AccountId,
			patient: T::AccountId,
			reason: u32,
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
		/// The patient or a privacy officer reviewed an emergency access.
		EmergencyAccessReviewed {
			id: EmergencyId,
			reviewer: T::AccountId,
		},
		/// Governance set the emergency officers.
		EmergencyOfficersSet { officers: u32, threshold: u32 },
		/// A reader released a record's key (audited read).
		RecordAccessed {
			record: RecordId,
			version: Version,
			reader: T::AccountId,
			basis: AccessBasis,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only the owner may do this.
		NotOwner,
		/// No such record (or version).
		RecordNotFound,
		/// No such grant.
		GrantNotFound,
		/// The grant has expired.
		GrantExpired,
		/// The grant was revoked.
		GrantRevoked,
		/// The reader holds no valid grant or emergency access for this record now.
		NotAuthorised,
		/// The grant awaits the owner's required approvals.
		ApprovalsMissing,
		/// The caller is not an approver of the owner's policy.
		NotAnApprover,
		/// The approver already approved.
		AlreadyApproved,
		/// The expiry block is not in the future.
		ExpiryInPast,
		/// Owners need no grant for their own records.
		SelfGrant,
		/// The grantee holds the maximum number of grants.
		TooManyGrants,
		/// The account has the maximum number of keys.
		TooManyKeys,
		/// No key at this index.
		KeyNotFound,
		/// The key is already revoked.
		KeyAlreadyRevoked,
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
		/// The responder opened too many emergency accesses recently.
		EmergencyRateLimited,
		/// No such emergency access.
		EmergencyNotFound,
		/// The caller is not an emergency officer.
		NotAnEmergencyOfficer,
		/// The officer already co-signed.
		AlreadyCosigned,
		/// The emergency access was already reviewed.
		AlreadyReviewed,
		/// Only the patient or a privacy officer may review.
		NotAReviewer,
		/// The threshold is zero or above the number of approvers.
		BadThreshold,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Publish a CEDA public key (DER SPKI) for `suite`; the caller's previous key of that
		/// suite is marked revoked (rotation). Origin: any signed account.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_key())]
		pub fn register_key(
			origin: OriginFor<T>,
			suite: SuiteId,
			spki: BoundedVec<u8, T::MaxKeyLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!((1..=5).contains(&suite), Error::<T>::UnknownSuite);
			ensure!(!spki.is_empty(), Error::<T>::EmptyKey);
			let now = Self::now();
			let index = Keys::<T>::try_mutate(&who, |keys| -> Result<u32, DispatchError> {
				for k in keys
					.iter_mut()
					.filter(|k| k.suite == suite && k.revoked_at.is_none())
				{
					k.revoked_at = Some(now);
				}
				keys.try_push(PublishedKey {
					suite,
					spki,
					registered_at: now,
					revoked_at: None,
				})
				.map_err(|_| Error::<T>::TooManyKeys)?;
				Ok(keys.len() as u32 - 1)
			})?;
			Self::deposit_event(Event::KeyRegistered { who, index, suite });
			Ok(())
		}

		/// Revoke one of the caller's keys. Origin: the key's owner.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(origin: OriginFor<T>, index: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Keys::<T>::try_mutate(&who, |keys| -> DispatchResult {
				let k = keys
					.get_mut(index as usize)
					.ok_or(Error::<T>::KeyNotFound)?;
				ensure!(k.revoked_at.is_none(), Error::<T>::KeyAlreadyRevoked);
				k.revoked_at = Some(Self::now());
				Ok(())
			})?;
			Self::deposit_event(Event::KeyRevoked { who, index });
			Ok(())
		}

		/// Register `who` with `role`. Hospitals and insurers are institutions; other members
		/// name the institution they belong to. Origin: governance.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_member())]
		pub fn add_member(
			origin: OriginFor<T>,
			who: T::AccountId,
			role: Role,
			institution: Option<T::AccountId>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				!Members::<T>::contains_key(&who, role),
				Error::<T>::AlreadyMember
			);
			match &institution {
				None => ensure!(is_institution_role(role), Error::<T>::InvalidInstitution),
				Some(i) => ensure!(
					!is_institution_role(role)
						&& (Members::<T>::contains_key(i, Role::Hospital)
							|| Members::<T>::contains_key(i, Role::Insurer)),
					Error::<T>::InvalidInstitution
				),
			}
			Members::<T>::insert(
				&who,
				role,
				Membership {
					institution: institution.clone(),
					since: Self::now(),
				},
			);
			Self::deposit_event(Event::MemberAdded {
				who,
				role,
				institution,
			});
			Ok(())
		}

		/// Remove `who`'s `role`. Origin: governance.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_member())]
		pub fn remove_member(
			origin: OriginFor<T>,
			who: T::AccountId,
			role: Role,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				Members::<T>::take(&who, role).is_some(),
				Error::<T>::NotAMember
			);
			Self::deposit_event(Event::MemberRemoved { who, role });
			Ok(())
		}

		/// Grant `grantee` read access to the caller's records in `scope`, for `purpose`, until
		/// block `expires_at` (exclusive), optionally naming the CID of the grantee's detached
		/// key envelope. Under an approval policy, grants that may cover private records wait
		/// for approvals. Origin: the records' owner.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::grant_access())]
		pub fn grant_access(
			origin: OriginFor<T>,
			grantee: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			expires_at: BlockNumberFor<T>,
			envelope: Option<CidOf<T>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			if let Scope::Record(record) = scope {
				ensure!(Self::owner_of(&record)? == owner, Error::<T>::NotOwner);
			}
			Self::create_grant(owner, grantee, scope, purpose, expires_at, envelope)?;
			Ok(())
		}

		/// Revoke a grant at once. Origin: the grant's owner.
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

		/// Ask `owner` for access. `reason` is a consortium reason code. Origin: a consortium
		/// member (practitioner, hospital, insurer, auditor or emergency responder).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::request_access())]
		pub fn request_access(
			origin: OriginFor<T>,
			owner: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			reason: u32,
		) -> DispatchResult {
			let requester = ensure_signed(origin)?;
			ensure!(
				Members::<T>::iter_prefix(&requester).next().is_some(),
				Error::<T>::MissingRole
			);
			if let Scope::Record(record) = scope {
				ensure!(Self::owner_of(&record)? == owner, Error::<T>::NotOwner);
			}
			let request = NextRequestId::<T>::mutate(|id| core::mem::replace(id, *id + 1));
			Requests::<T>::insert(
				request,
				AccessRequest {
					requester: requester.clone(),
					owner: owner.clone(),
					scope,
					purpose,
					reason,
					requested_at: Self::now(),
				},
			);
			OwnerRequests::<T>::insert(&owner, request, ());
			Self::deposit_event(Event::AccessRequested {
				request,
				requester,
				owner,
				scope,
				purpose,
				reason,
			});
			Ok(())
		}

		/// Approve a request: grants the requester access until `expires_at`. Origin: the owner.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::approve_request())]
		pub fn approve_request(
			origin: OriginFor<T>,
			request: RequestId,
			expires_at: BlockNumberFor<T>,
			envelope: Option<CidOf<T>>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let r = Self::take_request(&owner, request)?;
			let grant =
				Self::create_grant(owner, r.requester, r.scope, r.purpose, expires_at, envelope)?;
			Self::deposit_event(Event::RequestApproved { request, grant });
			Ok(())
		}

		/// Reject a request. Origin: the owner.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::take_request(&owner, request)?;
			Self::deposit_event(Event::RequestRejected { request, owner });
			Ok(())
		}

		/// Require `threshold` of `approvers` to approve grants that may cover the caller's
		/// private records; `threshold = 0` removes the policy. Origin: the owner.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_approval_policy())]
		pub fn set_approval_policy(
			origin: OriginFor<T>,
			approvers: AccountsOf<T>,
			threshold: u32,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			if threshold == 0 {
				Policies::<T>::remove(&owner);
			} else {
				ensure!(
					threshold as usize <= approvers.len(),
					Error::<T>::BadThreshold
				);
				Policies::<T>::insert(
					&owner,
					ApprovalPolicy {
						approvers: approvers.clone(),
						threshold,
					},
				);
			}
			Self::deposit_event(Event::ApprovalPolicySet {
				owner,
				threshold,
				approvers: approvers.len() as u32,
			});
			Ok(())
		}

		/// Approve a pending grant. Origin: an approver of the grant owner's policy.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::approve_grant())]
		pub fn approve_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut g = Grants::<T>::get(grant).ok_or(Error::<T>::GrantNotFound)?;
			ensure!(g.revoked_at.is_none(), Error::<T>::GrantRevoked);
			let policy = Policies::<T>::get(&g.owner).ok_or(Error::<T>::NotAnApprover)?;
			ensure!(policy.approvers.contains(&who), Error::<T>::NotAnApprover);
			ensure!(!g.approved_by.contains(&who), Error::<T>::AlreadyApproved);
			g.approved_by
				.try_push(who.clone())
				.map_err(|_| Error::<T>::AlreadyApproved)?;
			Self::deposit_event(Event::GrantApproved {
				grant,
				approver: who,
			});
			if let GrantStatus::PendingApprovals { .. } = g.status {
				let approvals = g.approved_by.len() as u32;
				g.status = if approvals >= policy.threshold {
					Self::deposit_event(Event::GrantActivated { grant });
					GrantStatus::Active { since: Self::now() }
				} else {
					GrantStatus::PendingApprovals { approvals }
				};
			}
			Grants::<T>::insert(grant, g);
			Ok(())
		}

		/// Open emergency access to `patient`'s records (reason: a consortium code). It takes
		/// effect once enough emergency officers co-sign. Origin: an emergency responder, at most
		/// `EmergencyRateLimit` times per `EmergencyRatePeriod`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::open_emergency_access())]
		pub fn open_emergency_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			reason: u32,
		) -> DispatchResult {
			let responder = ensure_signed(origin)?;
			ensure!(
				Members::<T>::contains_key(&responder, Role::EmergencyResponder),
				Error::<T>::MissingRole
			);
			let now = Self::now();
			RecentEmergencies::<T>::try_mutate(&responder, |recent| -> DispatchResult {
				let window_start = now.saturating_sub(T::EmergencyRatePeriod::get());
				recent.retain(|at| *at > window_start);
				recent
					.try_push(now)
					.map_err(|_| Error::<T>::EmergencyRateLimited)?;
				Ok(())
			})?;
			let id = NextEmergencyId::<T>::mutate(|id| core::mem::replace(id, *id + 1));
			Emergencies::<T>::insert(
				id,
				EmergencyAccess {
					responder: responder.clone(),
					patient: patient.clone(),
					reason,
					opened_at: now,
					cosigners: BoundedVec::new(),
					window: None,
					reviewed_by: None,
				},
			);
			LatestEmergency::<T>::insert(&responder, &patient, id);
			Self::deposit_event(Event::EmergencyAccessOpened {
				id,
				responder,
				patient,
				reason,
			});
			Ok(())
		}

		/// Co-sign an emergency access. Origin: an emergency officer.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::cosign_emergency_access())]
		pub fn cosign_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let officer = ensure_signed(origin)?;
			let (officers, threshold) = EmergencyOfficers::<T>::get();
			ensure!(
				officers.contains(&officer),
				Error::<T>::NotAnEmergencyOfficer
			);
			let mut e = Emergencies::<T>::get(id).ok_or(Error::<T>::EmergencyNotFound)?;
			ensure!(!e.cosigners.contains(&officer), Error::<T>::AlreadyCosigned);
			e.cosigners
				.try_push(officer.clone())
				.map_err(|_| Error::<T>::AlreadyCosigned)?;
			Self::deposit_event(Event::EmergencyAccessCosigned { id, officer });
			if e.window.is_none() && e.cosigners.len() as u32 >= threshold.max(1) {
				let now = Self::now();
				let until = now.saturating_add(T::EmergencyDuration::get());
				e.window = Some((now, until));
				Self::deposit_event(Event::EmergencyAccessActivated {
					id,
					responder: e.responder.clone(),
					patient: e.patient.clone(),
					until,
				});
			}
			Emergencies::<T>::insert(id, e);
			Ok(())
		}

		/// Mark an emergency access reviewed. Origin: the patient or a privacy officer.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::review_emergency_access())]
		pub fn review_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let reviewer = ensure_signed(origin)?;
			Emergencies::<T>::try_mutate(id, |e| -> DispatchResult {
				let e = e.as_mut().ok_or(Error::<T>::EmergencyNotFound)?;
				ensure!(
					e.patient == reviewer
						|| Members::<T>::contains_key(&reviewer, Role::PrivacyOfficer),
					Error::<T>::NotAReviewer
				);
				ensure!(e.reviewed_by.is_none(), Error::<T>::AlreadyReviewed);
				e.reviewed_by = Some(reviewer.clone());
				Ok(())
			})?;
			Self::deposit_event(Event::EmergencyAccessReviewed { id, reviewer });
			Ok(())
		}

		/// Set the emergency officers and how many must co-sign (1 ..= their number).
		/// Origin: governance.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_emergency_officers())]
		pub fn set_emergency_officers(
			origin: OriginFor<T>,
			officers: AccountsOf<T>,
			threshold: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				threshold >= 1 && threshold as usize <= officers.len(),
				Error::<T>::BadThreshold
			);
			let count = officers.len() as u32;
			EmergencyOfficers::<T>::put((officers, threshold));
			Self::deposit_event(Event::EmergencyOfficersSet {
				officers: count,
				threshold,
			});
			Ok(())
		}

		/// Log a key release of `version` of `record` by the caller (an audited read). Fails
		/// unless the caller is authorised now. Origin: the reader.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::record_access(T::MaxGrantsPerGrantee::get()))]
		pub fn record_access(
			origin: OriginFor<T>,
			record: RecordId,
			version: Version,
		) -> DispatchResult {
			let reader = ensure_signed(origin)?;
			let anchor = T::Records::anchor(&record, version).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(!anchor.erased, Error::<T>::RecordNotFound);
			let basis = Self::basis_at(&reader, &record, Self::now()).map_err(Error::<T>::from)?;
			let index = AccessLogLen::<T>::mutate(record, |n| core::mem::replace(n, *n + 1));
			AccessLog::<T>::insert(
				record,
				index,
				AccessLogEntry {
					reader: reader.clone(),
					version,
					at: Self::now(),
					basis,
				},
			);
			Self::deposit_event(Event::RecordAccessed {
				record,
				version,
				reader,
				basis,
			});
			Ok(())
		}
	}

	/// Why a reader may not read (the most specific reason found).
	#[derive(Clone, Copy, Debug, PartialEq, Eq)]
	pub enum Denial {
		/// No record.
		NoRecord,
		/// A matching grant exists but has expired.
		Expired,
		/// A matching grant exists but was revoked.
		Revoked,
		/// A matching grant awaits approvals.
		PendingApprovals,
		/// Nothing matches.
		Nothing,
	}

	impl<T> From<Denial> for Error<T> {
		fn from(d: Denial) -> Self {
			match d {
				Denial::NoRecord => Error::RecordNotFound,
				Denial::Expired => Error::GrantExpired,
				Denial::Revoked => Error::GrantRevoked,
				Denial::PendingApprovals => Error::ApprovalsMissing,
				Denial::Nothing => Error::NotAuthorised,
			}
		}
	}

	impl<T: Config> Pallet<T> {
		fn now() -> BlockNumberFor<T> {
			frame_system::Pallet::<T>::block_number()
		}

		fn owner_of(record: &RecordId) -> Result<T::AccountId, Error<T>> {
			let latest = T::Records::latest_version(record).ok_or(Error::<T>::RecordNotFound)?;
			Ok(T::Records::anchor(record, latest)
				.ok_or(Error::<T>::RecordNotFound)?
				.owner)
		}

		/// Whether a grant in `scope` needs the owner's approvals: when the owner has a policy
		/// and the grant may cover a private record.
		fn needs_approvals(owner: &T::AccountId, scope: &Scope) -> bool {
			if !Policies::<T>::contains_key(owner) {
				return false;
			}
			match scope {
				Scope::Record(r) => T::Records::latest_version(r)
					.and_then(|v| T::Records::anchor(r, v))
					.is_some_and(|a| a.level == SecurityLevel::Private),
				Scope::Class(_) | Scope::All => true,
			}
		}

		fn create_grant(
			owner: T::AccountId,
			grantee: T::AccountId,
			scope: Scope,
			purpose: PurposeOfUse,
			expires_at: BlockNumberFor<T>,
			envelope: Option<CidOf<T>>,
		) -> Result<GrantId, DispatchError> {
			ensure!(grantee != owner, Error::<T>::SelfGrant);
			let now = Self::now();
			ensure!(expires_at > now, Error::<T>::ExpiryInPast);
			let pending = Self::needs_approvals(&owner, &scope);
			let grant = NextGrantId::<T>::get();
			GranteeGrants::<T>::try_mutate(&grantee, |gs| gs.try_push(grant))
				.map_err(|_| Error::<T>::TooManyGrants)?;
			NextGrantId::<T>::put(grant + 1);
			Grants::<T>::insert(
				grant,
				Grant {
					owner: owner.clone(),
					grantee: grantee.clone(),
					scope,
					purpose,
					envelope,
					granted_at: now,
					expires_at,
					revoked_at: None,
					status: if pending {
						GrantStatus::PendingApprovals { approvals: 0 }
					} else {
						GrantStatus::Active { since: now }
					},
					approved_by: BoundedVec::new(),
				},
			);
			OwnerGrants::<T>::insert(&owner, grant, ());
			Self::deposit_event(Event::AccessGranted {
				grant,
				owner,
				grantee,
				scope,
				purpose,
				expires_at,
				pending_approvals: pending,
			});
			Ok(grant)
		}

		/// On what basis `who` may read `record` at block `at`, or the most specific denial.
		pub fn basis_at(
			who: &T::AccountId,
			record: &RecordId,
			at: BlockNumberFor<T>,
		) -> Result<AccessBasis, Denial> {
			let latest = T::Records::latest_version(record).ok_or(Denial::NoRecord)?;
			let anchor = T::Records::anchor(record, latest).ok_or(Denial::NoRecord)?;
			if &anchor.owner == who {
				return Ok(AccessBasis::Owner);
			}
			let mut denial = Denial::Nothing;
			for id in GranteeGrants::<T>::get(who) {
				let Some(g) = Grants::<T>::get(id) else {
					continue;
				};
				let covers = g.owner == anchor.owner
					&& match g.scope {
						Scope::Record(r) => &r == record,
						Scope::Class(c) => c == anchor.class,
						Scope::All => true,
					};
				if !covers || g.granted_at > at {
					continue;
				}
				match (&g.status, g.revoked_at) {
					(_, Some(revoked)) if revoked <= at => denial = Denial::Revoked,
					_ if at >= g.expires_at => denial = Denial::Expired,
					(GrantStatus::PendingApprovals { .. }, _) => denial = Denial::PendingApprovals,
					(GrantStatus::Active { since }, _) if *since > at => {
						denial = Denial::PendingApprovals
					}
					(GrantStatus::Active { .. }, _) => return Ok(AccessBasis::Grant(id)),
				}
			}
			if let Some(id) = LatestEmergency::<T>::get(who, &anchor.owner) {
				if let Some((from, until)) = Emergencies::<T>::get(id).and_then(|e| e.window) {
					if from <= at && at < until {
						return Ok(AccessBasis::Emergency(id));
					}
				}
			}
			Err(denial)
		}

		/// Whether `who` may read `record` now (nobody may read an erased record).
		pub fn can_access(who: &T::AccountId, record: &RecordId) -> Option<AccessBasis> {
			let latest = T::Records::latest_version(record)?;
			if T::Records::anchor(record, latest)?.erased {
				return None;
			}
			Self::basis_at(who, record, Self::now()).ok()
		}

		/// Whether `who` was allowed to read `record` at block `at` (grants keep their history).
		pub fn was_authorised(
			who: &T::AccountId,
			record: &RecordId,
			at: BlockNumberFor<T>,
		) -> bool {
			Self::basis_at(who, record, at).is_ok()
		}

		/// The grants an owner made (current and past), up to 100.
		pub fn grants_of(owner: &T::AccountId) -> Vec<(GrantId, GrantOf<T>)> {
			OwnerGrants::<T>::iter_key_prefix(owner)
				.take(100)
				.filter_map(|id| Grants::<T>::get(id).map(|g| (id, g)))
				.collect()
		}

		/// Requests waiting for `owner`'s decision (up to 100).
		pub fn pending_requests(owner: &T::AccountId) -> Vec<(RequestId, RequestOf<T>)> {
			semres_primitives::page::<OwnerRequests<T>, _, _, _>(owner, None, MAX_PAGE)
				.into_iter()
				.filter_map(|(id, ())| Requests::<T>::get(id).map(|r| (id, r)))
				.collect()
		}

		/// Removes `owner`'s open request `id`, for a decision on it.
		fn take_request(
			owner: &T::AccountId,
			id: RequestId,
		) -> Result<RequestOf<T>, DispatchError> {
			let r = Requests::<T>::take(id).ok_or(Error::<T>::RequestNotFound)?;
			ensure!(&r.owner == owner, Error::<T>::NotOwner);
			OwnerRequests::<T>::remove(owner, id);
			Ok(r)
		}

		/// Entries `from ..` (at most `limit`, at most 100) of a record's access log.
		pub fn access_log(
			record: &RecordId,
			from: u32,
			limit: u32,
		) -> Vec<AccessLogEntry<T::AccountId, BlockNumberFor<T>>> {
			(from..from.saturating_add(limit.min(100)))
				.map_while(|i| AccessLog::<T>::get(record, i))
				.collect()
		}

		/// The invariants of the pallet's storage.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let next = NextGrantId::<T>::get();
			for (id, g) in Grants::<T>::iter() {
				ensure!(id < next, "grant ids below the counter");
				ensure!(
					GranteeGrants::<T>::get(&g.grantee).contains(&id),
					"grantee index"
				);
				ensure!(OwnerGrants::<T>::contains_key(&g.owner, id), "owner index");
				ensure!(g.owner != g.grantee, "no self grants");
			}
			for (id, r) in Requests::<T>::iter() {
				ensure!(
					OwnerRequests::<T>::contains_key(&r.owner, id),
					"request index"
				);
			}
			for (owner, id, ()) in OwnerRequests::<T>::iter() {
				ensure!(
					Requests::<T>::get(id).is_some_and(|r| r.owner == owner),
					"indexed requests exist"
				);
			}
			for (record, len) in AccessLogLen::<T>::iter() {
				ensure!(
					AccessLog::<T>::contains_key(record, len.saturating_sub(1)) || len == 0,
					"log length"
				);
				ensure!(
					!AccessLog::<T>::contains_key(record, len),
					"no entry past the length"
				);
			}
			let (officers, threshold) = EmergencyOfficers::<T>::get();
			ensure!(
				officers.is_empty() || (threshold >= 1 && threshold as usize <= officers.len()),
				"officer threshold"
			);
			Ok(())
		}
	}

	impl<T: Config> RolesInspect<T::AccountId> for Pallet<T> {
		fn has_role(who: &T::AccountId, role: Role) -> bool {
			Members::<T>::contains_key(who, role)
		}

		fn institution_of(who: &T::AccountId) -> Option<T::AccountId> {
			Members::<T>::get(who, Role::Practitioner).and_then(|m| m.institution)
		}
	}
}
