//! Custody: the consortium holds a SMeR's data key jointly, so that no reader gets it without
//! a request the chain authorises (issue 12; paper 002's access without the patient).
//!
//! - **Split** ([`split`]): the data key is split t-of-n with Shamir's scheme over GF(2^8)
//!   (`vsss-rs`), one share per custodian of the committee, each HPKE-sealed to that
//!   custodian's custody key with `info` binding it to the chain (genesis hash), the SMeR (the
//!   SHA-256 of its preamble and header, which name the record and commit to the key), the
//!   committee epoch and the share index, and `aad` naming the custodian's key. The shares
//!   travel in the SMeR's custody section (format version 2), under its anchor hash and header
//!   MAC. Fewer than t shares say nothing about the key (information-theoretically).
//! - **Release** ([`release`]): a custodian opens its own share and seals it again, to the
//!   reader's registered HPKE key, bound also to the key request's id and the reader's key: a
//!   released share opens for that reader and that request only.
//! - **Recover** ([`recover`]): the reader opens t released shares, combines them and checks the
//!   result against the SMeR header's key commitment, so that a wrong, stale or forged share
//!   gives a named error, never a wrong key.
//!
//! A custodian never holds more than its own share; the chain only ever carries sealed shares.

pub use semres_smer::{Custody, CustodyShare};
use semres_smer::{Header, KeyId, SmerPrefix};
use vsss_rs::Gf256;
use zeroize::Zeroizing;

use crate::{
	schedule::derive_checked,
	seal::header_digest,
	wrap::{open_from_hpke, seal_to_hpke},
	CedaError, DataKey, PrivateKey, PublicKey,
};

/// The most custodians a committee may have (Shamir over GF(2^8) allows 255).
pub const MAX_CUSTODIANS: usize = 64;

const CUSTODY_INFO: &[u8] = b"SEMRES custody v2";
const RELEASE_INFO: &[u8] = b"SEMRES release v2";

/// What a custody share is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustodyContext {
	/// The chain's genesis hash: no share moves to another chain.
	pub genesis: [u8; 32],
	/// SHA-256 of the SMeR's preamble and header (its payload's associated data): the record
	/// id, the suite and the key commitment, so no share moves to another SMeR.
	pub smer: [u8; 32],
	/// The custody committee's epoch the shares were made for.
	pub epoch: u32,
}

/// How to split a new SMeR's data key: the chain, the committee and its threshold.
#[derive(Clone, Debug)]
pub struct CustodyPlan {
	/// The chain's genesis hash.
	pub genesis: [u8; 32],
	/// The committee's epoch (on chain: `Custody.CurrentEpoch`).
	pub epoch: u32,
	/// Shares that recover the key.
	pub threshold: u8,
	/// The committee's custody keys, in share order.
	pub custodians: Vec<PublicKey>,
}

impl CustodyContext {
	/// The context of the shares in a version 2 SMeR with `prefix`, on the chain `genesis`.
	pub fn of(genesis: [u8; 32], prefix: &SmerPrefix) -> Result<Self, CedaError> {
		let custody = prefix.custody.as_ref().ok_or(CedaError::NoCustody)?;
		Ok(CustodyContext {
			genesis,
			smer: header_digest(&prefix.header_bytes),
			epoch: custody.epoch,
		})
	}

	/// `label || genesis || smer || epoch || index` (integers little-endian).
	fn info(&self, label: &[u8], index: u8) -> Vec<u8> {
		let mut info = Vec::with_capacity(label.len() + 69);
		info.extend_from_slice(label);
		info.extend_from_slice(&self.genesis);
		info.extend_from_slice(&self.smer);
		info.extend_from_slice(&self.epoch.to_le_bytes());
		info.push(index);
		info
	}

	/// The `info` of a share released for `request` to the reader with key `reader`.
	fn release_info(&self, index: u8, request: u64, reader: &KeyId) -> Vec<u8> {
		let mut info = self.info(RELEASE_INFO, index);
		info.extend_from_slice(&request.to_le_bytes());
		info.extend_from_slice(reader);
		info
	}
}

/// A share a custodian sealed again for one reader and one key request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleasedShare {
	/// The share's index.
	pub index: u8,
	/// HPKE `enc || ct`, to the reader's key.
	pub sealed: Vec<u8>,
}

/// The custody section of a new SMeR under `key`, whose preamble and header hash to `smer`.
pub(crate) fn section(
	key: &DataKey,
	plan: &CustodyPlan,
	smer: [u8; 32],
) -> Result<Custody, CedaError> {
	let ctx = CustodyContext {
		genesis: plan.genesis,
		smer,
		epoch: plan.epoch,
	};
	Ok(Custody {
		epoch: plan.epoch,
		threshold: plan.threshold,
		shares: split(key, plan.threshold, &plan.custodians, &ctx)?,
	})
}

