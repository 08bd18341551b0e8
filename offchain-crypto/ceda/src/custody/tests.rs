//! Custody, against an attacker: fewer than t shares, forged shares, shares replayed to another
//! request or reader, shares of another context, custodians releasing what is not theirs.

use semres_smer::{anchor_hash, Metadata};

use super::*;
use crate::{inspect, open::unlock_key, open_bytes, seal_bytes, KeyAlgorithm, SealOptions, Unlock};

const RECORD: &[u8] = b"<MyHealthBank><r1.9>Type 2 diabetes</r1.9></MyHealthBank>";

struct Fixture {
	smer: Vec<u8>,
	header: Header,
	key: DataKey,
	custodians: Vec<PrivateKey>,
	reader: PrivateKey,
	ctx: CustodyContext,
}

fn x25519() -> PrivateKey {
	PrivateKey::generate(KeyAlgorithm::X25519).unwrap()
}

/// A SMeR sealed for its owner, and a 3-of-4 committee.
fn fixture() -> Fixture {
	let owner = x25519();
	let metadata = Metadata {
		record_id: [0x11; 32],
		owner: [0x22; 32],
		created_at: 1_767_225_600,
		content_type: "application/x-mhb+xml".into(),
	};
	let (smer, _) = seal_bytes(
		RECORD,
		&[owner.public_key().clone()],
		&SealOptions::new(metadata),
	)
	.unwrap();
	let prefix = inspect(&smer[..]).unwrap();
	let key = unlock_key(&prefix, &Unlock::Key(&owner)).unwrap();
	Fixture {
		smer,
		header: prefix.header.clone(),
		key,
		custodians: (0..4).map(|_| x25519()).collect(),
		reader: x25519(),
		ctx: CustodyContext {
			genesis: [0x6e; 32],
			smer: header_digest(&prefix.header_bytes),
			epoch: 3,
		},
	}
}

impl Fixture {
	fn publics(&self) -> Vec<PublicKey> {
		self.custodians
			.iter()
			.map(|k| k.public_key().clone())
			.collect()
	}
	fn shares(&self) -> Vec<CustodyShare> {
		split(&self.key, 3, &self.publics(), &self.ctx).unwrap()
	}
	/// Custodian `i` releases its share for `request` to the reader.
	fn released(&self, shares: &[CustodyShare], i: usize, request: u64) -> ReleasedShare {
		release(
			&self.custodians[i],
			&shares[i],
			&self.ctx,
			request,
			self.reader.public_key(),
		)
		.unwrap()
	}
}

#[test]
fn any_three_of_four_released_shares_recover_the_key_that_opens_the_smer() {
	let f = fixture();
	let shares = f.shares();
	assert_eq!(
		shares.iter().map(|s| s.index).collect::<Vec<_>>(),
		[1, 2, 3, 4]
	);
	for left_out in 0..4 {
		let released: Vec<_> = (0..4)
			.filter(|i| *i != left_out)
			.map(|i| f.released(&shares, i, 7))
			.collect();
		let key = recover(&f.reader, &released, 3, &f.ctx, 7, &f.header).unwrap();
		assert_eq!(key.as_bytes(), f.key.as_bytes());
		let (plain, _) = open_bytes(&f.smer, &Unlock::DataKey(&key), None).unwrap();
		assert_eq!(plain, RECORD);
	}
}

#[test]
fn fewer_than_three_shares_recover_nothing_and_a_guessed_third_fails_the_commitment() {
	let f = fixture();
	let shares = f.shares();
	let two: Vec<_> = (0..2).map(|i| f.released(&shares, i, 7)).collect();
	assert!(matches!(
		recover(&f.reader, &two, 3, &f.ctx, 7, &f.header),
		Err(CedaError::NotEnoughShares { have: 2, need: 3 })
	));
	// The same share twice counts once.
	let twice = [two.clone(), two.clone()].concat();
	assert!(matches!(
		recover(&f.reader, &twice, 3, &f.ctx, 7, &f.header),
		Err(CedaError::NotEnoughShares { have: 2, need: 3 })
	));
	// Two real shares and a third made up by someone who can seal to the reader: the combined
	// key is wrong, and the commitment says so instead of handing out a wrong key.
	let mut forged = two;
	let guess = vec![0x5a; f.key.as_bytes().len()];
	forged.push(ReleasedShare {
		index: 3,
		sealed: seal_to_hpke(
			f.reader.public_key(),
			&f.ctx.release_info(3, 7, &f.reader.public_key().key_id()),
			&[],
			&guess,
		)
		.unwrap(),
	});
	assert!(matches!(
		recover(&f.reader, &forged, 3, &f.ctx, 7, &f.header),
		Err(CedaError::KeyCommitmentMismatch)
	));
}

