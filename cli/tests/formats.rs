//! Real EMR inputs (written by maintained libraries: fhir.resources, pydicom and the files it
//! ships, Python's csv and xml.etree — see inputs/make_inputs.py) are recognised when sealed:
//! the media type goes into the SMeR header; a file that claims a format and is not that
//! format is refused with the reason and nothing is written.

mod common;

use common::Dir;

/// A directory with the inputs of `inputs/make_inputs.py` and a key pair.
fn inputs() -> Dir {
	let d = Dir::new();
	let script =
		std::path::Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test"))
			.join("tests/inputs/make_inputs.py");
	let made = std::process::Command::new("python3")
		.arg(&script)
		.arg(d.p("in"))
		.output()
		.expect("python3 runs");
	assert!(
		made.status.success(),
		"make_inputs.py (scripts/setup.sh installs pydicom and fhir.resources): {}",
		String::from_utf8_lossy(&made.stderr)
	);
	d.ok(&[
		"keygen",
		"--out",
		"k",
		"--suite",
		"x25519-aes256gcm",
		"--no-password",
	]);
	d
}

/// Seals `input` (with `extra` arguments) and returns the content type its header records.
fn sealed_type(d: &Dir, input: &str, extra: &[&str]) -> String {
	let out = format!("{input}.smer");
	let mut args = vec!["seal", input, "-o", &out, "--to", "k/public.pem"];
	args.extend_from_slice(extra);
	d.ok(&args);
	let info: serde_json::Value =
		serde_json::from_str(&d.ok(&["--json", "inspect", &out])).unwrap();
	info["content_type"].as_str().unwrap().to_string()
}

#[test]
fn real_inputs_are_recognised_and_their_type_recorded() {
	let d = inputs();
	assert_eq!(
		sealed_type(&d, "in/patient.json", &[]),
		"application/fhir+json"
	);
	assert_eq!(
		sealed_type(&d, "in/bundle.json", &[]),
		"application/fhir+json"
	);
	assert_eq!(sealed_type(&d, "in/ct_small.dcm", &[]), "application/dicom");
	assert_eq!(sealed_type(&d, "in/capture.dcm", &[]), "application/dicom");
	assert_eq!(sealed_type(&d, "in/labs.csv", &[]), "text/csv");
	assert_eq!(sealed_type(&d, "in/mhb.xml", &[]), "application/x-mhb+xml");
	// Without an extension the content decides; a passing claim is recorded as given.
	std::fs::copy(d.p("in/ct_small.dcm"), d.p("in/scan")).unwrap();
	assert_eq!(sealed_type(&d, "in/scan", &[]), "application/dicom");
	assert_eq!(
		sealed_type(
			&d,
			"in/bundle.json",
			&["--content-type", "application/fhir+json; fhirVersion=4.0"]
		),
		"application/fhir+json; fhirVersion=4.0"
	);
}

#[test]
fn a_file_that_claims_a_format_it_fails_is_refused_and_nothing_is_written() {
	let d = inputs();
	let claims: [(&str, &str, &str); 4] = [
		(
			"in/labs.csv",
			"application/dicom",
			"is not a DICOM Part 10 file",
		),
		("in/mhb.xml", "application/fhir+json", "is not FHIR JSON"),
		(
			"in/patient.json",
			"application/x-mhb+xml",
			"is not My Health Bank XML",
		),
		("in/ct_small.dcm", "text/csv", "is not CSV"),
	];
	for (input, claimed, message) in claims {
		d.fails(
			&[
				"seal",
				input,
				"-o",
				"x.smer",
				"--to",
				"k/public.pem",
				"--content-type",
				claimed,
			],
			1,
			message,
		);
		assert!(
			!d.p("x.smer").exists(),
			"{input} as {claimed}: nothing is written"
		);
	}
	// An extension is a claim: a truncated DICOM file, a ragged CSV.
	let ct = std::fs::read(d.p("in/ct_small.dcm")).unwrap();
	std::fs::write(d.p("in/cut.dcm"), &ct[..140]).unwrap();
	d.fails(
		&["seal", "in/cut.dcm", "-o", "x.smer", "--to", "k/public.pem"],
		1,
		"is not a DICOM Part 10 file",
	);
	std::fs::write(d.p("in/ragged.csv"), "date,test\n2026-11-30,HbA1c,6.9\n").unwrap();
	d.fails(
		&[
			"seal",
			"in/ragged.csv",
			"-o",
			"x.smer",
			"--to",
			"k/public.pem",
		],
		1,
		"is not CSV",
	);
	assert!(!d.p("x.smer").exists());
}
