//! The property the fuzzer checks on arbitrary bytes (and CI replays on the fuzz corpus):
//! parsing never panics, and whatever parses re-encodes to exactly the bytes it came from.

use crate::{parse_prefix, reader::SmerPrefix, DetachedEnvelope};

/// Parses `data` as a SMeR and as a detached envelope; panics only if a property is broken.
pub fn check_parse(data: &[u8]) {
	let mut src = data;
	if let Ok(prefix) = SmerPrefix::read_from(&mut src) {
		let encoded = prefix.header.encode().expect("a parsed header re-encodes");
		assert_eq!(encoded, prefix.header_bytes, "header round trip");
		let again = prefix.encode().expect("re-encodes");
		assert_eq!(&again[..], &data[..prefix.len], "prefix round trip");
	}
	let _ = parse_prefix(data);
	if let Ok(det) = DetachedEnvelope::decode(data) {
		assert_eq!(
			det.encode().expect("re-encodes"),
			data,
			"detached envelope round trip"
		);
	}
}
