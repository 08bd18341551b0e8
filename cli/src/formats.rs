//! The EMR formats `semres` recognises in a record before sealing it: FHIR R4 JSON (a resource
//! or a Bundle), Taiwan's My Health Bank XML (the paper's Fig. 7), DICOM Part 10 and CSV. The
//! media type goes into the SMeR header (encrypted with the record); none of the content goes
//! on chain. A file that claims a format — by `--content-type` or by its extension — and fails
//! that format's check is refused with the reason, before anything is sealed.

use std::{
	fs::File,
	io::{BufRead, BufReader, Seek, SeekFrom},
	path::Path,
};

use serde::Deserialize;

use crate::error::{CliError, Result};

/// FHIR's JSON media type (R4, §3.1.0.1.2).
pub const FHIR_JSON: &str = "application/fhir+json";
/// My Health Bank XML: no registered media type exists, so an unregistered `x-` subtype.
pub const MHB_XML: &str = "application/x-mhb+xml";
/// DICOM Part 10 files (RFC 3240).
pub const DICOM: &str = "application/dicom";
/// CSV (RFC 4180).
pub const CSV: &str = "text/csv";
const JSON: &str = "application/json";
const XML: &str = "application/xml";
const BINARY: &str = "application/octet-stream";

/// The media type to record for `file`. `claimed` (from `--content-type`) is checked when it
/// is one of the recognised formats (or JSON or XML) and recorded as given; without it the
/// file's extension and first bytes decide the most specific type, and an extension is a
/// claim too (`scan.dcm` must be DICOM).
pub fn recognise(file: &Path, claimed: Option<&str>) -> Result<String> {
	File::open(file).map_err(|e| CliError::io("cannot open", file, e))?;
	let ext = file
		.extension()
		.and_then(|e| e.to_str())
		.map(str::to_ascii_lowercase);
	let wanted = match claimed {
		Some(c) => Some(essence(c)),
		None => match ext.as_deref() {
			Some("dcm" | "dicom") => Some(DICOM.to_string()),
			Some("csv") => Some(CSV.to_string()),
			Some("json") => Some(JSON.to_string()),
			Some("xml") => Some(XML.to_string()),
			_ => None,
		},
	};
	let fail = |format: &str, why: String| {
		CliError::failure(format!("{} is not {format}: {why}", file.display()))
	};
	let found = match wanted.as_deref() {
		Some(DICOM) => dicom(file).map_err(|e| fail("a DICOM Part 10 file", e))?,
		Some(CSV) => csv(file).map_err(|e| fail("CSV", e))?,
		Some(FHIR_JSON) => match json(file).map_err(|e| fail("FHIR JSON", e))? {
			Json::Fhir => FHIR_JSON,
			Json::Other => return Err(fail("FHIR JSON", "it has no \"resourceType\"".into())),
		},
		Some(JSON) => match json(file).map_err(|e| fail("JSON", e))? {
			Json::Fhir => FHIR_JSON,
			Json::Other => JSON,
		},
		Some(MHB_XML) => match xml(file).map_err(|e| fail("My Health Bank XML", e))? {
			Xml::Mhb => MHB_XML,
			Xml::Other(root) => {
				return Err(fail(
					"My Health Bank XML",
					format!("its root element is <{root}>, not <MyHealthBank>"),
				))
			}
		},
		Some(XML) => match xml(file).map_err(|e| fail("XML", e))? {
			Xml::Mhb => MHB_XML,
			Xml::Other(_) => XML,
		},
		// Another type, as claimed: SEMRES has no check for it.
		Some(_) => return Ok(claimed.unwrap_or_default().to_string()),
		None => sniff(file)?,
	};
	// A claim that passed its check stands as given (with its parameters): `application/xml`
	// for a My Health Bank export is the user's choice.
	Ok(claimed.unwrap_or(found).to_string())
}

