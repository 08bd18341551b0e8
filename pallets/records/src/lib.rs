//! # Records pallet
//!
//! Anchors SMeRs (Secured encrypted Medical Records) on chain, as the SEMRES paper's block holds
//! them (Fig. 6): the EMR owner, the authority person (author of the version) and the
//! institution it acted for, the data index (CID of the SMeR in DERy), the hash of the SMeR, the
//! authority status (whom it is encrypted for), how the owner consented, block and time, and
//! the payment it settled.
//!
//! - **Namespaces.** A record's id is `record_id(owner, salt)`: nobody can take, copy or block
//!   another owner's id, and a SMeR hash is unique only within its record.
//! - **Consent.** The owner anchors directly; or a registered hospital or practitioner submits
//!   with the owner's signature over [`Pallet::signing_payload`], which names that submitter,
//!   the record version, a last valid block and the owner's consent epoch (bound to the genesis
//!   hash: no replay, no cross-chain reuse); or the provider of a service the owner booked
//!   anchors through pallet `Payment` ([`ServiceRecords`]). `cancel_consents` voids every
//!   consent the owner signed and nobody used yet.
//! - `amend_record` adds a version (a new SMeR after a medical service); nothing is overwritten.
//! - `erase_record` crypto-shreds a record after the retention period unless governance holds
//!   it: the anchors stay as tombstones and the authority status is removed; off chain, the SMeR
//!   and its key envelopes are deleted, so its data key is gone.
//! - **Deposits.** Each version's author holds a storage deposit (`Config::Deposit`) for as
//!   long as the anchor exists: anchors are permanent audit state.
//! - **Virtual patient identifiers** (paper 004, module `vpi`): a record may carry one
//!   pseudonymous lookup key, set by its owner or by the care provider that anchored it, so
//!   that consortium members holding the VPI secret find a patient's records from the national
//!   id without the chain learning it ([`Pallet::records_by_vpi`]).
//! - Queries for apps and auditors: [`Pallet::record`], [`Pallet::history`],
//!   [`Pallet::records_of`], [`Pallet::verify`], [`Pallet::signing_payload`],
//!   [`Pallet::records_by_vpi`], [`Pallet::vpi_of`].
//!
//! No health data goes on chain: only hashes, CIDs, pseudonymous accounts and codes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
mod consent;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod registry;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
mod vpi;
#[cfg(test)]
mod vpi_tests;
pub mod weights;

