//! The `semres` binary as a user meets it: results, and a clear message and exit code for each
//! kind of bad input (1 failure, 2 usage, 3 integrity, 4 credentials, 15 hash mismatch).

mod common;

use common::Dir;

fn setup() -> Dir {
	let d = Dir::new();
	d.ok(&["keygen", "--out", "alice", "--no-password"]);
	d.ok(&[
		"keygen",
		"--out",
		"bob",
		"--suite",
		"x25519-aes256gcm",
		"--no-password",
	]);
	d.ok(&["keygen", "--out", "carol", "--no-password"]);
	std::fs::write(
		d.p("record.xml"),
		"<MyHealthBank><r1.9>Type 2 diabetes</r1.9></MyHealthBank>\n",
	)
	.unwrap();
	d
}

#[test]
fn seal_open_share_rekey_round_trip() {
	let d = setup();
	let sealed = d.ok(&[
		"--json",
		"seal",
		"record.xml",
		"-o",
		"r.smer",
		"--to",
		"alice/public.pem",
		"--content-type",
		"application/xml",
	]);
	let v: serde_json::Value = serde_json::from_str(&sealed).unwrap();
	let hash = v["anchor_hash"].as_str().unwrap().to_string();
	assert_eq!(d.ok(&["hash", "r.smer"]).trim(), hash);

	d.ok(&[
		"open",
		"r.smer",
		"-o",
		"out.xml",
		"--key",
		"alice/private.pem",
		"--expect-hash",
		&hash,
	]);
	assert_eq!(
		std::fs::read(d.p("out.xml")).unwrap(),
		std::fs::read(d.p("record.xml")).unwrap()
	);

	// Share with Carol without touching the SMeR; she opens it with the detached envelope.
	d.ok(&[
		"share",
		"r.smer",
		"-o",
		"carol.env",
		"--key",
		"alice/private.pem",
		"--to",
		"carol/public.pem",
		"--expect-hash",
		&hash,
	]);
	assert_eq!(d.ok(&["hash", "r.smer"]).trim(), hash);
	d.ok(&[
		"open",
		"r.smer",
		"-o",
		"carol.xml",
		"--key",
		"carol/private.pem",
		"--envelope",
		"carol.env",
		"--expect-hash",
		&hash,
	]);
	assert_eq!(
		std::fs::read(d.p("carol.xml")).unwrap(),
		std::fs::read(d.p("record.xml")).unwrap()
	);

	// Revoke Carol: a re-keyed version for Alice only.
	d.ok(&[
		"rekey",
		"r.smer",
		"-o",
		"r2.smer",
		"--key",
		"alice/private.pem",
		"--to",
		"alice/public.pem",
		"--expect-hash",
		&hash,
	]);
	let h2 = d.hash("r2.smer");
	d.fails(
		&[
			"open",
			"r2.smer",
			"-o",
			"x",
			"--key",
			"carol/private.pem",
			"--expect-hash",
			&h2,
		],
		4,
		"wrong key",
	);
	d.fails(
		&[
			"open",
			"r2.smer",
			"-o",
			"x",
			"--key",
			"carol/private.pem",
			"--envelope",
			"carol.env",
			"--expect-hash",
			&h2,
		],
		3,
		"foreign envelope",
	);

	let info = d.ok(&["--json", "inspect", "r.smer"]);
	let v: serde_json::Value = serde_json::from_str(&info).unwrap();
	assert_eq!(v["suite"], "rsa3072-aes256gcm");
	assert_eq!(v["content_type"], "application/xml");
}

