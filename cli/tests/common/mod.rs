//! The `semres` binary run as a user runs it, in a temporary directory: its output, or its
//! exit code and message.
#![allow(dead_code)] // each test binary uses its own part

use std::{
	path::PathBuf,
	process::{Command, Output},
};

pub const SEMRES: &str = env!("CARGO_BIN_EXE_semres");

pub struct Dir(tempfile::TempDir);

impl Dir {
	pub fn new() -> Self {
		Dir(tempfile::tempdir().unwrap())
	}
	pub fn p(&self, name: &str) -> PathBuf {
		self.0.path().join(name)
	}
	pub fn run(&self, args: &[&str]) -> Output {
		Command::new(SEMRES)
			.args(args)
			.current_dir(self.0.path())
			.env_remove("SEMRES_PASSWORD")
			.output()
			.unwrap()
	}
	pub fn ok(&self, args: &[&str]) -> String {
		let out = self.run(args);
		assert!(
			out.status.success(),
			"semres {args:?}: {}",
			String::from_utf8_lossy(&out.stderr)
		);
		String::from_utf8(out.stdout).unwrap()
	}
	pub fn fails(&self, args: &[&str], code: i32, message: &str) {
		let out = self.run(args);
		let stderr = String::from_utf8_lossy(&out.stderr);
		assert_eq!(out.status.code(), Some(code), "semres {args:?}: {stderr}");
		assert!(
			stderr.contains(message),
			"semres {args:?}: expected '{message}' in: {stderr}"
		);
	}
}

impl Dir {
	/// The anchor hash of `file` (what the chain would anchor for it).
	pub fn hash(&self, file: &str) -> String {
		self.ok(&["hash", file]).trim().to_string()
	}
}