/// A media type without parameters, lower case: `Application/FHIR+JSON; fhirVersion=4.0` →
/// `application/fhir+json`.
fn essence(media_type: &str) -> String {
	media_type
		.split(';')
		.next()
		.unwrap_or_default()
		.trim()
		.to_ascii_lowercase()
}

/// No claim: DICOM's magic, then JSON or XML by the first byte, else opaque bytes. A file
/// that only looks like JSON or XML and fails to parse is opaque, not an error.
fn sniff(file: &Path) -> Result<&'static str> {
	if dicom(file).is_ok() {
		return Ok(DICOM);
	}
	let first = first_byte(file)?;
	Ok(match first {
		Some(b'{') => match json(file) {
			Ok(Json::Fhir) => FHIR_JSON,
			Ok(Json::Other) => JSON,
			Err(_) => BINARY,
		},
		Some(b'<') => match xml(file) {
			Ok(Xml::Mhb) => MHB_XML,
			Ok(Xml::Other(_)) => XML,
			Err(_) => BINARY,
		},
		_ => BINARY,
	})
}

fn open(file: &Path) -> std::result::Result<BufReader<File>, String> {
	File::open(file)
		.map(|f| BufReader::with_capacity(1 << 16, f))
		.map_err(|e| format!("cannot read it: {e}"))
}

fn first_byte(file: &Path) -> Result<Option<u8>> {
	let mut r = open(file).map_err(CliError::failure)?;
	let buf = r
		.fill_buf()
		.map_err(|e| CliError::failure(format!("cannot read {}: {e}", file.display())))?;
	Ok(buf.iter().copied().find(|b| !b.is_ascii_whitespace()))
}

/// DICOM Part 10: a 128-byte preamble, `DICM`, and a file meta group that DICOM-rs parses and
/// that names the SOP class and the transfer syntax.
fn dicom(file: &Path) -> std::result::Result<&'static str, String> {
	let mut r = open(file)?;
	r.seek(SeekFrom::Start(128))
		.map_err(|e| format!("cannot read it: {e}"))?;
	let meta = dicom_object::meta::FileMetaTable::from_reader(&mut r)
		.map_err(|e| format!("no valid file meta group after the preamble ({e})"))?;
	if meta.media_storage_sop_class_uid().is_empty() {
		return Err("its meta group names no SOP class".into());
	}
	Ok(DICOM)
}

/// CSV: every row has as many fields as the header, and the text is UTF-8.
fn csv(file: &Path) -> std::result::Result<&'static str, String> {
	let mut rows = ::csv::ReaderBuilder::new()
		.has_headers(true)
		.from_reader(open(file)?);
	let columns = rows.headers().map_err(|e| e.to_string())?.len();
	if columns == 0 {
		return Err("it has no header row".into());
	}
	let mut record = ::csv::StringRecord::new();
	while rows.read_record(&mut record).map_err(|e| e.to_string())? {}
	Ok(CSV)
}

/// What `json` found.
enum Json {
	/// A FHIR resource (or a Bundle of resources).
	Fhir,
	/// Well-formed JSON that is not a FHIR resource.
	Other,
}

/// The top level of a FHIR resource, as far as recognising one needs: its type and, for a
/// Bundle, its entries' resource types. Everything else is skipped (but parsed).
#[derive(Deserialize)]
struct Resource {
	#[serde(rename = "resourceType")]
	resource_type: Option<serde_json::Value>,
	#[serde(default)]
	entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
	resource: Option<Inner>,
}

#[derive(Deserialize)]
struct Inner {
	#[serde(rename = "resourceType")]
	resource_type: Option<serde_json::Value>,
}

/// A FHIR resource type: a name such as `Patient` (R4 §2.1.0: starts upper case, letters only).
fn resource_type(v: &Option<serde_json::Value>) -> Option<&str> {
	let s = v.as_ref()?.as_str()?;
	let mut chars = s.chars();
	(chars.next()?.is_ascii_uppercase() && chars.all(|c| c.is_ascii_alphabetic())).then_some(s)
}