#[test]
fn bad_inputs_get_named_errors_and_exit_codes() {
	let d = setup();
	d.ok(&[
		"seal",
		"record.xml",
		"-o",
		"r.smer",
		"--to",
		"alice/public.pem",
	]);
	let smer = std::fs::read(d.p("r.smer")).unwrap();
	let h = d.hash("r.smer");
	// No anchor to check: refused before anything is read.
	d.fails(
		&["open", "r.smer", "-o", "o0", "--key", "alice/private.pem"],
		2,
		"--expect-hash",
	);

	d.fails(
		&[
			"open",
			"r.smer",
			"-o",
			"o1",
			"--key",
			"carol/private.pem",
			"--expect-hash",
			&h,
		],
		4,
		"wrong key: this SMeR is not encrypted for key",
	);
	let mut tampered = smer.clone();
	let n = tampered.len();
	tampered[n - 5] ^= 1;
	std::fs::write(d.p("tampered.smer"), tampered).unwrap();
	d.fails(
		&[
			"open",
			"tampered.smer",
			"-o",
			"o2",
			"--key",
			"alice/private.pem",
			"--expect-hash",
			&h,
		],
		3,
		"failed authentication",
	);
	std::fs::write(d.p("short.smer"), &smer[..n - 40]).unwrap();
	d.fails(
		&[
			"open",
			"short.smer",
			"-o",
			"o3",
			"--key",
			"alice/private.pem",
			"--expect-hash",
			&h,
		],
		3,
		"truncated",
	);
	let mut foreign = smer.clone();
	foreign[5] = 77;
	std::fs::write(d.p("suite.smer"), foreign).unwrap();
	d.fails(
		&[
			"open",
			"suite.smer",
			"-o",
			"o4",
			"--key",
			"alice/private.pem",
			"--expect-hash",
			&h,
		],
		1,
		"unknown CEDA suite id 77",
	);
	std::fs::write(
		d.p("bad.pem"),
		"-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
	)
	.unwrap();
	d.fails(
		&["seal", "record.xml", "-o", "o5", "--to", "bad.pem"],
		1,
		"malformed key",
	);
	d.fails(
		&[
			"seal",
			"missing.xml",
			"-o",
			"o6",
			"--to",
			"alice/public.pem",
		],
		1,
		"cannot open missing.xml",
	);
	d.fails(
		&[
			"open",
			"r.smer",
			"-o",
			"o7",
			"--key",
			"alice/private.pem",
			"--expect-hash",
			&"0".repeat(64),
		],
		15,
		"hash mismatch",
	);
	// A forged SMeR (not the anchored one) is not re-keyed into a new version, nor shared.
	d.ok(&[
		"seal",
		"record.xml",
		"-o",
		"forged.smer",
		"--to",
		"alice/public.pem",
	]);
	d.fails(
		&[
			"rekey",
			"forged.smer",
			"-o",
			"o10",
			"--key",
			"alice/private.pem",
			"--to",
			"alice/public.pem",
			"--expect-hash",
			&h,
		],
		15,
		"hash mismatch",
	);
	d.fails(
		&[
			"share",
			"forged.smer",
			"-o",
			"o11",
			"--key",
			"alice/private.pem",
			"--to",
			"carol/public.pem",
			"--expect-hash",
			&h,
		],
		15,
		"hash mismatch",
	);
	d.fails(
		&[
			"seal",
			"record.xml",
			"-o",
			"o8",
			"--to",
			"alice/public.pem",
			"--to",
			"bob/public.pem",
		],
		1,
		"different suites",
	);
	d.fails(
		&[
			"keygen",
			"--out",
			"x",
			"--suite",
			"rsa1024",
			"--no-password",
		],
		1,
		"unknown suite 'rsa1024'",
	);
	d.fails(
		&["keygen", "--out", "alice", "--no-password"],
		1,
		"refusing to overwrite",
	);
	for o in ["o0", "o1", "o2", "o3", "o4", "o7", "o10", "o11"] {
		assert!(!d.p(o).exists(), "{o} must not exist after a failed open");
	}
	// Errors as JSON for scripts.
	let out = d.run(&[
		"--json",
		"open",
		"tampered.smer",
		"-o",
		"o9",
		"--key",
		"alice/private.pem",
		"--expect-hash",
		&h,
	]);
	let e: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
	assert_eq!(e["kind"], "integrity");
	assert_eq!(e["exit_code"], 3);
}

