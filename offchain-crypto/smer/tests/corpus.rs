//! Replays the fuzz corpus (and the crash regressions, if any) through the fuzzed check.

use std::path::Path;

#[test]
fn fuzz_corpus_replays_cleanly() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parse");
	let mut n = 0;
	for entry in std::fs::read_dir(&dir).expect("fuzz corpus present") {
		let bytes = std::fs::read(entry.unwrap().path()).unwrap();
		semres_smer::check_parse(&bytes);
		n += 1;
	}
	assert!(
		n >= 10,
		"the corpus has {n} inputs: regenerate it (docs in fuzz/fuzz_targets)"
	);
}
