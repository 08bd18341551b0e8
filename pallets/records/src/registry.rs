//! The registry itself: creating records and versions, the queries, and what the other
//! pallets see of it ([`RecordsInspect`], [`ServiceRecords`]).

use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchError, DispatchResult},
	traits::{Get, UnixTime},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{
	record_id, AnchorInfo, AnchorTarget, RecordClass, RecordId, RecordSummary, RecordsInspect,
	RolesInspect, SecurityLevel, ServiceId, ServiceRecords, SmerHash, Version, MAX_PAGE,
};

use crate::*;

impl<T: Config> Pallet<T> {
	/// Creates `owner`'s record `record` with its first version (settling `settled_by` when
	/// a service's provider anchors it).
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn create_record(
		record: RecordId,
		owner: &T::AccountId,
		class: RecordClass,
		level: SecurityLevel,
		author: &T::AccountId,
		smer: SmerRefOf<T>,
		recipients: RecipientsOf<T>,
		authorisation: Authorisation,
		settled_by: Option<ServiceId>,
	) -> Result<(), DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let (smer_hash, cid) = (smer.smer_hash, smer.cid.clone());
		let institution = Self::put_anchor(
			record,
			1,
			author,
			smer,
			recipients,
			authorisation,
			settled_by,
		)?;
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
		OwnerRecords::<T>::insert(owner, record, ());
		Self::deposit_event(Event::RecordAnchored {
			record,
			owner: owner.clone(),
			author: author.clone(),
			institution,
			class,
			level,
			smer_hash,
			cid,
		});
		Ok(())
	}

	/// A record that can take another version.
	pub(crate) fn amendable(record: &RecordId) -> Result<RecordInfoOf<T>, DispatchError> {
		let info = Records::<T>::get(record).ok_or(Error::<T>::RecordNotFound)?;
		ensure!(info.erased_at.is_none(), Error::<T>::RecordErased);
		ensure!(
			info.versions < T::MaxVersions::get(),
			Error::<T>::TooManyVersions
		);
		Ok(info)
	}

	/// Adds the next version to `record` (`info` from [`Self::amendable`]); returns it.
	pub(crate) fn add_version(
		record: RecordId,
		mut info: RecordInfoOf<T>,
		author: &T::AccountId,
		smer: SmerRefOf<T>,
		recipients: RecipientsOf<T>,
		authorisation: Authorisation,
		settled_by: Option<ServiceId>,
	) -> Result<Version, DispatchError> {
		let version = info.versions + 1;
		let (smer_hash, cid) = (smer.smer_hash, smer.cid.clone());
		let institution = Self::put_anchor(
			record,
			version,
			author,
			smer,
			recipients,
			authorisation,
			settled_by,
		)?;
		info.versions = version;
		info.updated_at = frame_system::Pallet::<T>::block_number();
		Records::<T>::insert(record, info);
		Self::deposit_event(Event::RecordAmended {
			record,
			version,
			author: author.clone(),
			institution,
			smer_hash,
			cid,
		});
		Ok(version)
	}

	/// Stores an anchor and its hash index entry, holding its deposit on the author; returns
	/// the institution the author acted for (none when the owner anchors their own record).
	fn put_anchor(
		record: RecordId,
		version: Version,
		author: &T::AccountId,
		smer: SmerRefOf<T>,
		recipients: RecipientsOf<T>,
		authorisation: Authorisation,
		settled_by: Option<ServiceId>,
	) -> Result<Option<T::AccountId>, DispatchError> {
		ensure!(
			!SmerIndex::<T>::contains_key(record, smer.smer_hash),
			Error::<T>::DuplicateSmer
		);
		let institution = match authorisation {
			Authorisation::OwnerSubmitted => None,
			_ => T::Roles::institution_for(author),
		};
		let deposit = Self::take_deposit(author, version == 1)?;
		SmerIndex::<T>::insert(record, smer.smer_hash, version);
		Anchors::<T>::insert(
			record,
			version,
			Anchor {
				author: author.clone(),
				institution: institution.clone(),
				smer,
				recipients,
				anchored_at: frame_system::Pallet::<T>::block_number(),
				time: T::Time::now().as_millis() as u64,
				authorisation,
				settled_by,
				deposit: Some(deposit),
			},
		);
		Ok(institution)
	}

	/// A record's information.
	pub fn record(record: &RecordId) -> Option<RecordInfoOf<T>> {
		Records::<T>::get(record)
	}

	/// Versions `from ..= from + limit - 1` of a record (at most [`MAX_PAGE`]), oldest first.
	pub fn history(record: &RecordId, from: Version, limit: u32) -> Vec<(Version, AnchorOf<T>)> {
		let from = from.max(1);
		(from..from.saturating_add(limit.min(MAX_PAGE)))
			.map_while(|v| Anchors::<T>::get(record, v).map(|a| (v, a)))
			.collect()
	}

	/// Up to `limit` (at most [`MAX_PAGE`]) of an owner's record ids, after `start_after` if
	/// given, in storage order: pass the last id of a page to get the next.
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

	/// The id of `owner`'s record with `salt`.
	pub fn record_id(owner: &T::AccountId, salt: &[u8; 32]) -> RecordId {
		record_id(owner, salt)
	}

	/// Whether `smer_hash` is the hash of a version of `record`; a match names the record's
	/// owner and the version's author.
	pub fn verify(record: &RecordId, smer_hash: &SmerHash) -> Verification<T::AccountId> {
		let Some(info) = Records::<T>::get(record) else {
			return Verification::Unknown;
		};
		if info.erased_at.is_some() {
			return Verification::Erased;
		}
		let anchor = SmerIndex::<T>::get(record, smer_hash)
			.and_then(|version| Anchors::<T>::get(record, version).map(|a| (version, a)));
		match anchor {
			Some((version, a)) => Verification::Match {
				owner: info.owner,
				author: a.author,
				version,
			},
			None => Verification::Mismatch,
		}
	}
}

