//! The key registry: publish, rotate, revoke; revoked keys make room for new ones.

use frame_support::{ensure, pallet_prelude::*};
use semres_primitives::{is_known_suite, SuiteId, H256};

use crate::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_key(
		who: T::AccountId,
		suite: SuiteId,
		spki: BoundedVec<u8, T::MaxKeyLen>,
	) -> DispatchResult {
		ensure!(is_known_suite(suite), Error::<T>::UnknownSuite);
		ensure!(!spki.is_empty(), Error::<T>::EmptyKey);
		let key = H256(sp_io::hashing::sha2_256(&spki));
		let now = Self::now();
		let mut keys = Keys::<T>::get(&who);
		ensure!(
			!keys.iter().any(|k| k.id == key),
			Error::<T>::KeyAlreadyRegistered
		);
		for k in keys
			.iter_mut()
			.filter(|k| k.suite == suite && k.revoked_at.is_none())
		{
			k.revoked_at = Some(now);
		}
		if keys.is_full() {
			let oldest = keys
				.iter()
				.position(|k| k.revoked_at.is_some())
				.ok_or(Error::<T>::TooManyKeys)?;
			let pruned = keys.remove(oldest);
			Self::return_deposit(&who, pruned.deposit)?;
			Self::deposit_event(Event::KeyPruned {
				who: who.clone(),
				key: pruned.id,
			});
		}
		let deposit = Self::take_deposit::<PublishedKeyOf<T>>(&who)?;
		keys.try_push(PublishedKey {
			id: key,
			suite,
			spki,
			registered_at: now,
			revoked_at: None,
			deposit: Some(deposit),
		})
		.map_err(|_| Error::<T>::TooManyKeys)?;
		Keys::<T>::insert(&who, keys);
		Self::deposit_event(Event::KeyRegistered { who, key, suite });
		Ok(())
	}

	pub(crate) fn do_revoke_key(who: T::AccountId, key: KeyId) -> DispatchResult {
		Keys::<T>::try_mutate(&who, |keys| -> DispatchResult {
			let k = keys
				.iter_mut()
				.find(|k| k.id == key)
				.ok_or(Error::<T>::KeyNotFound)?;
			ensure!(k.revoked_at.is_none(), Error::<T>::KeyAlreadyRevoked);
			k.revoked_at = Some(Self::now());
			Ok(())
		})?;
		Self::deposit_event(Event::KeyRevoked { who, key });
		Ok(())
	}

	/// `who`'s current key of `suite`, if any.
	pub fn current_key(who: &T::AccountId, suite: SuiteId) -> Option<PublishedKeyOf<T>> {
		Keys::<T>::get(who)
			.into_iter()
			.find(|k| k.suite == suite && k.revoked_at.is_none())
	}
}
