//! Command-line syntax.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Seal, open, share and store SMeRs — Secured encrypted Medical Records.
///
/// Exit codes: 0 success, 1 error (I/O, malformed input), 2 usage, 3 integrity failure
/// (tampered or truncated SMeR, hash or CID mismatch), 4 wrong key or password.
#[derive(Debug, Parser)]
#[command(name = "semres", version)]
pub struct Cli {
	/// Print results as JSON on stdout (errors as JSON on stderr).
	#[arg(long, global = true)]
	pub json: bool,

	#[command(subcommand)]
	pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
	/// Generate a key pair: DIR/private.pem (PKCS#8) and DIR/public.pem (SPKI).
	Keygen(KeygenArgs),
	/// Seal a record into a SMeR for one or more recipients.
	Seal(SealArgs),
	/// Open a SMeR with a recipient's private key.
	Open(OpenArgs),
	/// Give a new recipient access: write a detached envelope (the SMeR is untouched).
	Share(ShareArgs),
	/// Re-key a SMeR for the remaining recipients (revocation): a new version, new data key.
	Rekey(RekeyArgs),
	/// Show a SMeR's header and envelopes without decrypting anything.
	Inspect(FileArg),
	/// Print a file's anchor hash (SHA-256, hex): what the chain records for a SMeR.
	Hash(FileArg),
	/// Print a file's IPFS CIDv1 (base32), as `ipfs add --cid-version=1 --raw-leaves` would.
	Cid(FileArg),
	/// The DERy content-addressed store.
	#[command(subcommand)]
	Store(StoreCommand),
}

/// Where a private key's password comes from. Never from a plain argument (it would show in
/// the process list): from a file, an environment variable, or a prompt.
#[derive(Debug, Args)]
pub struct PasswordArgs {
	/// Read the password from this file (first line).
	#[arg(long, value_name = "FILE")]
	pub password_file: Option<PathBuf>,
	/// Read the password from the environment variable SEMRES_PASSWORD.
	#[arg(long)]
	pub password_env: bool,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
	/// Directory to write private.pem and public.pem into (created if missing).
	#[arg(long, value_name = "DIR")]
	pub out: PathBuf,
	/// CEDA suite the key is for: rsa3072-aes256gcm (default), rsa2048-aes128gcm,
	/// x25519-aes256gcm, sm2-sm4gcm-sm3, xwing-aes256gcm.
	#[arg(long, default_value = "rsa3072-aes256gcm")]
	pub suite: String,
	/// Leave the private key unencrypted (otherwise a password is required).
	#[arg(long)]
	pub no_password: bool,
	#[command(flatten)]
	pub password: PasswordArgs,
}

#[derive(Debug, Args)]
pub struct SealArgs {
	/// The record to seal.
	pub input: PathBuf,
	/// Where to write the SMeR.
	#[arg(short, long)]
	pub output: PathBuf,
	/// A recipient's public key (PEM); repeat for several recipients.
	#[arg(long = "to", value_name = "PUBLIC.pem", required = true)]
	pub to: Vec<PathBuf>,
	/// Record id, 64 hex digits (default: random).
	#[arg(long, value_name = "HEX")]
	pub record_id: Option<String>,
	/// Pseudonymous owner id, 64 hex digits, e.g. the patient's account id (default: zero).
	#[arg(long, value_name = "HEX")]
	pub owner: Option<String>,
	/// Media type of the record.
	#[arg(long, default_value = "application/octet-stream")]
	pub content_type: String,
	/// Plaintext bytes per chunk, as a power of two (12 ..= 24).
	#[arg(long, default_value_t = 20)]
	pub chunk_size_log2: u8,
}

#[derive(Debug, Args)]
pub struct KeyArgs {
	/// The recipient's private key (PEM, PKCS#8, possibly encrypted).
	#[arg(long = "key", value_name = "PRIVATE.pem")]
	pub key: PathBuf,
	/// A detached envelope for this key (from `semres share`), if the SMeR has none for it.
	#[arg(long, value_name = "FILE")]
	pub envelope: Option<PathBuf>,
	#[command(flatten)]
	pub password: PasswordArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
	/// The SMeR.
	pub input: PathBuf,
	/// Where to write the record (appears only if the SMeR opens completely).
	#[arg(short, long)]
	pub output: PathBuf,
	#[command(flatten)]
	pub key: KeyArgs,
	/// The anchor hash the chain records (hex): checked before anything is decrypted.
	#[arg(long, value_name = "HEX")]
	pub expect_hash: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
	/// The SMeR.
	pub input: PathBuf,
	/// Where to write the detached envelope.
	#[arg(short, long)]
	pub output: PathBuf,
	#[command(flatten)]
	pub key: KeyArgs,
	/// The new recipient's public key (PEM).
	#[arg(long = "to", value_name = "PUBLIC.pem")]
	pub to: PathBuf,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
	/// The current SMeR.
	pub input: PathBuf,
	/// Where to write the new version.
	#[arg(short, long)]
	pub output: PathBuf,
	#[command(flatten)]
	pub key: KeyArgs,
	/// Each remaining recipient's public key (PEM).
	#[arg(long = "to", value_name = "PUBLIC.pem", required = true)]
	pub to: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FileArg {
	/// The file.
	pub file: PathBuf,
}

/// Which store: a local directory (default) or a Kubo RPC API.
#[derive(Debug, Args)]
pub struct StoreArgs {
	/// Local store directory.
	#[arg(long, env = "SEMRES_STORE", default_value = ".semres-store")]
	pub store: PathBuf,
	/// Use the Kubo (IPFS) HTTP RPC API at this URL instead, e.g. http://127.0.0.1:5001.
	#[arg(long, env = "SEMRES_KUBO_API", value_name = "URL")]
	pub kubo: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
	/// Store a file; prints its CID and SHA-256.
	Put {
		file: PathBuf,
		#[command(flatten)]
		store: StoreArgs,
	},
	/// Fetch a file by CID, verified against the CID (and the anchor hash, if given).
	Get {
		cid: String,
		#[arg(short, long)]
		output: PathBuf,
		/// The anchor hash the chain records (hex).
		#[arg(long, value_name = "HEX")]
		expect_hash: Option<String>,
		#[command(flatten)]
		store: StoreArgs,
	},
	/// Check that the store holds CID completely and intact.
	Verify {
		cid: String,
		#[command(flatten)]
		store: StoreArgs,
	},
}
