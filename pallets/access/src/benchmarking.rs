//! Benchmarks (frame-benchmarking v2), each at its worst case. The runtime's weights are
//! generated from these by `semres-node benchmark pallet --pallet pallet_semres_access`.

use alloc::{vec, vec::Vec};

use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Consideration, EnsureOrigin, Footprint, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use semres_primitives::{PurposeOfUse, RecordId, Role, H256};

use crate::*;

/// What the benchmarks need from the runtime: a private record owned by `owner`.
pub trait BenchmarkHelper<AccountId> {
	/// Creates a private-level record owned by `owner` and returns its id.
	fn create_record(owner: &AccountId, seed: u32) -> RecordId;
}

const REASON: H256 = H256::repeat_byte(0xee);

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Funds `who` for a good number of deposits.
fn fund<T: Config>(who: &T::AccountId) {
	T::Deposit::ensure_successful(who, Footprint::from_parts(1, 200_000));
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who = account(name, i, 0);
	fund::<T>(&who);
	who
}

fn caller<T: Config>() -> T::AccountId {
	let who = whitelisted_caller();
	fund::<T>(&who);
	who
}

/// `n` accounts in descending order (the sort has the most to do).
fn accounts<T: Config>(name: &'static str, n: u32) -> AccountsOf<T> {
	let mut all: Vec<T::AccountId> = (0..n).map(|i| account(name, i, 0)).collect();
	all.sort();
	all.reverse();
	BoundedVec::truncate_from(all)
}

fn hospital<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let hospital: T::AccountId = account("hospital", 0, 0);
	if !Members::<T>::contains_key(&hospital, Role::Hospital) {
		Pallet::<T>::add_member(governance::<T>()?, hospital.clone(), Role::Hospital, None)?;
	}
	Ok(hospital)
}

fn member<T: Config>(who: &T::AccountId, role: Role) -> Result<(), BenchmarkError> {
	let hospital = hospital::<T>()?;
	Pallet::<T>::add_member(governance::<T>()?, who.clone(), role, Some(hospital))?;
	Ok(())
}

fn block<T: Config>(n: u32) -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number() + n.into()
}

fn grant<T: Config>(
	owner: &T::AccountId,
	grantee: &T::AccountId,
	scope: Scope,
	expires_at: BlockNumberFor<T>,
) -> GrantId {
	Pallet::<T>::grant_access(
		RawOrigin::Signed(owner.clone()).into(),
		grantee.clone(),
		scope,
		PurposeOfUse::Treatment,
		expires_at,
		None,
	)
	.expect("grant");
	NextGrantId::<T>::get() - 1
}

/// Fills the (grantee, owner) list: `dead` grants that have expired by the block after this
/// one, the rest live, so that the list is full when `dead > 0` (else one short of full).
fn fill_pair<T: Config>(owner: &T::AccountId, grantee: &T::AccountId, dead: u32) {
	let max = T::MaxGrantsPerPair::get();
	let live = if dead == 0 { max - 1 } else { max - dead };
	for _ in 0..dead {
		grant::<T>(owner, grantee, Scope::All, block::<T>(1));
	}
	for _ in 0..live {
		grant::<T>(owner, grantee, Scope::All, block::<T>(1_000));
	}
	frame_system::Pallet::<T>::set_block_number(block::<T>(1));
}

/// An approval policy of `MaxApprovers` approvers, all required.
fn strict_policy<T: Config>(owner: &T::AccountId) -> AccountsOf<T> {
	let approvers = accounts::<T>("approver", T::MaxApprovers::get());
	let threshold = approvers.len() as u32;
	Pallet::<T>::set_approval_policy(
		RawOrigin::Signed(owner.clone()).into(),
		approvers.clone(),
		threshold,
	)
	.expect("policy");
	approvers
}

fn officers<T: Config>(threshold: u32) -> Result<AccountsOf<T>, BenchmarkError> {
	let officers = accounts::<T>("officer", T::MaxApprovers::get());
	Pallet::<T>::set_emergency_officers(governance::<T>()?, officers.clone(), threshold)?;
	Ok(officers)
}

fn responder<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let responder = funded::<T>("responder", 0);
	member::<T>(&responder, Role::EmergencyResponder)?;
	Ok(responder)
}

fn open<T: Config>(responder: &T::AccountId, patient: &T::AccountId) -> EmergencyId {
	Pallet::<T>::open_emergency_access(
		RawOrigin::Signed(responder.clone()).into(),
		patient.clone(),
		REASON,
	)
	.expect("open");
	NextEmergencyId::<T>::get() - 1
}

