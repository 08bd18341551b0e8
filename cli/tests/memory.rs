//! Records of any size seal and open in bounded memory: a 512 MiB record through `semres`
//! keeps the process's peak resident set under 64 MiB. (Its own test binary: the peak is
//! measured over all children this process has waited for.)

use std::process::Command;

const SEMRES: &str = env!("CARGO_BIN_EXE_semres");
const LIMIT_KIB: i64 = 64 * 1024;

fn peak_rss_of_children_kib() -> i64 {
	let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
	// SAFETY: getrusage writes a `rusage` into the pointer it is given.
	let usage = unsafe {
		assert_eq!(
			libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
			0
		);
		usage.assume_init()
	};
	usage.ru_maxrss // KiB on Linux
}

fn run(dir: &std::path::Path, args: &[&str]) {
	let out = Command::new(SEMRES)
		.args(args)
		.current_dir(dir)
		.output()
		.unwrap();
	assert!(
		out.status.success(),
		"semres {args:?}: {}",
		String::from_utf8_lossy(&out.stderr)
	);
}

#[test]
fn a_large_record_seals_and_opens_in_bounded_memory() {
	let dir = tempfile::tempdir().unwrap();
	let d = dir.path();
	run(
		d,
		&[
			"keygen",
			"--out",
			"k",
			"--suite",
			"x25519-aes256gcm",
			"--no-password",
		],
	);
	// A sparse file: no disk or page-cache cost to create, 512 MiB to read.
	std::fs::File::create(d.join("big"))
		.unwrap()
		.set_len(512 << 20)
		.unwrap();
	run(
		d,
		&["seal", "big", "-o", "big.smer", "--to", "k/public.pem"],
	);
	let out = Command::new(SEMRES)
		.args(["hash", "big.smer"])
		.current_dir(d)
		.output()
		.unwrap();
	let hash = String::from_utf8(out.stdout).unwrap().trim().to_string();
	run(
		d,
		&[
			"open",
			"big.smer",
			"-o",
			"big.out",
			"--key",
			"k/private.pem",
			"--expect-hash",
			&hash,
		],
	);
	let peak = peak_rss_of_children_kib();
	assert!(peak < LIMIT_KIB, "peak resident set {peak} KiB");
	assert_eq!(
		std::fs::metadata(d.join("big.out")).unwrap().len(),
		512 << 20
	);
	println!("peak RSS of semres seal/open on 512 MiB: {} KiB", peak);
}
