//! # Records pallet
//!
//! Anchors SMeRs (Secured encrypted Medical Records) on chain, as the SEMRES paper's block holds
//! them (Fig. 6): the EMR owner, the authority person (author of the version), the data index
//! (CID of the SMeR in DERy), the hash of the SMeR, the authority status (whom it is encrypted
//! for), the owner's signature, block and time. Payment links to anchors from pallet `Payment`.
//!
//! - The owner anchors directly, or a registered practitioner submits with the owner's
//!   signature over [`Pallet::signing_payload`] (bound to the genesis hash and the owner's
//!   nonce: no replay, no cross-chain reuse). Either way the chain proves the owner's consent.
//! - `amend_record` adds a version (a new SMeR after a medical service); nothing is overwritten.
//! - `erase_record` crypto-shreds a record after the retention period unless governance holds
//!   it: the anchors stay as tombstones, the authority status is removed, and off-chain the SMeR
//!   and its key envelopes are deleted, so its data key is gone.
//! - Queries for apps and auditors: [`Pallet::record`], [`Pallet::history`],
//!   [`Pallet::records_of`], [`Pallet::verify`], [`Pallet::signing_payload`].
//!
//! No health data goes on chain: only hashes, CIDs, pseudonymous accounts and codes.

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

/// Domain separation of the owner's anchor signature.
pub const ANCHOR_CONTEXT: &[u8] = b"SEMRES anchor v1";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, UnixTime},
	};
	use frame_system::pallet_prelude::*;
	use semres_primitives::{
		AnchorInfo, RecordClass, RecordId, RecordsInspect, RolesInspect, SecurityLevel, SmerHash,
		Version,
	};
	use sp_runtime::traits::{IdentifyAccount, Saturating, Verify, Zero};

	/// The anchor type of this runtime.
	pub type AnchorOf<T> = Anchor<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxCidLen,
		<T as Config>::MaxRecipients,
	>;
	/// A SMeR reference with this runtime's CID bound.
	pub type SmerRefOf<T> = SmerRef<<T as Config>::MaxCidLen>;
	/// The accounts a SMeR is encrypted for.
	pub type RecipientsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRecipients>;
	/// Record information with this runtime's types.
	pub type RecordInfoOf<T> =
		RecordInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// The owner's consent with this runtime's signature type.
	pub type ConsentOf<T> = OwnerConsent<<T as Config>::OwnerSignature>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Signature of an owner over an anchor payload (the runtime's `MultiSignature`).
		type OwnerSignature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;
		/// The consortium registry: who may submit anchors on an owner's behalf.
		type Roles: RolesInspect<Self::AccountId>;
		/// May place and lift legal holds.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Wall-clock time for the anchors' time field.
		type Time: UnixTime;
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

	/// Records by id.
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Identity, RecordId, RecordInfoOf<T>>;

	/// Anchors by record and version (1-based).
	#[pallet::storage]
	pub type Anchors<T: Config> =
		StorageDoubleMap<_, Identity, RecordId, Twox64Concat, Version, AnchorOf<T>>;

	/// The records of each owner (for paged listing).
	#[pallet::storage]
	pub type OwnerRecords<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, RecordId, ()>;

	/// Which record version each anchored SMeR hash belongs to (a SMeR is anchored once).
	#[pallet::storage]
	pub type SmerIndex<T: Config> = StorageMap<_, Identity, SmerHash, (RecordId, Version)>;

	/// Each owner's next consent nonce: a signature is valid for exactly one anchor.
	#[pallet::storage]
	pub type OwnerNonces<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record was anchored (its first version).
		RecordAnchored {
			record: RecordId,
			owner: T::AccountId,
			author: T::AccountId,
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
	}

	#[pallet::error]
	pub enum Error<T> {
		/// A record with this id already exists.
		RecordExists,
		/// No record with this id.
		RecordNotFound,
		/// Only the record's owner may do this.
		NotOwner,
		/// Someone other than the owner submitted without the owner's signature.
		OwnerSignatureMissing,
		/// The owner's signature does not verify over the anchor payload.
		BadOwnerSignature,
		/// The consent's nonce is not the owner's next nonce (replayed or out of order).
		StaleNonce,
		/// The submitter is neither the owner nor a registered practitioner or hospital.
		NotRegisteredPractitioner,
		/// This SMeR hash is already anchored.
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
		/// Anchor the first version of a record.
		///
		/// Origin: the owner, or a registered practitioner or hospital carrying the owner's
		/// `consent` (signature over [`Pallet::signing_payload`] with version 1).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::anchor_record(recipients.len() as u32))]
		pub fn anchor_record(
			origin: OriginFor<T>,
			record: RecordId,
			owner: T::AccountId,
			smer: SmerRefOf<T>,
			recipients: RecipientsOf<T>,
			class: RecordClass,
			level: SecurityLevel,
			consent: Option<ConsentOf<T>>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			ensure!(
				!Records::<T>::contains_key(record),
				Error::<T>::RecordExists
			);
			let authorisation = Self::check_consent(
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
			let now = frame_system::Pallet::<T>::block_number();
			Self::put_anchor(record, 1, &submitter, &smer, recipients, authorisation)?;
			Records::<T>::insert(
				record,
				RecordInfo {
					owner: owner.clone(),
					class,
					level,
					versions: 1,
					updated_at: now,
					erased_at: None,
					legal_hold: false,
				},
			);
			OwnerRecords::<T>::insert(&owner, record, ());
			Self::deposit_event(Event::RecordAnchored {
				record,
				owner,
				author: submitter,
				class,
				level,
				smer_hash: smer.smer_hash,
				cid: smer.cid,
			});
			Ok(())
		}

		/// Anchor a new version of a record (after a medical service: re-encrypted, verified,
		/// stored again). Same origins as [`Pallet::anchor_record`]; the consent covers the new
		/// version number.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::amend_record(recipients.len() as u32))]
		pub fn amend_record(
			origin: OriginFor<T>,
			record: RecordId,
			smer: SmerRefOf<T>,
			recipients: RecipientsOf<T>,
			consent: Option<ConsentOf<T>>,
		) -> DispatchResult {
			let submitter = ensure_signed(origin)?;
			let mut info = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
			ensure!(info.erased_at.is_none(), Error::<T>::RecordErased);
			ensure!(
				info.versions < T::MaxVersions::get(),
				Error::<T>::TooManyVersions
			);
			let version = info.versions + 1;
			let authorisation = Self::check_consent(
				&submitter,
				&info.owner,
				&record,
				version,
				&smer,
				&recipients,
				info.class,
				info.level,
				consent,
			)?;
			Self::put_anchor(
				record,
				version,
				&submitter,
				&smer,
				recipients,
				authorisation,
			)?;
			info.versions = version;
			info.updated_at = frame_system::Pallet::<T>::block_number();
			Records::<T>::insert(record, info);
			Self::deposit_event(Event::RecordAmended {
				record,
				version,
				author: submitter,
				smer_hash: smer.smer_hash,
				cid: smer.cid,
			});
			Ok(())
		}

		/// Erase a record by crypto-shredding: its owner, once the retention period after the
		/// latest version has passed and no legal hold applies. Anchors stay as tombstones
		/// (hash, CID, author, time) with their authority status removed.
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
			Self::deposit_event(Event::RecordErased { record, owner: who });
			Ok(Some(T::WeightInfo::erase_record(versions)).into())
		}

		/// Place (`hold = true`) or lift a legal hold, which blocks erasure.
		///
		/// Origin: the governance origin.
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
	}

	impl<T: Config> Pallet<T> {
		/// The bytes an owner signs to consent to `version` of `record` being anchored with
		/// these contents: `(ANCHOR_CONTEXT, genesis hash, record, version, owner, smer,
		/// recipients, class, level, nonce)`, SCALE-encoded. Wallets that wrap signed bytes in
		/// `<Bytes>...</Bytes>` (polkadot.js extensions) are accepted too.
		#[allow(clippy::too_many_arguments)]
		pub fn signing_payload(
			record: &RecordId,
			version: Version,
			owner: &T::AccountId,
			smer: &SmerRefOf<T>,
			recipients: &RecipientsOf<T>,
			class: RecordClass,
			level: SecurityLevel,
			nonce: u64,
		) -> Vec<u8> {
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			(
				ANCHOR_CONTEXT,
				genesis,
				record,
				version,
				owner,
				smer,
				recipients,
				class,
				level,
				nonce,
			)
				.encode()
		}

		#[allow(clippy::too_many_arguments)]
		fn check_consent(
			submitter: &T::AccountId,
			owner: &T::AccountId,
			record: &RecordId,
			version: Version,
			smer: &SmerRefOf<T>,
			recipients: &RecipientsOf<T>,
			class: RecordClass,
			level: SecurityLevel,
			consent: Option<ConsentOf<T>>,
		) -> Result<Authorisation, DispatchError> {
			ensure!(!smer.cid.is_empty(), Error::<T>::EmptyCid);
			ensure!((1..=5).contains(&smer.suite), Error::<T>::UnknownSuite);
			ensure!(!recipients.is_empty(), Error::<T>::NoRecipients);
			if submitter == owner {
				return Ok(Authorisation::OwnerSubmitted);
			}
			ensure!(
				T::Roles::is_care_provider(submitter),
				Error::<T>::NotRegisteredPractitioner
			);
			let consent = consent.ok_or(Error::<T>::OwnerSignatureMissing)?;
			ensure!(
				consent.nonce == OwnerNonces::<T>::get(owner),
				Error::<T>::StaleNonce
			);
			let payload = Self::signing_payload(
				record,
				version,
				owner,
				smer,
				recipients,
				class,
				level,
				consent.nonce,
			);
			let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
			ensure!(
				consent.signature.verify(&payload[..], owner)
					|| consent.signature.verify(&wrapped[..], owner),
				Error::<T>::BadOwnerSignature
			);
			OwnerNonces::<T>::insert(owner, consent.nonce + 1);
			Ok(Authorisation::OwnerSigned {
				nonce: consent.nonce,
			})
		}

		fn put_anchor(
			record: RecordId,
			version: Version,
			author: &T::AccountId,
			smer: &SmerRefOf<T>,
			recipients: RecipientsOf<T>,
			authorisation: Authorisation,
		) -> DispatchResult {
			ensure!(
				!SmerIndex::<T>::contains_key(smer.smer_hash),
				Error::<T>::DuplicateSmer
			);
			SmerIndex::<T>::insert(smer.smer_hash, (record, version));
			Anchors::<T>::insert(
				record,
				version,
				Anchor {
					author: author.clone(),
					smer: smer.clone(),
					recipients,
					anchored_at: frame_system::Pallet::<T>::block_number(),
					time: T::Time::now().as_millis() as u64,
					authorisation,
				},
			);
			Ok(())
		}

		/// A record's information.
		pub fn record(record: &RecordId) -> Option<RecordInfoOf<T>> {
			Records::<T>::get(record)
		}

		/// Versions `from ..= from + limit - 1` of a record (at most 100), oldest first.
		pub fn history(
			record: &RecordId,
			from: Version,
			limit: u32,
		) -> Vec<(Version, AnchorOf<T>)> {
			let from = from.max(1);
			(from..from.saturating_add(limit.min(100)))
				.map_while(|v| Anchors::<T>::get(record, v).map(|a| (v, a)))
				.collect()
		}

		/// Up to `limit` (at most 100) of an owner's record ids, after `start_after` if given,
		/// in storage order: pass the last id of a page to get the next.
		pub fn records_of(
			owner: &T::AccountId,
			start_after: Option<RecordId>,
			limit: u32,
		) -> Vec<RecordId> {
			semres_primitives::page::<OwnerRecords<T>, _, _, _>(owner, start_after, limit)
				.into_iter()
				.map(|(record, ())| record)
				.collect()
		}

		/// Whether `smer_hash` is the hash of a version of `record`.
		pub fn verify(record: &RecordId, smer_hash: &SmerHash) -> Verification {
			let Some(info) = Records::<T>::get(record) else {
				return Verification::Unknown;
			};
			if info.erased_at.is_some() {
				return Verification::Erased;
			}
			match SmerIndex::<T>::get(smer_hash) {
				Some((r, version)) if &r == record => Verification::Match { version },
				_ => Verification::Mismatch,
			}
		}

		/// The invariants of the pallet's storage.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			for (record, info) in Records::<T>::iter() {
				ensure!(info.versions >= 1, "a record has at least one version");
				ensure!(
					OwnerRecords::<T>::contains_key(&info.owner, record),
					"owner index"
				);
				for v in 1..=info.versions {
					let a = Anchors::<T>::get(record, v).ok_or("every version is anchored")?;
					ensure!(
						SmerIndex::<T>::get(a.smer.smer_hash) == Some((record, v)),
						"hash index points at the version"
					);
					ensure!(
						info.erased_at.is_none() || a.recipients.is_empty(),
						"erased records keep no authority status"
					);
				}
				ensure!(
					!Anchors::<T>::contains_key(record, info.versions + 1),
					"no extra version"
				);
			}
			for (record, _) in Anchors::<T>::iter_keys() {
				ensure!(
					Records::<T>::contains_key(record),
					"anchors belong to records"
				);
			}
			Ok(())
		}
	}

	impl<T: Config> RecordsInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
		fn latest_version(record: &RecordId) -> Option<Version> {
			Records::<T>::get(record).map(|r| r.versions)
		}

		fn anchor(
			record: &RecordId,
			version: Version,
		) -> Option<AnchorInfo<T::AccountId, BlockNumberFor<T>>> {
			let info = Records::<T>::get(record)?;
			let a = Anchors::<T>::get(record, version)?;
			Some(AnchorInfo {
				owner: info.owner,
				author: a.author,
				class: info.class,
				level: info.level,
				anchored_at: a.anchored_at,
				erased: info.erased_at.is_some(),
			})
		}
	}
}