/// Streams the JSON once into `Resource` (skipping what it does not need); when the shape is
/// not a resource's, once more only to tell well-formed JSON from malformed.
fn json(file: &Path) -> std::result::Result<Json, String> {
	let invalid = |e: serde_json::Error| format!("invalid JSON ({e})");
	let parsed: std::result::Result<Resource, _> = serde_json::from_reader(open(file)?);
	let top = match parsed {
		Ok(top) => top,
		Err(e) if e.classify() == serde_json::error::Category::Data => {
			let _: serde::de::IgnoredAny = serde_json::from_reader(open(file)?).map_err(invalid)?;
			return Ok(Json::Other);
		}
		Err(e) => return Err(invalid(e)),
	};
	let Some(kind) = resource_type(&top.resource_type) else {
		return match top.resource_type {
			Some(v) => Err(format!("\"resourceType\" {v} is not a FHIR resource type")),
			None => Ok(Json::Other),
		};
	};
	if kind == "Bundle" {
		for (i, e) in top.entry.iter().enumerate() {
			if let Some(r) = &e.resource {
				resource_type(&r.resource_type).ok_or_else(|| {
					format!(
						"entry {i} of the Bundle holds a resource without a valid \"resourceType\""
					)
				})?;
			}
		}
	}
	Ok(Json::Fhir)
}

/// What `xml` found.
enum Xml {
	/// A My Health Bank export: the root element is `<MyHealthBank>` (any case, as exports vary).
	Mhb,
	/// Well-formed XML with this root element.
	Other(String),
}

