//! `semres keygen`, and loading keys and passwords for the other commands.

use std::{fs, io::Write, path::Path};

use semres_ceda::{smer::SuiteId, KeyAlgorithm, PrivateKey, PublicKey};
use serde_json::json;
use zeroize::Zeroizing;

use crate::{
	cli::{KeyArgs, KeygenArgs, PasswordArgs},
	error::{CliError, Kind, Result},
	output::Output,
};

/// The suite named `name`, or an error listing the known ones.
pub fn suite_by_name(name: &str) -> Result<SuiteId> {
	SuiteId::from_name(name).ok_or_else(|| {
		let known: Vec<&str> = SuiteId::ALL.iter().map(|s| s.name()).collect();
		CliError::failure(format!(
			"unknown suite '{name}'; known suites: {}",
			known.join(", ")
		))
	})
}

/// The password from `--password-file`, `--password-env`, or a prompt on a terminal.
pub(crate) fn password(args: &PasswordArgs, confirm: bool) -> Result<Option<Zeroizing<String>>> {
	if let Some(path) = &args.password_file {
		let text = Zeroizing::new(
			fs::read_to_string(path).map_err(|e| CliError::io("cannot read", path, e))?,
		);
		return Ok(Some(Zeroizing::new(
			text.lines().next().unwrap_or_default().to_string(),
		)));
	}
	if args.password_env {
		let pw = std::env::var("SEMRES_PASSWORD").map_err(|_| {
			CliError::failure("--password-env given but SEMRES_PASSWORD is not set")
		})?;
		return Ok(Some(Zeroizing::new(pw)));
	}
	if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
		return Ok(None);
	}
	let pw = Zeroizing::new(
		rpassword::prompt_password("Private key password: ")
			.map_err(|e| CliError::failure(e.to_string()))?,
	);
	if confirm {
		let again = Zeroizing::new(
			rpassword::prompt_password("Repeat password: ")
				.map_err(|e| CliError::failure(e.to_string()))?,
		);
		if *pw != *again {
			return Err(CliError::new(
				Kind::Credentials,
				"the passwords do not match",
			));
		}
	}
	Ok(Some(pw))
}

/// Writes `contents` to a new file (never overwriting), readable only by the owner if `secret`.
pub(crate) fn write_new(path: &Path, contents: &[u8], secret: bool) -> Result<()> {
	let mut opts = fs::OpenOptions::new();
	opts.write(true).create_new(true);
	#[cfg(unix)]
	if secret {
		std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
	}
	let mut f = opts.open(path).map_err(|e| match e.kind() {
		std::io::ErrorKind::AlreadyExists => CliError::failure(format!(
			"{} exists: refusing to overwrite a key",
			path.display()
		)),
		_ => CliError::io("cannot create", path, e),
	})?;
	f.write_all(contents)
		.and_then(|()| f.sync_all())
		.map_err(|e| CliError::io("cannot write", path, e))
}

pub fn keygen(out: &Output, a: KeygenArgs) -> Result<()> {
	let suite = suite_by_name(&a.suite)?;
	let pw = if a.no_password {
		None
	} else {
		Some(password(&a.password, true)?.ok_or_else(|| {
			CliError::new(
				Kind::Credentials,
				"a password is required to encrypt the private key: use --password-file, \
				 --password-env or --no-password",
			)
		})?)
	};
	fs::create_dir_all(&a.out).map_err(|e| CliError::io("cannot create", &a.out, e))?;
	let (priv_path, pub_path) = (a.out.join("private.pem"), a.out.join("public.pem"));
	for p in [&priv_path, &pub_path] {
		if p.exists() {
			return Err(CliError::failure(format!(
				"{} exists: refusing to overwrite a key",
				p.display()
			)));
		}
	}
	let key = PrivateKey::generate(KeyAlgorithm::for_suite(suite))?;
	let pem = key.to_pem(pw.as_ref().map(|p| p.as_bytes()))?;
	write_new(&priv_path, pem.as_bytes(), true)?;
	write_new(&pub_path, key.public_key().to_pem().as_bytes(), false)?;
	let key_id = semres_ceda::keys::hex(&key.public_key().key_id());
	out.result(
		&format!(
			"wrote {} ({}) and {}\nkey id: {key_id}\nsuite:  {}",
			priv_path.display(),
			if pw.is_some() {
				"encrypted"
			} else {
				"NOT encrypted"
			},
			pub_path.display(),
			suite.name()
		),
		json!({
			"private_key": priv_path, "public_key": pub_path, "key_id": key_id,
			"suite": suite.name(), "encrypted": pw.is_some(),
		}),
	);
	Ok(())
}

pub fn load_public(path: &Path) -> Result<PublicKey> {
	let pem = fs::read_to_string(path).map_err(|e| CliError::io("cannot read", path, e))?;
	PublicKey::from_pem(&pem).map_err(|e| CliError::failure(format!("{}: {e}", path.display())))
}

pub fn load_private(args: &KeyArgs) -> Result<PrivateKey> {
	load_private_from(&args.key, &args.password)
}

/// Loads the private key at `path`, asking for its password (as `password` says) if it is
/// encrypted.
pub fn load_private_from(path: &Path, password_args: &PasswordArgs) -> Result<PrivateKey> {
	load_pem(path, password_args, PrivateKey::from_pem)
}

/// Reads the PEM file at `path` and parses it with `parse`, asking for its password (as
/// `password_args` says) if it is encrypted; a parse error names the file.
pub(crate) fn load_pem<K>(
	path: &Path,
	password_args: &PasswordArgs,
	parse: impl FnOnce(&str, Option<&[u8]>) -> core::result::Result<K, semres_ceda::CedaError>,
) -> Result<K> {
	let pem =
		Zeroizing::new(fs::read_to_string(path).map_err(|e| CliError::io("cannot read", path, e))?);
	let pw = if pem.contains("ENCRYPTED PRIVATE KEY") {
		password(password_args, false)?
	} else {
		None
	};
	parse(&pem, pw.as_ref().map(|p| p.as_bytes())).map_err(|e| {
		let e = CliError::from(e);
		CliError::new(e.kind, format!("{}: {}", path.display(), e.message))
	})
}
