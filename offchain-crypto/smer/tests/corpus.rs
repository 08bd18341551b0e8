//! Replays the fuzz corpus (and the crash regressions, if any) through the fuzzed check.

use std::path::Path;

#[test]
fn fuzz_corpus_replays_cleanly() {
	// The package's directory when the test runs, not when it was built: the shared target
	// directory serves clones at other paths, and cargo does not rebuild a test for a move.
	let dir = Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
		.join("fuzz/corpus/parse");
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
