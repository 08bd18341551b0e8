//! Benchmarks (frame-benchmarking v2), each at its worst case. The runtime's weights are
//! generated from these by `semres-node benchmark pallet --pallet pallet_semres_records`.

use alloc::vec;

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Consideration, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use semres_primitives::{record_id, RecordClass, RecordId, SecurityLevel, H256};

use crate::*;

/// What the benchmarks need from the runtime: an owner account that can sign, and a
/// registered practitioner.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// An owner account whose key is in the benchmark keystore.
	fn owner() -> AccountId;
	/// The owner's signature over `payload`.
	fn sign(owner: &AccountId, payload: &[u8]) -> Signature;
	/// A registered practitioner (of a registered hospital).
	fn practitioner() -> AccountId;
}

/// A distinct hash per `n` (no `from_low_u64_be` in `no_std`).
fn h256(n: u64) -> H256 {
	let mut b = [0u8; 32];
	b[24..].copy_from_slice(&n.to_be_bytes());
	H256(b)
}

/// A SMeR reference with a CID of the longest allowed length.
fn smer<T: Config>(n: u32) -> SmerRefOf<T> {
	SmerRef {
		cid: BoundedVec::truncate_from(vec![7u8; T::MaxCidLen::get() as usize]),
		smer_hash: h256(n as u64 + 1),
		suite: 1,
	}
}

fn recipients<T: Config>(r: u32) -> RecipientsOf<T> {
	BoundedVec::truncate_from((0..r).map(|i| account("recipient", i, 0)).collect())
}

/// Funds `who` for a deposit.
fn fund<T: Config>(who: &T::AccountId) {
	T::Deposit::ensure_successful(who, Pallet::<T>::first_version_footprint());
}

const SALT: [u8; 32] = [1; 32];
const CLASS: RecordClass = RecordClass::Imaging;
const LEVEL: SecurityLevel = SecurityLevel::Private;

/// The owner's consent for `by`, signed over the wallet-wrapped payload: the worst case, in
/// which the plain signature check fails first.
fn consent<T: Config>(
	owner: &T::AccountId,
	by: &T::AccountId,
	record: &RecordId,
	version: u32,
	smer: &SmerRefOf<T>,
	to: &RecipientsOf<T>,
) -> ConsentOf<T> {
	let valid_until: BlockNumberFor<T> = 1_000u32.into();
	let epoch = ConsentEpochs::<T>::get(owner);
	let payload = Pallet::<T>::signing_payload(
		record,
		version,
		owner,
		by,
		smer,
		to,
		CLASS,
		LEVEL,
		valid_until,
		epoch,
	);
	let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
	OwnerConsent {
		submitter: by.clone(),
		valid_until,
		epoch,
		signature: T::BenchmarkHelper::sign(owner, &wrapped),
	}
}

/// Who submits: a practitioner with a consent (`c = 1`), or the owner.
fn submitter<T: Config>(owner: &T::AccountId, c: u32) -> T::AccountId {
	let by = if c == 1 {
		T::BenchmarkHelper::practitioner()
	} else {
		owner.clone()
	};
	fund::<T>(&by);
	by
}

/// A virtual patient identifier.
const VPI: H256 = H256([9; 32]);

/// The owner's record, its first version anchored by a practitioner with the owner's consent:
/// `(owner, practitioner, record)`.
fn anchored_by_practitioner<T: Config>() -> (T::AccountId, T::AccountId, RecordId) {
	let owner = T::BenchmarkHelper::owner();
	let by = submitter::<T>(&owner, 1);
	let record = record_id(&owner, &SALT);
	let (s, to) = (smer::<T>(0), recipients::<T>(1));
	let consent = consent::<T>(&owner, &by, &record, 1, &s, &to);
	Pallet::<T>::anchor_record(
		RawOrigin::Signed(by.clone()).into(),
		owner.clone(),
		SALT,
		s,
		to,
		CLASS,
		LEVEL,
		Some(consent),
	)
	.unwrap();
	(owner, by, record)
}

#[benchmarks]
mod benches {
	use super::*;

