//! The pallet's storage invariants, checked by `try_state` and after every unit test.

use frame_support::ensure;

use crate::*;

impl<T: Config> Pallet<T> {
	/// Every record has its versions `1..=versions` anchored, each indexed by its hash in the
	/// record; every index entry points back at its record; erased records keep no authority
	/// status; identifiers belong to live records and are indexed both ways.
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
					SmerIndex::<T>::get(record, a.smer.smer_hash) == Some(v),
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
		for (record, hash, v) in SmerIndex::<T>::iter() {
			ensure!(
				Anchors::<T>::get(record, v).is_some_and(|a| a.smer.smer_hash == hash),
				"hash index entries name their anchor"
			);
		}
		for (owner, record, ()) in OwnerRecords::<T>::iter() {
			ensure!(
				Records::<T>::get(record).is_some_and(|r| r.owner == owner),
				"owner index names the owner's records"
			);
		}
		for (record, entry) in RecordVpi::<T>::iter() {
			ensure!(
				Records::<T>::get(record).is_some_and(|r| r.erased_at.is_none()),
				"identifiers belong to live records"
			);
			ensure!(
				VpiRecords::<T>::contains_key(entry.vpi, record),
				"identifier index"
			);
		}
		for (vpi, record, ()) in VpiRecords::<T>::iter() {
			ensure!(
				RecordVpi::<T>::get(record).is_some_and(|e| e.vpi == vpi),
				"identifier index entries name their record's identifier"
			);
		}
		for record in VpiRefused::<T>::iter_keys() {
			ensure!(
				Records::<T>::get(record).is_some_and(|r| r.erased_at.is_none()),
				"refusals belong to live records"
			);
		}
		Ok(())
	}
}