impl<T: Config> RecordsInspect<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn record(record: &RecordId) -> Option<RecordSummary<T::AccountId, BlockNumberFor<T>>> {
		Records::<T>::get(record).map(|info| RecordSummary {
			owner: info.owner,
			class: info.class,
			level: info.level,
			latest: info.versions,
			erased_at: info.erased_at,
		})
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
			institution: a.institution,
			anchored_at: a.anchored_at,
			erased_at: info.erased_at,
			settled: a.settled_by,
		})
	}
}

impl<T: Config> ServiceRecords<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	type MaxCidLen = T::MaxCidLen;
	type MaxRecipients = T::MaxRecipients;

	fn anchor_for_service(
		author: &T::AccountId,
		owner: &T::AccountId,
		target: AnchorTarget,
		smer: SmerRefOf<T>,
		recipients: BoundedVec<T::AccountId, T::MaxRecipients>,
		service: ServiceId,
	) -> Result<(RecordId, Version), DispatchError> {
		Self::check_contents(&smer, &recipients)?;
		let authorisation = Authorisation::Booking { service };
		match target {
			AnchorTarget::New { salt, class, level } => {
				let record = record_id(owner, &salt);
				ensure!(
					!Records::<T>::contains_key(record),
					Error::<T>::RecordExists
				);
				Self::create_record(
					record,
					owner,
					class,
					level,
					author,
					smer,
					recipients,
					authorisation,
					Some(service),
				)?;
				Ok((record, 1))
			}
			AnchorTarget::Amend(record) => {
				let info = Self::amendable(&record)?;
				ensure!(&info.owner == owner, Error::<T>::NotOwner);
				let version = Self::add_version(
					record,
					info,
					author,
					smer,
					recipients,
					authorisation,
					Some(service),
				)?;
				Ok((record, version))
			}
		}
	}

	fn settle(record: &RecordId, version: Version, service: ServiceId) -> DispatchResult {
		Anchors::<T>::try_mutate(record, version, |a| {
			let a = a.as_mut().ok_or(Error::<T>::AnchorNotFound)?;
			ensure!(a.settled_by.is_none(), Error::<T>::AlreadySettled);
			a.settled_by = Some(service);
			Ok(())
		})
	}
}