	#[benchmark]
	fn anchor_record(r: Linear<1, { T::MaxRecipients::get() }>, c: Linear<0, 1>) {
		let owner = T::BenchmarkHelper::owner();
		let by = submitter::<T>(&owner, c);
		let record = record_id(&owner, &SALT);
		let (s, to) = (smer::<T>(0), recipients::<T>(r));
		let consent = (c == 1).then(|| consent::<T>(&owner, &by, &record, 1, &s, &to));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(by),
			owner.clone(),
			SALT,
			s,
			to,
			CLASS,
			LEVEL,
			consent,
		);
		assert_eq!(Records::<T>::get(record).map(|i| i.versions), Some(1));
	}

	#[benchmark]
	fn amend_record(r: Linear<1, { T::MaxRecipients::get() }>, c: Linear<0, 1>) {
		let owner = T::BenchmarkHelper::owner();
		fund::<T>(&owner);
		let record = record_id(&owner, &SALT);
		Pallet::<T>::anchor_record(
			RawOrigin::Signed(owner.clone()).into(),
			owner.clone(),
			SALT,
			smer::<T>(0),
			recipients::<T>(1),
			CLASS,
			LEVEL,
			None,
		)
		.unwrap();
		let by = submitter::<T>(&owner, c);
		let (s, to) = (smer::<T>(1), recipients::<T>(r));
		let consent = (c == 1).then(|| consent::<T>(&owner, &by, &record, 2, &s, &to));
		#[extrinsic_call]
		_(RawOrigin::Signed(by), record, s, to, consent);
		assert_eq!(Records::<T>::get(record).map(|i| i.versions), Some(2));
	}

	// With an identifier to clear: the worst case.
	#[benchmark]
	fn erase_record(v: Linear<1, { T::MaxVersions::get() }>) {
		let owner: T::AccountId = whitelisted_caller();
		let record = record_id(&owner, &SALT);
		let to = recipients::<T>(T::MaxRecipients::get());
		for i in 0..v {
			fund::<T>(&owner);
			if i == 0 {
				Pallet::<T>::anchor_record(
					RawOrigin::Signed(owner.clone()).into(),
					owner.clone(),
					SALT,
					smer::<T>(0),
					to.clone(),
					CLASS,
					LEVEL,
					None,
				)
				.unwrap();
			} else {
				Pallet::<T>::amend_record(
					RawOrigin::Signed(owner.clone()).into(),
					record,
					smer::<T>(i),
					to.clone(),
					None,
				)
				.unwrap();
			}
		}
		T::Deposit::ensure_successful(&owner, Pallet::<T>::vpi_footprint());
		Pallet::<T>::set_vpi(RawOrigin::Signed(owner.clone()).into(), record, VPI).unwrap();
		let later = frame_system::Pallet::<T>::block_number() + T::RetentionPeriod::get();
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), record);
		assert!(Records::<T>::get(record).unwrap().erased_at.is_some());
		assert!(RecordVpi::<T>::get(record).is_none());
	}

	#[benchmark]
	fn set_legal_hold() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = whitelisted_caller();
		fund::<T>(&owner);
		let record = record_id(&owner, &SALT);
		Pallet::<T>::anchor_record(
			RawOrigin::Signed(owner.clone()).into(),
			owner.clone(),
			SALT,
			smer::<T>(0),
			recipients::<T>(1),
			CLASS,
			LEVEL,
			None,
		)
		.unwrap();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, record, true);
		assert!(Records::<T>::get(record).unwrap().legal_hold);
		Ok(())
	}

	#[benchmark]
	fn cancel_consents() {
		let owner: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()));
		assert_eq!(ConsentEpochs::<T>::get(&owner), 1);
	}

	// A care provider that anchored the first version: the role, author and refusal checks
	// (the owner's path reads less).
	#[benchmark]
	fn set_vpi() {
		let (_, by, record) = anchored_by_practitioner::<T>();
		T::Deposit::ensure_successful(&by, Pallet::<T>::vpi_footprint());
		#[extrinsic_call]
		_(RawOrigin::Signed(by.clone()), record, VPI);
		assert_eq!(Pallet::<T>::vpi_of(&record), Some((VPI, by)));
	}

	// The owner clears an identifier a care provider set: the refusal is written and the
	// setter's deposit released.
	#[benchmark]
	fn clear_vpi() {
		let (owner, by, record) = anchored_by_practitioner::<T>();
		T::Deposit::ensure_successful(&by, Pallet::<T>::vpi_footprint());
		Pallet::<T>::set_vpi(RawOrigin::Signed(by).into(), record, VPI).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), record);
		assert!(RecordVpi::<T>::get(record).is_none());
		assert!(VpiRefused::<T>::contains_key(record));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
