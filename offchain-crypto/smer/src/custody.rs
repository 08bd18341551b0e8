//! The custody section of a version 2 SMeR: the data key split t-of-n among the consortium's
//! custodians, one sealed share each (`docs/smer.md` §1, §9). The anchor hash and the header
//! MAC cover it, so shares cannot be added, dropped or swapped without detection.

use alloc::vec::Vec;

use crate::{reader::ByteSource, FormatError, KeyId, SuiteId};

/// At most this many custodians (shares) in one SMeR.
pub const MAX_CUSTODY_SHARES: usize = 64;
/// HPKE encapsulation lengths a custody share may have: X25519 (32), X-Wing (1120).
const ENC_LENS: [usize; 2] = [32, 1120];
/// The AEAD tag of a sealed share.
const SHARE_TAG_LEN: usize = 16;

/// One custodian's share of the data key, HPKE-sealed to its custody key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustodyShare {
	/// The share's index, 1 ..= n: the custodian's position in the committee plus one.
	pub index: u8,
	/// The key id of the custody key it is sealed to.
	pub custodian: KeyId,
	/// HPKE `enc || ct`.
	pub sealed: Vec<u8>,
}

/// The custody section: the committee epoch, the threshold and one share per custodian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Custody {
	/// The on-chain custody committee's epoch the shares were made for.
	pub epoch: u32,
	/// Shares that recover the data key.
	pub threshold: u8,
	/// The shares, in index order.
	pub shares: Vec<CustodyShare>,
}

impl Custody {
	/// Whether a sealed share of a SMeR of `suite` may be `len` bytes long.
	pub fn sealed_len_ok(suite: SuiteId, len: usize) -> bool {
		ENC_LENS
			.iter()
			.any(|enc| len == enc + suite.key_len() + SHARE_TAG_LEN)
	}

	/// Checks the section's rules: 2 <= threshold <= shares <= 64, indices 1 ..= n in order,
	/// distinct custodians, sealed lengths of the suite.
	pub fn validate(&self, suite: SuiteId) -> Result<(), FormatError> {
		let n = self.shares.len();
		if !(2..=MAX_CUSTODY_SHARES).contains(&n) {
			return Err(FormatError::InvalidField("custody_count"));
		}
		if self.threshold < 2 || usize::from(self.threshold) > n {
			return Err(FormatError::InvalidField("custody_threshold"));
		}
		for (i, s) in self.shares.iter().enumerate() {
			if usize::from(s.index) != i + 1 {
				return Err(FormatError::InvalidField("custody_index"));
			}
			if self.shares[..i].iter().any(|o| o.custodian == s.custodian) {
				return Err(FormatError::InvalidField("custody_key_id"));
			}
			if !Self::sealed_len_ok(suite, s.sealed.len()) {
				return Err(FormatError::InvalidField("custody_sealed_len"));
			}
		}
		Ok(())
	}

	/// Appends the section (`count` first; a SMeR without custody writes a single 0).
	pub fn encode_into(
		custody: Option<&Custody>,
		suite: SuiteId,
		out: &mut Vec<u8>,
	) -> Result<(), FormatError> {
		let Some(c) = custody else {
			out.push(0);
			return Ok(());
		};
		c.validate(suite)?;
		out.push(c.shares.len() as u8);
		out.extend_from_slice(&c.epoch.to_le_bytes());
		out.push(c.threshold);
		for s in &c.shares {
			out.push(s.index);
			out.extend_from_slice(&s.custodian);
			out.extend_from_slice(&(s.sealed.len() as u16).to_le_bytes());
			out.extend_from_slice(&s.sealed);
		}
		Ok(())
	}

	/// Encoded size of the section.
	pub fn encoded_len(custody: Option<&Custody>) -> usize {
		custody.map_or(1, |c| {
			1 + 4
				+ 1 + c
				.shares
				.iter()
				.map(|s| 1 + 32 + 2 + s.sealed.len())
				.sum::<usize>()
		})
	}

	/// Reads the section of a SMeR of `suite`; every length is checked before it is allocated.
	pub fn read_from<S: ByteSource>(src: &mut S, suite: SuiteId) -> Result<Option<Self>, S::Error> {
		let mut count = [0u8; 1];
		src.fill(&mut count)?;
		let n = usize::from(count[0]);
		if n == 0 {
			return Ok(None);
		}
		if !(2..=MAX_CUSTODY_SHARES).contains(&n) {
			return Err(FormatError::InvalidField("custody_count").into());
		}
		let mut fixed = [0u8; 5];
		src.fill(&mut fixed)?;
		let epoch = u32::from_le_bytes([fixed[0], fixed[1], fixed[2], fixed[3]]);
		let threshold = fixed[4];
		let mut shares = Vec::with_capacity(n);
		for _ in 0..n {
			let mut head = [0u8; 35];
			src.fill(&mut head)?;
			let mut custodian = [0u8; 32];
			custodian.copy_from_slice(&head[1..33]);
			let len = usize::from(u16::from_le_bytes([head[33], head[34]]));
			if !Self::sealed_len_ok(suite, len) {
				return Err(FormatError::InvalidField("custody_sealed_len").into());
			}
			let mut sealed = alloc::vec![0u8; len];
			src.fill(&mut sealed)?;
			shares.push(CustodyShare {
				index: head[0],
				custodian,
				sealed,
			});
		}
		let custody = Custody {
			epoch,
			threshold,
			shares,
		};
		custody.validate(suite)?;
		Ok(Some(custody))
	}

	/// The share sealed to the custody key `custodian`, if any.
	pub fn share_for(&self, custodian: &KeyId) -> Option<&CustodyShare> {
		self.shares.iter().find(|s| &s.custodian == custodian)
	}
}
