//! Writes the runtime version (`VERSION`, included by `lib.rs`) and, in std builds, builds the
//! runtime's wasm.
//!
//! `spec_version` is [`SPEC_VERSION`] plus `SEMRES_SPEC_VERSION_BUMP` (0 unless set): with 1,
//! the build is the runtime the network test upgrades to through the council
//! (`scripts/upgrade-runtime.sh`); `#[runtime_version]` needs the number as a literal, hence
//! the generated item.

/// Goes up with every runtime upgrade.
const SPEC_VERSION: u32 = 105;

fn main() {
	println!("cargo:rerun-if-env-changed=SEMRES_SPEC_VERSION_BUMP");
	let bump: u32 = match std::env::var("SEMRES_SPEC_VERSION_BUMP") {
		Ok(v) => v.parse().expect("SEMRES_SPEC_VERSION_BUMP is a number"),
		Err(_) => 0,
	};
	let version = format!(
		r#"/// Runtime version: `spec_version` goes up with every runtime upgrade.
#[sp_version::runtime_version]
pub const VERSION: sp_version::RuntimeVersion = sp_version::RuntimeVersion {{
	spec_name: alloc::borrow::Cow::Borrowed("semres"),
	impl_name: alloc::borrow::Cow::Borrowed("semres"),
	authoring_version: 1,
	spec_version: {},
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
}};
"#,
		SPEC_VERSION + bump
	);
	let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
	std::fs::write(std::path::Path::new(&out).join("version.rs"), version)
		.expect("OUT_DIR is writable");

	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