fn activate<T: Config>(id: EmergencyId) {
	let officer: T::AccountId = account("officer", 0, 0);
	Pallet::<T>::cosign_emergency_access(RawOrigin::Signed(officer).into(), id).expect("cosign");
}

fn request<T: Config>(
	requester: &T::AccountId,
	owner: &T::AccountId,
	scope: Scope,
) -> Result<RequestId, BenchmarkError> {
	Pallet::<T>::request_access(
		RawOrigin::Signed(requester.clone()).into(),
		owner.clone(),
		scope,
		PurposeOfUse::Treatment,
		REASON,
	)?;
	Ok(NextRequestId::<T>::get() - 1)
}

#[benchmarks]
mod benches {
	use super::*;

	/// A full list: the rotation revokes the current key and prunes the oldest revoked one.
	#[benchmark]
	fn register_key() {
		let who = caller::<T>();
		let key = |b: u32| {
			let mut k = vec![7u8; T::MaxKeyLen::get() as usize];
			k[..4].copy_from_slice(&b.to_be_bytes());
			BoundedVec::truncate_from(k)
		};
		for b in 0..T::MaxKeysPerAccount::get() {
			Pallet::<T>::register_key(RawOrigin::Signed(who.clone()).into(), 1, key(b)).unwrap();
		}
		let new = key(u32::MAX);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1, new);
		assert_eq!(
			Keys::<T>::get(&who).len() as u32,
			T::MaxKeysPerAccount::get()
		);
	}

	/// The last key of a full list.
	#[benchmark]
	fn revoke_key() {
		let who = caller::<T>();
		for suite in 1..=5u8 {
			let spki = BoundedVec::truncate_from(vec![suite; T::MaxKeyLen::get() as usize]);
			Pallet::<T>::register_key(RawOrigin::Signed(who.clone()).into(), suite, spki).unwrap();
		}
		let last = Keys::<T>::get(&who).last().map(|k| k.id).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), last);
		assert!(Keys::<T>::get(&who).last().unwrap().revoked_at.is_some());
	}

	#[benchmark]
	fn add_member() -> Result<(), BenchmarkError> {
		let hospital = hospital::<T>()?;
		let who: T::AccountId = account("practitioner", 0, 0);
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			who.clone(),
			Role::Practitioner,
			Some(hospital),
		);
		assert!(Members::<T>::contains_key(&who, Role::Practitioner));
		Ok(())
	}

	/// A responder with `e` active emergency accesses, all closed by the removal.
	#[benchmark]
	fn remove_member(e: Linear<0, { T::EmergencyRateLimit::get() }>) -> Result<(), BenchmarkError> {
		officers::<T>(1)?;
		let responder = responder::<T>()?;
		for i in 0..e {
			let id = open::<T>(&responder, &account("patient", i, 0));
			activate::<T>(id);
		}
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			responder.clone(),
			Role::EmergencyResponder,
		);
		assert!(!Members::<T>::contains_key(
			&responder,
			Role::EmergencyResponder
		));
		Ok(())
	}

	/// A private record under a full approval policy, the largest envelope CID, and a full
	/// pair list with `p` dead grants to prune.
	#[benchmark]
	fn grant_access(p: Linear<0, { T::MaxGrantsPerPair::get() }>) {
		let owner = caller::<T>();
		let grantee: T::AccountId = account("grantee", 0, 0);
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		strict_policy::<T>(&owner);
		fill_pair::<T>(&owner, &grantee, p);
		let envelope = Some(BoundedVec::truncate_from(vec![
			1u8;
			T::MaxCidLen::get() as usize
		]));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			grantee.clone(),
			Scope::Record(record),
			PurposeOfUse::Treatment,
			block::<T>(100),
			envelope,
		);
		assert!(
			PairGrants::<T>::get(&grantee, &owner).len() as u32 >= T::MaxGrantsPerPair::get() - p
		);
	}

	#[benchmark]
	fn revoke_access() {
		let owner = caller::<T>();
		let g = grant::<T>(
			&owner,
			&account("grantee", 0, 0),
			Scope::All,
			block::<T>(100),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), g);
		assert!(Grants::<T>::get(g).unwrap().revoked_at.is_some());
	}

	/// A requester one request below its bound.
	#[benchmark]
	fn request_access() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = account("owner", 0, 0);
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let requester = caller::<T>();
		member::<T>(&requester, Role::Practitioner)?;
		for _ in 1..T::MaxOpenRequests::get() {
			request::<T>(&requester, &owner, Scope::All)?;
		}
		#[extrinsic_call]
		_(
			RawOrigin::Signed(requester.clone()),
			owner,
			Scope::Record(record),
			PurposeOfUse::Treatment,
			REASON,
		);
		assert_eq!(
			OpenRequests::<T>::get(&requester),
			T::MaxOpenRequests::get()
		);
		Ok(())
	}

	/// As `grant_access`, from a request.
	#[benchmark]
	fn approve_request(p: Linear<0, { T::MaxGrantsPerPair::get() }>) -> Result<(), BenchmarkError> {
		let owner = caller::<T>();
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let requester = funded::<T>("requester", 0);
		member::<T>(&requester, Role::Practitioner)?;
		strict_policy::<T>(&owner);
		let r = request::<T>(&requester, &owner, Scope::Record(record))?;
		fill_pair::<T>(&owner, &requester, p);
		let envelope = Some(BoundedVec::truncate_from(vec![
			1u8;
			T::MaxCidLen::get() as usize
		]));
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), r, block::<T>(100), envelope);
		assert!(!Requests::<T>::contains_key(r));
		Ok(())
	}

	#[benchmark]
	fn reject_request() -> Result<(), BenchmarkError> {
		let owner: T::AccountId = whitelisted_caller();
		let requester = funded::<T>("requester", 0);
		member::<T>(&requester, Role::Practitioner)?;
		let r = request::<T>(&requester, &owner, Scope::All)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), r);
		assert!(!Requests::<T>::contains_key(r));
		Ok(())
	}

	/// Replacing a policy in force (a scheduled change), `MaxApprovers` approvers to sort.
	#[benchmark]
	fn set_approval_policy() {
		let owner = caller::<T>();
		strict_policy::<T>(&owner);
		let approvers = accounts::<T>("other-approver", T::MaxApprovers::get());
		let threshold = approvers.len() as u32;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), approvers, threshold);
		assert!(Policies::<T>::get(&owner).unwrap().pending.is_some());
	}

	/// The last required approval activates the grant.
	#[benchmark]
	fn approve_grant() {
		let owner = caller::<T>();
		let approvers = strict_policy::<T>(&owner);
		let g = grant::<T>(
			&owner,
			&account("grantee", 0, 0),
			Scope::All,
			block::<T>(100),
		);
		let (last, others) = approvers.split_last().unwrap();
		for a in others {
			Pallet::<T>::approve_grant(RawOrigin::Signed(a.clone()).into(), g).unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), g);
		assert!(matches!(
			Grants::<T>::get(g).unwrap().status,
			GrantStatus::Active { .. }
		));
	}

	/// One opening below the rate limit, all to the same patient, `MaxApprovers` officers to
	/// snapshot.
	#[benchmark]
	fn open_emergency_access() -> Result<(), BenchmarkError> {
		officers::<T>(T::MaxApprovers::get())?;
		let responder = responder::<T>()?;
		let patient: T::AccountId = account("patient", 0, 0);
		for _ in 1..T::EmergencyRateLimit::get() {
			open::<T>(&responder, &patient);
		}
		#[extrinsic_call]
		_(
			RawOrigin::Signed(responder.clone()),
			patient.clone(),
			REASON,
		);
		assert_eq!(
			PairEmergencies::<T>::get(&responder, &patient).len() as u32,
			T::EmergencyRateLimit::get()
		);
		Ok(())
	}

	/// The last required co-signature activates the access.
	#[benchmark]
	fn cosign_emergency_access() -> Result<(), BenchmarkError> {
		let officers = officers::<T>(T::MaxApprovers::get())?;
		let responder = responder::<T>()?;
		let id = open::<T>(&responder, &account("patient", 0, 0));
		let (last, others) = officers.split_last().unwrap();
		for o in others {
			Pallet::<T>::cosign_emergency_access(RawOrigin::Signed(o.clone()).into(), id)?;
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), id);
		assert!(Emergencies::<T>::get(id).unwrap().window.is_some());
		Ok(())
	}

	#[benchmark]
	fn review_emergency_access() -> Result<(), BenchmarkError> {
		officers::<T>(1)?;
		let responder = responder::<T>()?;
		let reviewer: T::AccountId = whitelisted_caller();
		member::<T>(&reviewer, Role::PrivacyOfficer)?;
		let id = open::<T>(&responder, &account("patient", 0, 0));
		activate::<T>(id);
		frame_system::Pallet::<T>::set_block_number(block::<T>(0) + T::EmergencyDuration::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(reviewer), id);
		assert!(Emergencies::<T>::get(id).unwrap().reviewed_by.is_some());
		Ok(())
	}

	#[benchmark]
	fn set_emergency_officers() -> Result<(), BenchmarkError> {
		let officers = accounts::<T>("officer", T::MaxApprovers::get());
		let threshold = officers.len() as u32;
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, officers, threshold);
		Ok(())
	}

	/// The access decision (`AccessInspect::may_read`, which `Custody.request_key` and
	/// `release_share` ask): the reader holds `g` grants of the owner that do not cover the
	/// record, and `e` emergency accesses to the owner, of which only the last is active.
	#[benchmark]
	fn check_access(
		g: Linear<0, { T::MaxGrantsPerPair::get() }>,
		e: Linear<1, { T::MaxEmergenciesPerPair::get() }>,
	) -> Result<(), BenchmarkError> {
		let owner = caller::<T>();
		let record = T::BenchmarkHelper::create_record(&owner, 0);
		let other = T::BenchmarkHelper::create_record(&owner, 1);
		let reader = responder::<T>()?;
		for _ in 0..g {
			grant::<T>(&owner, &reader, Scope::Record(other), block::<T>(1_000));
		}
		// Written directly: opening this many goes past the rate limit.
		let officers = officers::<T>(1)?;
		let now = block::<T>(0);
		let mut ids = Vec::new();
		for i in 0..e {
			let id = NextEmergencyId::<T>::get();
			NextEmergencyId::<T>::put(id + 1);
			let window = (i + 1 == e).then(|| (now, now + T::EmergencyDuration::get()));
			Emergencies::<T>::insert(
				id,
				EmergencyAccess {
					responder: reader.clone(),
					patient: owner.clone(),
					reason: REASON,
					opened_at: now,
					officers: SignerSet {
						signers: officers.clone(),
						threshold: 1,
					},
					cosigners: BoundedVec::truncate_from(vec![officers[0].clone()]),
					window,
					closed_at: None,
					reviewed_by: None,
					deposit: None,
				},
			);
			ids.push(id);
		}
		PairEmergencies::<T>::insert(&reader, &owner, BoundedVec::truncate_from(ids));
		let basis;
		#[block]
		{
			basis = Pallet::<T>::basis_at(&reader, &record, now);
		}
		assert!(matches!(basis, Ok(AccessBasis::Emergency(_))));
		Ok(())
	}

	/// A revoked grant at the end of a full pair list.
	#[benchmark]
	fn prune_grant() {
		let owner = caller::<T>();
		let grantee: T::AccountId = account("grantee", 0, 0);
		fill_pair::<T>(&owner, &grantee, 0);
		let g = grant::<T>(&owner, &grantee, Scope::All, block::<T>(100));
		Pallet::<T>::revoke_access(RawOrigin::Signed(owner).into(), g).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(account("anyone", 0, 0)), g);
		assert!(!Grants::<T>::contains_key(g));
	}

	#[benchmark]
	fn withdraw_request() -> Result<(), BenchmarkError> {
		let requester = caller::<T>();
		member::<T>(&requester, Role::Practitioner)?;
		let r = request::<T>(&requester, &account("owner", 0, 0), Scope::All)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(requester), r);
		assert!(!Requests::<T>::contains_key(r));
		Ok(())
	}

	#[benchmark]
	fn prune_request() -> Result<(), BenchmarkError> {
		let requester = caller::<T>();
		member::<T>(&requester, Role::Practitioner)?;
		let r = request::<T>(&requester, &account("owner", 0, 0), Scope::All)?;
		frame_system::Pallet::<T>::set_block_number(block::<T>(0) + T::RequestTtl::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(account("anyone", 0, 0)), r);
		assert!(!Requests::<T>::contains_key(r));
		Ok(())
	}

	#[benchmark]
	fn close_emergency_access() -> Result<(), BenchmarkError> {
		officers::<T>(1)?;
		let responder = responder::<T>()?;
		let id = open::<T>(&responder, &account("patient", 0, 0));
		activate::<T>(id);
		#[extrinsic_call]
		_(RawOrigin::Signed(responder), id);
		assert!(Emergencies::<T>::get(id).unwrap().closed_at.is_some());
		Ok(())
	}

	/// A reviewed emergency access first in a pair list of `EmergencyRateLimit`.
	#[benchmark]
	fn prune_emergency() -> Result<(), BenchmarkError> {
		officers::<T>(1)?;
		let responder = responder::<T>()?;
		let patient: T::AccountId = whitelisted_caller();
		let id = open::<T>(&responder, &patient);
		for _ in 1..T::EmergencyRateLimit::get() {
			open::<T>(&responder, &patient);
		}
		activate::<T>(id);
		frame_system::Pallet::<T>::set_block_number(block::<T>(0) + T::EmergencyDuration::get());
		Pallet::<T>::review_emergency_access(RawOrigin::Signed(patient).into(), id)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(account("anyone", 0, 0)), id);
		assert!(!Emergencies::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
