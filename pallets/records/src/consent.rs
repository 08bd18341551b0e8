//! The owner's consent to an anchor someone else submits: the signed payload and its checks.

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{ensure, pallet_prelude::DispatchError};
use frame_system::pallet_prelude::BlockNumberFor;
use semres_primitives::{
	is_known_suite, RecordClass, RecordId, RolesInspect, SecurityLevel, Version,
};
use sp_runtime::traits::{Verify, Zero};

use crate::*;

impl<T: Config> Pallet<T> {
	/// The bytes an owner signs to consent to `version` of `record` being anchored by
	/// `submitter` with these contents, until block `valid_until`, in consent epoch `epoch`:
	/// the SCALE encoding of `(ANCHOR_CONTEXT, genesis hash, record, version, owner, submitter,
	/// smer, recipients, class, level, valid_until, epoch)`. Wallets that wrap signed bytes in
	/// `<Bytes>...</Bytes>` (polkadot.js extensions) are accepted too.
	#[allow(clippy::too_many_arguments)]
	pub fn signing_payload(
		record: &RecordId,
		version: Version,
		owner: &T::AccountId,
		submitter: &T::AccountId,
		smer: &SmerRefOf<T>,
		recipients: &RecipientsOf<T>,
		class: RecordClass,
		level: SecurityLevel,
		valid_until: BlockNumberFor<T>,
		epoch: u32,
	) -> Vec<u8> {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		(
			ANCHOR_CONTEXT,
			genesis,
			record,
			version,
			owner,
			submitter,
			smer,
			recipients,
			class,
			level,
			valid_until,
			epoch,
		)
			.encode()
	}

	/// Checks a SMeR reference and its recipients.
	pub(crate) fn check_contents(
		smer: &SmerRefOf<T>,
		recipients: &RecipientsOf<T>,
	) -> Result<(), DispatchError> {
		ensure!(!smer.cid.is_empty(), Error::<T>::EmptyCid);
		ensure!(is_known_suite(smer.suite), Error::<T>::UnknownSuite);
		ensure!(!recipients.is_empty(), Error::<T>::NoRecipients);
		Ok(())
	}

	/// How the owner authorised `submitter` to anchor `version` of `record` with these
	/// contents: by submitting it themselves, or by a consent for exactly this submitter that is
	/// still valid and of the owner's current epoch.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn authorise(
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
		Self::check_contents(smer, recipients)?;
		if submitter == owner {
			return Ok(Authorisation::OwnerSubmitted);
		}
		ensure!(
			T::Roles::is_care_provider(submitter),
			Error::<T>::NotRegisteredPractitioner
		);
		let consent = consent.ok_or(Error::<T>::OwnerSignatureMissing)?;
		ensure!(
			&consent.submitter == submitter,
			Error::<T>::ConsentForAnotherSubmitter
		);
		ensure!(
			frame_system::Pallet::<T>::block_number() <= consent.valid_until,
			Error::<T>::ConsentExpired
		);
		ensure!(
			consent.epoch == ConsentEpochs::<T>::get(owner),
			Error::<T>::ConsentCancelled
		);
		let payload = Self::signing_payload(
			record,
			version,
			owner,
			submitter,
			smer,
			recipients,
			class,
			level,
			consent.valid_until,
			consent.epoch,
		);
		let verifies = consent.signature.verify(&payload[..], owner) || {
			let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
			consent.signature.verify(&wrapped[..], owner)
		};
		ensure!(verifies, Error::<T>::BadOwnerSignature);
		Ok(Authorisation::OwnerSigned {
			epoch: consent.epoch,
		})
	}
}