/// Domain separation of the owner's anchor signature.
pub const ANCHOR_CONTEXT: &[u8] = b"SEMRES anchor v2";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{Consideration, EnsureOrigin, Footprint, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{
		record_id, RecordClass, RecordId, RolesInspect, SecurityLevel, SmerHash, Version, Vpi,
	};
	use sp_runtime::traits::{IdentifyAccount, Saturating, Verify};

	/// The anchor type of this runtime.
	pub type AnchorOf<T> = Anchor<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
		<T as Config>::MaxRecipients,
		<T as Config>::Deposit,
	>;
	/// A SMeR reference with this runtime's CID bound.
	pub type SmerRefOf<T> = SmerRef<<T as Config>::MaxCidLen>;
	/// The accounts a SMeR is encrypted for.
	pub type RecipientsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRecipients>;
	/// Record information with this runtime's types.
	pub type RecordInfoOf<T> =
		RecordInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// The owner's consent with this runtime's types.
	pub type ConsentOf<T> = OwnerConsent<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::OwnerSignature,
	>;

	/// A record's identifier entry with this runtime's types.
	pub type VpiEntryOf<T> =
		VpiEntry<<T as frame_system::Config>::AccountId, <T as Config>::Deposit>;

	/// The storage layout: 1 namespaces record ids by owner, indexes SMeR hashes per record,
	/// records the author's institution and deposit, and replaces owner nonces by epochs;
	/// 2 adds virtual patient identifiers (new items only).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The storage deposit of an anchor, held on its author.
		StorageDeposit,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Signature of an owner over an anchor payload (the runtime's `MultiSignature`).
		type OwnerSignature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;
		/// The consortium registry: who may submit anchors on an owner's behalf, and for
		/// which institution.
		type Roles: RolesInspect<Self::AccountId>;
		/// May place and lift legal holds.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Wall-clock time for the anchors' time field.
		type Time: UnixTime;
		/// The storage deposit of an anchor (for a first version: of the record too), held on
		/// its author for as long as the anchor exists; priced from the items' `MaxEncodedLen`.
		type Deposit: Consideration<Self::AccountId, Footprint>;
		/// Blocks after a record's latest version before its owner may erase it.
		#[pallet::constant]
		type RetentionPeriod: Get<BlockNumberFor<Self>>;
		/// Longest CID, in bytes (a CIDv1 with a SHA-256 multihash is 36).
		#[pallet::constant]
		type MaxCidLen: Get<u32>;
		/// Most recipients (authority status entries) of one version.
		#[pallet::constant]
		type MaxRecipients: Get<u32>;
		/// Most versions of one record.
		#[pallet::constant]
		type MaxVersions: Get<u32>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// Accounts and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::BenchmarkHelper<
			Self::AccountId,
			Self::OwnerSignature,
		>;
	}

	/// Records by id (`record_id(owner, salt)`).
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Blake2_128Concat, RecordId, RecordInfoOf<T>>;

	/// Anchors by record and version (1-based).
	#[pallet::storage]
	pub type Anchors<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, RecordId, Twox64Concat, Version, AnchorOf<T>>;

	/// The records of each owner (for paged listing).
	#[pallet::storage]
	pub type OwnerRecords<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, RecordId, ()>;

	/// Which version of a record each of its SMeR hashes is (a SMeR is anchored once per
	/// record; other owners' records do not matter).
	#[pallet::storage]
	pub type SmerIndex<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, RecordId, Blake2_128Concat, SmerHash, Version>;

	/// Each owner's consent epoch: consents signed in an earlier epoch are void.
	#[pallet::storage]
	pub type ConsentEpochs<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Each record's virtual patient identifier, if it has one, with its setter and deposit.
	#[pallet::storage]
	pub type RecordVpi<T: Config> = StorageMap<_, Blake2_128Concat, RecordId, VpiEntryOf<T>>;

	/// The records under each virtual patient identifier (for paged lookup). Keys are hashed:
	/// identifiers are chosen by their setters.
	#[pallet::storage]
	pub type VpiRecords<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, Vpi, Blake2_128Concat, RecordId, ()>;

	/// Records whose owner refused an identifier: care providers cannot set one (the owner
	/// can). At most one per record, paid for by the record's first deposit.
	#[pallet::storage]
	pub type VpiRefused<T: Config> = StorageMap<_, Blake2_128Concat, RecordId, ()>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record was anchored (its first version).
		RecordAnchored {
			record: RecordId,
			owner: T::AccountId,
			author: T::AccountId,
			institution: Option<T::AccountId>,
			class: RecordClass,
			level: SecurityLevel,
			smer_hash: SmerHash,
			cid: BoundedVec<u8, T::MaxCidLen>,
		},
		/// A new version of a record was anchored.
		RecordAmended {
			record: RecordId,
			version: Version,
			author: T::AccountId,
			institution: Option<T::AccountId>,
			smer_hash: SmerHash,
			cid: BoundedVec<u8, T::MaxCidLen>,
		},
		/// A record was erased (crypto-shredded); its anchors remain as tombstones.
		RecordErased {
			record: RecordId,
			owner: T::AccountId,
		},
		/// Governance placed or lifted a legal hold on a record.
		LegalHoldSet { record: RecordId, hold: bool },
		/// An owner voided every unused consent: only consents of `epoch` are valid now.
		ConsentsCancelled { owner: T::AccountId, epoch: u32 },
		/// A record was given a virtual patient identifier.
		VpiSet {
			record: RecordId,
			vpi: Vpi,
			set_by: T::AccountId,
		},
		/// A record's identifier was cleared (if it had one); `refused` when its owner cleared
		/// it, which keeps care providers from setting one again.
		VpiCleared {
			record: RecordId,
			by: T::AccountId,
			refused: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The owner already has a record with this id (salt).
		RecordExists,
		/// No record with this id.
		RecordNotFound,
		/// Only the record's owner may do this.
		NotOwner,
		/// Someone other than the owner submitted without the owner's consent.
		OwnerSignatureMissing,
		/// The owner's signature does not verify over the anchor payload.
		BadOwnerSignature,
		/// The consent names another submitter.
		ConsentForAnotherSubmitter,
		/// The consent's last valid block has passed.
		ConsentExpired,
		/// The consent was signed in an earlier consent epoch: the owner cancelled it.
		ConsentCancelled,
		/// The submitter is neither the owner nor a registered practitioner or hospital.
		NotRegisteredPractitioner,
		/// This SMeR hash is already a version of this record.
		DuplicateSmer,
		/// The record has been erased.
		RecordErased,
		/// The retention period since the latest version has not elapsed.
		RetentionNotElapsed,
		/// The record is under a legal hold.
		LegalHold,
		/// The record has the maximum number of versions.
		TooManyVersions,
		/// The CID is empty.
		EmptyCid,
		/// The suite id is not a CEDA suite.
		UnknownSuite,
		/// A record must be encrypted for at least one account.
		NoRecipients,
		/// The author cannot pay the anchor's storage deposit.
		CannotPayDeposit,
		/// The anchor already settled a service.
		AlreadySettled,
		/// No anchor with this record and version.
		AnchorNotFound,
		/// The owner's consent epochs are exhausted.
		EpochsExhausted,
		/// Only the record's owner, or the care provider that anchored its first version, may
		/// set its identifier.
		NotOwnerOrFirstAuthor,
		/// The record's owner refused an identifier set by anyone else.
		VpiRefused,
		/// The record already has an identifier: clear it first.
		VpiAlreadySet,
		/// The record has no identifier.
		NoVpi,
		/// Only the record's owner, or whoever set its identifier, may clear it.
		NotOwnerOrSetter,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxCidLen::get() >= 36,
				"a CIDv1 with a SHA-256 multihash must fit"
			);
			assert!(
				T::MaxRecipients::get() >= 1,
				"a version has at least one recipient"
			);
			assert!(
				T::MaxVersions::get() >= 1,
				"a record has at least one version"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchor the first version of `owner`'s record `record_id(owner, salt)`.
		///
		/// - Origin: the owner; or a registered practitioner or hospital carrying the owner's
		///   `consent` (signature over [`Pallet::signing_payload`] with version 1, naming the
		///   submitter).
		/// - `smer`: CID, SHA-256 and suite of the SMeR; `recipients`: whom it is encrypted for.
		/// - Errors: `RecordExists`, `EmptyCid`, `UnknownSuite`, `NoRecipients`,
		///   `NotRegisteredPractitioner`, `OwnerSignatureMissing`, `ConsentForAnotherSubmitter`,
		///   `ConsentExpired`, `ConsentCancelled`, `BadOwnerSignature`, `CannotPayDeposit`.
		/// - Holds the anchor's deposit on the submitter. Complexity: O(recipients), one or
		///   two signature checks with a consent.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::anchor_record(
			recipients.len() as u32,
			consent.is_some() as u32,
		))]
		pub fn anchor_record(
			origin: OriginFor<T>,
			owner: T::AccountId,
			salt: [u8; 32],
			smer: SmerRefOf<T>,
			recipients: RecipientsOf<T>,
			class: RecordClass,
			level: SecurityLevel,
			consent: Option<ConsentOf<T>>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			let record = record_id(&owner, &salt);
			ensure!(
				!Records::<T>::contains_key(record),
				Error::<T>::RecordExists
			);
			let authorisation = Self::authorise(
				&submitter,
				&owner,
				&record,
				1,
				&smer,
				&recipients,
				class,
				level,
				consent,
			)?;
			Self::create_record(
				record,
				&owner,
				class,
				level,
				&submitter,
				smer,
				recipients,
				authorisation,
				None,
			)
		}

		/// Anchor a new version of a record (after a medical service: re-encrypted, verified,
		/// stored again).
		///
		/// - Origin: as [`Pallet::anchor_record`]; the consent covers the new version number.
		/// - Errors: `RecordNotFound`, `RecordErased`, `TooManyVersions`, `DuplicateSmer`, and
		///   those of `anchor_record`.
		/// - Holds the version's deposit on the submitter. Complexity: O(recipients).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::amend_record(
			recipients.len() as u32,
			consent.is_some() as u32,
		))]
		pub fn amend_record(
			origin: OriginFor<T>,
			record: RecordId,
			smer: SmerRefOf<T>,
			recipients: RecipientsOf<T>,
			consent: Option<ConsentOf<T>>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			let info = Self::amendable(&record)?;
			let authorisation = Self::authorise(
				&submitter,
				&info.owner,
				&record,
				info.versions + 1,
				&smer,
				&recipients,
				info.class,
				info.level,
				consent,
			)?;
			Self::add_version(
				record,
				info,
				&submitter,
				smer,
				recipients,
				authorisation,
				None,
			)
			.map(|_| ())
		}

		/// Erase a record by crypto-shredding, once the retention period after the latest
		/// version has passed and no legal hold applies. Anchors stay as tombstones (hash, CID,
		/// author, time, deposit) with their authority status removed; the record's virtual
		/// patient identifier, if any, is cleared (its deposit returned).
		///
		/// - Origin: the owner.
		/// - Errors: `RecordNotFound`, `NotOwner`, `RecordErased`, `LegalHold`,
		///   `RetentionNotElapsed`.
		/// - Complexity: O(versions); the unused part of the weight is refunded.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::erase_record(T::MaxVersions::get()))]
		pub fn erase_record(origin: OriginFor<T>, record: RecordId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut info = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(info.owner == who, Error::<T>::NotOwner);
			ensure!(info.erased_at.is_none(), Error::<T>::RecordErased);
			ensure!(!info.legal_hold, Error::<T>::LegalHold);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= info.updated_at.saturating_add(T::RetentionPeriod::get()),
				Error::<T>::RetentionNotElapsed
			);
			for version in 1..=info.versions {
				Anchors::<T>::mutate(record, version, |a| {
					if let Some(a) = a {
						a.recipients = BoundedVec::new();
					}
				});
			}
			info.erased_at = Some(now);
			let versions = info.versions;
			Records::<T>::insert(record, info);
			VpiRefused::<T>::remove(record);
			if Self::unlink_vpi(record)? {
				Self::deposit_event(Event::VpiCleared {
					record,
					by: who.clone(),
					refused: false,
				});
			}
			Self::deposit_event(Event::RecordErased { record, owner: who });
			Ok(Some(T::WeightInfo::erase_record(versions)).into())
		}

		/// Place (`hold = true`) or lift a legal hold, which blocks erasure.
		///
		/// - Origin: the governance origin.
		/// - Errors: `BadOrigin`, `RecordNotFound`. Complexity: O(1).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_legal_hold())]
		pub fn set_legal_hold(
			origin: OriginFor<T>,
			record: RecordId,
			hold: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Records::<T>::try_mutate(record, |info| -> DispatchResult {
				let info = info.as_mut().ok_or(Error::<T>::RecordNotFound)?;
				info.legal_hold = hold;
				Ok(())
			})?;
			Self::deposit_event(Event::LegalHoldSet { record, hold });
			Ok(())
		}

		/// Void every consent the caller signed and nobody used yet, by moving to the next
		/// consent epoch; consents signed from now on name the new epoch.
		///
		/// - Origin: any account (as an owner).
		/// - Errors: `EpochsExhausted` (after 2^32 cancellations). Complexity: O(1).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::cancel_consents())]
		pub fn cancel_consents(origin: OriginFor<T>) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let epoch = ConsentEpochs::<T>::try_mutate(&owner, |e| -> Result<u32, Error<T>> {
				*e = e.checked_add(1).ok_or(Error::<T>::EpochsExhausted)?;
				Ok(*e)
			})?;
			Self::deposit_event(Event::ConsentsCancelled { owner, epoch });
			Ok(())
		}

		/// Give `record` the virtual patient identifier `vpi` (derived off chain from the
		/// patient's national id under the consortium's VPI secret), so consortium members find
		/// it with [`Pallet::records_by_vpi`]. An owner setting it lifts their own refusal.
		///
		/// - Origin: the record's owner; or the care provider that anchored its first version,
		///   while registered, unless the owner refused.
		/// - Errors: `RecordNotFound`, `RecordErased`, `NotOwnerOrFirstAuthor`, `VpiRefused`,
		///   `VpiAlreadySet`, `CannotPayDeposit`.
		/// - Holds [`Pallet::vpi_footprint`]'s deposit on the caller. Complexity: O(1).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_vpi())]
		pub fn set_vpi(origin: OriginFor<T>, record: RecordId, vpi: Vpi) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_vpi(&who, record, vpi)
		}

		/// Clear `record`'s identifier, returning its setter's deposit. When the owner clears
		/// it, care providers cannot set one again (an owner may clear before any was set).
		///
		/// - Origin: the record's owner, or whoever set the identifier.
		/// - Errors: `RecordNotFound`, `RecordErased` (erasure cleared it), `NoVpi` (a
		///   non-owner, nothing set), `NotOwnerOrSetter`.
		/// - Complexity: O(1).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::clear_vpi())]
		pub fn clear_vpi(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_vpi(&who, record)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The deposit footprint of a record's first version: its anchor, the record entry,
		/// both indices and the owner's possible refusal of an identifier.
		pub fn first_version_footprint() -> Footprint {
			Footprint::from_mel::<(
				AnchorOf<T>,
				RecordInfoOf<T>,
				(T::AccountId, RecordId),
				(RecordId, SmerHash, Version),
				RecordId,
			)>()
		}

		/// The deposit footprint of a later version: its anchor and its hash index entry.
		pub fn amendment_footprint() -> Footprint {
			Footprint::from_mel::<(AnchorOf<T>, (RecordId, SmerHash, Version))>()
		}

		/// Holds a version's deposit on `author`.
		pub(crate) fn take_deposit(
			author: &T::AccountId,
			first: bool,
		) -> Result<T::Deposit, DispatchError> {
			let footprint = if first {
				Self::first_version_footprint()
			} else {
				Self::amendment_footprint()
			};
			T::Deposit::new(author, footprint).map_err(|_| Error::<T>::CannotPayDeposit.into())
		}
	}
}