#[test]
fn a_share_released_for_one_request_and_reader_opens_for_no_other() {
	let f = fixture();
	let shares = f.shares();
	let released: Vec<_> = (0..3).map(|i| f.released(&shares, i, 7)).collect();
	assert!(matches!(
		recover(&f.reader, &released, 3, &f.ctx, 8, &f.header),
		Err(CedaError::UnwrapFailed)
	));
	let other = x25519();
	assert!(matches!(
		recover(&other, &released, 3, &f.ctx, 7, &f.header),
		Err(CedaError::UnwrapFailed)
	));
	// Nor for another SMeR (refused by name), epoch or chain.
	let other_smer = CustodyContext {
		smer: [0; 32],
		..f.ctx
	};
	assert!(matches!(
		recover(&f.reader, &released, 3, &other_smer, 7, &f.header),
		Err(CedaError::ForeignSmer(_))
	));
	for ctx in [
		CustodyContext { epoch: 4, ..f.ctx },
		CustodyContext {
			genesis: [0; 32],
			..f.ctx
		},
	] {
		assert!(matches!(
			recover(&f.reader, &released, 3, &ctx, 7, &f.header),
			Err(CedaError::UnwrapFailed)
		));
	}
}

#[test]
fn custodians_release_only_their_own_share_in_its_own_context() {
	let f = fixture();
	let shares = f.shares();
	assert!(matches!(
		release(
			&f.custodians[1],
			&shares[0],
			&f.ctx,
			7,
			f.reader.public_key()
		),
		Err(CedaError::NotARecipient { .. })
	));
	// A share relabelled as another custodian's is refused by the HPKE aad.
	let relabelled = CustodyShare {
		custodian: f.custodians[1].public_key().key_id(),
		..shares[0].clone()
	};
	assert!(matches!(
		release(
			&f.custodians[1],
			&relabelled,
			&f.ctx,
			7,
			f.reader.public_key()
		),
		Err(CedaError::UnwrapFailed)
	));
	// Or as another index.
	let reindexed = CustodyShare {
		index: 2,
		..shares[0].clone()
	};
	assert!(matches!(
		release(
			&f.custodians[0],
			&reindexed,
			&f.ctx,
			7,
			f.reader.public_key()
		),
		Err(CedaError::UnwrapFailed)
	));
	let other_epoch = CustodyContext { epoch: 9, ..f.ctx };
	assert!(matches!(
		release(
			&f.custodians[0],
			&shares[0],
			&other_epoch,
			7,
			f.reader.public_key()
		),
		Err(CedaError::UnwrapFailed)
	));
}

#[test]
fn shares_do_not_open_another_records_smer() {
	let f = fixture();
	let g = fixture();
	let shares = f.shares();
	let released: Vec<_> = (0..3).map(|i| f.released(&shares, i, 7)).collect();
	// Same record id (the fixtures share it), another SMeR: refused by name.
	assert!(matches!(
		recover(&f.reader, &released, 3, &f.ctx, 7, &g.header),
		Err(CedaError::ForeignSmer(_))
	));
}

#[test]
fn committees_are_checked() {
	let f = fixture();
	let keys = f.publics();
	for (t, keys) in [
		(1, keys.clone()),
		(5, keys.clone()),
		(2, vec![keys[0].clone(), keys[0].clone()]),
	] {
		assert!(matches!(
			split(&f.key, t, &keys, &f.ctx),
			Err(CedaError::Custody(_))
		));
	}
	let rsa = PrivateKey::generate(KeyAlgorithm::Rsa2048).unwrap();
	let mixed = vec![keys[0].clone(), rsa.public_key().clone()];
	assert!(matches!(
		split(&f.key, 2, &mixed, &f.ctx),
		Err(CedaError::SuiteMismatch(_))
	));
}

