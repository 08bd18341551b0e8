//! RSA-OAEP (SHA-256, MGF1-SHA-256) and encrypted PKCS#8 interoperate with OpenSSL's CLI.
//! The SMeR envelope of an RSA suite is exactly the OAEP ciphertext of the data key, with the
//! version 2 label `"SEMRES v2 data key" || suite || record_id || key_id` (`docs/smer.md` §2).

mod common;
use std::{path::Path, process::Command};

use common::*;
use semres_ceda::{
	open_bytes, seal_bytes,
	smer::{parse_prefix, DetachedEnvelope, Envelope, SuiteId},
	PrivateKey, Unlock,
};

fn openssl(args: &[&str], dir: &Path) -> Vec<u8> {
	let out = Command::new("openssl")
		.args(args)
		.current_dir(dir)
		.output()
		.expect("openssl runs");
	assert!(
		out.status.success(),
		"openssl {args:?}: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	out.stdout
}

const OAEP: [&str; 4] = [
	"-pkeyopt",
	"rsa_padding_mode:oaep",
	"-pkeyopt",
	"rsa_oaep_md:sha256",
];

/// `-pkeyopt rsa_oaep_label:…` for `key`'s envelope in a suite 1 SMeR of record `[7; 32]` (the
/// tests' record id).
fn label(key: &PrivateKey) -> String {
	let mut label = b"SEMRES v2 data key".to_vec();
	label.push(1);
	label.extend_from_slice(&[7; 32]);
	label.extend_from_slice(&key.public_key().key_id());
	let hex: String = label.iter().map(|b| format!("{b:02x}")).collect();
	format!("rsa_oaep_label:{hex}")
}

fn tmp() -> tempfile::TempDir {
	tempfile::tempdir().unwrap()
}

#[test]
fn a_data_key_wrapped_by_semres_unwraps_with_openssl() {
	let dir = tmp();
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	std::fs::write(
		dir.path().join("k.pem"),
		alice.to_pem(None).unwrap().as_bytes(),
	)
	.unwrap();
	let (smer, _) = seal_bytes(b"interop", &[alice.public_key().clone()], &opts(12)).unwrap();
	let env = &parse_prefix(&smer).unwrap().envelopes[0];
	std::fs::write(dir.path().join("wrapped"), &env.wrapped).unwrap();
	let mut args = vec!["pkeyutl", "-decrypt", "-inkey", "k.pem", "-in", "wrapped"];
	args.extend(OAEP);
	args.extend(["-pkeyopt", "rsa_mgf1_md:sha256"]);
	let label = label(alice);
	args.extend(["-pkeyopt", &label]);
	let key = openssl(&args, dir.path());
	// Without the label (a version 1 wrap's), OpenSSL refuses the envelope.
	let unlabelled = Command::new("openssl")
		.args(&args[..args.len() - 2])
		.current_dir(dir.path())
		.output()
		.unwrap();
	assert!(!unlabelled.status.success());
	assert_eq!(key.len(), 32, "AES-256 data key");
	// The key OpenSSL recovered opens the SMeR.
	let data_key = semres_ceda::DataKey::from_bytes(&key);
	assert_eq!(
		open_bytes(&smer, &Unlock::DataKey(&data_key), None)
			.unwrap()
			.0,
		b"interop"
	);
}

#[test]
fn a_data_key_wrapped_by_openssl_unwraps_in_semres() {
	let dir = tmp();
	let (alice, bob) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	let (smer, report) =
		seal_bytes(b"interop 2", &[alice.public_key().clone()], &opts(12)).unwrap();
	// Recover the data key as Alice, then wrap it for Bob with OpenSSL.
	let det = semres_ceda::share(
		&parse_prefix(&smer).unwrap(),
		report.anchor_hash,
		&Unlock::Key(alice),
		alice.public_key(),
	)
	.unwrap();
	let mut args = vec!["pkeyutl", "-decrypt", "-inkey", "a.pem", "-in", "w"];
	std::fs::write(
		dir.path().join("a.pem"),
		alice.to_pem(None).unwrap().as_bytes(),
	)
	.unwrap();
	std::fs::write(dir.path().join("w"), &det.envelope.wrapped).unwrap();
	args.extend(OAEP);
	let label_a = label(alice);
	args.extend(["-pkeyopt", &label_a]);
	std::fs::write(dir.path().join("dk"), openssl(&args, dir.path())).unwrap();
	std::fs::write(dir.path().join("b.pub"), bob.public_key().to_pem()).unwrap();
	let mut args = vec![
		"pkeyutl", "-encrypt", "-pubin", "-inkey", "b.pub", "-in", "dk",
	];
	args.extend(OAEP);
	let label_b = label(bob);
	args.extend(["-pkeyopt", &label_b]);
	let wrapped = openssl(&args, dir.path());
	let det = DetachedEnvelope {
		suite: SuiteId::RsaOaep3072Aes256Gcm,
		smer_hash: report.anchor_hash.0,
		envelope: Envelope {
			key_id: bob.public_key().key_id(),
			wrapped,
		},
	};
	assert_eq!(
		open_bytes(&smer, &Unlock::Detached(bob, &det), None)
			.unwrap()
			.0,
		b"interop 2"
	);
}

#[test]
fn openssl_reads_our_encrypted_keys_and_we_read_its_keys() {
	let dir = tmp();
	let (alice, _) = keys(SuiteId::RsaOaep3072Aes256Gcm);
	std::fs::write(
		dir.path().join("enc.pem"),
		alice.to_pem(Some(b"pw")).unwrap().as_bytes(),
	)
	.unwrap();
	let spki = openssl(
		&[
			"pkey", "-in", "enc.pem", "-passin", "pass:pw", "-pubout", "-outform", "DER",
		],
		dir.path(),
	);
	assert_eq!(spki, alice.public_key().to_spki_der());

	openssl(
		&[
			"genpkey",
			"-algorithm",
			"RSA",
			"-pkeyopt",
			"rsa_keygen_bits:2048",
			"-out",
			"o.pem",
		],
		dir.path(),
	);
	openssl(
		&[
			"pkcs8",
			"-topk8",
			"-in",
			"o.pem",
			"-scrypt",
			"-passout",
			"pass:pw2",
			"-out",
			"o-enc.pem",
		],
		dir.path(),
	);
	openssl(
		&["genpkey", "-algorithm", "X25519", "-out", "x.pem"],
		dir.path(),
	);
	let o = std::fs::read_to_string(dir.path().join("o-enc.pem")).unwrap();
	let k = PrivateKey::from_pem(&o, Some(b"pw2")).unwrap();
	assert_eq!(k.algorithm(), semres_ceda::KeyAlgorithm::Rsa2048);
	let x = std::fs::read_to_string(dir.path().join("x.pem")).unwrap();
	assert_eq!(
		PrivateKey::from_pem(&x, None).unwrap().algorithm(),
		semres_ceda::KeyAlgorithm::X25519
	);
}
