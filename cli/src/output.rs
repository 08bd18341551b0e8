//! Printing results (human or JSON) and progress bars.

use std::{cell::RefCell, io::IsTerminal, time::Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

use crate::error::CliError;

/// Files at least this large get a progress bar (on a terminal).
const PROGRESS_MIN: u64 = 16 * 1024 * 1024;

pub struct Output {
	json: bool,
	started: Instant,
	/// Each step so far and when it happened (milliseconds since the command started).
	steps: RefCell<Vec<(String, u64)>>,
}

impl Output {
	pub fn new(json: bool) -> Self {
		Output {
			json,
			started: Instant::now(),
			steps: RefCell::new(Vec::new()),
		}
	}

	/// Prints a result: `human` lines, or `json` as one JSON document. A JSON object result of a
	/// command that took steps carries them as `"steps": [{"step", "at_ms"}]`, so a script can
	/// see where the time went.
	pub fn result(&self, human: &str, mut json: Value) {
		if self.json {
			let steps = self.steps.borrow();
			if let (Value::Object(map), false) = (&mut json, steps.is_empty()) {
				let steps = steps
					.iter()
					.map(|(step, at_ms)| json!({ "step": step, "at_ms": at_ms }))
					.collect();
				map.insert("steps".into(), Value::Array(steps));
			}
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

	/// A step of a longer command: on stderr with the time since the command started (in JSON
	/// output, in the result's `steps`).
	pub fn step(&self, msg: &str) {
		let at_ms = self.started.elapsed().as_millis() as u64;
		if !self.json {
			eprintln!("  .. {msg} ({:.1} s)", at_ms as f64 / 1000.0);
		}
		self.steps.borrow_mut().push((msg.to_string(), at_ms));
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