#[test]
fn encrypted_private_keys_need_the_right_password() {
	let d = Dir::new();
	std::fs::write(d.p("pw"), "s3cret passphrase\n").unwrap();
	std::fs::write(d.p("wrong"), "nope\n").unwrap();
	d.ok(&["keygen", "--out", "k", "--password-file", "pw"]);
	assert!(std::fs::read_to_string(d.p("k/private.pem"))
		.unwrap()
		.contains("ENCRYPTED PRIVATE KEY"));
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = std::fs::metadata(d.p("k/private.pem"))
			.unwrap()
			.permissions()
			.mode();
		assert_eq!(mode & 0o077, 0, "private key readable by others");
	}
	std::fs::write(d.p("r"), "x").unwrap();
	d.ok(&["seal", "r", "-o", "r.smer", "--to", "k/public.pem"]);
	let h = d.hash("r.smer");
	d.fails(
		&[
			"open",
			"r.smer",
			"-o",
			"o",
			"--key",
			"k/private.pem",
			"--password-file",
			"wrong",
			"--expect-hash",
			&h,
		],
		4,
		"wrong password",
	);
	d.fails(
		&[
			"open",
			"r.smer",
			"-o",
			"o",
			"--key",
			"k/private.pem",
			"--expect-hash",
			&h,
		],
		4,
		"password is required",
	);
	d.ok(&[
		"open",
		"r.smer",
		"-o",
		"o",
		"--key",
		"k/private.pem",
		"--password-file",
		"pw",
		"--expect-hash",
		&h,
	]);
	d.fails(&["keygen", "--out", "k2"], 4, "a password is required");
	std::fs::write(d.p("empty"), "\n").unwrap();
	d.fails(
		&["keygen", "--out", "k3", "--password-file", "empty"],
		4,
		"empty password",
	);
	assert!(!d.p("k3/private.pem").exists());
}

#[test]
fn hash_cid_and_the_local_store() {
	let d = setup();
	assert_eq!(d.ok(&["cid", "record.xml"]).trim().len(), 59);
	let put = d.ok(&["--json", "store", "put", "record.xml", "--store", "st"]);
	let v: serde_json::Value = serde_json::from_str(&put).unwrap();
	let cid = v["cid"].as_str().unwrap().to_string();
	assert_eq!(d.ok(&["cid", "record.xml"]).trim(), cid);
	let sha = v["sha256"].as_str().unwrap().to_string();
	assert_eq!(d.ok(&["hash", "record.xml"]).trim(), sha);
	d.ok(&[
		"store",
		"get",
		&cid,
		"-o",
		"back.xml",
		"--store",
		"st",
		"--expect-hash",
		&sha,
	]);
	assert_eq!(
		std::fs::read(d.p("back.xml")).unwrap(),
		std::fs::read(d.p("record.xml")).unwrap()
	);
	d.ok(&["store", "verify", &cid, "--store", "st"]);
	d.fails(
		&[
			"store",
			"get",
			&cid,
			"-o",
			"x",
			"--store",
			"st",
			"--expect-hash",
			&"1".repeat(64),
		],
		15,
		"hash mismatch",
	);
	d.fails(
		&["store", "get", "not-a-cid", "-o", "x", "--store", "st"],
		1,
		"invalid CID",
	);
}