/// Splits `key` `threshold`-of-`custodians.len()` and seals share `i` to custodian `i`.
pub fn split(
	key: &DataKey,
	threshold: u8,
	custodians: &[PublicKey],
	ctx: &CustodyContext,
) -> Result<Vec<CustodyShare>, CedaError> {
	let n = custodians.len();
	if threshold < 2 || usize::from(threshold) > n || n > MAX_CUSTODIANS {
		return Err(CedaError::Custody(
			"a committee has 2 <= threshold <= custodians <= 64",
		));
	}
	let ids: Vec<KeyId> = custodians.iter().map(PublicKey::key_id).collect();
	if (1..n).any(|i| ids[..i].contains(&ids[i])) {
		return Err(CedaError::Custody("a custodian key appears twice"));
	}
	let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
	let shares: Vec<Zeroizing<Vec<u8>>> =
		Gf256::split_bytes(usize::from(threshold), n, key.as_bytes(), &mut rng)
			.map_err(|_| CedaError::Crypto("Shamir split"))?
			.into_iter()
			.map(Zeroizing::new)
			.collect();
	custodians
		.iter()
		.zip(ids)
		.zip(shares.iter())
		.map(|((pk, custodian), share)| {
			// vsss-rs writes the share's x coordinate first: 1, 2, ... in committee order.
			let index = share[0];
			let sealed = seal_to_hpke(pk, &ctx.info(CUSTODY_INFO, index), &custodian, &share[1..])?;
			Ok(CustodyShare {
				index,
				custodian,
				sealed,
			})
		})
		.collect()
}

/// A custodian's release of its `share` to `reader` for key request `request`: opened with
/// the custodian's key, sealed again to the reader's. Refuses a share sealed to another key or
/// for another context.
pub fn release(
	custodian: &PrivateKey,
	share: &CustodyShare,
	ctx: &CustodyContext,
	request: u64,
	reader: &PublicKey,
) -> Result<ReleasedShare, CedaError> {
	let own = custodian.public_key().key_id();
	if share.custodian != own {
		return Err(CedaError::NotARecipient {
			key_id: crate::keys::hex(&own),
		});
	}
	let plain = open_from_hpke(
		custodian,
		&ctx.info(CUSTODY_INFO, share.index),
		&own,
		&share.sealed,
	)?;
	let reader_id = reader.key_id();
	let sealed = seal_to_hpke(
		reader,
		&ctx.release_info(share.index, request, &reader_id),
		&[],
		&plain,
	)?;
	Ok(ReleasedShare {
		index: share.index,
		sealed,
	})
}

/// A custodian's release of its share in the SMeR with `prefix` (chain `genesis`) to `reader`
/// for key request `request`. A custodian without a share in it gets `NotARecipient`.
pub fn release_from(
	custodian: &PrivateKey,
	prefix: &SmerPrefix,
	genesis: [u8; 32],
	request: u64,
	reader: &PublicKey,
) -> Result<ReleasedShare, CedaError> {
	let ctx = CustodyContext::of(genesis, prefix)?;
	let own = custodian.public_key().key_id();
	let share = prefix
		.custody
		.as_ref()
		.and_then(|c| c.share_for(&own))
		.ok_or_else(|| CedaError::NotARecipient {
			key_id: crate::keys::hex(&own),
		})?;
	release(custodian, share, &ctx, request, reader)
}

/// The data key of the SMeR with `header`, from `threshold` or more shares released to `reader`
/// for `request`; checked against the header's key commitment before it is returned.
pub fn recover(
	reader: &PrivateKey,
	released: &[ReleasedShare],
	threshold: u8,
	ctx: &CustodyContext,
	request: u64,
	header: &Header,
) -> Result<DataKey, CedaError> {
	if header_digest(&header.encode()?) != ctx.smer {
		return Err(CedaError::ForeignSmer(
			"the shares were made for another SMeR".into(),
		));
	}
	let reader_id = reader.public_key().key_id();
	let mut shares: Vec<Zeroizing<Vec<u8>>> = Vec::new();
	let mut seen = Vec::new();
	for r in released {
		if seen.contains(&r.index) {
			continue;
		}
		let plain = open_from_hpke(
			reader,
			&ctx.release_info(r.index, request, &reader_id),
			&[],
			&r.sealed,
		)?;
		let mut share = Zeroizing::new(Vec::with_capacity(plain.len() + 1));
		share.push(r.index);
		share.extend_from_slice(&plain);
		shares.push(share);
		seen.push(r.index);
	}
	let need = usize::from(threshold.max(2));
	if shares.len() < need {
		return Err(CedaError::NotEnoughShares {
			have: shares.len(),
			need,
		});
	}
	let plain: Vec<Vec<u8>> = shares[..need].iter().map(|s| s.to_vec()).collect();
	let plain = Zeroizing::new(plain);
	let key = Gf256::combine_bytes(&*plain).map_err(|_| CedaError::KeyCommitmentMismatch)?;
	let key = DataKey(Zeroizing::new(key));
	derive_checked(&key, header)?;
	Ok(key)
}

#[cfg(test)]
mod tests;
