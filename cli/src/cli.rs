//! Command-line syntax.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Seal, open, share and store SMeRs — Secured encrypted Medical Records — and exchange them
/// on a SEMRES chain: anchor, grant, read with verification, pay.
///
/// Exit codes: 0 success, 1 error (I/O, malformed input), 2 usage, 3 integrity failure
/// (tampered, truncated or foreign SMeR), 4 wrong key, password or account, 5 node unreachable
/// or no answer, 6 transaction refused by the chain, 10 not anchored, 11 erased, 12 not
/// authorised, 13 grant expired, 14 grant revoked, 15 SMeR hash differs from its anchor,
/// 16 stored content differs from its CID, 17 no registered key, 18 custodians did not release
/// enough shares in time.
#[derive(Debug, Parser)]
#[command(name = "semres", version)]
pub struct Cli {
	/// Print results as JSON on stdout (errors as JSON on stderr).
	#[arg(long, global = true)]
	pub json: bool,

	/// The node's WebSocket RPC endpoint.
	#[arg(
		long,
		global = true,
		env = "SEMRES_URL",
		default_value = "ws://127.0.0.1:9944"
	)]
	pub url: String,

	/// Wait for transactions to be finalised (default: included in a best block).
	#[arg(long, global = true)]
	pub finalized: bool,

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
	/// Audit: every anchored SMeR fetched and hashed against its anchor, every logged read,
	/// emergency access and service; writes DIR/report.json and DIR/report.html. Exits 3 when a
	/// SMeR fails its anchor (the report is written all the same).
	Audit(AuditArgs),
	/// Account keys on chain: publish a CEDA public key.
	#[command(subcommand)]
	Keys(KeysCommand),
	/// Records on chain: put (seal, store, anchor), get (verified read), amend, history, list.
	#[command(subcommand)]
	Record(RecordCommand),
	/// Grant an account read access to your records.
	Grant(GrantArgs),
	/// Revoke one of your grants.
	Revoke(IdArgs),
	/// Ask a patient for access to their records.
	Request(RequestArgs),
	/// Approve a request for access to your records (a grant to the requester).
	Approve(ApproveArgs),
	/// Reject a request for access to your records.
	Reject(IdArgs),
	/// Emergency access without the patient: open, co-sign, close, review.
	#[command(subcommand)]
	Emergency(EmergencyCommand),
	/// Telemedicine services: book, authorise, complete with the record, refund, dispute, claim.
	#[command(subcommand)]
	Service(ServiceCommand),
	/// The consortium registry (governance: a council majority, or sudo on development chains).
	#[command(subcommand)]
	Member(MemberCommand),
	/// The council of member hospitals: motions and votes, admitting and expelling hospitals,
	/// root-only calls (runtime upgrades) it whitelists.
	#[command(subcommand)]
	Council(CouncilCommand),
	/// A hospital node's session keys (Aura, GRANDPA) on chain.
	#[command(subcommand)]
	Session(SessionCommand),
	/// Virtual patient identifiers: the consortium's secret and what it derives from a
	/// national id (find and tag records with `record list|put|tag --patient-id`).
	#[command(subcommand)]
	Vpi(VpiCommand),
	/// Key custody on chain: hospitals' custody keys and the custody committee.
	#[command(subcommand)]
	Custody(CustodyCommand),
	/// Run a hospital's custodian: answer key requests for the committee it sits on.
	Custodian(CustodianArgs),
}