/// `semres vpi`: the secret is encrypted at rest in a file OpenSSL reads, and the identifier
/// is what OpenSSL's HMAC-SHA-256 computes over the documented input.
#[test]
fn vpi_secrets_are_encrypted_and_derive_what_openssl_computes() {
	use std::{io::Write, process::Stdio};
	let d = Dir::new();
	std::fs::write(d.p("pw"), "office passphrase\n").unwrap();
	std::fs::write(d.p("wrong"), "nope\n").unwrap();
	d.fails(
		&["vpi", "secret", "-o", "s.pem"],
		4,
		"a password is required",
	);
	assert!(!d.p("s.pem").exists());
	d.ok(&["vpi", "secret", "-o", "s.pem", "--password-file", "pw"]);
	d.fails(
		&["vpi", "secret", "-o", "s.pem", "--password-file", "pw"],
		1,
		"refusing to overwrite",
	);
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = std::fs::metadata(d.p("s.pem"))
			.unwrap()
			.permissions()
			.mode();
		assert_eq!(mode & 0o077, 0, "the secret is readable by others");
	}
	// OpenSSL alone decrypts it (PBES2: scrypt, then AES-256-CBC) to a PKCS#8 structure for
	// hmacWithSHA256 whose private key is the secret.
	let decrypted = std::process::Command::new("bash")
		.arg("-c")
		.arg(OPENSSL_DECRYPT_PKCS8)
		.arg("s.pem")
		.arg("office passphrase")
		.current_dir(d.p(""))
		.output()
		.unwrap();
	let text = String::from_utf8_lossy(&decrypted.stdout).to_string();
	assert!(
		decrypted.status.success(),
		"{text}{}",
		String::from_utf8_lossy(&decrypted.stderr)
	);
	assert!(text.contains(":hmacWithSHA256"), "{text}");
	let key = text
		.trim()
		.rsplit("[HEX DUMP]:")
		.next()
		.unwrap()
		.to_lowercase();
	assert_eq!(key.len(), 64, "{text}");
	let mut hmac = std::process::Command::new("openssl")
		.args(["dgst", "-sha256", "-mac", "HMAC", "-macopt"])
		.arg(format!("hexkey:{key}"))
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.spawn()
		.unwrap();
	hmac.stdin
		.take()
		.unwrap()
		.write_all(b"SEMRES vpi v1\0A123456789")
		.unwrap();
	let expected = String::from_utf8(hmac.wait_with_output().unwrap().stdout).unwrap();
	let expected = expected.trim().rsplit(' ').next().unwrap().to_string();
	let derived = d.ok(&[
		"vpi",
		"derive",
		"--patient-id",
		" a-123-456-789 ",
		"--vpi-secret",
		"s.pem",
		"--password-file",
		"pw",
	]);
	assert_eq!(derived.trim(), format!("0x{expected}"));
	let derive = |id: &'static str, secret: &'static str, pw: &'static str| {
		[
			"vpi",
			"derive",
			"--patient-id",
			id,
			"--vpi-secret",
			secret,
			"--password-file",
			pw,
		]
	};
	d.fails(&derive("A123456789", "s.pem", "wrong"), 4, "wrong password");
	d.fails(&derive("A12", "s.pem", "pw"), 1, "invalid patient id");
	d.ok(&["keygen", "--out", "k", "--no-password"]);
	d.fails(
		&derive("A123456789", "k/private.pem", "pw"),
		1,
		"not a VPI secret",
	);
}

/// `bash -c SCRIPT PEM PASSWORD`: decrypts a PBES2 (scrypt + AES-256-CBC) encrypted PKCS#8 PEM
/// with the `openssl` tool's own scrypt and AES, and prints the plain structure.
const OPENSSL_DECRYPT_PKCS8: &str = r#"set -euo pipefail
a=$(openssl asn1parse -in "$0")
grep -q ':scrypt' <<<"$a"; grep -q ':aes-256-cbc' <<<"$a"
salt=$(grep -A2 ':scrypt' <<<"$a" | tail -1 | sed 's/.*DUMP\]://')
n=$((16#$(grep -A3 ':scrypt' <<<"$a" | tail -1 | sed 's/.*://')))
iv=$(grep -A1 ':aes-256-cbc' <<<"$a" | tail -1 | sed 's/.*DUMP\]://')
ct=$(tail -1 <<<"$a" | sed 's/.*DUMP\]://')
k=$(openssl kdf -keylen 32 -kdfopt pass:"$1" -kdfopt hexsalt:"$salt" -kdfopt n:"$n" \
  -kdfopt r:8 -kdfopt p:1 SCRYPT | tr -d ':')
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$ct" | openssl enc -d -aes-256-cbc -K "$k" -iv "$iv" | openssl asn1parse -inform DER
"#;

/// A patient is named by national id with the secret, or by identifier: any other mix is a
/// usage error (exit 2) before anything connects to a node.
#[test]
fn patient_lookups_need_an_id_with_its_secret_or_an_identifier() {
	let d = Dir::new();
	for args in [
		&["record", "list"][..],
		&["record", "list", "--patient-id", "A123456789"],
		&["record", "list", "--vpi-secret", "s.pem"],
		&["record", "list", "--owner", "x", "--vpi", "00"],
		&[
			"record",
			"list",
			"--patient-id",
			"A123456789",
			"--vpi-secret",
			"s.pem",
			"--vpi",
			"00",
		],
		&["vpi", "derive", "--patient-id", "A123456789"],
	] {
		let out = d.run(args);
		assert_eq!(out.status.code(), Some(2), "semres {args:?}");
	}
	// A well-formed command that names no reachable node fails as a chain failure (exit 5).
	d.fails(
		&[
			"--url",
			"ws://127.0.0.1:9",
			"record",
			"list",
			"--vpi",
			&"ab".repeat(32),
		],
		5,
		"",
	);
}
