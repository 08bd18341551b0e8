//! What can go wrong talking to a chain, named so that tools can map each to a clear message
//! and an exit code.

use std::fmt;

/// A chain client error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
	/// The node cannot be reached (or the connection dropped).
	Unreachable(String),
	/// The node answered with an RPC error, or the answer did not decode.
	Rpc(String),
	/// The transaction was refused before inclusion (invalid, dropped, bad nonce, no funds for
	/// the fee, ...).
	Rejected(String),
	/// The transaction was included but its call failed: `pallet.Error` (e.g.
	/// `access.NotAuthorised`), or a non-pallet dispatch error (`BadOrigin`, `Token...`).
	Dispatch {
		/// `section.Name`, as polkadot.js names it (`records.RecordExists`, `BadOrigin`).
		name: String,
	},
	/// No answer in time.
	Timeout(String),
	/// A well-known development account on a chain that is not a development chain.
	DevAccountOnLiveChain(String),
	/// The account source could not be read or decrypted.
	Account(String),
}

impl ClientError {
	/// The dispatch error's `section.Name`, if this is one.
	pub fn dispatch_name(&self) -> Option<&str> {
		match self {
			ClientError::Dispatch { name } => Some(name),
			_ => None,
		}
	}
}

impl fmt::Display for ClientError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			ClientError::Unreachable(m) => write!(f, "the node cannot be reached: {m}"),
			ClientError::Rpc(m) => write!(f, "the node's answer: {m}"),
			ClientError::Rejected(m) => write!(f, "the transaction was refused: {m}"),
			ClientError::Dispatch { name } => write!(f, "the chain refused the call: {name}"),
			ClientError::Timeout(m) => write!(f, "no answer in time: {m}"),
			ClientError::DevAccountOnLiveChain(name) => write!(
				f,
				"the development account '{name}' is only accepted on development chains"
			),
			ClientError::Account(m) => write!(f, "account: {m}"),
		}
	}
}

impl std::error::Error for ClientError {}

/// The `section.Name` of a dispatch error, as polkadot.js writes it: the pallet's name in
/// lower camel case, the variant as it is (`records.RecordExists`), or the outer variant for
/// non-pallet errors (`BadOrigin`, `Token.FundsUnavailable`).
pub(crate) fn dispatch_name(e: &subxt::error::DispatchError) -> String {
	use subxt::error::DispatchError as D;
	match e {
		D::Module(m) => match m.details() {
			Ok(d) => format!("{}.{}", lower_first(d.pallet.name()), d.variant.name),
			Err(_) => m.details_string(),
		},
		D::Token(t) => format!("Token.{t:?}"),
		D::Arithmetic(a) => format!("Arithmetic.{a:?}"),
		D::Transactional(t) => format!("Transactional.{t:?}"),
		other => {
			let s = format!("{other:?}");
			s.split(|c: char| !c.is_alphanumeric())
				.next()
				.unwrap_or("")
				.to_string()
		}
	}
}

fn lower_first(s: &str) -> String {
	let mut c = s.chars();
	match c.next() {
		Some(first) => first.to_lowercase().chain(c).collect(),
		None => String::new(),
	}
}

#[cfg(test)]
mod tests {
	#[test]
	fn pallet_names_are_lower_camel_case() {
		assert_eq!(super::lower_first("Records"), "records");
		assert_eq!(super::lower_first(""), "");
	}
}