#[derive(Debug, Subcommand)]
pub enum CustodyCommand {
	/// Publish your hospital's custody key (an X25519 or X-Wing public key, PEM).
	Register {
		/// The custody public key (from `semres keygen --suite x25519-aes256gcm`).
		#[arg(long, value_name = "PUBLIC.pem")]
		public: PathBuf,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Set the custody committee (governance: two thirds of the council, or sudo on
	/// development chains); starts a new epoch for new records.
	SetCommittee {
		/// A custodian (a hospital with a custody key), in share order; repeat for each.
		#[arg(long = "member", value_name = "ACCOUNT", required = true)]
		members: Vec<String>,
		/// Shares that release a key (2 ..= members).
		#[arg(long)]
		threshold: u8,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Show a custody committee (default: the current one).
	Show {
		/// The epoch.
		#[arg(long)]
		epoch: Option<u32>,
	},
}

#[derive(Debug, Args)]
pub struct CustodianArgs {
	/// The custodian's configuration (JSON: url, account, custody_key, password_file, store,
	/// state; see docs/operator.md).
	#[arg(long, value_name = "FILE")]
	pub config: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum VpiCommand {
	/// Generate the consortium's VPI secret (32 random bytes) into a new, password-encrypted
	/// file; the consortium shares it with its members' record offices only.
	Secret {
		/// The file to write (never overwritten).
		#[arg(short, long, value_name = "FILE")]
		output: PathBuf,
		#[command(flatten)]
		password: PasswordArgs,
	},
	/// Print a patient's virtual patient identifier (to give the patient, or to check one).
	Derive {
		/// The patient's national id.
		#[arg(long, value_name = "ID")]
		patient_id: String,
		/// The consortium's VPI secret.
		#[arg(long, value_name = "FILE")]
		vpi_secret: PathBuf,
		#[command(flatten)]
		password: PasswordArgs,
	},
}

/// A patient, by national id (derived into their virtual patient identifier with the
/// consortium's secret) or by the identifier itself.
#[derive(Debug, Args)]
pub struct VpiArgs {
	/// The patient's national id: derived with --vpi-secret; it never leaves this machine.
	#[arg(long, value_name = "ID", requires = "vpi_secret")]
	pub patient_id: Option<String>,
	/// The consortium's VPI secret (written by `semres vpi secret`).
	#[arg(long, value_name = "FILE", requires = "patient_id")]
	pub vpi_secret: Option<PathBuf>,
	/// The virtual patient identifier itself (64 hex digits), as a hospital gives a patient.
	#[arg(long, value_name = "HEX", conflicts_with = "patient_id")]
	pub vpi: Option<String>,
	#[command(flatten)]
	pub password: PasswordArgs,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
	/// Register accounts with a role (hospitals and insurers are institutions; other roles
	/// name the institution they belong to).
	Add {
		/// The accounts (several: one governance call for all, with the same role and
		/// institution).
		#[arg(required = true)]
		who: Vec<String>,
		/// hospital, practitioner, insurer, auditor, emergency-responder, privacy-officer.
		#[arg(long)]
		role: String,
		/// The member's institution (for roles other than hospital and insurer).
		#[arg(long)]
		institution: Option<String>,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Remove an account's role.
	Remove {
		/// The account.
		who: String,
		/// The role.
		#[arg(long)]
		role: String,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Set the emergency officers and how many must co-sign.
	Officers {
		/// The officers.
		#[arg(required = true)]
		officers: Vec<String>,
		/// How many must co-sign.
		#[arg(long, default_value_t = 1)]
		threshold: u32,
		#[command(flatten)]
		account: AccountArgs,
	},
}

/// Share the data key with the grantee at once: a detached envelope for the grantee's
/// registered key, stored in DERy and named by the grant (for a one-record scope).
#[derive(Debug, Args)]
pub struct ShareKeyArgs {
	/// The owner's CEDA private key, to unwrap the record's data key for the envelope.
	#[arg(long = "share-key", value_name = "PRIVATE.pem")]
	pub share_key: Option<PathBuf>,
	#[command(flatten)]
	pub password: PasswordArgs,
	#[command(flatten)]
	pub store: ChainStoreArgs,
}

/// Which account signs: a development account (development chains only), a file holding a
/// secret URI, or an encrypted polkadot.js key file. Without any of them, the secret URI in the
/// environment variable SEMRES_SURI. Never a secret on the command line.
#[derive(Debug, Args, Clone)]
pub struct AccountArgs {
	/// A well-known development account: alice, bob, charlie, dave, eve or ferdie (accepted on
	/// development chains only).
	#[arg(long, value_name = "NAME")]
	pub dev: Option<String>,
	/// A file whose first line is the account's secret URI (mnemonic or 0x seed, with optional
	/// //derivations).
	#[arg(long, value_name = "FILE", conflicts_with = "dev")]
	pub suri_file: Option<PathBuf>,
	/// A polkadot.js JSON key file (encrypted), as wallets export accounts.
	#[arg(long, value_name = "FILE", conflicts_with_all = ["dev", "suri_file"])]
	pub account_file: Option<PathBuf>,
	/// The key file's password, from this file (first line); else SEMRES_ACCOUNT_PASSWORD, else
	/// a prompt.
	#[arg(long, value_name = "FILE", requires = "account_file")]
	pub account_password_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CouncilCommand {
	/// List the open motions: hash, ayes, nays and threshold.
	Motions,
	/// Vote on an open motion (aye unless --nay); the vote that decides it closes it, which
	/// dispatches its call when it passed.
	Vote {
		/// The motion's hash (0x + 64 hex digits, as `council motions` lists it).
		motion: String,
		/// Vote against.
		#[arg(long)]
		nay: bool,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Close a motion that is decided or whose time ran out.
	Close {
		/// The motion's hash.
		motion: String,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Propose admitting a hospital to the council (two thirds), and with --authority to the
	/// hospitals that run authority nodes (it sets its keys with `semres session set-keys`).
	Admit {
		/// The hospital's account.
		who: String,
		/// Also an authority (Aura + GRANDPA) from the session after it has set its keys.
		#[arg(long)]
		authority: bool,
		/// Its node's libp2p peer id (12D3Koo...): a well-known consortium node, which the
		/// other nodes then sync with.
		#[arg(long, value_name = "PEER_ID")]
		node: Option<String>,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Propose removing a hospital from the council and the authorities, and its nodes from the
	/// well-known nodes (two thirds); it stops authoring within two sessions.
	Expel {
		/// The hospital's account.
		who: String,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Propose whitelisting a root-only call (two thirds): a runtime upgrade, say.
	Whitelist {
		#[command(flatten)]
		call: RootCallArgs,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Dispatch a call the council whitelisted, as root (any council member).
	Dispatch {
		#[command(flatten)]
		call: RootCallArgs,
		#[command(flatten)]
		account: AccountArgs,
	},
}

/// A root-only call: a runtime upgrade or any SCALE-encoded call.
#[derive(Debug, Args, Clone)]
pub struct RootCallArgs {
	/// `system.set_code` with this runtime (the compact wasm the build writes).
	#[arg(long, value_name = "FILE", conflicts_with = "call")]
	pub wasm: Option<PathBuf>,
	/// Any runtime call, SCALE-encoded (e.g. polkadot.js `call.method.toHex()`).
	#[arg(long, value_name = "HEX")]
	pub call: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
	/// Have the hospital's node generate new session keys (`author_rotateKeysWithOwner` on
	/// --node) and register them with their proof (`session.set_keys`).
	SetKeys {
		/// The hospital's own node (its unsafe RPC), e.g. ws://127.0.0.1:9944.
		#[arg(long, value_name = "URL")]
		node: String,
		#[command(flatten)]
		account: AccountArgs,
	},
}

/// Which DERy store a chain command uses.
#[derive(Debug, Args, Clone)]
pub struct ChainStoreArgs {
	/// Local store directory (the embedded store).
	#[arg(long, env = "SEMRES_STORE", default_value = ".semres-store")]
	pub store: PathBuf,
	/// Use the Kubo (IPFS) HTTP RPC API at this URL instead, e.g. http://127.0.0.1:5001.
	#[arg(long, env = "SEMRES_KUBO_API", value_name = "URL")]
	pub kubo: Option<String>,
}

/// What an offline command checks a SMeR against: the hash the chain anchors, given, or looked
/// up on the chain at --url (the SMeR's record id names its record). One of them is required:
/// a SMeR is only as authentic as its anchor.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct AnchorArgs {
	/// The anchor hash the chain records (hex), checked in the same pass that reads the SMeR.
	#[arg(long, value_name = "HEX")]
	pub expect_hash: Option<String>,
	/// Check the SMeR against its record's anchors on the chain at --url.
	#[arg(long)]
	pub verify_on_chain: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
	/// Publish a CEDA public key (PEM) for the signing account; replaces its key of that suite.
	Register {
		/// The public key.
		#[arg(long = "public", value_name = "PUBLIC.pem")]
		public: PathBuf,
		#[command(flatten)]
		account: AccountArgs,
	},
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
	/// Seal FILE for its owner and the named readers' registered keys, store it in DERy, and
	/// anchor it (with the owner's consent when the signer is not the owner).
	Put(PutArgs),
	/// Read a record: its anchor from the chain, the SMeR from DERy, hashed in the same pass
	/// that decrypts it, checked against the anchor and the reader's access, the read logged;
	/// OUT is written only when all of it passed.
	Get(GetArgs),
	/// Anchor a new version of a record: FILE sealed for the owner and the named readers.
	Amend(AmendArgs),
	/// A record's versions and its logged reads.
	History {
		/// The record id (64 hex digits).
		record: String,
	},
	/// An owner's records, or (--patient-id, --vpi) those tagged with a patient's virtual
	/// identifier, with their owners.
	List {
		/// The owner's account.
		#[arg(long, conflicts_with_all = ["patient_id", "vpi"], required_unless_present_any = ["patient_id", "vpi"])]
		owner: Option<String>,
		#[command(flatten)]
		vpi: VpiArgs,
	},
	/// Tag a record with its patient's virtual identifier (the record's owner, or the care
	/// provider that anchored its first version), so members find it by national id.
	Tag {
		/// The record id (64 hex digits).
		record: String,
		#[command(flatten)]
		vpi: VpiArgs,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Remove a record's identifier (the owner, or whoever set it). When the owner does it,
	/// care providers cannot tag the record again.
	Untag {
		/// The record id (64 hex digits).
		record: String,
		#[command(flatten)]
		account: AccountArgs,
	},
}

#[derive(Debug, Args)]
pub struct PutArgs {
	/// The record to put.
	pub file: PathBuf,
	/// The record's owner (the patient).
	#[arg(long)]
	pub owner: String,
	/// Record class: outpatient, inpatient, laboratory, imaging, prescription,
	/// discharge-summary, allergy, vaccination, sensor, other.
	#[arg(long, default_value = "other")]
	pub class: String,
	/// Security level: private, moderate, low.
	#[arg(long, default_value = "private")]
	pub level: String,
	/// Tag the record with the patient's virtual identifier in the same transaction.
	#[command(flatten)]
	pub vpi: VpiArgs,
	#[command(flatten)]
	pub version: VersionArgs,
}

#[derive(Debug, Args)]
pub struct GetArgs {
	/// The record id (64 hex digits).
	pub record: String,
	/// Where to write the record.
	#[arg(short, long)]
	pub output: PathBuf,
	/// The version (default: the latest).
	#[arg(long)]
	pub version: Option<u32>,
	/// The reader's CEDA private key (PEM, PKCS#8, possibly encrypted): the owner's key, or
	/// the reader's registered X25519 / X-Wing key for a release by the custodians.
	#[arg(long = "key", value_name = "PRIVATE.pem")]
	pub key: PathBuf,
	/// How long to wait for the custodians' shares, in seconds.
	#[arg(long, value_name = "SECS", default_value_t = 60)]
	pub custody_timeout: u64,
	#[command(flatten)]
	pub password: PasswordArgs,
	#[command(flatten)]
	pub store: ChainStoreArgs,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Args)]
pub struct AmendArgs {
	/// The record id (64 hex digits).
	pub record: String,
	/// The new version's content.
	pub file: PathBuf,
	#[command(flatten)]
	pub version: VersionArgs,
}

/// How a new version (the first or a later one) is sealed, stored and signed.
#[derive(Debug, Args)]
pub struct VersionArgs {
	/// A reader to seal the version for (by their registered key); repeat for several.
	#[arg(long = "for", value_name = "ACCOUNT")]
	pub readers: Vec<String>,
	/// Media type of the record, checked for FHIR JSON, My Health Bank XML, DICOM and CSV
	/// (default: recognised from the file).
	#[arg(long)]
	pub content_type: Option<String>,
	/// CEDA suite of the owner's and readers' registered keys.
	#[arg(long, default_value = "rsa3072-aes256gcm")]
	pub suite: String,
	/// The owner's account, to sign the consent when the signer is not the owner (a
	/// development account name).
	#[arg(long, value_name = "NAME")]
	pub owner_dev: Option<String>,
	/// The owner's secret URI file, to sign the consent when the signer is not the owner.
	#[arg(long, value_name = "FILE", conflicts_with = "owner_dev")]
	pub owner_suri_file: Option<PathBuf>,
	#[command(flatten)]
	pub store: ChainStoreArgs,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
	/// Only this owner's (patient's) records, reads, emergencies and services.
	#[arg(long)]
	pub owner: Option<String>,
	/// The block to report at (default: the last finalised block).
	#[arg(long)]
	pub at: Option<u32>,
	/// The first block to read events from.
	#[arg(long, default_value_t = 1)]
	pub from: u32,
	/// The directory to write report.json and report.html into.
	#[arg(short, long, value_name = "DIR")]
	pub output: PathBuf,
	/// The largest SMeR to fetch, in bytes; a larger one fails its row.
	#[arg(long, default_value_t = 1 << 32)]
	pub max_smer_bytes: u64,
	#[command(flatten)]
	pub store: ChainStoreArgs,
}

/// What a grant or request covers: one record, one class, or all records.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ScopeArgs {
	/// One record (64 hex digits).
	#[arg(long)]
	pub record: Option<String>,
	/// All records of one class.
	#[arg(long)]
	pub class: Option<String>,
	/// All records.
	#[arg(long)]
	pub all: bool,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
	/// The grantee.
	#[arg(long = "to", value_name = "ACCOUNT")]
	pub grantee: String,
	#[command(flatten)]
	pub scope: ScopeArgs,
	/// HL7 purpose of use: treatment, emergency-treatment, payment, research, operations,
	/// public-health, patient-request.
	#[arg(long, default_value = "treatment")]
	pub purpose: String,
	/// How many blocks the grant lasts (6 s each; 14400 = a day).
	#[arg(long, default_value_t = 14_400)]
	pub blocks: u32,
	#[command(flatten)]
	pub share: ShareKeyArgs,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Args)]
pub struct IdArgs {
	/// The grant, request or service id.
	pub id: u64,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Args)]
pub struct RequestArgs {
	/// The patient.
	#[arg(long)]
	pub owner: String,
	#[command(flatten)]
	pub scope: ScopeArgs,
	/// HL7 purpose of use.
	#[arg(long, default_value = "treatment")]
	pub purpose: String,
	/// The consortium reason code; only a commitment to it goes on chain (the salt is printed,
	/// keep it for the auditor).
	#[arg(long)]
	pub reason: u32,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
	/// The request id.
	pub id: u64,
	/// How many blocks the resulting grant lasts.
	#[arg(long, default_value_t = 14_400)]
	pub blocks: u32,
	#[command(flatten)]
	pub share: ShareKeyArgs,
	#[command(flatten)]
	pub account: AccountArgs,
}

#[derive(Debug, Subcommand)]
pub enum EmergencyCommand {
	/// Open emergency access to a patient's records (an emergency responder).
	Open {
		/// The patient.
		#[arg(long)]
		patient: String,
		/// The consortium reason code (only a commitment goes on chain).
		#[arg(long)]
		reason: u32,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Co-sign an emergency access (an emergency officer).
	Cosign(IdArgs),
	/// Close an emergency access early (the responder, the patient or a privacy officer).
	Close(IdArgs),
	/// Review an ended emergency access (the patient or a privacy officer).
	Review(IdArgs),
}

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
	/// Book a service with a provider (the patient): the patient's share is held.
	Book {
		/// The hospital or practitioner.
		#[arg(long)]
		provider: String,
		/// The price in SEMR (e.g. 12.5).
		#[arg(long)]
		price: String,
		/// The appointment, in blocks from now.
		#[arg(long, default_value_t = 2)]
		starts_in: u32,
		/// The deadline, in blocks from now.
		#[arg(long, default_value_t = 600)]
		deadline_in: u32,
		/// An insurer paying its share under its coverage of the patient.
		#[arg(long)]
		insurer: Option<String>,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Authorise a booking that names you as insurer.
	Authorise(IdArgs),
	/// Decline a booking that names you as insurer.
	Decline(IdArgs),
	/// Complete a service (the provider or its practitioner): FILE, the consultation's record,
	/// is sealed for the patient, yourself and the named readers, stored, and anchored on the
	/// booking's authority.
	Complete {
		/// The service id.
		id: u64,
		/// The consultation's record.
		file: PathBuf,
		/// Amend this record of the patient's (64 hex digits) instead of creating a new one.
		#[arg(long)]
		amend: Option<String>,
		/// A further reader to seal it for; repeat for several.
		#[arg(long = "for", value_name = "ACCOUNT")]
		readers: Vec<String>,
		/// Record class of a new record.
		#[arg(long, default_value = "outpatient")]
		class: String,
		/// Security level of a new record.
		#[arg(long, default_value = "private")]
		level: String,
		/// Media type of the record, checked for the formats SEMRES knows (default: recognised).
		#[arg(long)]
		content_type: Option<String>,
		/// CEDA suite of the registered keys.
		#[arg(long, default_value = "rsa3072-aes256gcm")]
		suite: String,
		#[command(flatten)]
		store: ChainStoreArgs,
		#[command(flatten)]
		account: AccountArgs,
	},
	/// Claim the refund of a service not completed by its deadline (the patient or insurer).
	Refund(IdArgs),
	/// Dispute a completed service within its window (the patient or insurer; holds a bond).
	Dispute(IdArgs),
	/// Release a completed service's price to its provider once its window ended (anyone).
	Claim(IdArgs),
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
	/// Media type of the record, checked for FHIR JSON, My Health Bank XML, DICOM and CSV
	/// (default: recognised from the file).
	#[arg(long)]
	pub content_type: Option<String>,
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
	#[command(flatten)]
	pub anchor: AnchorArgs,
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
	#[command(flatten)]
	pub anchor: AnchorArgs,
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
	#[command(flatten)]
	pub anchor: AnchorArgs,
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
