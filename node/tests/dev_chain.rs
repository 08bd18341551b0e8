//! Starts the built `semres-node` and checks it from outside, as an operator or app would:
//! block production and finality over JSON-RPC, decodable metadata, chain-spec presets, and
//! the error for an unknown `--chain`.

use std::{
	net::TcpListener,
	process::{Child, Command, Output, Stdio},
	thread::sleep,
	time::{Duration, Instant},
};

use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use serde_json::{json, Value};

const NODE: &str = env!("CARGO_BIN_EXE_semres-node");
/// Upper bound for a debug-built node to start and reach the expected heights; a failure
/// guard, not a speed goal.
const DEADLINE: Duration = Duration::from_secs(240);

/// A port nobody listens on right now.
fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.unwrap()
		.local_addr()
		.unwrap()
		.port()
}

/// A running `semres-node --dev --tmp`, killed when dropped.
struct DevNode {
	child: Child,
	rpc: String,
}

impl DevNode {
	fn start() -> Self {
		let (rpc_port, p2p_port, prom_port) = (free_port(), free_port(), free_port());
		let child = Command::new(NODE)
			.args(["--dev", "--tmp", "--no-mdns"])
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--port", &p2p_port.to_string()])
			.args(["--prometheus-port", &prom_port.to_string()])
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.spawn()
			.expect("semres-node starts");
		DevNode {
			child,
			rpc: format!("http://127.0.0.1:{rpc_port}"),
		}
	}

	/// Calls a JSON-RPC method; `None` while the server is not up yet.
	fn call(&self, method: &str, params: Value) -> Option<Value> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		let reply: Value = ureq::post(&self.rpc)
			.send_json(body)
			.ok()?
			.into_json()
			.ok()?;
		if let Some(err) = reply.get("error") {
			panic!("{method} failed: {err}");
		}
		reply.get("result").cloned()
	}

	fn block_number(&self, header: Option<Value>) -> Option<u64> {
		let number = header?
			.get("number")?
			.as_str()?
			.trim_start_matches("0x")
			.to_string();
		u64::from_str_radix(&number, 16).ok()
	}

	fn best(&self) -> Option<u64> {
		self.block_number(self.call("chain_getHeader", json!([])))
	}

	fn finalized(&self) -> Option<u64> {
		let hash = self.call("chain_getFinalizedHead", json!([]))?;
		self.block_number(self.call("chain_getHeader", json!([hash])))
	}

	/// Polls until `cond` holds, or panics after [`DEADLINE`].
	fn wait_for(&mut self, what: &str, mut cond: impl FnMut(&Self) -> bool) {
		let start = Instant::now();
		while !cond(self) {
			if let Some(status) = self.child.try_wait().unwrap() {
				panic!("semres-node exited ({status}) while waiting for {what}");
			}
			assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
			sleep(Duration::from_millis(500));
		}
	}
}

impl Drop for DevNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

fn run_node(args: &[&str]) -> Output {
	Command::new(NODE)
		.args(args)
		.output()
		.expect("semres-node runs")
}

#[test]
fn dev_chain_produces_and_finalises_blocks_and_serves_metadata() {
	let mut node = DevNode::start();
	node.wait_for("3 imported blocks", |n| n.best().is_some_and(|b| b >= 3));
	node.wait_for("1 finalised block", |n| {
		n.finalized().is_some_and(|f| f >= 1)
	});

	let chain = node.call("system_chain", json!([])).unwrap();
	assert_eq!(chain, "SEMRES Development");
	let props = node.call("system_properties", json!([])).unwrap();
	assert_eq!(props["tokenSymbol"], "SEMR");
	assert_eq!(props["tokenDecimals"], 12);
	let version = node.call("state_getRuntimeVersion", json!([])).unwrap();
	assert_eq!(version["specName"], "semres");

	let hex = node.call("state_getMetadata", json!([])).unwrap();
	let bytes = decode_hex(hex.as_str().unwrap());
	let metadata = RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("metadata decodes");
	let RuntimeMetadata::V14(metadata) = metadata.1 else {
		panic!("state_getMetadata is V14")
	};
	let pallets: Vec<&str> = metadata.pallets.iter().map(|p| p.name.as_str()).collect();
	for expected in [
		"System",
		"Timestamp",
		"Aura",
		"Grandpa",
		"Balances",
		"TransactionPayment",
		"Sudo",
		"Utility",
		"Session",
		"Council",
		"CouncilMembership",
		"AuthorityMembership",
		"Whitelist",
	] {
		assert!(
			pallets.contains(&expected),
			"pallet {expected} missing from {pallets:?}"
		);
	}

	// The payment RPC the node adds beside the built-in ones answers.
	let methods = node.call("rpc_methods", json!([])).unwrap();
	let methods: Vec<&str> = methods["methods"]
		.as_array()
		.unwrap()
		.iter()
		.filter_map(|m| m.as_str())
		.collect();
	for m in [
		"system_accountNextIndex",
		"payment_queryInfo",
		"author_submitExtrinsic",
		"state_call",
	] {
		assert!(methods.contains(&m), "RPC method {m} missing");
	}
}

#[test]
fn local_chain_spec_has_four_hospital_authorities() {
	let out = run_node(&["build-spec", "--chain", "local"]);
	assert!(
		out.status.success(),
		"{}",
		String::from_utf8_lossy(&out.stderr)
	);
	let spec: Value = serde_json::from_slice(&out.stdout).unwrap();
	assert_eq!(spec["name"], "SEMRES Local Testnet");
	// Authorities come from the session keys of the four hospitals, all on the council; the
	// local testnet has no sudo key.
	let session = find_key(&spec, "session").expect("session genesis");
	let keys = session["keys"].as_array().unwrap();
	assert_eq!(keys.len(), 4);
	for k in keys {
		assert!(
			k[2]["aura"].is_string() && k[2]["grandpa"].is_string(),
			"{k}"
		);
	}
	let council = find_key(&spec, "councilMembership").expect("council genesis");
	assert_eq!(council["members"].as_array().unwrap().len(), 4);
	let sudo = find_key(&spec, "sudo").expect("sudo genesis");
	assert!(
		sudo["key"].is_null(),
		"no sudo key on the local testnet: {sudo}"
	);
}

#[test]
fn unknown_chain_fails_and_lists_known_chains() {
	let out = run_node(&["build-spec", "--chain", "no-such-chain"]);
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("unknown chain 'no-such-chain'"), "{stderr}");
	assert!(
		stderr.contains("dev") && stderr.contains("local"),
		"{stderr}"
	);
}

fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
	match v {
		Value::Object(map) => map
			.get(key)
			.or_else(|| map.values().find_map(|v| find_key(v, key))),
		Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
		_ => None,
	}
}

fn decode_hex(s: &str) -> Vec<u8> {
	let s = s.trim_start_matches("0x");
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
		.collect()
}

#[cfg(not(feature = "runtime-benchmarks"))]
#[test]
fn benchmark_without_the_feature_explains_how_to_get_it() {
	let out = run_node(&["benchmark", "pallet", "--pallet", "*"]);
	assert!(!out.status.success());
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("--features runtime-benchmarks"), "{stderr}");
}
