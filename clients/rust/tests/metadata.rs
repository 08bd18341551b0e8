//! The metadata file the client's code is generated from matches the runtime it talks to.
//! After a runtime change: `SEMRES_WRITE_METADATA=1 cargo test -p semres-client --test metadata`.

use std::path::PathBuf;

#[test]
fn the_metadata_file_matches_the_built_runtime() {
	let built = semres_runtime::Runtime::metadata_at_version(semres_client::METADATA_VERSION)
		.expect("the runtime serves this metadata version")
		.to_vec();
	// The package's directory when the test runs, not when it was built: the shared target
	// directory serves clones at other paths, and cargo does not rebuild a test for a move.
	let path = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
		.join("metadata/semres.scale");
	if std::env::var_os("SEMRES_WRITE_METADATA").is_some() {
		std::fs::write(&path, &built).expect("write the metadata file");
	}
	let file = std::fs::read(&path).unwrap_or_default();
	assert!(
		file == built,
		"{} ({} bytes) is not the built runtime's metadata ({} bytes): regenerate it with \
		 `SEMRES_WRITE_METADATA=1 cargo test -p semres-client --test metadata`, then rebuild",
		path.display(),
		file.len(),
		built.len()
	);
}