/// A SMeR sealed with a 3-of-4 custody plan for `genesis`, and its parts.
fn sealed_with_custody(owner: &PrivateKey, custodians: &[PrivateKey]) -> Vec<u8> {
	let metadata = Metadata {
		record_id: [0x11; 32],
		owner: [0x22; 32],
		created_at: 1_767_225_600,
		content_type: "application/x-mhb+xml".into(),
	};
	let plan = CustodyPlan {
		genesis: [0x6e; 32],
		epoch: 3,
		threshold: 3,
		custodians: custodians.iter().map(|k| k.public_key().clone()).collect(),
	};
	let opts = SealOptions::new(metadata).with_custody(plan);
	seal_bytes(RECORD, &[owner.public_key().clone()], &opts)
		.unwrap()
		.0
}

#[test]
fn a_smer_sealed_with_custody_opens_from_released_shares_without_the_owner() {
	let owner = x25519();
	let custodians: Vec<_> = (0..4).map(|_| x25519()).collect();
	let reader = x25519();
	let smer = sealed_with_custody(&owner, &custodians);
	let prefix = inspect(&smer[..]).unwrap();
	let section = prefix.custody.as_ref().unwrap();
	assert_eq!(
		(section.epoch, section.threshold, section.shares.len()),
		(3, 3, 4)
	);
	// Custodians 2, 3 and 4 answer request 7; the owner is not involved.
	let released: Vec<_> = custodians[1..]
		.iter()
		.map(|c| release_from(c, &prefix, [0x6e; 32], 7, reader.public_key()).unwrap())
		.collect();
	let unlock = Unlock::Custody {
		reader: &reader,
		shares: &released,
		genesis: [0x6e; 32],
		request: 7,
	};
	let (plain, _) = open_bytes(&smer, &unlock, Some(&anchor_hash(&smer))).unwrap();
	assert_eq!(plain, RECORD);
	// Another chain's custodians' releases do not open it.
	let foreign = Unlock::Custody {
		reader: &reader,
		shares: &released,
		genesis: [0; 32],
		request: 7,
	};
	assert!(matches!(
		open_bytes(&smer, &foreign, None),
		Err(CedaError::UnwrapFailed)
	));
	// Someone outside the committee has no share to release.
	assert!(matches!(
		release_from(&reader, &prefix, [0x6e; 32], 7, reader.public_key()),
		Err(CedaError::NotARecipient { .. })
	));
	// The owner still opens it alone.
	let (plain, _) = open_bytes(&smer, &Unlock::Key(&owner), None).unwrap();
	assert_eq!(plain, RECORD);
}

#[test]
fn custody_shares_swapped_or_stripped_after_sealing_fail_the_header_mac() {
	let owner = x25519();
	let custodians: Vec<_> = (0..4).map(|_| x25519()).collect();
	let smer = sealed_with_custody(&owner, &custodians);
	let prefix = inspect(&smer[..]).unwrap();
	let payload = &smer[prefix.len..];
	let rebuild = |p: &SmerPrefix| [p.encode().unwrap(), payload.to_vec()].concat();
	// A share replaced by one sealed to the attacker's own key (valid lengths, old MAC).
	let attacker = x25519();
	let mut swapped = prefix.clone();
	let share = &mut swapped.custody.as_mut().unwrap().shares[0];
	share.custodian = attacker.public_key().key_id();
	share.sealed = seal_to_hpke(attacker.public_key(), b"x", &[], &[0; 32]).unwrap();
	// The whole custody section removed.
	let mut stripped = prefix.clone();
	stripped.custody = None;
	// An envelope for the attacker added beside the owner's.
	let mut added = prefix.clone();
	added.envelopes.push(semres_smer::Envelope {
		key_id: attacker.public_key().key_id(),
		wrapped: prefix.envelopes[0].wrapped.clone(),
	});
	for forged in [swapped, stripped, added] {
		let bytes = rebuild(&forged);
		assert_ne!(
			anchor_hash(&bytes),
			anchor_hash(&smer),
			"the anchor hash sees it first"
		);
		assert!(matches!(
			open_bytes(&bytes, &Unlock::Key(&owner), None),
			Err(CedaError::HeaderMacMismatch)
		));
	}
}
