//! The real IPFS implementation (js-ipfs from npm, installed by scripts/setup.sh) that DERy's
//! tests compare against.
#![allow(dead_code)]

use std::{
	io::{BufRead, BufReader},
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::mpsc,
	time::Duration,
};

pub fn peer_dir() -> PathBuf {
	// The package's directory when the test runs, not when it was built: the shared target
	// directory serves clones at other paths, and cargo does not rebuild a test for a move.
	Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test")).join("ipfs-peer")
}

fn require_js_ipfs() {
	assert!(
		peer_dir().join("node_modules/ipfs/src/cli.js").exists(),
		"js-ipfs is not installed in offchain-crypto/dery/ipfs-peer: run scripts/setup.sh"
	);
}

/// CIDs js-ipfs assigns to `files`, with an optional (chunk size, max links) layout.
pub fn js_ipfs_cids(files: &[PathBuf], layout: Option<(usize, usize)>) -> Vec<String> {
	require_js_ipfs();
	let mut cmd = Command::new("node");
	cmd.arg(peer_dir().join("cids.mjs")).args(files);
	if let Some((chunk, links)) = layout {
		cmd.env("CHUNK_SIZE", chunk.to_string())
			.env("MAX_LINKS", links.to_string());
	}
	let out = cmd.output().expect("node runs");
	assert!(
		out.status.success(),
		"cids.mjs: {}",
		String::from_utf8_lossy(&out.stderr)
	);
	String::from_utf8(out.stdout)
		.unwrap()
		.lines()
		.map(|l| l.split_whitespace().next().unwrap().to_string())
		.collect()
}

/// Deterministic pseudo-random bytes.
pub fn data(len: usize, seed: u64) -> Vec<u8> {
	let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			x as u8
		})
		.collect()
}

fn free_port_pair() -> u16 {
	loop {
		let p = TcpListener::bind("127.0.0.1:0")
			.unwrap()
			.local_addr()
			.unwrap()
			.port();
		if p < 65535 && TcpListener::bind(("127.0.0.1", p + 1)).is_ok() {
			return p;
		}
	}
}

/// A js-ipfs daemon serving the Kubo RPC API, stopped when dropped.
pub struct Daemon {
	child: Child,
	pub api: String,
	_repo: tempfile::TempDir,
}

impl Daemon {
	pub fn start() -> Self {
		require_js_ipfs();
		let repo = tempfile::tempdir().unwrap();
		let port = free_port_pair();
		let mut child = Command::new("bash")
			.arg(peer_dir().join("start-daemon.sh"))
			.arg(repo.path().join("repo"))
			.arg(port.to_string())
			.stdout(Stdio::piped())
			.stderr(Stdio::null())
			.process_group(0)
			.spawn()
			.expect("start-daemon.sh runs");
		let stdout = child.stdout.take().unwrap();
		let (tx, rx) = mpsc::channel();
		std::thread::spawn(move || {
			for line in BufReader::new(stdout).lines().map_while(Result::ok) {
				if line.contains("Daemon is ready") {
					let _ = tx.send(());
				}
			}
		});
		let mut d = Daemon {
			child,
			api: format!("http://127.0.0.1:{port}"),
			_repo: repo,
		};
		if rx.recv_timeout(Duration::from_secs(180)).is_err() {
			d.stop();
			panic!("the js-ipfs daemon did not become ready");
		}
		d
	}

	fn stop(&mut self) {
		// The daemon runs in its own process group: end all of it.
		let _ = Command::new("kill")
			.arg("--")
			.arg(format!("-{}", self.child.id()))
			.status();
		let _ = self.child.wait();
	}
}

impl Drop for Daemon {
	fn drop(&mut self) {
		self.stop();
	}
}

use std::os::unix::process::CommandExt;
