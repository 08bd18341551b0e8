//! Printing results (human or JSON) and progress bars.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

use crate::error::CliError;

/// Files at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: u64 = 16 * 1024 * 1024;

pub struct Output {
	json: bool,
}

impl Output {
	pub fn new(json: bool) -> Self {
		Output { json }
	}

	/// Prints a result: `human` lines, or `json` as one JSON document.
	pub fn result(&self, human: &str, json: Value) {
		if self.json {
			println!("{json}");
		} else {
			println!("{human}");
		}
	}

	/// Prints an error on stderr.
	pub fn error(&self, e: &CliError) {
		if self.json {
			eprintln!(
				"{}",
				json!({ "error": e.message, "kind": e.kind_name(), "exit_code": e.exit_code() })
			);
		} else {
			eprintln!("error: {}", e.message);
		}
	}

	/// A step of a longer command, on stderr (not in JSON output).
	pub fn step(&self, msg: &str) {
		if !self.json {
			eprintln!("  .. {msg}");
		}
	}

	/// A warning on stderr (not in JSON output).
	pub fn warn(&self, msg: &str) {
		if !self.json {
			eprintln!("warning: {msg}");
		}
	}

	/// A progress bar over `len` bytes, shown only for large inputs on a terminal.
	pub fn progress(&self, len: u64, label: &'static str) -> ProgressBar {
		if self.json || len < PROGRESS_MIN || !std::io::stderr().is_terminal() {
			return ProgressBar::hidden();
		}
		let bar = ProgressBar::new(len);
		bar.set_style(
			ProgressStyle::with_template(
				"{msg:8} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
			)
			.expect("valid template; qed")
			.progress_chars("=> "),
		);
		bar.set_message(label);
		bar
	}
}