/// Well-formed XML (quick-xml's reader: tags balanced, names matched, one root), streamed.
fn xml(file: &Path) -> std::result::Result<Xml, String> {
	use quick_xml::events::Event;
	let mut reader = quick_xml::Reader::from_reader(open(file)?);
	reader.config_mut().check_end_names = true;
	let mut buf = Vec::new();
	let mut root = None;
	let mut depth = 0usize;
	loop {
		let event = reader
			.read_event_into(&mut buf)
			.map_err(|e| format!("malformed XML at byte {} ({e})", reader.buffer_position()))?;
		match event {
			Event::Start(e) | Event::Empty(e) if depth == 0 && root.is_some() => {
				return Err(format!("a second root element <{}>", e.name().as_ref()))
			}
			Event::Start(e) => {
				root.get_or_insert_with(|| e.name().as_ref().to_string());
				depth += 1;
			}
			Event::Empty(e) => {
				root.get_or_insert_with(|| e.name().as_ref().to_string());
			}
			Event::End(_) => depth = depth.saturating_sub(1),
			Event::Text(t) if depth == 0 && !AsRef::<str>::as_ref(&t).trim().is_empty() => {
				return Err("text outside the root element".into())
			}
			Event::Eof => break,
			_ => {}
		}
		buf.clear();
	}
	match root {
		None => Err("no root element".into()),
		Some(_) if depth != 0 => Err("unclosed elements at the end".into()),
		Some(r) if r.eq_ignore_ascii_case("MyHealthBank") => Ok(Xml::Mhb),
		Some(r) => Ok(Xml::Other(r)),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join(name);
		std::fs::write(&path, bytes).unwrap();
		(dir, path)
	}

	fn recognised(name: &str, bytes: &[u8], claimed: Option<&str>) -> Result<String> {
		let (_dir, path) = file(name, bytes);
		recognise(&path, claimed)
	}

	#[test]
	fn fhir_resources_and_bundles_are_recognised_by_their_resource_type() {
		let patient = br#"{"resourceType": "Patient", "id": "p1"}"#;
		assert_eq!(recognised("p.json", patient, None).unwrap(), FHIR_JSON);
		assert_eq!(recognised("p", patient, None).unwrap(), FHIR_JSON);
		let bundle = br#"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Observation"}}]}"#;
		assert_eq!(
			recognised("b.json", bundle, Some(FHIR_JSON)).unwrap(),
			FHIR_JSON
		);
		assert_eq!(recognised("x.json", br#"{"a": 1}"#, None).unwrap(), JSON);
	}

	#[test]
	fn a_file_that_claims_fhir_and_is_not_is_refused_with_the_reason() {
		let e = recognised("x.json", br#"{"a": 1}"#, Some(FHIR_JSON)).unwrap_err();
		assert!(e.message.contains("no \"resourceType\""), "{}", e.message);
		let e = recognised("x.json", br#"{"resourceType": "patient"}"#, None).unwrap_err();
		assert!(
			e.message.contains("not a FHIR resource type"),
			"{}",
			e.message
		);
		let bad_entry = br#"{"resourceType": "Bundle", "entry": [{"resource": {"id": 1}}]}"#;
		let e = recognised("b.json", bad_entry, None).unwrap_err();
		assert!(e.message.contains("entry 0"), "{}", e.message);
		let e = recognised("x.json", b"{\"resourceType\": ", None).unwrap_err();
		assert!(e.message.contains("invalid JSON"), "{}", e.message);
	}

	#[test]
	fn my_health_bank_xml_is_recognised_by_its_root() {
		let mhb = b"<?xml version=\"1.0\"?>\n<myhealthbank><bdata><r1><r1.1>2</r1.1></r1></bdata></myhealthbank>\n";
		assert_eq!(recognised("m.xml", mhb, None).unwrap(), MHB_XML);
		assert_eq!(
			recognised("m", mhb, Some("application/x-mhb+xml")).unwrap(),
			MHB_XML
		);
		assert_eq!(
			recognised("o.xml", b"<ClinicalDocument/>", None).unwrap(),
			XML
		);
		let e = recognised("o.xml", b"<ClinicalDocument/>", Some(MHB_XML)).unwrap_err();
		assert!(e.message.contains("<ClinicalDocument>"), "{}", e.message);
		let e = recognised("m.xml", b"<MyHealthBank><r1></r2></MyHealthBank>", None).unwrap_err();
		assert!(e.message.contains("malformed XML"), "{}", e.message);
		let e = recognised("m.xml", b"<MyHealthBank></MyHealthBank><x/>", None).unwrap_err();
		assert!(e.message.contains("second root"), "{}", e.message);
		let e = recognised("m.xml", b"<MyHealthBank><r1>", None).unwrap_err();
		assert!(e.message.contains("unclosed"), "{}", e.message);
	}

	#[test]
	fn csv_rows_must_match_the_header() {
		assert_eq!(
			recognised("l.csv", b"test,value\nHbA1c,6.9\n", None).unwrap(),
			CSV
		);
		let e = recognised("l.csv", b"test,value\nHbA1c,6.9,extra\n", None).unwrap_err();
		assert!(e.message.contains("is not CSV"), "{}", e.message);
		let e = recognised("l", b"a,b\n\xff\xfe,1\n", Some("text/csv; charset=utf-8")).unwrap_err();
		assert!(e.message.contains("is not CSV"), "{}", e.message);
	}

	#[test]
	fn a_dcm_file_without_the_dicom_magic_is_refused() {
		let mut bytes = vec![0u8; 128];
		bytes.extend_from_slice(b"NOPE");
		let e = recognised("scan.dcm", &bytes, None).unwrap_err();
		assert!(
			e.message.contains("not a DICOM Part 10 file"),
			"{}",
			e.message
		);
		let e = recognised("scan", b"short", Some(DICOM)).unwrap_err();
		assert!(
			e.message.contains("not a DICOM Part 10 file"),
			"{}",
			e.message
		);
	}

	#[test]
	fn other_files_keep_the_claimed_type_or_are_opaque() {
		assert_eq!(
			recognised("r.pdf", b"%PDF-1.7", Some("application/pdf")).unwrap(),
			"application/pdf"
		);
		assert_eq!(recognised("r.bin", b"\x00\x01", None).unwrap(), BINARY);
		assert_eq!(recognised("r", b"{not json", None).unwrap(), BINARY);
	}
}
